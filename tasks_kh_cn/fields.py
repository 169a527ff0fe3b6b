"""Form fields shared by the page, the API and the admin (they all validate with the same forms).

MoneyField: whole VND typed the way people write it — ``1.200.000.000`` in Vietnamese,
``1,200,000,000`` in English, or plain digits — and shown back with the active language's
thousands separators (issue 13: budget inputs without separators were unreadable).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .numbers import money, parse_grouped


class MoneyField(forms.IntegerField):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "invalid", _("Số tiền phải là số nguyên (VNĐ), ví dụ 1.200.000.000."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # Text, not number: a number input refuses the separators people type.
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": "money"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_grouped(value)
        return super().to_python(value)

    def prepare_value(self, value):
        # An amount (initial or saved) shown grouped; what a user typed is shown as typed.
        return money(value) if isinstance(value, int) and not isinstance(value, bool) else value
