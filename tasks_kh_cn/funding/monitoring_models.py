"""Periodic reports during implementation (TT 09/2014 art. 9, form A-1-BCĐK): one per period
of the ``periodic_report`` deadlines, saved as a draft, submitted, accepted or returned by
the officer with a reason; acceptance closes the period's deadline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")


class PeriodicReport(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="periodic_reports", verbose_name=_("nhiệm vụ"))
    sequence = models.PositiveSmallIntegerField(_("kỳ báo cáo"))
    deadline = models.ForeignKey("notifications.Deadline", on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("thời hạn"))
    progress = models.TextField(_("tiến độ theo nội dung, sản phẩm"))
    spending = models.BigIntegerField(_("kinh phí đã sử dụng (VNĐ)"), default=0)
    problems = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị"), blank=True)
    attachment = models.ForeignKey("tasks_kh_cn.DocumentVersion", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("tệp đính kèm"))
    status = FSMField(_("trạng thái"), default=ReportStatus.DRAFT, choices=ReportStatus.choices,
                      protected=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("người lập"))
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người xem xét"))
    reviewed_at = models.DateTimeField(_("ngày xem xét"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="unique_report_period"),
            models.CheckConstraint(condition=models.Q(spending__gte=0),
                                   name="report_spending_non_negative"),
        ]

    def __str__(self):
        return f"{self.case_id} — kỳ {self.sequence}"

    @transition(field=status, source=[ReportStatus.DRAFT, ReportStatus.RETURNED],
                target=ReportStatus.SUBMITTED)
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=status, source=ReportStatus.SUBMITTED, target=ReportStatus.ACCEPTED)
    def accept(self, *, by):
        self.reviewed_by, self.reviewed_at = by, timezone.now()

    @transition(field=status, source=ReportStatus.SUBMITTED, target=ReportStatus.RETURNED)
    def send_back(self, *, by, reason):
        self.reviewed_by, self.reviewed_at, self.return_reason = by, timezone.now(), reason


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Chờ lãnh đạo Sở quyết định")
    SUSPENDED = "suspended", _("Đã tạm dừng nhiệm vụ")
    DISMISSED = "dismissed", _("Không tạm dừng")


class SuspensionProposal(ConcurrentTransitionMixin, models.Model):
    """TT 09/2014 art. 9: a case that missed the rule's number of periodic reports has its
    funding stopped and is proposed for suspension on the approvers' desk — once per count
    of missed reports (a dismissed proposal comes back only when another report is missed)."""

    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="suspension_proposals", verbose_name=_("nhiệm vụ"))
    missed_reports = models.PositiveSmallIntegerField(_("số báo cáo định kỳ thiếu"))
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("ngày đề xuất"), default=timezone.now)
    status = FSMField(_("trạng thái"), default=ProposalStatus.OPEN,
                      choices=ProposalStatus.choices, protected=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("người quyết định"))
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    reason = models.TextField(_("lý do không tạm dừng"), blank=True)

    class Meta:
        verbose_name = _("đề xuất tạm dừng nhiệm vụ")
        verbose_name_plural = _("đề xuất tạm dừng nhiệm vụ")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "missed_reports"],
                                    name="unique_suspension_proposal_per_count"),
        ]

    def __str__(self):
        return f"{self.case_id} — {self.missed_reports}"

    @transition(field=status, source=ProposalStatus.OPEN, target=ProposalStatus.SUSPENDED)
    def close_suspended(self, *, by):
        self.decided_by, self.decided_at = by, timezone.now()

    @transition(field=status, source=ProposalStatus.OPEN, target=ProposalStatus.DISMISSED)
    def dismiss(self, *, by, reason):
        self.decided_by, self.decided_at, self.reason = by, timezone.now(), reason


class WorkItemKind(models.TextChoices):
    CONTENT = "content", _("Nội dung")
    PRODUCT = "product", _("Sản phẩm")


class WorkItem(models.Model):
    """One content item or product of the case (the contract's list), entered by the host or
    the case's officer from contract drafting on; periodic reports give progress per item."""

    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="work_items", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại"), max_length=16, choices=WorkItemKind.choices)
    title = models.CharField(_("tên nội dung, sản phẩm"), max_length=500)
    expected = models.TextField(_("kết quả, số lượng dự kiến"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("người nhập"))

    class Meta:
        verbose_name = _("nội dung, sản phẩm của nhiệm vụ")
        verbose_name_plural = _("nội dung, sản phẩm của nhiệm vụ")
        ordering = ["case", "position", "pk"]

    def __str__(self):
        return self.title


class ReportItem(models.Model):
    """A periodic report's progress on one work item: a percentage (0–100) and a short note."""

    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="items",
                               verbose_name=_("báo cáo định kỳ"))
    work_item = models.ForeignKey(WorkItem, on_delete=models.PROTECT, related_name="report_items",
                                  verbose_name=_("nội dung, sản phẩm"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("tiến độ theo nội dung, sản phẩm")
        verbose_name_plural = _("tiến độ theo nội dung, sản phẩm")
        ordering = ["report", "work_item__position", "work_item_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "work_item"], name="unique_report_item"),
            models.CheckConstraint(condition=models.Q(percent__lte=100),
                                   name="report_item_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.report_id} — {self.work_item_id}: {self.percent}%"
