"""Web forms for enterprise support (the services check the rules; these check the input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.fields import MoneyField

from .selectors import support_catalogue


class AddItemForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Nội dung hỗ trợ"), queryset=None,
                                  empty_label=_("— Chọn nội dung trong danh mục —"),
                                  error_messages={"required": _("Cần chọn nội dung hỗ trợ.")})
    cost_estimate = MoneyField(
        label=_("Dự toán chi phí (VNĐ)"), min_value=1,
        error_messages={"required": _("Cần nhập dự toán chi phí.")})
    requested_amount = MoneyField(
        label=_("Kinh phí đề nghị hỗ trợ (VNĐ)"), min_value=0, required=False,
        help_text=_("Để trống để đề nghị toàn bộ mức được hỗ trợ theo quy định."))
    quotation_file = forms.FileField(label=_("Báo giá (PDF, DOCX, XLSX, ảnh)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_support_%s")
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = support_catalogue()


class EvidenceForm(forms.Form):
    """TT 35/2021 art. 9(2): proof of application, one per requested item."""

    certificate_number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=64,
                                         required=False)
    certification_body = forms.CharField(label=_("Tổ chức chứng nhận"), max_length=255,
                                         required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False)
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False)
    audit_report_file = forms.FileField(label=_("Báo cáo đánh giá việc áp dụng"), required=False)

    def __init__(self, *args, item_request=None, **kwargs):
        kwargs.setdefault("prefix", f"ev{item_request.pk}")
        super().__init__(*args, **kwargs)
        for field in ("valid_from", "valid_until"):
            self.fields[field].widget.input_type = "date"
            self.fields[field].widget.format = "%Y-%m-%d"


class PrioritySortForm(forms.Form):
    SORTS = {
        "priority": ("-priority_score", "created_at", "id"),
        "created": ("created_at", "id"),
        "code": ("code",),
        "host": ("host__name", "id"),
        "status": ("status", "-priority_score", "id"),
    }
    sort = forms.ChoiceField(label=_("Sắp xếp theo"), required=False, choices=[
        ("priority", _("Điểm ưu tiên (cao trước)")), ("created", _("Ngày tạo (cũ trước)")),
        ("code", _("Mã nhiệm vụ")), ("host", _("Doanh nghiệp")), ("status", _("Trạng thái")),
    ])

    def ordering(self):
        key = self.cleaned_data.get("sort") if self.is_valid() else None
        return self.SORTS[key or "priority"]
