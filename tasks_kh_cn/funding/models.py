"""The tranche ledger of a case (TTLT 27/2015/TTLT-BKHCN-BTC art. 13).

An advance (``Tranche``) is requested by the host, checked by finance and paid; money the
host has spent out of a paid advance is accounted for by ``TrancheSettlement`` rows (amount
and evidence), which finance accepts. The limits are dated rule rows (``FundingRule``) of the
case's rule set, each with its legal article. Amounts are integer VND.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

# A bound on amounts typed in (a thousand trillion đồng): what the database's BIGINT and
# SQLite's INTEGER hold, so an absurd number is a field error, never a 500.
MAX_VND = 10**15


class FundingRuleCode(models.TextChoices):
    FIRST_ADVANCE_SHARE = "first_advance_share", _("Tỷ lệ tối đa tạm ứng đợt đầu")
    ACCOUNTED_SHARE = "accounted_share", _("Tỷ lệ thanh toán tạm ứng trước khi tạm ứng tiếp")
    CONFIRMATION_DAYS = "confirmation_working_days", _("Thời hạn xác nhận, cấp kinh phí")
    MISSED_REPORTS = "missed_reports_stop_funding", _("Số báo cáo định kỳ thiếu thì dừng cấp kinh phí")
    RESTRICTION_MONTHS = "restriction_months", _("Thời hạn hạn chế sau nghiệm thu không đạt (tháng)")
    INSPECTION_NOTICE_DAYS = "inspection_notice_working_days", _(
        "Thông báo kiểm tra trước ít nhất (ngày làm việc)")
    INSPECTION_CONFIRMATION_DAYS = "inspection_confirmation_working_days", _(
        "Thời hạn xác nhận việc khắc phục sau kiểm tra (ngày làm việc)")


class FundingRule(models.Model):
    """One figure of the funding rules, as data: ``numerator/denominator`` (an exact fraction
    for shares, ``n/1`` for a count of working days), with its legal source."""

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="funding_rules", verbose_name=_("bộ quy tắc"))
    code = models.CharField(_("quy tắc"), max_length=40, choices=FundingRuleCode.choices)
    numerator = models.PositiveIntegerField(_("tử số / giá trị"))
    denominator = models.PositiveIntegerField(_("mẫu số"), default=1)
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."))

    class Meta:
        verbose_name = _("quy tắc kinh phí")
        verbose_name_plural = _("quy tắc kinh phí")
        ordering = ["rule_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="unique_funding_rule"),
            models.CheckConstraint(condition=models.Q(denominator__gte=1),
                                   name="funding_rule_denominator_positive"),
        ]

    def __str__(self):
        return f"{self.get_code_display()}: {self.numerator}/{self.denominator}"

    def share_of(self, amount: int) -> int:
        """The largest whole đồng not above ``amount × numerator / denominator``."""
        return amount * self.numerator // self.denominator

    def allows(self, part: int, whole: int, *, at_most: bool) -> bool:
        """``part ≤ whole × share`` (at_most) or ``part ≥ whole × share``, in integers."""
        left, right = part * self.denominator, whole * self.numerator
        return left <= right if at_most else left >= right


class TrancheStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã đề nghị")
    CHECKED = "checked", _("Tài chính đã kiểm tra")
    PAID = "paid", _("Đã cấp")
    REFUSED = "refused", _("Không chấp nhận")


class Tranche(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="tranches", verbose_name=_("nhiệm vụ"))
    number = models.PositiveSmallIntegerField(_("đợt"))
    amount = models.BigIntegerField(_("số tiền (VNĐ)"))
    status = FSMField(_("trạng thái"), default=TrancheStatus.REQUESTED,
                      choices=TrancheStatus.choices, protected=True)
    note = models.TextField(_("nội dung đề nghị"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("người đề nghị"))
    requested_at = models.DateTimeField(_("ngày đề nghị"), default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("người kiểm tra"))
    checked_at = models.DateTimeField(_("ngày kiểm tra"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("người cấp"))
    paid_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    payment_reference = models.CharField(_("số chứng từ cấp"), max_length=64, blank=True)
    refusal_reason = models.TextField(_("lý do không chấp nhận"), blank=True)
    deadline = models.OneToOneField("notifications.Deadline", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="tranche",
                                    verbose_name=_("thời hạn xác nhận"))

    class Meta:
        verbose_name = _("đợt tạm ứng")
        verbose_name_plural = _("đợt tạm ứng")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_tranche_number"),
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="tranche_amount_positive"),
        ]

    def __str__(self):
        return f"{self.case_id} — đợt {self.number}: {self.amount:,} VNĐ"

    @transition(field=status, source=TrancheStatus.REQUESTED, target=TrancheStatus.CHECKED)
    def mark_checked(self, *, by):
        self.checked_by, self.checked_at = by, timezone.now()

    @transition(field=status, source=TrancheStatus.CHECKED, target=TrancheStatus.PAID)
    def pay(self, *, by, paid_on, reference):
        self.paid_by, self.paid_on, self.payment_reference = by, paid_on, reference

    @transition(field=status, source=[TrancheStatus.REQUESTED, TrancheStatus.CHECKED],
                target=TrancheStatus.REFUSED)
    def refuse(self, *, by, reason):
        self.checked_by, self.checked_at, self.refusal_reason = by, timezone.now(), reason


class SettlementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ tài chính xác nhận")
    ACCEPTED = "accepted", _("Đã xác nhận")
    REJECTED = "rejected", _("Không xác nhận")


class TrancheSettlement(ConcurrentTransitionMixin, models.Model):
    """Money of a paid advance accounted for, with its evidence (chứng từ)."""

    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="settlements",
                                verbose_name=_("đợt tạm ứng"))
    amount = models.BigIntegerField(_("số tiền thanh toán (VNĐ)"))
    description = models.CharField(_("nội dung chi"), max_length=500)
    evidence = models.ForeignKey("tasks_kh_cn.DocumentVersion", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("chứng từ"))
    status = FSMField(_("trạng thái"), default=SettlementStatus.SUBMITTED,
                      choices=SettlementStatus.choices, protected=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người lập"))
    recorded_at = models.DateTimeField(_("ngày lập"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người xác nhận"))
    reviewed_at = models.DateTimeField(_("ngày xác nhận"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến của tài chính"), blank=True)

    class Meta:
        verbose_name = _("thanh toán tạm ứng")
        verbose_name_plural = _("thanh toán tạm ứng")
        ordering = ["tranche", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="settlement_amount_positive"),
        ]

    def __str__(self):
        return f"{self.tranche} — {self.amount:,} VNĐ"

    @transition(field=status, source=SettlementStatus.SUBMITTED, target=SettlementStatus.ACCEPTED)
    def accept(self, *, by, note=""):
        self.reviewed_by, self.reviewed_at, self.review_note = by, timezone.now(), note

    @transition(field=status, source=SettlementStatus.SUBMITTED, target=SettlementStatus.REJECTED)
    def reject(self, *, by, note):
        self.reviewed_by, self.reviewed_at, self.review_note = by, timezone.now(), note


from .closing_models import (  # noqa: E402,F401
    Refund,
    RefundPayment,
    RefundStatus,
    Restriction,
    ResultsRegistration,
)
from .document_models import (  # noqa: E402,F401  (one models module per app)
    DocumentTemplate,
    IssuedDocument,
    IssuedKind,
    SignatureSide,
    SignedScan,
)
from .inspection_models import (  # noqa: E402,F401
    ActionStatus,
    Inspection,
    InspectionAction,
    InspectionKind,
    InspectionStatus,
)
from .monitoring_models import (  # noqa: E402,F401
    PeriodicReport,
    ProposalStatus,
    ReportItem,
    ReportStatus,
    SuspensionProposal,
    WorkItem,
    WorkItemKind,
)
