"""From an occurrence to each person's notice and its email and SMS copies.

Runs after the commit of the write that recorded the occurrence (a Celery task), and
again from the minute-by-minute recovery for any occurrence a dead worker left. It claims
the occurrence with a conditional UPDATE, so two runs never both fan it out; the notice
and outbox rows are unique per (occurrence, person) and (notice, channel) besides.
"""

import contextlib
import contextvars
import datetime
import functools
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime

from tasks_kh_cn.models import Membership, TaskCase
from tasks_kh_cn.people import person_name
from workflows.roles import Role

from ..models import (
    Channel,
    ChannelPreference,
    Deadline,
    DeadlineStatus,
    Notice,
    NoticeEvent,
    Occurrence,
    Outbox,
    ReminderPolicy,
)
from .sweep import dispatch_on_commit

logger = logging.getLogger("notifications.fanout")

EVENT_STEP = "event"
PENDING_GRACE = datetime.timedelta(seconds=60)

# Off only while demo data is made (seed_demo): people get their in-app notices, and no
# email or SMS goes to the made-up addresses of the demo's thousand transitions.
_copies = contextvars.ContextVar("notice_copies", default=True)


@contextlib.contextmanager
def in_app_only():
    token = _copies.set(False)
    try:
        yield
    finally:
        _copies.reset(token)


def audience(event: NoticeEvent, occurrence: Occurrence, case) -> set[int]:
    """The people the event's row names, resolved on the case; never the actor."""
    users = get_user_model().objects.filter(is_active=True)
    ids: set[int] = set()
    groups = []
    if event.to_addressees:
        ids.update(occurrence.addressees or [])
    if case is not None and event.to_host:
        ids.update(Membership.objects.filter(organisation_id=case.host_id, user__is_active=True)
                   .values_list("user_id", flat=True))
    if event.to_officer:
        if case is not None and case.assigned_officer_id:
            ids.add(case.assigned_officer_id)
        else:
            groups.append(Role.LEAD_OFFICER)
    for wanted, role in ((event.to_approvers, Role.APPROVER), (event.to_finance, Role.FINANCE),
                         (event.to_leads, Role.LEAD_OFFICER)):
        if wanted:
            groups.append(role)
    if groups:
        ids.update(users.filter(groups__name__in=groups).values_list("id", flat=True))
    if ids:
        ids = set(users.filter(id__in=ids).values_list("id", flat=True))
    ids.discard(occurrence.actor_id)
    return ids


def _typed(context: dict) -> dict:
    """JSON keeps dates as text; templates format real dates in the reader's language."""
    out = {}
    for name, value in context.items():
        if isinstance(value, str) and name.endswith("_on"):
            value = parse_date(value) or value
        elif isinstance(value, str) and name.endswith("_at"):
            value = parse_datetime(value) or value
        out[name] = value
    return out


@functools.lru_cache(maxsize=512)
def compiled(text: str) -> Template:
    """A notice text parsed once per process: each event's four or five texts were parsed
    again for every occurrence. Keyed by the text, so an edited event is parsed anew."""
    return Template(text)


def render(text: str, context: dict, language: str) -> str:
    with translation.override(language):
        return compiled(text).render(Context(context, autoescape=False)).strip()


def texts(event: NoticeEvent, context: dict) -> dict:
    return {"subject_vi": render(event.subject_vi, context, "vi")[:300],
            "subject_en": render(event.subject_en, context, "en")[:300],
            "body_vi": render(event.body_vi, context, "vi"),
            "body_en": render(event.body_en, context, "en")}


def quiet_until(now, start, end):
    """The end of the quiet hours when ``now`` falls in them, else ``now``."""
    if start is None or end is None or start == end:
        return now
    local = timezone.localtime(now)
    t = local.time()
    quiet = (t >= start or t < end) if start > end else (start <= t < end)
    if not quiet:
        return now
    day = local.date() if t < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, end))


def _channels(event, prefs_row, policy_quiet, now):
    """[(channel, address, not_before)] for one person, honouring their preferences."""
    (user_id, email, mobile, email_on, sms_on, q_start, q_end, muted) = prefs_row
    if muted:
        return []
    start, end = (q_start, q_end) if q_start is not None else policy_quiet
    later = quiet_until(now, start, end)
    out = []
    if event.email and email and email_on is not False:
        out.append((Channel.EMAIL, email, later))
    if event.sms and mobile and sms_on is not False:
        out.append((Channel.SMS, mobile, later))
    return out


