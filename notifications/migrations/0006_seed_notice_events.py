"""The notice table's first rows (notifications/catalogue.py); administrators edit them."""

from django.db import migrations


def seed(apps, schema_editor):
    from notifications.catalogue import rows

    NoticeEvent = apps.get_model("notifications", "NoticeEvent")
    for values in rows():
        NoticeEvent.objects.update_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_notices")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
