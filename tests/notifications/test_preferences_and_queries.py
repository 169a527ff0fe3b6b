"""A user's own channels page, and the sweep's query budget."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import ChannelPreference, Deadline
from notifications.services.sweep import run_sweep

from .helpers import at, returned_case


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/notifications/preferences/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_turns_sms_off_for_themselves_only(client, cast):
    client.force_login(cast.host)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200 and "Tùy chọn nhận thông báo" in page.content.decode()
    response = client.post("/notifications/preferences/",
                           {"email_enabled": "on", "digest_enabled": "on"})
    assert response.status_code == 302
    preference = ChannelPreference.objects.get(user=cast.host)
    assert (preference.email_enabled, preference.sms_enabled) == (True, False)
    assert not ChannelPreference.objects.exclude(user=cast.host).exists()


def test_sweep_queries_do_not_grow_with_the_number_of_deadlines(cast):
    _, deadline = returned_case(cast)
    now = at(deadline.due_on - datetime.timedelta(days=3), 9)
    with CaptureQueriesContext(connection) as one:
        assert run_sweep(now=now).queued == 2
    template = {f: getattr(deadline, f) for f in (
        "case_id", "rule_id", "rule_set_id", "code", "title", "owed_by_role", "owed_by_user_id",
        "due_at", "due_on", "amount", "unit", "legal_basis", "legal_article")}
    Deadline.objects.bulk_create([Deadline(**template) for _ in range(40)])
    with CaptureQueriesContext(connection) as many:
        result = run_sweep(now=now)
    assert (result.queued, result.skipped) == (80, 2)
    # 12 before issue 9; +2 for the recovery the sweep now does (slow retries due, rows
    # past the give-up horizon), each one statement whatever the number of rows.
    assert len(many.captured_queries) == len(one.captured_queries) <= 14
