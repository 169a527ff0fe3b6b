"""The task case: one provincial S&T task from proposal to recognised result."""

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.lifecycle import PHASE_OF, CaseLifecycle, Phase, Status, statuses_in

from .organisations import Organisation
from .rules import RuleFigure, RuleSet


class CaseKind(models.TextChoices):
    RESEARCH = "research", _("Đề tài, dự án KH&CN")
    ENTERPRISE_SUPPORT = "enterprise_support", _("Hỗ trợ doanh nghiệp (TT 35/2021)")
    PILOT_MODEL = "pilot_model", _("Mô hình điểm")


class CaseQuerySet(models.QuerySet):
    def in_phase(self, phase: str):
        return self.filter(status__in=statuses_in(phase))

    def open(self):
        return self.exclude(status__in=[Status.COMPLETED, Status.REJECTED, Status.WITHDRAWN,
                                        Status.TERMINATED])


class CaseCodeCounter(models.Model):
    """Per-year counter behind case codes like TH-2026-0001, incremented under a row lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã nhiệm vụ")
        verbose_name_plural = _("bộ đếm mã nhiệm vụ")

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def next_code(cls, year: int) -> str:
        with transaction.atomic():
            cls.objects.get_or_create(year=year)
            counter = cls.objects.select_for_update().get(year=year)
            counter.last += 1
            counter.save(update_fields=["last"])
        return f"TH-{year}-{counter.last:04d}"


class TaskCase(CaseLifecycle):
    code = models.CharField(_("mã nhiệm vụ"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    kind = models.CharField(_("loại nhiệm vụ"), max_length=32, choices=CaseKind.choices)
    summary = models.TextField(_("mục tiêu, nội dung tóm tắt"), blank=True)
    call = models.ForeignKey("tasks_kh_cn.Call", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="cases", verbose_name=_("đợt thông báo"))
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases",
                             verbose_name=_("tổ chức chủ trì"))
    proposer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="proposed_cases", verbose_name=_("cơ quan đề xuất"),
        help_text=_("Mô hình điểm: sở, ngành hoặc UBND huyện đề xuất thay doanh nghiệp (mục 3.4)."),
    )
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="led_cases",
                               verbose_name=_("chủ nhiệm nhiệm vụ"))
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="handled_cases", verbose_name=_("chuyên viên thụ lý"),
    )
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, verbose_name=_("bộ quy tắc"))
    # The rule-set version the case is judged by: every rule row of ``rule_set`` in force on
    # this date (tasks_kh_cn.rules). Fixed at the first submission; only an administrator
    # moves it, with a reason in the history (tasks_kh_cn.services.rule_versions).
    rules_as_of = models.DateField(_("áp dụng quy tắc có hiệu lực ngày"), null=True, blank=True)
    requested_budget = models.BigIntegerField(_("kinh phí đề nghị (VNĐ)"), default=0)
    co_funding = models.BigIntegerField(_("vốn đối ứng (VNĐ)"), default=0)
    appraised_budget = models.BigIntegerField(_("kinh phí thẩm định (VNĐ)"), null=True, blank=True)
    approved_budget = models.BigIntegerField(_("kinh phí phê duyệt (VNĐ)"), null=True, blank=True)
    first_advance = models.BigIntegerField(_("tạm ứng đợt 1 (VNĐ)"), null=True, blank=True)
    settled_amount = models.BigIntegerField(_("kinh phí quyết toán (VNĐ)"), null=True, blank=True)
    lump_sum_mode = models.CharField(_("phương thức khoán chi"), max_length=20, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("thời gian thực hiện (tháng)"), null=True,
                                                       blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    listing_decision = models.CharField(_("QĐ phê duyệt danh mục"), max_length=64, blank=True)
    approval_decision = models.CharField(_("QĐ phê duyệt nhiệm vụ"), max_length=64, blank=True)
    contract_number = models.CharField(_("số hợp đồng"), max_length=64, blank=True)
    acceptance_rating = models.CharField(_("kết quả nghiệm thu"), max_length=16, blank=True)
    recognition_decision = models.CharField(_("QĐ công nhận kết quả"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    acceptance_submitted_at = models.DateTimeField(_("ngày nộp hồ sơ nghiệm thu"), null=True,
                                                   blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="created_cases", verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("act_as_host", _("Thao tác với tư cách tổ chức chủ trì")),
            ("handle_case", _("Thụ lý nhiệm vụ (chuyên viên được giao)")),
            ("approve_case", _("Phê duyệt nhiệm vụ")),
            ("settle_case", _("Thẩm định kinh phí, quyết toán")),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            # The lists' default order, newest first: a page of 100,000 cases without a sort.
            models.Index(fields=["-created_at", "-id"], name="case_newest_first"),
            # An officer's own cases in a phase (the officer filter of the case list): an
            # index scan instead of reading all 100,000 cases (bench/pages.py). With the key
            # in the index (PostgreSQL's INCLUDE) the list reads no case row to find its
            # keys: an index-only scan, 1,004 → 13 pages for an officer's 1,000 cases.
            models.Index(fields=["assigned_officer", "status"], include=["id"],
                         name="case_officer_status"),
            # The key as text, as guardian compares it with its object_pk: the cases a user
            # is granted are found from the grants (selectors.granted_case_ids), not by
            # testing every case.
            models.Index(Cast("id", output_field=models.CharField()), name="case_id_text"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(requested_budget__gte=0),
                                   name="case_requested_budget_non_negative"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def rules_date(self):
        """The date whose rule versions bind the case: pinned at submission, else creation."""
        if self.rules_as_of is not None:
            return self.rules_as_of
        return timezone.localdate(self.submitted_at or self.created_at)

    def rule_figure(self, code):
        """A figure of the case's rule version (``RuleFigure``), or None."""
        return (RuleFigure.objects.filter(rule_set_id=self.rule_set_id, code=code,
                                          effective_from__lte=self.rules_date)
                .order_by("-effective_from", "-id").first())


__all__ = ["CaseKind", "TaskCase", "CaseCodeCounter", "Phase", "Status", "PHASE_OF"]
