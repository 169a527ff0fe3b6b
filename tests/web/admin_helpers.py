"""Driving the admin as an administrator would: the change form's own fields, posted back."""

import json

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse


def superuser(username="root"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.vn", "pw")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj, action):
    opts = type(obj)._meta
    args = [] if action == "changelist" else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def form_values(form) -> dict:
    """A form's current values as its HTML would post them."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.JSONField):
            value = json.dumps(value)
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if isinstance(field, forms.MultiValueField):  # e.g. a date and a time box
            for index, part in enumerate(form[name].field.widget.decompress(value)):
                data[f"{form.add_prefix(name)}_{index}"] = "" if part is None else part
            continue
        data[form.add_prefix(name)] = "" if value is None else value
    return data


def change_form_data(obj, user, inline_changes=None, **changes) -> dict:
    """What the change form posts when the user alters only ``changes`` on the object and
    ``inline_changes`` ({(prefix, row): {field: value}}) on its inline rows."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site.get_model_admin(type(obj))
    data = form_values(model_admin.get_form(request, obj)(instance=obj))
    data.update(changes)
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, obj):
        formset = formset_class(instance=obj, prefix=formset_class.get_default_prefix())
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value()
                     for name in management.fields})
        for row, form in enumerate(formset.forms):
            data.update(form_values(form))
            for name, value in (inline_changes or {}).get((formset.prefix, row), {}).items():
                data[form.add_prefix(name)] = value
    data["_save"] = "Save"
    return data
