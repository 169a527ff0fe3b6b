"""Publicity of model enterprises (plan 3.6) and national quality award winners: one
validation path for the page and the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.models import CaseKind, Organisation, TaskCase
from tasks_kh_cn.validators import normalize_tax_code

from .models import Publicity, QualityAward

MODEL_KINDS = [CaseKind.PILOT_MODEL, CaseKind.ENTERPRISE_SUPPORT]


class OrganisationByTaxCode(forms.CharField):
    """The enterprise by its tax code: a select of every organisation would not scale."""

    def clean(self, value):
        value = super().clean(value)
        try:
            code = normalize_tax_code(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        organisation = Organisation.objects.filter(tax_code=code).first()
        if organisation is None:
            raise ValidationError(_("Không có tổ chức mã số thuế %(code)s.") % {"code": code})
        return organisation


class ByCodes:
    """An existing row shows its enterprise by tax code and its case by code, as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["organisation"] = self.instance.organisation.tax_code
            if getattr(self.instance, "case_id", None):
                self.initial["case"] = self.instance.case.code


class PublicityForm(ByCodes, forms.ModelForm):
    organisation = OrganisationByTaxCode(label=gettext_lazy("Mã số thuế doanh nghiệp"))
    case = forms.CharField(label=gettext_lazy("Mã mô hình điểm, nhiệm vụ hỗ trợ"), required=False)
    link = forms.URLField(label=gettext_lazy("đường dẫn"), required=False, assume_scheme="https",
                          max_length=500)

    class Meta:
        model = Publicity
        fields = ["organisation", "case", "published_on", "channel", "title", "link"]

    def clean_published_on(self):
        day = self.cleaned_data["published_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày đăng, phát không được sau hôm nay."))
        return day

    def clean_case(self):
        code = (self.cleaned_data.get("case") or "").strip()
        if not code:
            return None
        case = TaskCase.objects.filter(code=code, kind__in=MODEL_KINDS).first()
        if case is None:
            raise ValidationError(_("Không có mô hình điểm hoặc nhiệm vụ hỗ trợ mã %(code)s.") % {
                "code": code})
        return case

    def clean(self):
        data = super().clean()
        case, org = data.get("case"), data.get("organisation")
        if case and org and case.host_id != org.pk:
            self.add_error("case", _("Nhiệm vụ này không phải của doanh nghiệp đã chọn."))
        return data


class AwardForm(ByCodes, forms.ModelForm):
    organisation = OrganisationByTaxCode(label=gettext_lazy("Mã số thuế doanh nghiệp"))

    class Meta:
        model = QualityAward
        fields = ["organisation", "year", "level", "decision"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1990 <= year <= timezone.localdate().year:  # a sanity bound, not a legal figure
            raise ValidationError(_("Năm không hợp lệ."))
        return year


def _save(form_class, data, instance=None):
    form = form_class(data, instance=instance)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.save()


def record_publicity(*, data, instance=None) -> Publicity:
    return _save(PublicityForm, data, instance)


def record_award(*, data, instance=None) -> QualityAward:
    return _save(AwardForm, data, instance)
