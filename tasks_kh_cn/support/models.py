"""Enterprise support (TT 35/2021/TT-BTC art. 9; plan section 3.3): catalogue, levels, requests.

The catalogue and the support levels are data an administrator maintains. TT 35
sets no levels (art. 11(1): the HĐND tỉnh does), so levels live in a dated
``SupportPolicy`` with its resolution number and date; a request freezes the
policy in force when it was opened, so a resolution adopted later never changes
a case already under way.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.bilingual import EN_HELP, shown
from tasks_kh_cn.models import SizeClass
from tasks_kh_cn.numbers import money


class SupportGroup(models.TextChoices):
    """TT 35/2021/TT-BTC art. 9(1)(a)–(d)."""

    MANAGEMENT_SYSTEMS = "a", _("a) Hệ thống quản lý, công cụ cải tiến năng suất chất lượng")
    TRACEABILITY_GAP = "b", _(
        "b) Truy xuất nguồn gốc, G.A.P, hữu cơ, năng suất xanh, sản xuất thông minh")
    DIGITAL = "c", _("c) Công nghệ thông tin, công nghệ số trong quản trị doanh nghiệp")
    CERTIFICATION = "d", _("d) Chứng nhận sản phẩm, hàng hóa và hệ thống quản lý")


class SupportItem(models.Model):
    """One thing an enterprise may be supported to apply (catalogue row, maintained in admin)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nội dung hỗ trợ"), max_length=255)
    name_en = models.CharField(_("tên nội dung hỗ trợ (tiếng Anh)"), max_length=255,
                               blank=True, help_text=EN_HELP)
    group = models.CharField(_("nhóm (Điều 9 khoản 1 TT 35/2021)"), max_length=1,
                             choices=SupportGroup.choices)
    description = models.TextField(_("mô tả"), blank=True)
    evidence_required = models.TextField(
        _("minh chứng áp dụng và duy trì"),
        help_text=_("Tài liệu chứng minh đã áp dụng và duy trì "
                    "(giấy chứng nhận, báo cáo đánh giá…)."),
    )
    evidence_required_en = models.TextField(_("minh chứng áp dụng và duy trì (tiếng Anh)"),
                                            blank=True, help_text=EN_HELP)
    requires_certificate = models.BooleanField(
        _("cần giấy chứng nhận"), default=False,
        help_text=_("Minh chứng gồm số giấy chứng nhận, tổ chức chứng nhận, thời hạn hiệu lực."),
    )
    requires_audit_report = models.BooleanField(_("cần báo cáo đánh giá"), default=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung hỗ trợ")
        verbose_name_plural = _("danh mục nội dung hỗ trợ")
        ordering = ["group", "position", "name"]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The item's name in the page's language (tasks_kh_cn.bilingual)."""
        return shown(self.name, self.name_en)

    @property
    def shown_evidence_required(self) -> str:
        return shown(self.evidence_required, self.evidence_required_en)


class SupportPolicyQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return (
            self.filter(effective_from__lte=on)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on))
            .order_by("-effective_from", "-id")
        )


class SupportPolicy(models.Model):
    """A dated set of support levels: the HĐND tỉnh resolution, or the shipped default."""

    name = models.CharField(_("tên"), max_length=255)
    resolution_number = models.CharField(_("số nghị quyết HĐND tỉnh"), max_length=64, blank=True)
    resolution_date = models.DateField(_("ngày nghị quyết"), null=True, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_default_assumption = models.BooleanField(
        _("mức giả định mặc định"), default=False,
        help_text=_("Bật khi các mức không lấy từ nghị quyết HĐND tỉnh mà là giả định mặc định "
                    "(tham chiếu Điều 13 NĐ 80/2021/NĐ-CP)."),
    )
    repeat_window_months = models.PositiveSmallIntegerField(
        _("không hỗ trợ lại cùng nội dung trong (tháng)"), default=36,
    )
    maintenance_check_months = models.PositiveSmallIntegerField(
        _("kiểm tra duy trì sau (tháng)"), default=12,
        help_text=_("Số tháng sau khi ghi nhận minh chứng thì kiểm tra việc duy trì."),
    )
    # Priority for SMEs and key products (TT 15/2022; plan 3.3), as weights an administrator sets.
    weight_sme = models.PositiveSmallIntegerField(_("điểm ưu tiên DNNVV"), default=1)
    weight_ocop = models.PositiveSmallIntegerField(_("điểm ưu tiên chủ thể OCOP"), default=1)
    weight_key_product = models.PositiveSmallIntegerField(_("điểm ưu tiên sản phẩm chủ lực"),
                                                          default=1)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = SupportPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("mức hỗ trợ (theo nghị quyết)")
        verbose_name_plural = _("mức hỗ trợ (theo nghị quyết)")
        ordering = ["-effective_from", "-id"]

    def __str__(self):
        label = self.resolution_number or _("mặc định giả định")
        return f"{self.name} ({label}, {self.effective_from:%d/%m/%Y})"

    @classmethod
    def current(cls, on=None):
        return cls.objects.in_force(on).first()

    @property
    def is_in_use(self) -> bool:
        """Levels frozen on a request may no longer change: a new version is entered instead."""
        return self.requests.exists()


class SupportLevel(models.Model):
    """Share and ceiling for one enterprise size: for an item, a group, or every item (blank)."""

    policy = models.ForeignKey(SupportPolicy, on_delete=models.CASCADE, related_name="levels",
                               verbose_name=_("mức hỗ trợ"))
    size_class = models.CharField(_("quy mô doanh nghiệp"), max_length=10,
                                  choices=SizeClass.choices)
    item = models.ForeignKey(SupportItem, on_delete=models.PROTECT, null=True, blank=True,
                             verbose_name=_("nội dung"),
                             help_text=_("Để trống nếu áp dụng cho nhóm."))
    group = models.CharField(_("nhóm"), max_length=1, choices=SupportGroup.choices, blank=True,
                             help_text=_("Để trống cả nội dung và nhóm: áp dụng cho mọi nội dung."))
    share_percent = models.DecimalField(_("tỷ lệ hỗ trợ (%)"), max_digits=5, decimal_places=2)
    ceiling = models.BigIntegerField(_("mức tối đa (VNĐ)"))
    # NĐ 80/2021 art. 13: a higher ceiling for enterprises led by women (blank: the same).
    ceiling_women_led = models.BigIntegerField(
        _("mức tối đa, doanh nghiệp do phụ nữ làm chủ (VNĐ)"), null=True, blank=True)

    class Meta:
        verbose_name = _("mức hỗ trợ theo quy mô")
        verbose_name_plural = _("mức hỗ trợ theo quy mô")
        ordering = ["policy", "size_class", "item", "group"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "size_class", "item", "group"],
                                    name="unique_support_level"),
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=100),
                name="support_share_0_100",
            ),
            models.CheckConstraint(condition=models.Q(ceiling__gte=0),
                                   name="support_ceiling_gte_0"),
        ]

    def __str__(self):
        scope = self.item or self.get_group_display() or _("mọi nội dung")
        size = self.get_size_class_display()
        return f"{size} · {scope}: {self.share_percent}%, ≤ {money(self.ceiling)}"


class SupportYearlyCap(models.Model):
    """The most one enterprise of a size may receive in a calendar year, across all its cases
    (NĐ 80/2021 art. 13: e.g. a micro enterprise up to 50 million a year, 70 if women-led)."""

    policy = models.ForeignKey(SupportPolicy, on_delete=models.CASCADE, related_name="yearly_caps",
                               verbose_name=_("mức hỗ trợ"))
    size_class = models.CharField(_("quy mô doanh nghiệp"), max_length=10,
                                  choices=SizeClass.choices)
    cap = models.BigIntegerField(_("tổng mức hỗ trợ tối đa mỗi năm (VNĐ)"))
    cap_women_led = models.BigIntegerField(
        _("tổng mức tối đa mỗi năm, doanh nghiệp do phụ nữ làm chủ (VNĐ)"), null=True, blank=True)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("mức hỗ trợ tối đa mỗi năm")
        verbose_name_plural = _("mức hỗ trợ tối đa mỗi năm")
        constraints = [
            models.UniqueConstraint(fields=["policy", "size_class"], name="unique_yearly_cap"),
            models.CheckConstraint(condition=models.Q(cap__gte=0), name="yearly_cap_gte_0"),
        ]

    def __str__(self):
        return f"{self.get_size_class_display()}: ≤ {money(self.cap)}/năm"

    def for_host(self, host) -> int:
        if host.women_led and self.cap_women_led is not None:
            return self.cap_women_led
        return self.cap


class SupportRequest(models.Model):
    """The support asked for in an enterprise-support case, under the policy frozen on it."""

    case = models.OneToOneField("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                                related_name="support_request", verbose_name=_("nhiệm vụ"))
    policy = models.ForeignKey(SupportPolicy, on_delete=models.PROTECT, related_name="requests",
                               verbose_name=_("mức hỗ trợ áp dụng"))
    size_class = models.CharField(
        _("quy mô khi đề nghị"), max_length=10, choices=SizeClass.choices,
        help_text=_("Quy mô doanh nghiệp tại thời điểm đề nghị (NĐ 80/2021 Điều 5)."),
    )
    approved_on = models.DateField(_("ngày phê duyệt hỗ trợ"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị hỗ trợ")
        verbose_name_plural = _("đề nghị hỗ trợ")

    def __str__(self):
        return f"{self.case.code}: {self.policy}"


class SupportItemRequest(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("đề nghị hỗ trợ"))
    item = models.ForeignKey(SupportItem, on_delete=models.PROTECT, verbose_name=_("nội dung"))
    cost_estimate = models.BigIntegerField(_("dự toán chi phí (VNĐ)"))
    requested_amount = models.BigIntegerField(_("kinh phí đề nghị hỗ trợ (VNĐ)"))
    quotation = models.ForeignKey("tasks_kh_cn.Document", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("báo giá"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nội dung đề nghị hỗ trợ")
        verbose_name_plural = _("nội dung đề nghị hỗ trợ")
        ordering = ["request", "item__group", "item__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item"], name="unique_item_per_request"),
            models.CheckConstraint(condition=models.Q(cost_estimate__gt=0),
                                   name="support_cost_positive"),
            models.CheckConstraint(condition=models.Q(requested_amount__gte=0),
                                   name="support_requested_non_negative"),
        ]

    def __str__(self):
        # Money as the active language writes it (1.200.000 / 1,200,000).
        return f"{self.item} ({money(self.requested_amount)} VNĐ)"


class SupportEvidence(models.Model):
    """Proof that the item was applied (recorded at acceptance), and when its upkeep is checked."""

    item_request = models.OneToOneField(SupportItemRequest, on_delete=models.CASCADE,
                                        related_name="evidence", verbose_name=_("nội dung"))
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=64, blank=True)
    certification_body = models.CharField(_("tổ chức chứng nhận"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    audit_report = models.ForeignKey("tasks_kh_cn.Document", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("báo cáo đánh giá"))
    recorded_on = models.DateField(_("ngày ghi nhận"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người ghi nhận"))
    # The "maintained" check: due a number of months (SupportPolicy) after the evidence.
    # Exposed for the notifications app's deadlines; this app sends no reminders itself.
    maintenance_due_on = models.DateField(_("hạn kiểm tra duy trì"), db_index=True)
    maintenance_checked_on = models.DateField(_("ngày kiểm tra duy trì"), null=True, blank=True)
    maintained = models.BooleanField(_("còn duy trì"), null=True, blank=True)
    maintenance_note = models.TextField(_("ghi chú kiểm tra duy trì"), blank=True)

    class Meta:
        verbose_name = _("minh chứng áp dụng")
        verbose_name_plural = _("minh chứng áp dụng")

    def __str__(self):
        return f"{self.item_request.item}: {self.certificate_number or self.recorded_on}"
