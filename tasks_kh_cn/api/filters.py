"""Query parameters of the API: each list's filters are a FilterSet on ``StrictFilterSet``.

Declaring them as filters does three jobs at once: the value is typed (a choice, a date, a
boolean) so bad input is a 400 with the parameter's own error, never a database error
(PostgreSQL refuses a NUL byte in a string with a 500); drf-spectacular puts every one of
them in the OpenAPI schema; and the view never reads ``request.query_params`` by hand.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class StrictFilterForm(forms.Form):
    """Refuses a NUL byte in any declared parameter: no text column can hold one."""

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if any("\x00" in value for value in self.data.getlist(name)
                   if isinstance(value, str)):
                self.add_error(name, _("Giá trị chứa ký tự không hợp lệ."))
        return data


class StrictFilterSet(filters.FilterSet):
    class Meta:
        form = StrictFilterForm


class StrictBooleanWidget(forms.Widget):
    """``true``/``false`` (also 1/0, yes/no) as booleans; other text is kept for the field
    to refuse, so nonsense is a 400 rather than silently "no filter"."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no"}:
            return False
        return value


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget

    def to_python(self, value):
        if isinstance(value, str):
            raise forms.ValidationError(_("Giá trị phải là true hoặc false."), code="invalid")
        return value


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        # django-filter's DRF flavour sets its lenient BooleanWidget; ours refuses nonsense.
        super().__init__(*args, **kwargs)
        self.extra["widget"] = StrictBooleanWidget
