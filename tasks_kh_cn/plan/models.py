"""The plan's own targets (Thanh Hóa plan 2021–2025, section 2.2 and the appendix).

Most indicators are computed live from the cases (enterprises supported, pilot models
completed) and the organisations (OCOP and key-product producers with a declared
standard); the rest come from records the department keeps here: training classes and
who attended, the advisory unit (its experts are the councils' registry, one registry
for councils and the plan), publicity of model enterprises, and the
rounds of the enterprises' needs survey.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.bilingual import EN_HELP, shown


class PlanTarget(models.Model):
    """One target of the plan, as data: the figure, its unit and where the plan sets it."""

    class Measure(models.TextChoices):
        ESTABLISHMENTS_TRAINED = "establishments_trained", _("Cơ sở được tập huấn")
        ENTERPRISES_SUPPORTED = "enterprises_supported", _("Doanh nghiệp được hỗ trợ")
        OCOP_STANDARD_SHARE = "ocop_standard_share", _(
            "Tỷ lệ chủ thể OCOP, sản phẩm chủ lực công bố tiêu chuẩn")
        PILOT_MODELS_COMPLETED = "pilot_models_completed", _("Mô hình điểm hoàn thành")
        ADVISORY_UNITS = "advisory_units", _("Đơn vị công lập đủ năng lực tư vấn")
        EXPERTS = "experts", _("Chuyên gia năng suất, chất lượng")
        MODEL_ENTERPRISES_PUBLICISED = "model_enterprises_publicised", _(
            "Doanh nghiệp điển hình được tuyên truyền")
        SURVEY_ROUNDS = "survey_rounds", _("Cơ sở dữ liệu thực trạng, nhu cầu doanh nghiệp")

    measure = models.CharField(_("chỉ tiêu"), max_length=40, choices=Measure.choices, unique=True)
    target = models.DecimalField(_("chỉ tiêu kế hoạch"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=32)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    source = models.CharField(_("căn cứ"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["order"]

    def __str__(self):
        return f"{self.get_measure_display()}: {self.target} {self.unit}"


class TrainingTopic(models.TextChoices):
    """The appendix's 8 classes: 2 each on these four subjects."""

    MANAGEMENT_SYSTEMS = "management_systems", _("Hệ thống quản lý")
    PRODUCTIVITY_TOOLS = "productivity_tools", _("Công cụ cải tiến năng suất, chất lượng")
    STANDARDS = "standards", _("Tiêu chuẩn, quy chuẩn kỹ thuật")
    MEASUREMENT = "measurement", _("Đảm bảo đo lường")
    TECHNOLOGY = "technology", _("Công nghệ cao, công nghệ số")


class TrainingClass(models.Model):
    title = models.CharField(_("tên lớp"), max_length=255)
    topic = models.CharField(_("chủ đề"), max_length=32, choices=TrainingTopic.choices)
    held_on = models.DateField(_("ngày tổ chức"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255,
                                 default="Chi cục Tiêu chuẩn Đo lường Chất lượng")
    trainers = models.CharField(_("giảng viên"), max_length=500, blank=True)
    # Plan 3.1: "mỗi lớp khoảng 50 người"; the class's own figure, set by the officer.
    capacity = models.PositiveSmallIntegerField(_("số chỗ"), default=50)
    registration_open = models.BooleanField(_("đang nhận đăng ký"), default=True)
    attendees = models.ManyToManyField("tasks_kh_cn.Organisation", through="TrainingAttendance",
                                       related_name="training_classes", verbose_name=_("cơ sở tham dự"))

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class TrainingAttendance(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE,
                                       related_name="attendances")
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="training_attendances", verbose_name=_("cơ sở"))
    participants = models.PositiveSmallIntegerField(_("số người tham dự"), default=1)

    class Meta:
        verbose_name = _("lượt tham dự")
        verbose_name_plural = _("lượt tham dự")
        constraints = [models.UniqueConstraint(fields=["training_class", "organisation"],
                                               name="unique_training_attendance")]

    def __str__(self):
        return f"{self.organisation} @ {self.training_class}"


