"""What each PostgreSQL connection of the app is told once, when it opens (connected in
apps.ready through Django's ``connection_created`` signal).

``cursor_tuple_fraction = 1``. The app opens a server-side cursor (``QuerySet.iterator()``)
only to export a whole list to Excel (tasks_kh_cn.xlsx), and reads every row of it.
PostgreSQL's default of 0.1 plans such a cursor for its first rows. For an officer's 10,000
cases among 100,000, that plan walked the newest-first index through all 100,000 rows, and
the cursor took 85 ms. The plan for the whole result (the officer's index, then a sort) took
48 ms (bench/pages.py's database, 2026-12-07). Django's cursors outside a transaction are
WITH HOLD, so PostgreSQL computes the whole result before the first fetch: a fast start gains
nothing there.
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

SESSION_SETTINGS = {"cursor_tuple_fraction": "1"}


@receiver(connection_created, dispatch_uid="tasks_kh_cn.database.session_settings")
def session_settings(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in SESSION_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
