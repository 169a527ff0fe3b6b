"""Pilot models (mô hình điểm), plan 3.4: six steps in order, each with evidence and an owner.

Each step is a milestone with ONE protected FSM field. Steps 1 and 6 measure the
same indicators, so the product can show the change before/after.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from tasks_kh_cn.bilingual import EN_HELP, shown

from .conditions import (
    CaseInImplementation,
    IndicatorsMeasured,
    IsRecognitionStep,
    MilestoneHasEvidence,
    NextStepPending,
    NotRecognitionStep,
    PreviousStepComplete,
)
from .permissions import milestone_actor


class Step(models.IntegerChoices):
    """The six contents of a pilot-model task (plan 3.4, (1)–(6))."""

    BASELINE = 1, _("Đánh giá thực trạng năng suất, chất lượng, hệ thống quản lý, công cụ, "
                    "tiêu chuẩn, đo lường, công nghệ")
    SELECTION = 2, _("Lựa chọn hệ thống quản lý, công cụ, tiêu chuẩn, nội dung đảm bảo đo lường "
                     "(QĐ 510/QĐ-BKHCN), công nghệ")
    PLAN = 3, _("Xây dựng kế hoạch cụ thể")
    EXECUTION = 4, _("Tổ chức thực hiện kế hoạch")
    RECOGNITION = 5, _("Đánh giá, công nhận việc áp dụng thành công")
    EVALUATION = 6, _("Đánh giá năng suất, chất lượng sau khi áp dụng")


MEASURED_STEPS = (Step.BASELINE, Step.EVALUATION)


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    RECOGNISED = "recognised", _("Đã công nhận")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Indicator(models.Model):
    """A productivity/quality indicator measured at steps 1 and 6 (catalogue kept in admin)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên chỉ tiêu (tiếng Anh)"), max_length=255,
                               blank=True, help_text=EN_HELP)
    unit = models.CharField(_("đơn vị tính"), max_length=64)
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=64,
                               blank=True, help_text=EN_HELP)
    direction = models.CharField(_("chiều tốt"), max_length=8, choices=Direction.choices)
    description = models.TextField(_("cách đo"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu năng suất, chất lượng")
        verbose_name_plural = _("chỉ tiêu năng suất, chất lượng")
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.shown_name} ({self.shown_unit})"

    @property
    def shown_name(self) -> str:
        """The indicator's name in the page's language (tasks_kh_cn.bilingual)."""
        return shown(self.name, self.name_en)

    @property
    def shown_unit(self) -> str:
        return shown(self.unit, self.unit_en)


S = MilestoneStatus


class Milestone(models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="pilot_milestones", verbose_name=_("nhiệm vụ"))
    step = models.PositiveSmallIntegerField(_("bước"), choices=Step.choices)
    status = FSMField(_("trạng thái"), default=S.PENDING, choices=MilestoneStatus.choices,
                      protected=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="pilot_milestones",
                              verbose_name=_("người phụ trách"))
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("người công nhận"))
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước mô hình điểm")
        verbose_name_plural = _("các bước mô hình điểm")
        ordering = ["case", "step"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="unique_pilot_step"),
        ]

    def __str__(self):
        return f"{self.case_id} · {self.step}. {self.get_step_display()}"

    @property
    def is_complete(self) -> bool:
        # Step 5 is complete only when the approver has recognised it (plan 3.4 (5)).
        if self.step == Step.RECOGNITION:
            return self.status == S.RECOGNISED
        return self.status == S.DONE

    @transition(field=status, source=S.PENDING, target=S.IN_PROGRESS,
                permission=milestone_actor("host"),
                conditions=[CaseInImplementation(), PreviousStepComplete()],
                custom={"label": _("Bắt đầu bước"), "actor": "host"})
    def start(self, *, by, payload):
        pass

    @transition(field=status, source=S.IN_PROGRESS, target=S.DONE,
                permission=milestone_actor("host"),
                conditions=[CaseInImplementation(), MilestoneHasEvidence(), IndicatorsMeasured()],
                custom={"label": _("Hoàn thành bước"), "actor": "host"})
    def complete(self, *, by, payload):
        pass

    @transition(field=status, source=S.DONE, target=S.RECOGNISED,
                permission=milestone_actor("approver"),
                conditions=[IsRecognitionStep()],
                custom={"label": _("Công nhận áp dụng thành công"), "actor": "approver"})
    def recognise(self, *, by, payload):
        self.recognised_by = by
        self.decision_number = payload.get("decision_number", "")
        self.decision_date = payload.get("decision_date")

    @transition(field=status, source=S.DONE, target=S.IN_PROGRESS,
                permission=milestone_actor("approver"),
                conditions=[IsRecognitionStep()],
                custom={"label": _("Chưa công nhận, yêu cầu hoàn thiện"), "actor": "approver"})
    def refuse_recognition(self, *, by, payload):
        self.note = payload.get("comment", "")

    @transition(field=status, source=S.DONE, target=S.IN_PROGRESS,
                permission=milestone_actor("host"),
                conditions=[NotRecognitionStep(), CaseInImplementation(), NextStepPending()],
                custom={"label": _("Mở lại bước"), "actor": "host"})
    def reopen(self, *, by, payload):
        pass


class MilestoneEvidence(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="evidence",
                                  verbose_name=_("bước"))
    document = models.ForeignKey("tasks_kh_cn.Document", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("tài liệu"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("người bổ sung"))
    added_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng của bước")
        verbose_name_plural = _("minh chứng của bước")
        ordering = ["milestone", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["milestone", "document"],
                                               name="unique_milestone_document")]

    def __str__(self):
        return f"{self.milestone}: {self.document_id}"


class Measurement(models.Model):
    """An indicator's value at step 1 (before) or step 6 (after)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="measurements",
                                  verbose_name=_("bước"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name=_("chỉ tiêu"))
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    measured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người nhập"))
    measured_at = models.DateTimeField(_("thời điểm"), auto_now=True)

    class Meta:
        verbose_name = _("số đo chỉ tiêu")
        verbose_name_plural = _("số đo chỉ tiêu")
        ordering = ["milestone", "indicator__position", "indicator__name"]
        constraints = [models.UniqueConstraint(fields=["milestone", "indicator"],
                                               name="unique_measurement")]

    def __str__(self):
        return f"{self.indicator}: {self.value}"