class TrainingRegistration(models.Model):
    """An establishment's online registration for a class (plan 3.1), before attendance."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE,
                                       related_name="registrations")
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="training_registrations", verbose_name=_("cơ sở"))
    participants = models.PositiveSmallIntegerField(_("số người đăng ký"), default=1)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("người đăng ký"))
    registered_at = models.DateTimeField(_("thời điểm đăng ký"), auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký tập huấn")
        verbose_name_plural = _("đăng ký tập huấn")
        ordering = ["registered_at"]
        constraints = [models.UniqueConstraint(fields=["training_class", "organisation"],
                                               name="unique_training_registration")]

    def __str__(self):
        return f"{self.organisation} → {self.training_class}"


class AdvisoryUnit(models.Model):
    """A public unit recognised as able to advise and certify (plan 3.5: the TĐC technical centre)."""

    organisation = models.OneToOneField("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                        related_name="advisory_unit", verbose_name=_("đơn vị"))
    recognised_on = models.DateField(_("ngày đủ năng lực"))
    note = models.TextField(_("ghi chú"), blank=True)
    # Plan 3.5: able "to advise, certify and support" enterprises; what it can do today.
    can_consult = models.BooleanField(_("tư vấn áp dụng"), default=False)
    can_certify = models.BooleanField(_("chứng nhận"), default=False)
    can_train = models.BooleanField(_("đào tạo, tập huấn"), default=False)
    accreditations = models.CharField(_("công nhận, chỉ định"), max_length=255, blank=True)
    # Its experts are the registry's experts of its organisation (councils.Expert): counted,
    # not typed in (``selectors.advisory_capacity``).

    class Meta:
        verbose_name = _("đơn vị tư vấn công lập")
        verbose_name_plural = _("đơn vị tư vấn công lập")

    def __str__(self):
        return str(self.organisation)


class Publicity(models.Model):
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="publicity", verbose_name=_("doanh nghiệp"))
    published_on = models.DateField(_("ngày đăng, phát"))
    channel = models.CharField(_("phương tiện"), max_length=128,
                               help_text=_("Ví dụ: Đài PT-TH Thanh Hóa, Báo Thanh Hóa."))
    title = models.CharField(_("tiêu đề"), max_length=255)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    # Plan 3.6: the successful models publicised come from the pilot models and support cases.
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="publicity",
                             verbose_name=_("mô hình điểm, nhiệm vụ hỗ trợ"))

    class Meta:
        verbose_name = _("tuyên truyền doanh nghiệp điển hình")
        verbose_name_plural = _("tuyên truyền doanh nghiệp điển hình")
        ordering = ["-published_on"]

    def __str__(self):
        return self.title


class SurveyRound(models.Model):
    """A round of the survey of enterprises' status and needs (plan 5.2: every 6 months)."""

    title = models.CharField(_("đợt khảo sát"), max_length=255)
    opens_on = models.DateField(_("ngày mở khảo sát"), null=True, blank=True)
    # The campaign's deadline for answers; the round counts for the plan once it is past.
    closed_on = models.DateField(_("ngày hoàn thành"))
    respondents = models.ManyToManyField("tasks_kh_cn.Organisation", through="SurveyResponse",
                                         related_name="survey_rounds")

    class Meta:
        verbose_name = _("đợt khảo sát nhu cầu")
        verbose_name_plural = _("đợt khảo sát nhu cầu")
        ordering = ["-closed_on"]

    def __str__(self):
        return self.title


class SurveyResponse(models.Model):
    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="survey_responses")
    applied = models.CharField(_("đang áp dụng"), max_length=500, blank=True,
                               help_text=_("Hệ thống quản lý, công cụ, tiêu chuẩn đang áp dụng."))
    needs = models.TextField(_("nhu cầu hỗ trợ"), blank=True)
    # Plan 3.5 / appendix 5.2: the five areas of the database of status and needs.
    management_systems = models.CharField(_("hệ thống quản lý đang áp dụng"), max_length=500,
                                          blank=True)
    productivity_tools = models.CharField(_("công cụ cải tiến năng suất đang áp dụng"),
                                          max_length=500, blank=True)
    standards = models.CharField(_("tiêu chuẩn, quy chuẩn đang áp dụng"), max_length=500, blank=True)
    measurement = models.CharField(_("đảm bảo đo lường"), max_length=500, blank=True)
    technology = models.CharField(_("công nghệ cao, công nghệ số"), max_length=500, blank=True)
    applied_items = models.ManyToManyField("support.SupportItem", blank=True, related_name="+",
                                           verbose_name=_("nội dung đang áp dụng"))
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("người trả lời"))
    submitted_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = _("phiếu khảo sát")
        constraints = [models.UniqueConstraint(fields=["survey_round", "organisation"],
                                               name="unique_survey_response")]

    def __str__(self):
        return f"{self.organisation} — {self.survey_round}"


class ReportingRule(models.Model):
    """When the yearly report is due, as dated data with its legal basis (plan 5.1).

    "định kỳ trước ngày 15 tháng 12 hàng năm": due on the day before ``before_day``.
    """

    effective_from = models.DateField(_("hiệu lực từ"))
    before_month = models.PositiveSmallIntegerField(_("tháng"))
    before_day = models.PositiveSmallIntegerField(_("trước ngày"))
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn báo cáo năm")
        verbose_name_plural = _("quy định thời hạn báo cáo năm")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.legal_basis} {self.legal_article}"