def occurrence_id(event_id, key) -> int | None:
    return Occurrence.objects.filter(event_id=event_id, key=key).values_list(
        "pk", flat=True).first()


def claim(occurrence_id, now) -> bool:
    return Occurrence.objects.filter(pk=occurrence_id, fanned_out_at=None).update(
        fanned_out_at=now) == 1


def fan_out(occurrence_id: int, now=None) -> int:
    """Write the notices and outbox rows of one occurrence; the number of notices."""
    now = now or timezone.now()
    with transaction.atomic():
        if not claim(occurrence_id, now):
            return 0
        occurrence = Occurrence.objects.select_related("event", "actor__profile").get(
            pk=occurrence_id)
        event = occurrence.event
        case = (TaskCase.objects.select_related("host").get(pk=occurrence.case_id)
                if occurrence.case_id else None)
        people = audience(event, occurrence, case)
        if not people:
            return 0
        context = {"case": case, "site_url": _site_url(), **_typed(occurrence.context)}
        if occurrence.actor_id and "actor_name" not in context:
            context["actor_name"] = person_name(occurrence.actor)
        if case is not None and "due_on" not in context and context.get("transition"):
            # The deadline the transition opened (the deadlines engine wrote it in the same
            # transaction): "returned, resubmit by …".
            context["due_on"] = Deadline.objects.filter(
                case=case, source_transition=context["transition"],
                status=DeadlineStatus.OPEN).order_by("due_at").values_list(
                "due_on", flat=True).first()
        url = reverse("web:case-detail", args=[case.pk]) if case is not None else ""
        context.setdefault("url", f"{context['site_url']}{url}" if url else context["site_url"])
        words = texts(event, context)
        sms = render(event.sms_text or event.subject_vi, context, "vi")[:300] if event.sms else ""
        notices = Notice.objects.bulk_create([
            Notice(event=event, occurrence=occurrence, recipient_id=person, case=case,
                   url=url, created_at=now, in_app=event.in_app, sms_vi=sms, **words)
            for person in sorted(people)])
        _queue_copies(event, notices, now)
    return len(notices)


def _queue_copies(event, notices, now) -> list[int]:
    if not (event.email or event.sms) or not _copies.get():
        return []
    by_person = {n.recipient_id: n for n in notices}
    muted = ChannelPreference.muted_events.through.objects.filter(
        channelpreference__user_id=OuterRef("id"), noticeevent_id=event.pk)
    rows = get_user_model().objects.filter(id__in=by_person).annotate(muted=Exists(muted)) \
        .values_list("id", "email", "profile__mobile", "notification_preference__email_enabled",
                     "notification_preference__sms_enabled", "notification_preference__quiet_start",
                     "notification_preference__quiet_end", "muted")
    policy = ReminderPolicy.objects.filter(is_active=True).order_by("-id") \
        .values_list("quiet_start", "quiet_end").first() or (None, None)
    outbox = []
    for row in rows:
        for channel, address, not_before in _channels(event, row, policy, now):
            outbox.append(Outbox(notice=by_person[row[0]], step=EVENT_STEP, recipient_id=row[0],
                                 channel=channel, address=address[:254], not_before=not_before,
                                 created_at=now))
    created = Outbox.objects.bulk_create(outbox)
    ready = [o.pk for o in created if o.not_before <= now]
    if ready:
        Outbox.objects.stamp_dispatched(ready, now)
        dispatch_on_commit(ready, now)
    return ready


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


WAKE_BATCH = 500


def fan_out_waiting() -> int:
    """Every occurrence committed and not fanned out, oldest first, in batches; the number
    of notices. One that fails is logged and left to the minute's recovery, and the others
    go on: a broken template must not hold back everyone's notices."""
    told, last = 0, 0
    while batch := list(Occurrence.objects.filter(fanned_out_at=None, id__gt=last)
                        .order_by("id").values_list("id", flat=True)[:WAKE_BATCH]):
        for pk in batch:
            try:
                told += fan_out(pk)
            except Exception:  # noqa: BLE001 — logged, retried by the recovery
                logger.exception("fan-out of occurrence %s failed; the recovery retries it", pk)
        last = batch[-1]
    return told


def pending(now) -> list[int]:
    """Occurrences committed more than a minute ago and never fanned out (a dead worker)."""
    return list(Occurrence.objects.filter(fanned_out_at=None, created_at__lt=now - PENDING_GRACE)
                .order_by("id").values_list("id", flat=True)[:500])
