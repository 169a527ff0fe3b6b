import django.db.models.deletion
from django.db import migrations, models


def point_at_open_desk_tasks(apps, schema_editor):
    """Existing cases: point each at the open human task of its process (the newest one)."""
    TaskCase = apps.get_model("tasks_kh_cn", "TaskCase")
    Task = apps.get_model("viewflow", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type = ContentType.objects.filter(app_label="tasks_kh_cn", model="taskcase").first()
    if case_type is None:
        return
    open_tasks = (Task.objects.filter(process__artifact_content_type=case_type,
                                      flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
                  .order_by("pk").values_list("process__artifact_object_id", "pk"))
    for case_id, task_id in open_tasks:  # ordered by pk: the newest open task wins
        TaskCase.objects.filter(pk=case_id).update(desk_task_id=task_id)


class Migration(migrations.Migration):

    dependencies = [
        ("tasks_kh_cn", "0002_default_rule_set"),
        ("viewflow", "0015_task_scheduled"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskcase",
            name="desk_task",
            field=models.ForeignKey(blank=True, editable=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="viewflow.task",
                                    verbose_name="việc đang mở của quy trình"),
        ),
        migrations.RunPython(point_at_open_desk_tasks, migrations.RunPython.noop),
    ]
