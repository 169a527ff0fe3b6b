"""Notices written before the councils' notices named the council in English kept its
Vietnamese name in their English subject and body ("Invitation to the Hội đồng tư vấn
tuyển chọn — …"): put the English name there."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def forwards(apps, schema_editor):
    from tasks_kh_cn.councils.models import CouncilType
    from tasks_kh_cn.notices import in_both

    Notice = apps.get_model("notifications", "Notice")
    for council_type in CouncilType:
        vi, en = in_both(council_type.label)
        if vi == en:
            continue
        Notice.objects.filter(subject_en__contains=vi).update(
            subject_en=Replace("subject_en", Value(vi), Value(en)))
        Notice.objects.filter(body_en__contains=vi).update(
            body_en=Replace("body_en", Value(vi), Value(en)))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0012_deadline_titles_in_english"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
