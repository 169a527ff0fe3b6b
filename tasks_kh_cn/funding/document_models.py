"""Documents the department issues on a case, from templates an administrator edits.

A ``DocumentTemplate`` is dated text in Django's template language (one paragraph per
blank-line-separated block; a block starting with "# " is a heading). Issuing renders it
once for the case and freezes the text (``IssuedDocument.text``) with the register number
(per kind and year) and date; the DOCX and PDF are made from that frozen text whenever
they are downloaded. Documents both sides sign carry each side's signed scan (PDF).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IssuedKind(models.TextChoices):
    APPROVAL_DECISION = "approval_decision", _("Quyết định phê duyệt nhiệm vụ")
    CONTRACT = "contract", _("Hợp đồng thực hiện nhiệm vụ")
    AMENDMENT = "amendment", _("Phụ lục điều chỉnh hợp đồng")
    RECOGNITION_DECISION = "recognition_decision", _("Quyết định công nhận kết quả")
    LIQUIDATION_MINUTES = "liquidation_minutes", _("Biên bản thanh lý hợp đồng")
    REFUND_DECISION = "refund_decision", _("Quyết định thu hồi kinh phí")


# Signed by the host and by the department (TT 05/2014 model contract).
SIGNED_BY_BOTH = {IssuedKind.CONTRACT, IssuedKind.AMENDMENT, IssuedKind.LIQUIDATION_MINUTES}


class DocumentTemplate(models.Model):
    kind = models.CharField(_("loại văn bản"), max_length=32, choices=IssuedKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    register_suffix = models.CharField(_("ký hiệu sổ"), max_length=32,
                                       help_text=_("Ví dụ: HĐ-SKHCN, QĐ-SKHCN."))
    body = models.TextField(
        _("nội dung"),
        help_text=_("Ngôn ngữ mẫu của Django, ví dụ {{ case.title }}, {{ host_name }}, "
                    "{{ state_budget }}. Các đoạn cách nhau một dòng trống; đoạn bắt đầu "
                    "bằng “# ” là tiêu đề mục."))
    effective_from = models.DateField(_("áp dụng từ"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "effective_from"],
                                               name="unique_template_kind_date")]

    def __str__(self):
        return f"{self.title} ({self.effective_from:%d/%m/%Y})"


class IssuedDocument(models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                             related_name="issued_documents", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại văn bản"), max_length=32, choices=IssuedKind.choices)
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("mẫu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự trong sổ"))
    register_number = models.CharField(_("số văn bản"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("người ban hành"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung đã ban hành"))
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("sổ văn bản đã ban hành")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"],
                                               name="unique_register_number")]

    def __str__(self):
        return f"{self.register_number} — {self.title}"

    @property
    def needs_signatures(self) -> bool:
        return self.kind in SIGNED_BY_BOTH


class SignatureSide(models.TextChoices):
    HOST = "host", _("Tổ chức chủ trì")
    DEPARTMENT = "department", _("Sở Khoa học và Công nghệ")


class SignedScan(models.Model):
    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE,
                                 related_name="signatures", verbose_name=_("văn bản"))
    side = models.CharField(_("bên ký"), max_length=16, choices=SignatureSide.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("người nộp bản ký"))
    signed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    scan = models.ForeignKey("tasks_kh_cn.DocumentVersion", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("bản ký quét (PDF)"))

    class Meta:
        verbose_name = _("bản ký")
        verbose_name_plural = _("bản ký")
        constraints = [models.UniqueConstraint(fields=["document", "side"],
                                               name="unique_signature_side")]

    def __str__(self):
        return f"{self.document} — {self.get_side_display()}"
