"""Reminders that are never lost: outages longer than the quick retries, give-up, resend.

Real servers on loopback (aiosmtpd and the test SMS gateway), really stopped and
restarted on the same ports; time is driven through the sweep's ``--now``, never slept.
"""

import collections
import datetime
import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from notifications.models import Attempt, Outbox
from notifications.schedule import RECOVER, SWEEP
from notifications.services.delivery import claim
from notifications.services.lost import NOTICE_STEP
from notifications.tasks import recover_outbox
from tests.factories import UserFactory, act

from .conftest import Gateway, Mailbox, free_port, start_gateway
from .helpers import at, bulk_reminders, returned_case, send_reminders

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("without_event_notices")]


class Outage:
    """The SMTP server and the SMS gateway, which the test takes down and brings back."""

    def __init__(self, settings):
        self.mailbox, self.gateway = Mailbox(), Gateway()
        self.smtp_port, self.sms_port = free_port(), free_port()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.smtp_port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.SMS_BACKEND, settings.SMS_API_KEY = "http", self.gateway.api_key
        settings.SMS_URL = f"http://127.0.0.1:{self.sms_port}/sms/send"
        self.smtp = self.http = None

    def up(self, smtp=True, sms=True):
        if smtp and self.smtp is None:
            self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=self.smtp_port)
            self.smtp.start()
        if sms and self.http is None:
            self.http = start_gateway(self.gateway, port=self.sms_port)

    def down(self):
        """Nothing listens any more: connections are refused, as with a dead server."""
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
            self.http = None

    def emails_per_row(self):
        keys = [email.message_from_bytes(m.content, policy=email.policy.default)["X-KHCN-Outbox"]
                for m in self.mailbox.messages]
        return collections.Counter(keys)

    def sms_per_row(self):
        return collections.Counter(r["body"]["request_id"] for r in self.gateway.requests)


@pytest.fixture
def outage(settings):
    servers = Outage(settings)
    yield servers
    servers.down()


def test_gateway_and_smtp_down_ten_simulated_minutes_every_reminder_delivered_once(
        cast, outage, settings):
    count = 30
    _, due_on = bulk_reminders(cast, count)
    start = at(due_on, 9)
    outage.down()
    # Beat's schedule, simulated: the sweep every 5 minutes, the recovery every minute.
    for minute in range(0, 61):
        if minute == 10:
            outage.up()
        now = start + datetime.timedelta(minutes=minute)
        if minute % 5 == 0:
            send_reminders(now)
        else:
            recover_outbox(now.isoformat())

    rows = list(Outbox.objects.all())
    emails, sms = outage.emails_per_row(), outage.sms_per_row()
    per_row = [emails[r.idempotency_key] if r.channel == "email" else sms[r.idempotency_key]
               for r in rows]
    lost, twice = per_row.count(0), sum(1 for n in per_row if n > 1)
    print(f"\noutbox rows={len(rows)} emails received={sum(emails.values())} "
          f"sms received={sum(sms.values())} lost={lost} sent twice={twice}")
    assert len(rows) == 2 * count
    assert (lost, twice) == (0, 0)
    assert {r.status for r in rows} == {"sent"}
    # Each row used its quick attempts in the outage, then one slow retry delivered it.
    assert {r.attempts for r in rows} == {settings.NOTIFICATIONS_MAX_ATTEMPTS + 1}


def test_a_message_past_its_horizon_is_given_up_and_the_officer_told_once(cast, outage,
                                                                         settings):
    _, deadline = returned_case(cast)
    outage.up(sms=False)  # mail works, the SMS gateway is gone for good
    start = at(deadline.due_on - datetime.timedelta(days=1), 9)
    send_reminders(start)  # step d-1: email sent, SMS fails its quick attempts
    sms = Outbox.objects.get(channel="sms")
    assert sms.status == "failed" and sms.next_retry_at is not None
    quick = settings.NOTIFICATIONS_MAX_ATTEMPTS
    send_reminders(at(deadline.due_on, 9))  # step d0: the same again; d-1 had a slow retry
    # The slow schedule keeps trying while the deadline is recent…
    retried = send_reminders(at(deadline.due_on, 9, 21))
    assert retried["retried"] == 2
    assert sorted(Outbox.objects.filter(channel="sms").values_list("attempts", flat=True)) == [
        quick + 1, quick + 2]
    # …and gives up GIVE_UP_AFTER_DAYS after the due date: one notice to the officer.
    later = at(deadline.due_on + datetime.timedelta(days=settings.NOTIFICATIONS_GIVE_UP_AFTER_DAYS
                                                    + 1), 6)
    result = send_reminders(later)
    assert (result["given_up"], result["notices"]) == (2, 1)
    for minutes in (1, 30, 24 * 60):
        again = send_reminders(later + datetime.timedelta(minutes=minutes))
        assert "given_up" not in again and "notices" not in again
    given_up = Outbox.objects.filter(channel="sms", status="given_up")
    assert given_up.count() == 2
    assert Attempt.objects.filter(outbox__in=given_up, outcome="gave_up").count() == 2
    notice = Outbox.objects.get(step=NOTICE_STEP)
    assert (notice.recipient_id, notice.channel, notice.status) == (
        deadline.case.assigned_officer_id, "email", "sent")
    officer_mail = [email.message_from_bytes(m.content, policy=email.policy.default)
                    for m in outage.mailbox.messages if cast.officer.email in m.rcpt_tos]
    assert len(officer_mail) == 1
    body = officer_mail[0].get_body(("plain",)).get_content()
    assert "Không gửi được nhắc hạn" in officer_mail[0]["Subject"]
    assert "0912345678" in body and deadline.case.code in body


