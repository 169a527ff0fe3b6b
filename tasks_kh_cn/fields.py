"""Form fields shared by the page, the API and the admin (they all validate with the same forms).

MoneyField: whole VND typed the way people write it — ``1.200.000.000`` in Vietnamese,
``1,200,000,000`` in English, or plain digits — and shown back with the active language's
thousands separators (issue 13: budget inputs without separators were unreadable).

MarkedDecimalField: a small decimal (a council score) typed with either language's decimal
mark, ``1,5`` or ``1.5``, and shown back with the active language's. A number input would
not do: Chromium's drops a comma it does not expect, so ``1,5`` reached the server as 15.

LocalizedDecimalField: a measured figure of any size (a pilot's revenue, its defect rate)
typed in the page language's notation, grouped or not: ``1.234.567,5`` on a Vietnamese
page, ``1,234,567.5`` on an English one. The language settles what a lone mark means, so
``1.234`` is one thousand two hundred and thirty-four in Vietnamese and ``1.5`` is refused
there with a field error that shows the notation, never read as 15 or as 1.5.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from .numbers import localized, money, parse_grouped, parse_localized


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


class MarkedDecimalField(forms.DecimalField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("\u00a0", "").replace(" ", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")  # the Vietnamese decimal mark
            value = text  # anything else (``1.000,5``) is refused by the field as invalid
        return super().to_python(value)

    def prepare_value(self, value):
        # A saved value shown with the active language's mark, never grouped; what a user
        # typed is shown as typed.
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            text = format(Decimal(str(value)).normalize(), "f")
            return text.replace(".", get_format("DECIMAL_SEPARATOR"))
        return value


class LocalizedDecimalField(forms.DecimalField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = parse_localized(value, get_format("DECIMAL_SEPARATOR"),
                                    get_format("THOUSAND_SEPARATOR"))
            if value is None:  # not the page's notation
                raise self.not_a_number()
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            raise self.not_a_number() from exc

    @staticmethod
    def not_a_number() -> ValidationError:
        """The notation of the page's language, by example: 1.234,5 or 1,234.5."""
        return ValidationError(_("Số không hợp lệ: hãy viết theo dạng %(example)s."),
                               code="invalid", params={"example": localized(Decimal("1234.5"))})

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return localized(value)
        return value
