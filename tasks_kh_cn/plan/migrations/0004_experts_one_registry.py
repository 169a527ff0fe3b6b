"""Issue 14: one experts registry. The plan's own ``Expert`` table moves into the councils'
registry (``councils.Expert``), which the plan's experts indicator and the advisory unit's
capacity now count; the unit's typed-in ``qualified_staff`` goes (it is counted now).

Each plan expert becomes a registry expert of the field "Năng suất, chất lượng" (marked
``productivity_quality``), entered on the day they were qualified. A plan expert without a
user account gets one, without a usable password (the officer sends a reset link when the
expert first needs to log in), and a profile with their full name. The free-text fields of
the old table are kept on the profile's position line, since the registry's fields are a list.
Degree is left empty (unknown): the registry's form asks for it on the next edit.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations

FIELD = dict(code="nang-suat-chat-luong", name="Năng suất, chất lượng")


def _entered(day):
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _username(User, pk):
    name, n = f"chuyengia-{pk}", 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"chuyengia-{pk}-{n}"
    return name


def forwards(apps, schema_editor):
    PlanExpert = apps.get_model("plan", "Expert")
    Expert = apps.get_model("councils", "Expert")
    ExpertiseField = apps.get_model("councils", "ExpertiseField")
    Profile = apps.get_model("tasks_kh_cn", "Profile")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    if not PlanExpert.objects.exists():
        return
    field, _created = ExpertiseField.objects.get_or_create(
        code=FIELD["code"], defaults={"name": FIELD["name"], "productivity_quality": True})
    if not field.productivity_quality:
        field.productivity_quality = True
        field.save(update_fields=["productivity_quality"])
    for old in PlanExpert.objects.order_by("pk"):
        user = old.user
        if user is None:
            user = User.objects.create(username=_username(User, old.pk), password=make_password(None),
                                       is_active=old.active)
            Profile.objects.create(user=user, full_name=old.full_name, position=old.fields[:128])
        expert = Expert.objects.filter(user=user).first()
        if expert is None:
            expert = Expert.objects.create(user=user, degree="", organisation=old.organisation,
                                           active=old.active, created_at=_entered(old.qualified_on))
        elif old.organisation_id and not expert.organisation_id:
            expert.organisation = old.organisation
            expert.save(update_fields=["organisation"])
        expert.fields.add(field)


def backwards(apps, schema_editor):
    PlanExpert = apps.get_model("plan", "Expert")
    Expert = apps.get_model("councils", "Expert")
    Profile = apps.get_model("tasks_kh_cn", "Profile")
    for expert in Expert.objects.filter(fields__productivity_quality=True).distinct():
        profile = Profile.objects.filter(user_id=expert.user_id).first()
        name = (profile.full_name if profile else "") or expert.user.username
        PlanExpert.objects.create(full_name=name, user_id=expert.user_id,
                                  organisation_id=expert.organisation_id,
                                  fields=FIELD["name"], active=expert.active,
                                  qualified_on=expert.created_at.date())


class Migration(migrations.Migration):

    dependencies = [
        ('plan', '0003_programme'),
        ('councils', '0005_expertise_field_productivity_quality'),
        ('tasks_kh_cn', '0008_liquidation_status'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='advisoryunit',
            name='qualified_staff',
        ),
        migrations.DeleteModel(
            name='Expert',
        ),
    ]
