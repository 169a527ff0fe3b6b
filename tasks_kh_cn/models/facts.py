"""Who a user is, as rows a request reads once: a database view over Django's and our tables.

Each request that checks a permission needs the user's groups (their roles), the
organisations they belong to, whom they stand in for today and their global permissions
(workflows.permissions.know_roles_and_organisations). Asked through the ORM as one query,
that is a UNION of five querysets, which Django compiles anew on every request: about 2 ms
of CPU on the 2-core machine, on every page and every transition. The UNION is the same
every time, so it is written once, as the view ``tasks_kh_cn_userfact`` (migration 0011);
a request reads its rows with one plain filter on the user (about 0.4 ms).

The view is read, never written (``managed = False``: Django neither creates nor alters it;
the migration does). Its ``key`` is unique per row (the kind and the source row's key), so
the model has a true primary key. A delegation is read with its dates and tested against
the local day in Python: the database's current date is the connection's (UTC), not Hanoi's.
``tests/accounts/test_user_facts.py`` holds the view to the ORM's answers, so a change of
the tables under it (a Django upgrade of ``auth``, a new column of a membership) fails there.
"""

from django.conf import settings
from django.db import models


class UserFact(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group"
        ORGANISATION = "organisation"
        PRINCIPAL = "principal"
        PERMISSION = "perm"

    key = models.CharField(primary_key=True, max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="facts")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The group's, the organisation's or the principal's key; a permission's content type.
    number = models.IntegerField()
    # The group's name; a permission's codename; empty otherwise.
    text = models.CharField(max_length=255)
    # A delegation's days (None for the other kinds).
    starts_on = models.DateField(null=True)
    ends_on = models.DateField(null=True)

    class Meta:
        managed = False
        db_table = "tasks_kh_cn_userfact"
        verbose_name = "user fact"

    def __str__(self):
        return self.key
