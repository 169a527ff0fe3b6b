"""Organisations and the people who act for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.bilingual import shown
from tasks_kh_cn.people import person_name
from tasks_kh_cn.validators import normalize_mobile, normalize_tax_code, validate_mobile, validate_tax_code

from .rules import RuleFigure, RuleSet


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OCOP_PRODUCER = "ocop_producer", _("Chủ thể OCOP")
    PUBLIC_UNIT = "public_unit", _("Đơn vị sự nghiệp công lập")
    RESEARCH_INSTITUTE = "research_institute", _("Viện, trường nghiên cứu")
    AUTHORITY = "authority", _("Cơ quan quản lý nhà nước (sở, UBND huyện)")


class SizeClass(models.TextChoices):
    """NĐ 80/2021/NĐ-CP art. 5."""

    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


class Sector(models.TextChoices):
    """The two sector groups that NĐ 80/2021 art. 5 sizes differently."""

    PRODUCTION = "production", _("Nông, lâm, thủy sản; công nghiệp và xây dựng")
    TRADE_SERVICES = "trade_services", _("Thương mại và dịch vụ")


def size_limits(on=None) -> dict:
    """NĐ 80/2021 art. 5 limits in force ``on`` (figure "sme_size_limits" of the rule set):
    {sector: [[size, max insured staff, max revenue, max capital], ...]} in VND."""
    rule_set = RuleSet.current(on)
    row = (RuleFigure.objects.filter(rule_set=rule_set, code="sme_size_limits",
                                     effective_from__lte=on or timezone.localdate())
           .order_by("-effective_from", "-id").first()) if rule_set else None
    return row.value if row is not None else {}


def classify_size(sector: str, insured_staff: int, revenue: int | None, capital: int | None,
                  limits: dict | None = None) -> str:
    """NĐ 80/2021 art. 5: within the staff limit and under the revenue *or* the capital limit."""
    limits = size_limits() if limits is None else limits
    for size, max_staff, max_revenue, max_capital in limits.get(str(sector), []):
        if insured_staff <= max_staff and (
            (revenue is not None and revenue <= max_revenue)
            or (capital is not None and capital <= max_capital)
        ):
            return size
    return SizeClass.LARGE


class District(models.TextChoices):
    """District-level units of Thanh Hóa (before the 2025 reorganisation)."""

    THANH_HOA_CITY = "tp_thanh_hoa", "TP. Thanh Hóa"
    SAM_SON = "tp_sam_son", "TP. Sầm Sơn"
    BIM_SON = "tx_bim_son", "TX. Bỉm Sơn"
    NGHI_SON = "tx_nghi_son", "TX. Nghi Sơn"
    BA_THUOC = "ba_thuoc", "Bá Thước"
    CAM_THUY = "cam_thuy", "Cẩm Thủy"
    DONG_SON = "dong_son", "Đông Sơn"
    HA_TRUNG = "ha_trung", "Hà Trung"
    HAU_LOC = "hau_loc", "Hậu Lộc"
    HOANG_HOA = "hoang_hoa", "Hoằng Hóa"
    LANG_CHANH = "lang_chanh", "Lang Chánh"
    MUONG_LAT = "muong_lat", "Mường Lát"
    NGA_SON = "nga_son", "Nga Sơn"
    NGOC_LAC = "ngoc_lac", "Ngọc Lặc"
    NHU_THANH = "nhu_thanh", "Như Thanh"
    NHU_XUAN = "nhu_xuan", "Như Xuân"
    NONG_CONG = "nong_cong", "Nông Cống"
    QUAN_HOA = "quan_hoa", "Quan Hóa"
    QUAN_SON = "quan_son", "Quan Sơn"
    QUANG_XUONG = "quang_xuong", "Quảng Xương"
    THACH_THANH = "thach_thanh", "Thạch Thành"
    THIEU_HOA = "thieu_hoa", "Thiệu Hóa"
    THO_XUAN = "tho_xuan", "Thọ Xuân"
    THUONG_XUAN = "thuong_xuan", "Thường Xuân"
    TRIEU_SON = "trieu_son", "Triệu Sơn"
    VINH_LOC = "vinh_loc", "Vĩnh Lộc"
    YEN_DINH = "yen_dinh", "Yên Định"


class Organisation(models.Model):
    name = models.CharField(_("tên tổ chức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại hình"), max_length=32, choices=OrganisationKind.choices)
    tax_code = models.CharField(
        _("mã số thuế"), max_length=14, unique=True, validators=[validate_tax_code],
        help_text=_("10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc."),
    )
    sector = models.CharField(
        _("lĩnh vực"), max_length=20, choices=Sector.choices, default=Sector.PRODUCTION
    )
    size_class = models.CharField(
        _("quy mô"), max_length=10, choices=SizeClass.choices, default=SizeClass.SMALL,
        help_text=_("Theo Điều 5 Nghị định 80/2021/NĐ-CP."),
    )
    insured_staff = models.PositiveIntegerField(_("số lao động tham gia BHXH"), null=True, blank=True)
    annual_revenue = models.BigIntegerField(_("doanh thu năm (VNĐ)"), null=True, blank=True)
    total_capital = models.BigIntegerField(_("tổng nguồn vốn (VNĐ)"), null=True, blank=True)
    district = models.CharField(_("huyện, thị xã, thành phố"), max_length=20, choices=District.choices)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    makes_key_product = models.BooleanField(_("sản xuất sản phẩm chủ lực"), default=False)
    is_ocop_producer = models.BooleanField(_("chủ thể OCOP"), default=False)
    ocop_stars = models.PositiveSmallIntegerField(_("hạng sao OCOP"), null=True, blank=True)
    has_declared_standard = models.BooleanField(
        _("đã công bố tiêu chuẩn áp dụng"), default=False,
        help_text=_("Chỉ tiêu của Kế hoạch: 100% chủ thể OCOP và sản phẩm chủ lực công bố tiêu chuẩn."),
    )
    restricted_from_calls = models.BooleanField(_("bị hạn chế tham gia tuyển chọn"), default=False)
    restriction_reason = models.TextField(_("lý do hạn chế"), blank=True)
    restriction_reason_en = models.TextField(
        _("lý do hạn chế (tiếng Anh)"), blank=True,
        help_text=_("Hiển thị trên trang tiếng Anh; để trống thì hiện lý do tiếng Việt."))
    restricted_until = models.DateField(_("hạn chế đến ngày"), null=True, blank=True)
    # TT 20/2023 art. 4: an organisation that has not paid back recovered funds is barred.
    unpaid_refund = models.BigIntegerField(
        _("kinh phí phải hoàn trả chưa nộp (VNĐ)"), default=0,
        help_text=_("Theo quyết định thu hồi kinh phí; khác 0 thì không được tham gia."))
    # NĐ 80/2021 art. 13: higher support ceilings for enterprises led by women.
    women_led = models.BooleanField(_("doanh nghiệp do phụ nữ làm chủ"), default=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="organisation",
        help_text=_("Nhóm quyền của thành viên; quyền trên từng nhiệm vụ gán cho nhóm này."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations",
        verbose_name=_("thành viên"),
    )

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(restricted_from_calls=True, restriction_reason=""),
                name="organisation_restriction_has_reason",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.tax_code:
            try:
                self.tax_code = normalize_tax_code(self.tax_code)
            except ValidationError as exc:
                errors["tax_code"] = exc.messages
        if self.restricted_from_calls and not self.restriction_reason.strip():
            errors["restriction_reason"] = [_("Cần nêu lý do hạn chế.")]
        if errors:
            raise ValidationError(errors)

    def restriction_reason_shown(self) -> str:
        """The reason of the restriction in the active language (the Vietnamese one is the
        record; an English one is kept beside it when the product wrote the reason)."""
        return shown(self.restriction_reason, self.restriction_reason_en)

    def is_restricted(self, on=None) -> bool:
        on = on or timezone.localdate()
        if not self.restricted_from_calls:
            return False
        return self.restricted_until is None or on <= self.restricted_until

    @property
    def is_sme(self) -> bool:
        return self.size_class != SizeClass.LARGE


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("họ và tên"), max_length=128)
    mobile = models.CharField(
        _("số di động"), max_length=16, blank=True, validators=[validate_mobile]
    )
    position = models.CharField(_("chức vụ"), max_length=128, blank=True)
    academic_title = models.CharField(_("học hàm, học vị"), max_length=64, blank=True)
    # TT 20/2023 art. 4: the task leader's conditions (unknown is not held against them).
    has_university_degree = models.BooleanField(_("có trình độ đại học trở lên"), null=True,
                                                blank=True)
    years_in_field = models.PositiveSmallIntegerField(_("số năm hoạt động trong lĩnh vực"),
                                                      null=True, blank=True)
    suspended_until = models.DateField(_("bị đình chỉ làm chủ nhiệm đến ngày"), null=True,
                                       blank=True)

    class Meta:
        verbose_name = _("hồ sơ cá nhân")
        verbose_name_plural = _("hồ sơ cá nhân")

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.mobile:
            try:
                self.mobile = normalize_mobile(self.mobile)
            except ValidationError as exc:
                raise ValidationError({"mobile": exc.messages}) from exc


class Membership(models.Model):
    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Người đại diện theo pháp luật")
        LEADER = "leader", _("Chủ nhiệm nhiệm vụ")
        STAFF = "staff", _("Cán bộ")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("người dùng"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("tổ chức"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("thành viên tổ chức")
        verbose_name_plural = _("thành viên tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        # By full name, never the login (a list reads select_related("user__profile")).
        return f"{person_name(self.user)} @ {self.organisation}"
