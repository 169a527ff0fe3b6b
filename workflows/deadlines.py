"""Deadline rules applied to a case as it moves.

The rules themselves are data (``notifications.DeadlineRule`` rows of the case's
rule set, seeded from REGULATIONS.md). This module only reads them: on every
transition it satisfies or cancels the open deadlines that the transition
closes, then creates the ones the rule set attaches to it. It runs inside the
transition's transaction (``case_transitioned``), so a rolled-back transition
leaves no deadline behind.
"""

import datetime
import time

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from notifications.models import Deadline, DeadlineRule, DeadlineStatus, DueUnit, RuleAnchor  # noqa: F401
from notifications.workdays import WorkingCalendar
from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.changes.signals import case_end_date_changed

from .lifecycle import TERMINAL
from .roles import Role
from .services import case_transitioned

END_OF_DAY = datetime.time(23, 59, 59)


def due_date(anchor: datetime.date, amount: int, unit: str, calendar=None,
             roll: bool = True) -> datetime.date:
    """The date ``amount`` units after ``anchor`` (before it when negative).

    Bộ luật Dân sự 2015 art. 148: a limit counted in days or months whose last day is a
    day off ends on the next working day (30 days after 2027-01-06 is 2027-02-05, in Tết:
    the limit ends on the first working day after Tết). ``roll=False`` where the rule says
    otherwise; a limit counted backwards ("at least one month before") never moves later.
    """
    if unit == DueUnit.WORKING_DAYS:
        calendar = calendar or WorkingCalendar({anchor.year, anchor.year + 1})
        return calendar.add_working_days(anchor, amount)
    if unit == DueUnit.MONTHS:
        day = anchor + relativedelta(months=amount)
    else:
        day = anchor + datetime.timedelta(days=amount)
    if roll and amount > 0:
        calendar = calendar or WorkingCalendar({day.year, day.year + 1})
        while not calendar.is_working_day(day):
            day += datetime.timedelta(days=1)
    return day


def rule_due_date(rule, anchor, amount=None, calendar=None) -> datetime.date:
    """``due_date`` for one rule row, with its own day-off flag."""
    return due_date(anchor, rule.amount if amount is None else amount, rule.unit,
                    calendar=calendar, roll=rule.roll_to_working_day)


def end_of(day: datetime.date) -> datetime.datetime:
    """A limit "within N days" runs to the end of the Nth day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, END_OF_DAY))


def _owed_by_user(case, role):
    """The person named on the deadline. The officer's deadlines are not pinned: they
    follow the case's assigned officer, who may change while the deadline runs."""
    if role == Role.ENTERPRISE:
        return case.leader_id
    return None


def _anchor(rule, case, today):
    if rule.anchor == RuleAnchor.CASE_END:
        return case.end_date
    if rule.anchor == RuleAnchor.CASE_START:
        return case.start_date
    if rule.anchor == RuleAnchor.CALL_CLOSE:
        # TT 20/2023: dossiers are opened within 7 working days of the call's closing date.
        closes = getattr(case.call, "closes_at", None) if case.call_id else None
        return timezone.localdate(closes) if closes is not None else today
    return today


def deadlines_for(rule, case, payload, today) -> list[Deadline]:
    """The deadline(s) one rule creates for this transition (several for periodic reports)."""
    anchor = _anchor(rule, case, today)
    if anchor is None:
        return []
    amount, assumption = rule.amount, rule.is_default_assumption
    if rule.payload_field and payload.get(rule.payload_field):
        # The officer set the limit in the return notice: it is no longer an assumption.
        amount, assumption = int(payload[rule.payload_field]), False
    common = dict(
        case=case, rule=rule, rule_set_id=case.rule_set_id, code=rule.code, title=rule.title,
        title_en=rule.title_en,
        owed_by_role=rule.owed_by, owed_by_user_id=_owed_by_user(case, rule.owed_by),
        amount=amount, unit=rule.unit, legal_basis=rule.legal_basis,
        legal_article=rule.legal_article, is_default_assumption=assumption,
        source_transition="",
    )
    dates = []
    if rule.repeat_until_end:
        # TT 09/2014 art. 9: a periodic report every 6 months from the contract start.
        n = 1
        # A report is owed when its nominal date falls within the contract; a date on a day
        # off then moves to the next working day (BLDS art. 148), even past the end.
        while case.end_date and due_date(anchor, amount * n, rule.unit,
                                         roll=False) <= case.end_date:
            dates.append(rule_due_date(rule, anchor, amount * n))
            n += 1
    else:
        dates.append(rule_due_date(rule, anchor, amount))
    return [
        Deadline(**common, sequence=n, due_at=end_of(day), due_on=day)
        for n, day in enumerate(dates, start=1)
    ]


