"""Reminders end to end: a real SMTP server and a fake SMS gateway on loopback."""

import datetime
import email
import email.policy
import hashlib
import hmac
import json

import pytest

from notifications.models import Attempt, ChannelPreference, Outbox, ReminderPolicy
from notifications.schedule import DIGEST, FIRE_TIMERS, SWEEP

from .helpers import at, returned_case, send_reminders

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("without_event_notices")]


def parse(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_three_days_before_by_email_and_sms_exactly_once(cast, smtp_server, sms_gateway):
    case, deadline = returned_case(cast)
    now = at(deadline.due_on - datetime.timedelta(days=3), 9)

    assert send_reminders(now) == {"queued": 2, "sent": 2, "skipped": 0, "dispatched": 2}
    assert send_reminders(now) == {"queued": 0, "sent": 0, "skipped": 2, "dispatched": 0}

    assert len(smtp_server.messages) == 1
    message = parse(smtp_server.messages[0])
    assert message["To"] == cast.host.email
    assert case.code in message["Subject"] and "còn 3 ngày nữa đến hạn" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Nộp lại đề xuất đã bổ sung" in html and "TT 06/2023/TT-BKHCN" in text

    assert len(sms_gateway.requests) == 1
    body = sms_gateway.requests[0]["body"]
    assert body["to"] == "0912345678" and body["brandname"] == "SOKHCN-TH"
    assert "So KH&CN nhac" in body["message"] and len(body["message"]) <= 160
    assert body["message"].isascii()  # SMS_STRIP_DIACRITICS
    rows = Outbox.objects.filter(deadline=deadline)
    assert {(r.step, r.channel, r.status) for r in rows} == {("d-3", "email", "sent"),
                                                            ("d-3", "sms", "sent")}
    assert Attempt.objects.filter(outbox__deadline=deadline, outcome="sent").count() == 2


def test_dry_run_writes_nothing(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    now = at(deadline.due_on, 8, 30)
    assert send_reminders(now, dry_run=True) == {"queued": 2, "sent": 0, "skipped": 0,
                                                 "dispatched": 0}
    assert not Outbox.objects.exists() and not smtp_server.messages


def test_sms_waits_for_the_end_of_quiet_hours(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    late = at(deadline.due_on - datetime.timedelta(days=1), 22)
    result = send_reminders(late)
    assert (result["queued"], result["sent"]) == (2, 1)  # the email goes, the SMS waits
    sms = Outbox.objects.get(channel="sms")
    assert sms.status == "queued" and sms.not_before == at(deadline.due_on, 7)
    assert not sms_gateway.requests

    assert send_reminders(at(deadline.due_on, 6, 55))["sent"] == 0
    result = send_reminders(at(deadline.due_on, 7, 5))
    assert result["sent"] == 1 and len(sms_gateway.requests) == 1
    assert len(smtp_server.messages) == 1


def test_gateway_error_then_success_delivers_once_after_a_retry(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    sms_gateway.fail_next = [500]
    send_reminders(at(deadline.due_on, 9))
    assert len(sms_gateway.requests) == 2 and len(sms_gateway.delivered) == 1
    sms = Outbox.objects.get(channel="sms")
    assert (sms.status, sms.attempts) == ("sent", 2)
    assert list(sms.attempt_log.values_list("outcome", flat=True)) == ["error", "sent"]


def test_a_refusal_is_not_retried(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    sms_gateway.fail_next = [400]
    send_reminders(at(deadline.due_on, 9))
    sms = Outbox.objects.get(channel="sms")
    assert (sms.status, sms.attempts) == ("failed", 1) and "400" in sms.last_error


def test_seven_days_after_is_escalated_to_officer_and_approver(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    officer_id = deadline.case.assigned_officer_id
    assert officer_id is not None
    send_reminders(at(deadline.due_on + datetime.timedelta(days=7), 9))
    rows = Outbox.objects.filter(deadline=deadline, channel="email")
    assert {(r.recipient_id, r.escalation) for r in rows} == {
        (cast.host.pk, False), (officer_id, True), (cast.approver.pk, True)}
    subjects = [parse(m)["Subject"] for m in smtp_server.messages]
    assert sum("BÁO CÁO LÊN" in s for s in subjects) == 2


def test_channel_preferences_are_honoured(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    ChannelPreference.objects.create(user=cast.host, sms_enabled=False)
    send_reminders(at(deadline.due_on, 9))
    assert list(Outbox.objects.values_list("channel", flat=True)) == ["email"]
    assert not sms_gateway.requests


def test_a_satisfied_deadline_is_not_reminded(cast, smtp_server, sms_gateway):
    case, deadline = returned_case(cast)
    from tests.factories import act

    act(case, "resubmit", cast.host)
    assert send_reminders(at(deadline.due_on, 9))["queued"] == 0


def test_missed_steps_are_not_sent_late(cast, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    # Two days after "7 days before": that step's window (24 h) has passed.
    assert send_reminders(at(deadline.due_on - datetime.timedelta(days=5), 9))["queued"] == 0


def test_delivery_callback_is_signed(cast, client, smtp_server, sms_gateway):
    _, deadline = returned_case(cast)
    send_reminders(at(deadline.due_on, 9))
    sms = Outbox.objects.get(channel="sms")
    body = json.dumps({"message_id": sms.provider_message_id, "status": "delivered"}).encode()
    signature = hmac.new(b"callback-secret", body, hashlib.sha256).hexdigest()
    url = "/notifications/sms/callback"

    forged = client.post(url, body, content_type="application/json", HTTP_X_SIGNATURE="0" * 64)
    assert forged.status_code == 403
    assert Outbox.objects.get(pk=sms.pk).status == "sent"

    ok = client.post(url, body, content_type="application/json", HTTP_X_SIGNATURE=signature)
    assert ok.status_code == 200
    sms = Outbox.objects.get(pk=sms.pk)
    assert sms.status == "delivered" and sms.delivered_at is not None
    assert sms.attempt_log.last().outcome == "delivered"

    unknown = json.dumps({"message_id": "nope", "status": "delivered"}).encode()
    answer = client.post(url, unknown, content_type="application/json",
                         HTTP_X_SIGNATURE=hmac.new(b"callback-secret", unknown,
                                                   hashlib.sha256).hexdigest())
    assert answer.status_code == 404
    assert client.post(url, b"{", content_type="application/json",
                       HTTP_X_SIGNATURE=hmac.new(b"callback-secret", b"{",
                                                 hashlib.sha256).hexdigest()).status_code == 400


def test_officer_digest_once_a_day(cast, smtp_server, sms_gateway):
    from notifications.tasks import send_officer_digests

    case, deadline = returned_case(cast)
    officer = deadline.case.assigned_officer
    now = at(deadline.due_on - datetime.timedelta(days=2), 7, 30)
    assert send_officer_digests(now.isoformat()) == 1
    assert send_officer_digests(now.isoformat()) == 0
    assert len(smtp_server.messages) == 1
    message = parse(smtp_server.messages[0])
    assert message["To"] == officer.email
    assert case.code in message.get_body(("plain",)).get_content()


def test_beat_schedule_and_policy_are_data(cast):
    from django_celery_beat.models import PeriodicTask

    from notifications.schedule import ensure_periodic_tasks

    ensure_periodic_tasks()
    tasks = {t.task: t for t in PeriodicTask.objects.all()}
    assert tasks[SWEEP].interval.every == 5 and tasks[FIRE_TIMERS].interval.every == 1
    assert (tasks[DIGEST].crontab.hour, tasks[DIGEST].crontab.minute) == ("7", "30")
    policy = ReminderPolicy.active()
    assert [s.offset_days for s in policy.steps.all()] == [-7, -3, -1, 0, 1, 7]


def test_an_extended_deadline_is_reminded_again_against_its_new_date(cast, smtp_server,
                                                                      sms_gateway):
    from workflows.deadlines import extend_deadline

    _, deadline = returned_case(cast)
    assert send_reminders(at(deadline.due_on - datetime.timedelta(days=3), 9))["queued"] == 2
    new_due = deadline.due_on + datetime.timedelta(days=14)
    extend_deadline(deadline=deadline, new_due=new_due, by=cast.officer)
    assert send_reminders(at(new_due - datetime.timedelta(days=3), 9))["queued"] == 2
    assert set(Outbox.objects.values_list("due_on", flat=True)) == {deadline.due_on, new_due}
