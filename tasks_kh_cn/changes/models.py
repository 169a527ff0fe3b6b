"""Extensions and amendments during implementation (TT 09/2014, TT 04/2015).

A change request has its own lifecycle (one FSM): submitted → approved | refused, or
withdrawn by the host. The rules — how long an extension may be, how early it must be
asked, how many there may be, which changes a lump sum to the final product forbids —
are dated rows on the case's rule set.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.permissions import is_approver, is_host_member


class ChangeRule(models.Model):
    """Extension and amendment rules, one dated version per row (a change is a new row).

    How early an extension must be asked is not here: its one source is the deadline rule
    ``extension_request_cutoff`` of the same version (TT 09/2014: at least 1 month before).
    """

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="change_rules", verbose_name=_("bộ quy tắc"))
    effective_from = models.DateField(_("hiệu lực từ"))
    long_task_months = models.PositiveSmallIntegerField(
        _("ngưỡng nhiệm vụ dài (tháng)"), default=24,
        help_text=_("TT 09/2014 ghi “từ 24 tháng” và “dưới 24 tháng”; ranh giới chưa rõ, "
                    "mặc định: dài hơn 24 tháng mới được gia hạn 12 tháng."))
    long_task_threshold_inclusive = models.BooleanField(
        _("nhiệm vụ đúng bằng ngưỡng được tính là dài"), default=False)
    max_extension_long = models.PositiveSmallIntegerField(_("gia hạn tối đa, nhiệm vụ dài (tháng)"),
                                                          default=12)
    max_extension_short = models.PositiveSmallIntegerField(
        _("gia hạn tối đa, nhiệm vụ ngắn (tháng)"), default=6)
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=1)
    decision_days = models.PositiveSmallIntegerField(_("thời hạn xem xét (ngày)"), default=30)
    legal_basis = models.CharField(_("căn cứ"), max_length=255,
                                   default="TT 09/2014/TT-BKHCN; TT 04/2015/TT-BKHCN")
    legal_article = models.CharField(_("điều, khoản"), max_length=255, blank=True)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."))

    class Meta:
        verbose_name = _("quy tắc gia hạn, điều chỉnh")
        verbose_name_plural = _("quy tắc gia hạn, điều chỉnh")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "effective_from"],
                                    name="unique_change_rule_version"),
        ]

    def __str__(self):
        return f"{self.rule_set.code} ({self.effective_from:%d/%m/%Y})"

    def max_extension_months(self, duration_months: int) -> int:
        if duration_months > self.long_task_months or (
            self.long_task_threshold_inclusive and duration_months == self.long_task_months
        ):
            return self.max_extension_long
        return self.max_extension_short


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Gia hạn thời gian thực hiện")
    CONTENT = "content", _("Điều chỉnh nội dung, phương pháp")
    BUDGET_ITEMS = "budget_items", _("Điều chỉnh dự toán giữa các khoản chi")
    PERSONNEL = "personnel", _("Thay đổi thành viên thực hiện")
    NAME_OBJECTIVES_PRODUCTS = "name_objectives_products", _("Điều chỉnh tên, mục tiêu, sản phẩm")
    LEADER = "leader", _("Thay đổi chủ nhiệm nhiệm vụ")
    SHORTENING = "shortening", _("Rút ngắn thời gian thực hiện")


# The case's fields an approved change writes, as the history and the annex name them.
AMENDED_FIELDS = {"title": _("Tên nhiệm vụ"), "summary": _("Mục tiêu, nội dung"),
                  "end_date": _("Ngày kết thúc"), "leader": _("Chủ nhiệm nhiệm vụ")}


class LumpSumMode(models.TextChoices):
    """The case's ``lump_sum_mode`` (set on approval); "" for a case without one."""

    ANY = "", _("(không theo phương thức khoán)")
    FINAL_PRODUCT = "final_product", _("khoán chi đến sản phẩm cuối cùng")
    PARTIAL = "partial", _("khoán chi từng phần")


class AmendmentDecider(models.TextChoices):
    FORBIDDEN = "forbidden", _("Không được điều chỉnh")
    AUTHORITY = "authority", _("Cơ quan có thẩm quyền quyết định")
    HOST = "host", _("Tổ chức chủ trì tự quyết định và báo cáo")


