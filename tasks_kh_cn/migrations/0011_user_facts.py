"""The view ``tasks_kh_cn_userfact`` (tasks_kh_cn.models.facts): who a user is, one row a fact.

Written in SQL that PostgreSQL and SQLite both read. Each part keeps its source table's index
on the user (a filter on the view's ``user_id`` reaches every part of the UNION ALL)."""

from django.db import migrations, models

CREATE_VIEW = """
CREATE VIEW tasks_kh_cn_userfact AS
SELECT 'group:' || ug.id AS key, ug.user_id AS user_id, 'group' AS kind, g.id AS number,
       g.name AS text, CAST(NULL AS date) AS starts_on, CAST(NULL AS date) AS ends_on
  FROM auth_user_groups ug
  INNER JOIN auth_group g ON g.id = ug.group_id
UNION ALL
SELECT 'organisation:' || m.id, m.user_id, 'organisation', m.organisation_id, '', NULL, NULL
  FROM tasks_kh_cn_membership m
UNION ALL
SELECT 'principal:' || d.id, d.delegate_id, 'principal', d.principal_id, '', d.starts_on,
       d.ends_on
  FROM tasks_kh_cn_delegation d
 WHERE d.revoked_at IS NULL
UNION ALL
SELECT 'perm:' || up.id, up.user_id, 'perm', p.content_type_id, p.codename, NULL, NULL
  FROM auth_user_user_permissions up
  INNER JOIN auth_permission p ON p.id = up.permission_id
UNION ALL
SELECT 'groupperm:' || ug.id || ':' || gp.id, ug.user_id, 'perm', p.content_type_id,
       p.codename, NULL, NULL
  FROM auth_user_groups ug
  INNER JOIN auth_group_permissions gp ON gp.group_id = ug.group_id
  INNER JOIN auth_permission p ON p.id = gp.permission_id
"""

DROP_VIEW = "DROP VIEW IF EXISTS tasks_kh_cn_userfact"


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tasks_kh_cn", "0010_restriction_reason_in_english"),
    ]

    operations = [
        migrations.RunSQL(CREATE_VIEW, DROP_VIEW),
        migrations.CreateModel(
            name="UserFact",
            fields=[
                ("key", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("kind", models.CharField(choices=[("group", "Group"), ("organisation", "Organisation"), ("principal", "Principal"), ("perm", "Permission")], max_length=16)),
                ("number", models.IntegerField()),
                ("text", models.CharField(max_length=255)),
                ("starts_on", models.DateField(null=True)),
                ("ends_on", models.DateField(null=True)),
            ],
            options={
                "verbose_name": "user fact",
                "db_table": "tasks_kh_cn_userfact",
                "managed": False,
            },
        ),
    ]
