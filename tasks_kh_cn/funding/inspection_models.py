"""Inspections during implementation (TT 04/2015/TT-BKHCN; REGULATIONS.md B4): yearly or ad
hoc, notified to the host at least the rule's working days ahead; minutes with findings and
required actions, each confirmed by the host within the rule's working days after its due
date (a ``notifications.Deadline`` on the host) and accepted by the case's officer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class InspectionKind(models.TextChoices):
    YEARLY = "yearly", _("Kiểm tra định kỳ hằng năm")
    AD_HOC = "ad_hoc", _("Kiểm tra đột xuất")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã thông báo")
    RECORDED = "recorded", _("Đã lập biên bản")
    CLOSED = "closed", _("Đã khắc phục xong")


class Inspection(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="inspections", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại kiểm tra"), max_length=16, choices=InspectionKind.choices)
    inspect_on = models.DateField(_("ngày kiểm tra"))
    notified_on = models.DateField(_("ngày thông báo"))
    # The rule's figure at the time of planning, with its source (a later edit of the rule
    # does not rewrite what was notified).
    notice_working_days = models.PositiveSmallIntegerField(_("thông báo trước (ngày làm việc)"))
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)
    note = models.TextField(_("nội dung kiểm tra"), blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("người lập kế hoạch"))
    status = FSMField(_("trạng thái"), default=InspectionStatus.PLANNED,
                      choices=InspectionStatus.choices, protected=True)
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    minutes = models.ForeignKey("tasks_kh_cn.DocumentVersion", on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+",
                                verbose_name=_("biên bản (bản quét)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người lập biên bản"))
    recorded_at = models.DateTimeField(_("ngày lập biên bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["case", "inspect_on", "pk"]

    def __str__(self):
        return f"{self.case_id} — {self.inspect_on:%d/%m/%Y}"

    @transition(field=status, source=InspectionStatus.PLANNED, target=InspectionStatus.RECORDED)
    def record(self, *, by, findings):
        self.recorded_by, self.recorded_at, self.findings = by, timezone.now(), findings

    @transition(field=status, source=InspectionStatus.RECORDED, target=InspectionStatus.CLOSED)
    def close(self):
        pass


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Chờ tổ chức chủ trì xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận, chờ Sở chấp nhận")
    ACCEPTED = "accepted", _("Sở đã chấp nhận")


class InspectionAction(ConcurrentTransitionMixin, models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="actions",
                                   verbose_name=_("đợt kiểm tra"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    description = models.TextField(_("yêu cầu khắc phục"))
    due_on = models.DateField(_("hạn khắc phục"))
    deadline = models.ForeignKey("notifications.Deadline", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("hạn xác nhận"))
    status = FSMField(_("trạng thái"), default=ActionStatus.OPEN, choices=ActionStatus.choices,
                      protected=True)
    confirmation = models.TextField(_("nội dung xác nhận"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("người xác nhận"))
    confirmed_at = models.DateTimeField(_("ngày xác nhận"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người chấp nhận"))
    accepted_at = models.DateTimeField(_("ngày chấp nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu khắc phục")
        verbose_name_plural = _("yêu cầu khắc phục")
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"],
                                    name="unique_inspection_action_number"),
        ]

    def __str__(self):
        return f"{self.inspection_id}.{self.number}"

    @transition(field=status, source=ActionStatus.OPEN, target=ActionStatus.CONFIRMED)
    def confirm(self, *, by, text):
        self.confirmed_by, self.confirmed_at, self.confirmation = by, timezone.now(), text

    @transition(field=status, source=ActionStatus.CONFIRMED, target=ActionStatus.ACCEPTED)
    def accept(self, *, by):
        self.accepted_by, self.accepted_at = by, timezone.now()