_RULES_TTL_SECONDS = 60
_rules_cache: dict[tuple, tuple[float, dict[str, list[DeadlineRule]], dict[int, DeadlineRule]]] = {}


def rules_of(rule_set_id, on) -> tuple[dict[str, list[DeadlineRule]], dict[int, DeadlineRule]]:
    """The rule set's deadline rules (each code at its version in force ``on``, the case's
    rules date) by trigger and by id, read once a minute per process.

    Every transition asks; the rows change only when an administrator edits the rule set
    (this process forgets them at once, others within a minute), and a deadline copies its
    figures when created, so a running deadline never depends on the cache.
    """

    cached = _rules_cache.get((rule_set_id, on))
    if cached is None or time.monotonic() - cached[0] > _RULES_TTL_SECONDS:
        by_trigger: dict[str, list[DeadlineRule]] = {}
        by_id = {}
        for rule in case_rules.deadline_rules_on(rule_set_id, on):
            by_trigger.setdefault(rule.trigger, []).append(rule)
            by_id[rule.pk] = rule
        cached = (time.monotonic(), by_trigger, by_id)
        _rules_cache[(rule_set_id, on)] = cached
    return cached[1], cached[2]


def forget_rules(**kwargs):
    _rules_cache.clear()


def apply_transition(*, case, transition: str, to_status: str, payload=None,
                     anchor_on=None) -> list[Deadline]:
    """Close what ``transition`` closes and open what its rules open; return the new ones.

    ``transition`` may also name a council event ("council_formed:acceptance"); ``anchor_on``
    is then the day the event happened (the deadline counts from it, not from today).
    """
    payload = payload or {}
    now = timezone.now()
    by_trigger, by_id = rules_of(case.rule_set_id, case_rules.rules_date(case))
    if to_status in TERMINAL:
        _close_all(case, transition, by_id)
    else:
        # Only the deadlines whose rule this transition closes, in one UPDATE; most
        # transitions close none, and then no statement is even built. (Deadlines follow the
        # rules of the case's rule set; moving a case to another rule set must re-create its
        # running deadlines under the new one.)
        satisfying = [pk for pk, rule in by_id.items() if transition in rule.satisfied_by]
        cancelling = [pk for pk, rule in by_id.items() if transition in rule.cancelled_by
                      and transition not in rule.satisfied_by]
        if satisfying or cancelling:
            Deadline.objects.filter(case=case).close_open(
                satisfying_rules=satisfying, cancelling_rules=cancelling,
                transition_name=transition, at=now)

    # Two inserts at most: the deadlines, then those that hang on one created just now.
    first, second = [], []
    for rule in by_trigger.get(transition, []):
        for deadline in deadlines_for(rule, case, payload, anchor_on or timezone.localdate(now)):
            deadline.source_transition = transition
            deadline.created_at = now
            if rule.depends_on:
                parent = _parent(case, rule.depends_on, first)
                if parent is not None and parent.pk is None:
                    second.append((deadline, parent))
                    continue
                deadline.depends_on = parent
            first.append(deadline)
    if first:
        Deadline.objects.bulk_create(first)
    if second:
        for deadline, parent in second:
            deadline.depends_on = parent
        Deadline.objects.bulk_create([deadline for deadline, _parent_ in second])
    return first + [deadline for deadline, _parent_ in second]


def _close_all(case, transition, by_id):
    """The case has ended: every open deadline is satisfied by this transition or cancelled."""
    for deadline in Deadline.objects.filter(case=case, status=DeadlineStatus.OPEN):
        rule = by_id.get(deadline.rule_id) if deadline.rule_id else None
        if deadline.rule_id and rule is None:
            rule = deadline.rule  # a rule of another rule set (the case was migrated)
        if rule is not None and transition in rule.satisfied_by:
            deadline.satisfy(transition_name=transition)
        else:
            deadline.cancel(transition_name=transition)
        deadline.save(update_fields=["status", "closed_at", "closed_by_transition"])


