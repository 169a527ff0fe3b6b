"""Forms of the web app (transition payloads are the forms in workflows/payloads.py)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn import case_filters
from tasks_kh_cn.fields import MoneyField
from tasks_kh_cn.models import (
    Call,
    CaseKind,
    District,
    DocumentKind,
    Organisation,
    OrganisationKind,
)
from tasks_kh_cn.widgets import PlainSelect
from workflows.lifecycle import Phase, Status


class CaseFilterForm(forms.Form):
    """The case list's filters, read from the URL (GET) so a filtered view can be bookmarked;
    the filtering itself is tasks_kh_cn.case_filters, shared with the API and the export.
    Its ~100 options are drawn by PlainSelect (tasks_kh_cn.widgets): no template per option."""

    q = forms.CharField(label=_("Tìm theo mã, tên"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Giai đoạn"), required=False,
                              choices=[("", _("Tất cả giai đoạn")), *Phase.choices],
                              widget=PlainSelect)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả trạng thái")), *Status.choices],
                               widget=PlainSelect)
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), required=False,
                             choices=[("", _("Tất cả loại")), *CaseKind.choices],
                             widget=PlainSelect)
    # The officers and the calls are read once per form, names only: the same list checks
    # the value and draws the options (a ModelChoiceField reads its queryset for each, and
    # draws through a server-side cursor).
    officer = forms.TypedChoiceField(label=_("Chuyên viên thụ lý"), required=False, coerce=int,
                                     empty_value=None, widget=PlainSelect)
    district = forms.ChoiceField(label=_("Huyện, thị xã, thành phố"), required=False,
                                 choices=[("", _("Tất cả địa bàn")), *District.choices],
                                 widget=PlainSelect)
    call = forms.TypedChoiceField(label=_("Đợt thông báo"), required=False, coerce=int,
                                  empty_value=None, widget=PlainSelect)
    year = forms.IntegerField(label=_("Năm tạo"), required=False, min_value=2000,
                              max_value=2100)
    due_within = forms.IntegerField(
        label=_("Đến hạn trong (ngày)"), required=False, min_value=0,
        max_value=case_filters.MAX_DUE_WITHIN_DAYS,
        help_text=_("Có thời hạn đang mở đến hạn trong số ngày này."))
    overdue = forms.BooleanField(label=_("Có thời hạn quá hạn"), required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False,
                             choices=case_filters.SORT_CHOICES, widget=PlainSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers by full name, never by login (tasks_kh_cn.people).
        self.fields["officer"].choices = [("", _("Tất cả chuyên viên")),
                                          *case_filters.officer_choices()]
        self.fields["call"].choices = [("", _("Tất cả đợt")), *case_filters.call_choices()]

    def filter(self, queryset):
        """The visible cases narrowed and sorted; an invalid filter lists nothing rather than
        everything (the form shows its error beside the field)."""
        if not self.is_bound:
            return case_filters.sort_cases(queryset)
        if not self.is_valid():
            return queryset.none()
        data = dict(self.cleaned_data)
        sort = data.pop("sort")
        data["overdue"] = True if data["overdue"] else None
        return case_filters.sort_cases(case_filters.filter_cases(queryset, **data), sort)


class ProposalForm(forms.Form):
    """A new draft proposal (phiếu đề xuất nhiệm vụ, TT 06/2023)."""

    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500,
                            error_messages={"required": _("Cần nhập tên nhiệm vụ.")})
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), choices=CaseKind.choices)
    # Optional: defaults to the user's (first) organisation.
    host = forms.ModelChoiceField(
        label=_("Tổ chức chủ trì"), queryset=Organisation.objects.none(), empty_label=None,
        required=False,
        error_messages={"invalid_choice": _("Bạn không phải thành viên của tổ chức này.")})
    proposer = forms.ModelChoiceField(
        label=_("Cơ quan đề xuất (mô hình điểm)"), required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.AUTHORITY),
        help_text=_("Mô hình điểm: sở, ngành hoặc UBND huyện đề xuất thay doanh nghiệp."),
    )
    call = forms.ModelChoiceField(label=_("Đợt thông báo"), required=False,
                                  queryset=Call.objects.none())
    summary = forms.CharField(label=_("Mục tiêu, nội dung tóm tắt"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    requested_budget = MoneyField(label=_("Kinh phí đề nghị từ ngân sách (VNĐ)"),
                                          min_value=0, initial=0, required=False)
    co_funding = MoneyField(label=_("Vốn đối ứng (VNĐ)"), min_value=0, initial=0,
                                    required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = user.organisations.order_by("pk")
        self.user = user
        now = timezone.now()
        self.fields["call"].queryset = Call.objects.filter(opens_at__lte=now, closes_at__gt=now)

    def clean_requested_budget(self):
        return self.cleaned_data["requested_budget"] or 0

    def clean_co_funding(self):
        return self.cleaned_data["co_funding"] or 0

    def clean(self):
        data = super().clean()
        if data.get("host") is None and "host" not in self.errors:
            data["host"] = self.fields["host"].queryset.first()
            if data["host"] is None:
                self.add_error("host", _("Bạn chưa thuộc tổ chức nào để đứng tên chủ trì."))
        call, kind = data.get("call"), data.get("kind")
        if call is not None and kind and call.kind != kind:
            self.add_error("call", _("Đợt thông báo không dành cho loại nhiệm vụ này."))
        # The proposer's rules are the service's (services.cases.proposer_errors): the
        # views add its errors to this form's fields.
        return data


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False,
                            help_text=_("Để trống để dùng tên loại tài liệu."))
    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, PNG, JPG)"),
                           error_messages={"required": _("Cần chọn tệp.")})
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class OrganisationForm(forms.ModelForm):
    """Registering the organisation one represents (the tax code is checked by the model)."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "tax_code", "sector", "size_class",
                  "insured_staff", "annual_revenue", "total_capital", "district", "address",
                  "email", "phone", "makes_key_product", "is_ocop_producer", "ocop_stars"]

    # Fields with a model default may be left out (the API sends only what it knows).
    DEFAULTED = ("sector", "size_class")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTED:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.DEFAULTED:
            if not data.get(name) and name not in self.errors:
                data[name] = Organisation._meta.get_field(name).default
        return data

    def validate_unique(self):
        pass  # the service checks uniqueness on the normalised tax code

    def _post_clean(self):
        super()._post_clean()
        # The field validator and Organisation.clean() report a bad tax code alike: say it once.
        for errors in self._errors.values():
            seen, unique = set(), []
            for error in errors.as_data():
                text = " ".join(error.messages)
                if text not in seen:
                    seen.add(text)
                    unique.append(error)
            errors.data[:] = unique
