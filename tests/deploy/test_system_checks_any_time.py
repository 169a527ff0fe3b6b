"""Django's system checks say nothing, whatever the time of day a command runs.

Every management command runs the checks first. A date or time field whose default is a
fixed value makes Django warn (fields.W161) when the checks run within ten seconds of that
value, so ``send_reminders``, run by cron at 21:00 UTC, printed a block of warning before its
own one-line error (the reminder policy's quiet hours began at a fixed 21:00); CI met it
once, at 21:00 exactly. The defaults are functions now."""

import datetime

import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.utils import timezone

PROJECT_APPS = {"tasks_kh_cn", "workflows", "notifications"}


def project_fields():
    for model in apps.get_models():
        if model.__module__.split(".")[0] in PROJECT_APPS:  # the sub-apps' models too
            yield from ((model, field) for field in model._meta.concrete_fields)


def test_no_date_or_time_field_has_a_fixed_default():
    fixed = [f"{model.__name__}.{field.name}" for model, field in project_fields()
             if isinstance(field, (models.DateField, models.TimeField))
             and field.has_default() and not callable(field.default)]
    assert fixed == []
    assert sum(1 for _m, f in project_fields() if isinstance(f, models.TimeField)
               and f.has_default()) >= 4  # the reminder policy's four, at least


@pytest.mark.parametrize("hour,minute", [(21, 0), (8, 0), (7, 0), (7, 30)])
def test_the_checks_at_each_default_time_warn_of_nothing(monkeypatch, hour, minute):
    # Django compares a fixed default with the current time in UTC.
    at = datetime.datetime(2026, 12, 7, hour, minute, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: at)
    found = [m for m in checks.run_checks() if m.id == "fields.W161"]
    assert found == []