def test_a_met_deadline_stops_its_slow_retries_quietly(cast, outage):
    case, deadline = returned_case(cast)
    outage.up(sms=False)
    send_reminders(at(deadline.due_on, 9))
    assert Outbox.objects.get(channel="sms").status == "failed"
    act(case, "resubmit", cast.host)  # the enterprise did what the reminder asked
    result = send_reminders(at(deadline.due_on, 9, 30))
    assert result["given_up"] == 1 and "notices" not in result and "retried" not in result
    sms = Outbox.objects.get(channel="sms")
    assert sms.status == "given_up" and sms.attempt_log.last().detail == "deadline satisfied"
    assert not Outbox.objects.filter(step=NOTICE_STEP).exists()


def resend_url():
    return reverse("admin:notifications_outbox_changelist")


def test_admin_sends_a_failed_message_again_on_the_same_row(cast, client, sms_gateway,
                                                            smtp_server):
    _, deadline = returned_case(cast)
    sms_gateway.fail_next = [400]  # refused: no slow retry, only a person can decide
    send_reminders(at(deadline.due_on, 9))
    sms = Outbox.objects.get(channel="sms")
    assert (sms.status, sms.next_retry_at) == ("failed", None)
    # Later sweeps never touch it.
    send_reminders(at(deadline.due_on, 12))
    assert Outbox.objects.get(pk=sms.pk).status == "failed" and len(sms_gateway.requests) == 1

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    sent = Outbox.objects.get(channel="email")
    response = client.post(resend_url(), {"action": "send_again",
                                          "_selected_action": [sms.pk, sent.pk]})
    assert response.status_code == 302
    sms.refresh_from_db()
    assert (sms.status, sms.resent_by_id) == ("sent", admin.pk) and sms.resent_at is not None
    assert list(sms.attempt_log.values_list("outcome", flat=True)) == ["error", "requeued",
                                                                       "sent"]
    assert Outbox.objects.count() == 2  # the same row, never a duplicate
    assert LogEntry.objects.filter(user=admin, object_id=str(sms.pk)).count() == 1
    assert len(sms_gateway.requests) == 2 and len(smtp_server.messages) == 1  # sent: untouched


def test_the_resend_door_is_closed_to_staff_without_the_permission(cast, client, sms_gateway,
                                                                  smtp_server):
    _, deadline = returned_case(cast)
    sms_gateway.fail_next = [400]
    send_reminders(at(deadline.due_on, 9))
    sms = Outbox.objects.get(channel="sms")
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_outbox"))
    client.force_login(viewer)
    page = client.get(resend_url())
    assert page.status_code == 200 and b"send_again" not in page.content
    client.post(resend_url(), {"action": "send_again", "_selected_action": [sms.pk]})
    sms.refresh_from_db()
    assert (sms.status, sms.resent_by_id) == ("failed", None)
    client.force_login(cast.officer)  # not staff at all
    response = client.post(resend_url(), {"action": "send_again", "_selected_action": [sms.pk]})
    assert response.status_code == 302 and "login" in response["Location"]
    assert Outbox.objects.get(pk=sms.pk).status == "failed" and len(sms_gateway.requests) == 1


def test_a_sender_whose_claim_was_taken_back_can_no_longer_record(cast, settings):
    _, deadline = returned_case(cast)
    now = timezone.now()
    row = Outbox.objects.create(deadline=deadline, step="d0", due_on=deadline.due_on,
                                recipient=cast.host, channel="email", address=cast.host.email,
                                not_before=now)
    first, second = "a" * 32, "b" * 32
    assert Outbox.objects.claim([row.pk], now, first) == [row.pk]
    assert claim([row.pk], now) == []  # claimed: nobody else takes it
    lease = datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE)
    assert Outbox.objects.release_expired(timezone.now(), lease) == 0  # the lease holds
    assert Outbox.objects.release_expired(timezone.now() + 2 * lease, lease) == 1
    assert Outbox.objects.claim([row.pk], now, second) == [row.pk]
    assert Outbox.objects.renew([row.pk], first, now) == set()
    assert Outbox.objects.mark_sent(row.pk, first, provider_id="x", at=now) == 0
    assert Outbox.objects.mark_sent(row.pk, second, provider_id="y", at=now) == 1


def test_beat_runs_the_recovery_every_minute(db):
    from django_celery_beat.models import PeriodicTask

    from notifications.schedule import ensure_periodic_tasks

    ensure_periodic_tasks()
    tasks = {t.task: t for t in PeriodicTask.objects.filter(enabled=True)}
    assert tasks[RECOVER].interval.every == 1 and tasks[RECOVER].interval.period == "minutes"
    assert tasks[SWEEP].interval.every == 5
