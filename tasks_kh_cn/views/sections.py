"""Plumbing shared by the case page's domain sections (support, pilots, changes).

A section's POST view either redirects back to the case page, or re-renders the whole
case page with its bound form (what was typed, the Vietnamese field errors) and the
right status: 400 bad input, 403 forbidden (with the reason), 409 conflict.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from tasks_kh_cn.selectors import visible_case_or_404 as case_or_404  # noqa: F401 (re-exported)
from workflows.roles import DEPARTMENT_ROLES, user_roles

from .cases import _detail_context


def render_case_page(request, case, *, status, error=None, bound=None):
    """The case page again, with ``bound`` forms by section key, so nothing typed is lost."""
    context = _detail_context(request, case, error=error)
    context["section_forms"] = bound or {}
    return render(request, "web/case_detail.html", context, status=status)


def back_to_case(case, anchor):
    return redirect(reverse("web:case-detail", args=[case.pk]) + f"#{anchor}")


def add_errors(form, exc: ValidationError, aliases=None):
    """A service's field errors onto the form's fields; unknown fields become form errors."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, messages in exc.message_dict.items():
        name = aliases.get(name, name)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def date_inputs(form):
    """The browser's date picker for date fields; it posts ISO dates, which every locale accepts."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"
            field.widget.format = "%Y-%m-%d"
    return form


def is_department(user) -> bool:
    """Officer, approver, finance or admin: the department's own staff."""
    return bool(user_roles(user) & DEPARTMENT_ROLES)
