"""The notice table's first rows (notifications/catalogue.py); administrators edit them."""

from django.db import migrations


def seed(apps, schema_editor):
    from notifications.catalogue import rows

    NoticeEvent = apps.get_model("notifications", "NoticeEvent")
    known = {field.name for field in NoticeEvent._meta.get_fields()}
    for values in rows():
        values = {name: value for name, value in values.items() if name in known}
        NoticeEvent.objects.update_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_notices")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