def _parent(case, code, just_created):
    for deadline in reversed(just_created):
        if deadline.code == code:
            return deadline
    return (Deadline.objects.filter(case=case, code=code, status=DeadlineStatus.OPEN)
            .order_by("-due_at").first())


@receiver(case_transitioned, dispatch_uid="workflows.deadlines.apply_transition")
def on_case_transitioned(sender, case, transition, to_status, payload=None, **kwargs):
    apply_transition(case=case, transition=transition, to_status=to_status, payload=payload)


def extend_deadline(*, deadline: Deadline, new_due: datetime.date, by) -> list[Deadline]:
    """Move an open deadline to ``new_due`` and its dependents with it; return all moved.

    TT 09/2014: an extension of the contract moves the acceptance dossier (due 30
    days after the end, TT 11/2014) and the cut-off for asking for it. Each
    dependent is recomputed from its parent's new date with its own unit, so a
    working-day limit stays a working-day limit across Tết.
    """
    moved = []
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if deadline.status != DeadlineStatus.OPEN:
            raise ValueError("only an open deadline can be extended")
        _move(deadline, new_due, by, moved)
    return moved


def _move(deadline, new_due, by, moved):
    if deadline.original_due_at is None:
        deadline.original_due_at = deadline.due_at
    deadline.due_on = new_due
    deadline.due_at = end_of(new_due)
    deadline.extended_by = by
    deadline.save(update_fields=["due_on", "due_at", "original_due_at", "extended_by"])
    moved.append(deadline)
    for child in deadline.dependents.filter(status=DeadlineStatus.OPEN):
        roll = child.rule.roll_to_working_day if child.rule_id else True
        _move(child, due_date(new_due, child.amount, child.unit, roll=roll), by, moved)


def close_deadline(*, deadline: Deadline, by, satisfied: bool = True, note: str = "") -> Deadline:
    """An officer records an obligation met (or void) outside a case transition.

    Periodic reports (TT 09/2014 art. 9) are filed without moving the case, so
    they are closed here; the FSM still guards that only an open deadline closes.
    """
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        label = note or ("manual" if by is None else f"manual:{by.pk}")
        if satisfied:
            deadline.satisfy(transition_name=label[:64])
        else:
            deadline.cancel(transition_name=label[:64])
        deadline.save(update_fields=["status", "closed_at", "closed_by_transition"])
    return deadline


def on_end_date_changed(sender=None, *, case, old_end_date, new_end_date, **kwargs):
    """An approved extension moved the contract end (TT 09/2014): move what hangs on it.

    The contract-end deadline moves, its dependents (the acceptance dossier, TT 11/2014:
    30 days after the end; the cut-off for asking) follow, and the periodic reports
    of the added months are opened.
    """
    end = (Deadline.objects.filter(case=case, code="contract_end", status=DeadlineStatus.OPEN)
           .order_by("-due_at").first())
    if end is not None and end.due_on != new_end_date:
        extend_deadline(deadline=end, new_due=new_end_date, by=kwargs.get("by"))
    rule = case_rules.deadline_rule(case, "periodic_report")
    if rule is None or not rule.repeat_until_end or case.start_date is None:
        return
    case.end_date = new_end_date
    known = set(Deadline.objects.filter(case=case, code=rule.code).values_list("due_on",
                                                                                flat=True))
    now = timezone.now()
    for deadline in deadlines_for(rule, case, {}, timezone.localdate(now)):
        if deadline.due_on not in known:
            deadline.sequence = len(known) + 1
            deadline.source_transition = "extension"
            deadline.created_at = now
            deadline.save()
            known.add(deadline.due_on)


def connect_optional_signals():
    """Listen to the extension service (tasks_kh_cn.changes): an extended case's deadlines move."""
    case_end_date_changed.connect(on_end_date_changed,
                                  dispatch_uid="workflows.deadlines.on_end_date_changed")
    return True