class AmendmentRule(models.Model):
    """Who decides a kind of change under a lump-sum mode, one dated row per (mode, kind),
    with its article (TT 04/2015: under a lump sum to the final product the name, objectives
    and products stay, the host adjusts the content itself). A shortening row also carries
    the share of the content that must be done first (TT 09/2014: at least 2/3)."""

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="amendment_rules", verbose_name=_("bộ quy tắc"))
    effective_from = models.DateField(_("hiệu lực từ"))
    lump_sum_mode = models.CharField(_("phương thức khoán chi"), max_length=20, blank=True,
                                     choices=LumpSumMode.choices)
    kind = models.CharField(_("loại đề nghị"), max_length=32, choices=ChangeKind.choices)
    decided_by = models.CharField(_("thẩm quyền"), max_length=16,
                                  choices=AmendmentDecider.choices)
    min_done_numerator = models.PositiveSmallIntegerField(
        _("tỷ lệ nội dung đã thực hiện tối thiểu: tử số"), null=True, blank=True)
    min_done_denominator = models.PositiveSmallIntegerField(
        _("tỷ lệ nội dung đã thực hiện tối thiểu: mẫu số"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=255, blank=True)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."))

    class Meta:
        verbose_name = _("quy tắc điều chỉnh theo phương thức khoán")
        verbose_name_plural = _("quy tắc điều chỉnh theo phương thức khoán")
        ordering = ["rule_set", "-effective_from", "lump_sum_mode", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "effective_from", "lump_sum_mode", "kind"],
                                    name="unique_amendment_rule_version"),
            models.CheckConstraint(
                condition=models.Q(min_done_denominator__isnull=True)
                | models.Q(min_done_denominator__gte=1),
                name="amendment_rule_denominator_positive"),
        ]

    def __str__(self):
        return f"{self.get_lump_sum_mode_display()} — {self.get_kind_display()}: " \
               f"{self.get_decided_by_display()}"

    def done_enough(self, percent: int) -> bool:
        """``percent/100 ≥ numerator/denominator``, in integers; no figure: always."""
        if not self.min_done_denominator:
            return True
        return percent * self.min_done_denominator >= 100 * (self.min_done_numerator or 0)


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã gửi đề nghị")
    APPROVED = "approved", _("Đã chấp thuận")
    REFUSED = "refused", _("Không chấp thuận")
    WITHDRAWN = "withdrawn", _("Đã rút đề nghị")


class ChangeRequest(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="change_requests", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại đề nghị"), max_length=32, choices=ChangeKind.choices)
    status = FSMField(_("trạng thái"), default=ChangeStatus.SUBMITTED, choices=ChangeStatus.choices,
                      protected=True)
    reason = models.TextField(_("lý do"))
    extension_months = models.PositiveSmallIntegerField(_("số tháng gia hạn"), null=True, blank=True)
    old_end_date = models.DateField(_("ngày kết thúc cũ"), null=True, blank=True)
    new_end_date = models.DateField(_("ngày kết thúc mới"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("người đề nghị"))
    requested_at = models.DateTimeField(_("ngày đề nghị"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("người quyết định"))
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)
    # What an amendment changes on the case, as asked: {"title": …, "summary": …,
    # "end_date": "YYYY-MM-DD", "leader": user id}; applied on approval.
    proposed = models.JSONField(_("nội dung đề nghị điều chỉnh"), default=dict, blank=True)
    # Each field's before and after as applied: [{"field", "before", "after"}, …].
    applied = models.JSONField(_("nội dung đã điều chỉnh"), default=list, blank=True)
    content_done_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ nội dung đã thực hiện (%)"), null=True, blank=True)
    amendment_document = models.ForeignKey(
        "funding.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("phụ lục điều chỉnh hợp đồng"))

    class Meta:
        verbose_name = _("đề nghị gia hạn, điều chỉnh")
        verbose_name_plural = _("đề nghị gia hạn, điều chỉnh")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.case.code}: {self.get_kind_display()}"

    @transition(field=status, source=ChangeStatus.SUBMITTED, target=ChangeStatus.APPROVED,
                permission=lambda change, user: is_approver(user, change.case).allowed)
    def approve(self):
        pass

    @transition(field=status, source=ChangeStatus.SUBMITTED, target=ChangeStatus.REFUSED,
                permission=lambda change, user: is_approver(user, change.case).allowed)
    def refuse(self):
        pass

    @transition(field=status, source=ChangeStatus.SUBMITTED, target=ChangeStatus.APPROVED,
                permission=lambda change, user: is_host_member(user, change.case).allowed)
    def self_approve(self):
        """A change the host decides itself (an ``AmendmentRule`` with ``decided_by=host``)."""

    @transition(field=status, source=ChangeStatus.SUBMITTED, target=ChangeStatus.WITHDRAWN,
                permission=lambda change, user: is_host_member(user, change.case).allowed)
    def withdraw(self):
        pass
