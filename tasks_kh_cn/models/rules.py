"""Rule sets: the dated legal configuration a case is judged by.

A rule set has an effective date and the legal texts it follows. A case keeps
the rule set in force when it started unless an officer migrates it, so a rule
changed later never changes a case already under way. Rules of each domain
(dossier requirements, councils, deadlines, support levels) hang off a rule set.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleSetQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return (
            self.filter(effective_from__lte=on)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on))
            .order_by("-effective_from", "-id")
        )


class RuleSet(models.Model):
    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.TextField(
        _("căn cứ pháp lý"),
        help_text=_("Các văn bản áp dụng, ví dụ: TT 06/2023/TT-BKHCN; TT 20/2023/TT-BKHCN."),
    )
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"

    @classmethod
    def current(cls, on=None):
        return cls.objects.in_force(on).first()


class DossierStage(models.TextChoices):
    PROPOSAL = "proposal", _("Đề xuất nhiệm vụ")
    APPRAISAL = "appraisal", _("Hồ sơ đăng ký tuyển chọn, giao trực tiếp")
    ACCEPTANCE = "acceptance", _("Hồ sơ đánh giá nghiệm thu")


class RequiredDocument(models.Model):
    """A document a dossier must contain before it can be submitted (TT 20/2023 art. 5; TT 11/2014)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="required_documents")
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=DossierStage.choices)
    case_kind = models.CharField(
        _("loại nhiệm vụ"), max_length=32, blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi loại nhiệm vụ."),
    )
    document_kind = models.CharField(_("loại tài liệu"), max_length=40)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tài liệu bắt buộc")
        verbose_name_plural = _("tài liệu bắt buộc")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "stage", "case_kind", "document_kind"],
                name="unique_required_document",
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.document_kind}"


class RuleFigure(models.Model):
    """One figure the product applies that no other rule row holds, as a dated version.

    Examples: the first advance of at most 1/2 of the approved budget (TTLT 27/2015 art. 13),
    the SME size limits (NĐ 80/2021 art. 5). A change is a new row with a later
    ``effective_from``; a case reads the version in force on its rules date
    (``tasks_kh_cn.rules``), so a figure changed later never changes a case under way.
    """

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="figures",
                                 verbose_name=_("bộ quy tắc"))
    code = models.SlugField(_("mã"), max_length=64)
    label = models.CharField(_("nội dung"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ"))
    value = models.JSONField(_("giá trị"))
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=128)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."))

    class Meta:
        verbose_name = _("số liệu quy định")
        verbose_name_plural = _("số liệu quy định")
        ordering = ["rule_set", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code", "effective_from"],
                                    name="unique_rule_figure_version"),
        ]

    def __str__(self):
        return f"{self.label} ({self.effective_from:%d/%m/%Y})"