class YearlyReport(models.Model):
    """The department's report of one year to the Chairman of UBND tỉnh, and who owes it."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    officer_in_charge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                          related_name="plan_reports",
                                          verbose_name=_("chuyên viên phụ trách"))
    deadline = models.OneToOneField("notifications.Deadline", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="plan_report",
                                    verbose_name=_("thời hạn"))
    sent_on = models.DateField(_("ngày gửi báo cáo"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("người gửi"))

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = _("báo cáo năm")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}"


class SurveyNeed(models.Model):
    """A need stated in a survey answer, from the TT 35/2021 catalogue; it may become a draft
    support proposal, traced back here (``proposal``)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="stated_needs")
    item = models.ForeignKey("support.SupportItem", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("nội dung cần hỗ trợ"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    proposal = models.OneToOneField("tasks_kh_cn.TaskCase", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="survey_need",
                                    verbose_name=_("đề xuất hỗ trợ"))

    class Meta:
        verbose_name = _("nhu cầu hỗ trợ")
        verbose_name_plural = _("nhu cầu hỗ trợ")
        ordering = ["response", "item__group", "item__position"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="unique_survey_need")]

    def __str__(self):
        return f"{self.response}: {self.item}"


class OcopProduct(models.Model):
    """An OCOP or key product of the province, with its producer (plan 2.2 and appendix 3:
    "100% sản phẩm OCOP, sản phẩm chủ lực được công bố tiêu chuẩn chất lượng")."""

    name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                 related_name="ocop_products", verbose_name=_("chủ thể sản xuất"))
    ocop_stars = models.PositiveSmallIntegerField(_("hạng sao OCOP"), null=True, blank=True)
    is_key_product = models.BooleanField(_("sản phẩm chủ lực"), default=False)
    standard_declared = models.BooleanField(_("đã công bố tiêu chuẩn"), default=False)
    standard_code = models.CharField(_("số hiệu tiêu chuẩn công bố"), max_length=128, blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm OCOP, chủ lực")
        verbose_name_plural = _("sản phẩm OCOP, chủ lực")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "name"], name="unique_product_per_producer"),
            # The OCOP scale is 1 to 5 stars; which ranks are recognised is the programme's rule,
            # not this table's.
            models.CheckConstraint(condition=models.Q(ocop_stars__isnull=True) |
                                   models.Q(ocop_stars__gte=1, ocop_stars__lte=5),
                                   name="ocop_stars_1_to_5"),
            models.CheckConstraint(condition=models.Q(ocop_stars__isnull=False) |
                                   models.Q(is_key_product=True), name="product_ocop_or_key"),
        ]

    def __str__(self):
        return self.name


class QualityAward(models.Model):
    """A national quality award won by an enterprise of the province (Giải thưởng Chất lượng
    quốc gia), shown with the model enterprises."""

    class Level(models.TextChoices):
        GOLD = "gold", _("Giải Vàng Chất lượng quốc gia")
        AWARD = "award", _("Giải thưởng Chất lượng quốc gia")

    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="quality_awards", verbose_name=_("doanh nghiệp"))
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("giải"), max_length=8, choices=Level.choices)
    decision = models.CharField(_("quyết định trao giải"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("giải thưởng chất lượng quốc gia")
        verbose_name_plural = _("giải thưởng chất lượng quốc gia")
        ordering = ["-year", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="unique_quality_award_per_year")]

    def __str__(self):
        return f"{self.organisation} — {self.get_level_display()} {self.year}"


class PlanMilestone(models.Model):
    """A dated milestone of the plan's appendix, as data with its article (e.g. 5.1: the
    advisory unit able and 10 experts by the end of 2023).

    With a ``measure`` and a ``figure`` it is met when that target's value reaches the
    figure by ``due_on``; otherwise an officer records ``achieved_on``.
    """

    title = models.CharField(_("mốc"), max_length=255)
    title_en = models.CharField(_("mốc (tiếng Anh)"), max_length=255,
                               blank=True, help_text=EN_HELP)
    due_on = models.DateField(_("hạn"))
    measure = models.CharField(_("chỉ tiêu"), max_length=40, choices=PlanTarget.Measure.choices,
                               blank=True)
    figure = models.DecimalField(_("giá trị cần đạt"), max_digits=10, decimal_places=2, null=True,
                                 blank=True)
    source = models.CharField(_("căn cứ"), max_length=255)
    achieved_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("mốc kế hoạch")
        verbose_name_plural = _("mốc kế hoạch")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.shown_title} ({self.due_on:%d/%m/%Y})"

    @property
    def shown_title(self) -> str:
        """The milestone in the page's language (tasks_kh_cn.bilingual)."""
        return shown(self.title, self.title_en)
