"""Publishing a decided council's result (TT 20/2023: within 15 days, kept online at least
60 days; TT 06/2023: the list within 15 days of approval — the ``MeetingRule`` row).

Only what the text requires goes out: the task's name, its host, the result and the
decision. Never the dossier, the ballots or who scored what; the public page reads
these copies only (``PublishedResult``).
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date

from ..kinds import kind_of
from ..models import PublishedResult
from .meetings import meeting_rule_for


def publish_result(council, outcome, data) -> PublishedResult | None:
    """Called by ``decide`` in its transaction: published at once, so always within the
    time the rule allows; kept online for the rule's minimum from today."""
    rule = meeting_rule_for(council)
    if rule is None or rule.publish_within_days is None:
        return None  # the text requires no publication of this council's result
    case = council.case
    if kind_of(council).per_dossier and outcome.winner_id:
        case = outcome.winner
    now = timezone.now()
    today = timezone.localdate(now)
    decision_date = parse_date(str(data.get("decision_date") or "")) or today
    result, _created = PublishedResult.objects.update_or_create(
        council=council,
        defaults=dict(
            council_type=council.council_type, task_name=case.title,
            host_name=case.host.name, result=str(outcome.get_result_display()),
            decision_number=str(data.get("decision_number") or "")[:64],
            decision_date=decision_date, published_at=now,
            publish_due=today + datetime.timedelta(days=rule.publish_within_days),
            keep_until=today + datetime.timedelta(days=rule.publish_keep_days or 0),
            legal_article=rule.publish_article[:255]))
    return result


def public_results(today=None):
    """What the public page lists: results still within their minimum time online."""
    today = today or timezone.localdate()
    return PublishedResult.objects.filter(keep_until__gte=today).order_by("-published_at",
                                                                         "-id")
