"""Dossier attachments, versioned: a resubmission adds a version and never overwrites."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.bilingual import EN_HELP, shown


class DocumentKind(models.TextChoices):
    PROPOSAL_FORM = "proposal_form", _("Phiếu đề xuất nhiệm vụ")
    APPLICATION = "application", _("Đơn đăng ký chủ trì")
    TECHNICAL_PROPOSAL = "technical_proposal", _("Thuyết minh nhiệm vụ")
    BUDGET_ESTIMATE = "budget_estimate", _("Dự toán kinh phí")
    ORGANISATION_PROFILE = "organisation_profile", _("Tóm tắt hoạt động của tổ chức")
    LEADER_CV = "leader_cv", _("Lý lịch chủ nhiệm nhiệm vụ")
    LEGAL_STATUS = "legal_status", _("Giấy tờ pháp lý của tổ chức")
    PARTNER_CONSENT = "partner_consent", _("Văn bản xác nhận phối hợp")
    FINANCIAL_STATEMENTS = "financial_statements", _("Báo cáo tài chính 2 năm gần nhất")
    QUOTATION = "quotation", _("Báo giá")
    CONTRACT = "contract", _("Hợp đồng")
    PERIODIC_REPORT = "periodic_report", _("Báo cáo định kỳ")
    ACCEPTANCE_REQUEST = "acceptance_request", _("Công văn đề nghị đánh giá nghiệm thu")
    FINAL_REPORT = "final_report", _("Báo cáo tổng hợp kết quả")
    SUMMARY_REPORT = "summary_report", _("Báo cáo tóm tắt")
    PRODUCT_REPORT = "product_report", _("Báo cáo về sản phẩm")
    SELF_EVALUATION = "self_evaluation", _("Báo cáo tự đánh giá")
    FUNDS_REPORT = "funds_report", _("Báo cáo sử dụng kinh phí")
    EVIDENCE = "evidence", _("Minh chứng")
    OTHER = "other", _("Tài liệu khác")


class Document(models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="documents", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại tài liệu"), max_length=40, choices=DocumentKind.choices)
    # Stored in Vietnamese, the records' language, whatever the uploader's; a title the
    # product writes (a signed copy's) keeps its English beside it for the English pages.
    title = models.CharField(_("tên tài liệu"), max_length=255)
    title_en = models.CharField(_("tên tài liệu (tiếng Anh)"), max_length=255, blank=True,
                                help_text=EN_HELP)
    current_version = models.ForeignKey(
        "tasks_kh_cn.DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("phiên bản hiện hành"),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "title"], name="unique_document_title")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.shown_title}"

    @property
    def shown_title(self) -> str:
        """The title in the page's language (English when there is one)."""
        return shown(self.title, self.title_en)


def version_upload_to(instance, filename):
    # The stored name never comes from the user: a random name under the case's folder.
    return f"cases/{instance.document.case_id}/{uuid.uuid4().hex}{instance.extension}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name=_("tài liệu"))
    number = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp"), upload_to=version_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    extension = models.CharField(_("phần mở rộng"), max_length=10)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản tài liệu")
        verbose_name_plural = _("phiên bản tài liệu")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"
