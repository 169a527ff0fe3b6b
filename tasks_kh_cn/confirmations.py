"""The "I understand" box that guards an action nobody can undo, written once.

Every irreversible action of the pages asks for it the same way: a required check box named
``confirm`` whose label names the consequence, checked by the server (so the guard holds
without JavaScript), refused with the same field error in the user's language, what was
typed kept. The actions:

- a transition declared ``danger=`` in workflows/lifecycle.py (withdraw, reject, terminate,
  suspend), added to its payload form by ``with_confirmation``;
- submitting a ballot, recording an advance as paid, recording a council's result: a field
  of their form (``confirmation_field``); the ballot's box is asked only when the member
  submits, not when they save a draft (``require_confirmation``);
- closing a council's round, which has no other field: ``ConfirmationForm``.

The API's clients state what they do in the request; the box is a page's guard.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirm"
NOT_CONFIRMED = _("Hãy đánh dấu xác nhận trước khi thực hiện thao tác này.")


def _label(consequence) -> str:
    return gettext("Tôi hiểu hậu quả: %(consequence)s") % {"consequence": consequence}


def confirmation_field(consequence, *, required: bool = True) -> forms.BooleanField:
    """The box, its label naming ``consequence`` in the language of the page that shows it
    (the label is lazy: a form class may declare the box)."""
    return forms.BooleanField(label=lazy(_label, str)(consequence), required=required,
                              error_messages={"required": NOT_CONFIRMED})


def with_confirmation(form, consequence, *, required: bool = True):
    """``form`` with the box added (last, beside the button)."""
    form.fields[CONFIRM_FIELD] = confirmation_field(consequence, required=required)
    return form


def require_confirmation(form) -> bool:
    """For a box that only some buttons need (a ballot's submission, not its draft): True
    when ticked, else False with the box's field error. ``form`` is valid already."""
    if form.cleaned_data.get(CONFIRM_FIELD):
        return True
    form.add_error(CONFIRM_FIELD, NOT_CONFIRMED)
    return False


class ConfirmationForm(forms.Form):
    """An action with nothing to fill in but the box."""

    def __init__(self, *args, consequence, **kwargs):
        kwargs.setdefault("auto_id", "id_confirm_%s")
        super().__init__(*args, **kwargs)
        with_confirmation(self, consequence)
