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


def change_form_data(obj, user, **changes) -> dict:
    """What the change form posts when the user alters only ``changes`` (no inlines)."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site.get_model_admin(type(obj))
    form = model_admin.get_form(request, obj)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.JSONField):
            value = json.dumps(value)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    data["_save"] = "Save"
    return data
