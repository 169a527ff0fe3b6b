"""Councils that meet: the meeting, papers due before it, attendance at it, the decision
deadline after it, and the result published once decided.

Every figure comes from the council type's ``MeetingRule`` row with its text (TT 06/2023,
TT 20/2023, TT 11/2014 — REGULATIONS.md B1, B2, B5); working days from
``notifications.workdays``. Papers are due a number of working days BEFORE the meeting:
the count runs back from the meeting day, skipping weekends and holidays (Tết).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.deadline_titles import in_both
from notifications.models import Deadline, DeadlineStatus, DueUnit
from notifications.notices import notify
from notifications.workdays import add_working_days
from tasks_kh_cn.rules import rules_date
from workflows.councils.base import council_lock
from workflows.deadlines import due_date, end_of

from ..errors import CouncilConflict, CouncilError, CouncilForbidden
from ..kinds import kind_of
from ..models import Council, CouncilStatus, Meeting, MeetingRule
from ..permissions import can_manage, is_council_secretary
from .rounds import seated


def meeting_rule_for(council):
    """The meeting rule of the council's type in the version the case is pinned to (at its
    submission: tasks_kh_cn.rules), whatever the day the council meets."""
    return (MeetingRule.objects.in_force(
        rule_set=council.case.rule_set, council_type=council.council_type,
        on=rules_date(council.case)).first())


def papers_due_before(meeting_on: datetime.date, working_days: int) -> datetime.date:
    """The last day papers may reach the members: ``working_days`` working days before the
    meeting day (the meeting day itself not counted)."""
    return add_working_days(meeting_on, -working_days)


def decision_due_after(meeting_on: datetime.date, rule: MeetingRule) -> datetime.date | None:
    if rule.decision_days is None:
        return None
    if rule.decision_in_working_days:
        return add_working_days(meeting_on, rule.decision_days)
    # Civil Code art. 148: a limit in calendar days that ends on a day off ends on the next
    # working day (the same rule as every deadline row: workflows.deadlines.due_date).
    return due_date(meeting_on, rule.decision_days, DueUnit.CALENDAR_DAYS)


def current_meeting(council):
    return council.meetings.filter(round=council.round).first()


# Not a legal figure: a meeting years away is a typing error (and the calendar of working
# days is only known for the years ahead).
HORIZON_YEARS = 5


def _clean(starts_at, place, online_link, agenda, now) -> dict:
    errors = {}
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = [_("Cần nhập ngày giờ họp.")]
    elif starts_at <= now:
        errors["starts_at"] = [_("Thời gian họp phải sau thời điểm hiện tại.")]
    elif starts_at.year > now.year + HORIZON_YEARS:
        errors["starts_at"] = [_("Thời gian họp quá xa.")]
    if not (place or "").strip() and not (online_link or "").strip():
        message = _("Cần nêu địa điểm họp hoặc đường dẫn họp trực tuyến.")
        errors["place"] = [message]
        errors["online_link"] = [message]
    if not (agenda or "").strip():
        errors["agenda"] = [_("Cần nêu chương trình họp.")]
    return errors


def _deadline(council, code, *, title, role, due, amount, unit, basis, assumed, round_no):
    """One obligation on the case around the meeting; a rescheduled meeting moves it.
    ``title``: (Vietnamese, English)."""
    Deadline.objects.update_or_create(
        case=council.case, code=code, sequence=round_no, status=DeadlineStatus.OPEN,
        defaults=dict(rule_set_id=council.case.rule_set_id, title=title[0], title_en=title[1],
                      owed_by_role=role,
                      due_at=end_of(due), due_on=due, amount=amount, unit=unit,
                      legal_basis=basis[:255], legal_article="",
                      is_default_assumption=assumed, source_transition="meeting_scheduled"))


def _move_ballot_deadlines(council, meeting_on):
    """Ballots are filled before or at the meeting: the members' ballot deadlines of the
    round (workflows.council_deadlines) end on the meeting day."""
    # workflows.council_deadlines imports the council services whose signals it follows.
    from workflows.council_deadlines import ballot_code

    Deadline.objects.filter(case=council.case, code=ballot_code(council, council.round),
                            status=DeadlineStatus.OPEN).update(
        due_at=end_of(meeting_on), due_on=meeting_on)


def schedule_meeting(*, council, by, starts_at, place="", online_link="", agenda="",
                     now=None) -> Meeting:
    """The officer sets (or moves) the meeting of the council's current round."""
    now = now or timezone.now()
    with council_lock(council):
        council = Council.objects.select_related("case__rule_set").get(pk=council.pk)
        decision = can_manage(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status not in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
            raise CouncilConflict(_("Hội đồng đã kết thúc phiên đánh giá."))
        errors = _clean(starts_at, place, online_link, agenda, now)
        if errors:
            raise CouncilError(_("Thông tin phiên họp không hợp lệ."), errors=errors)
        rule = meeting_rule_for(council)
        if rule is None:
            raise CouncilError(_("Bộ quy tắc của nhiệm vụ chưa quy định về phiên họp này."))
        meeting_on = timezone.localtime(starts_at).date()
        papers_due = papers_due_before(meeting_on, rule.papers_working_days)
        if papers_due < timezone.localdate(now):
            message = _("Tài liệu phải gửi thành viên chậm nhất %(date)s (%(n)s ngày làm việc "
                        "trước phiên họp — %(basis)s): ngày đó đã qua, hãy chọn ngày họp muộn "
                        "hơn.") % {"date": papers_due.strftime("%d/%m/%Y"),
                                  "n": rule.papers_working_days, "basis": rule.papers_article}
            raise CouncilError(message, errors={"starts_at": [message]})
        meeting = current_meeting(council)
        if meeting is not None and meeting.attendance_recorded_at:
            raise CouncilConflict(_("Phiên họp đã diễn ra (đã điểm danh)."))
        meeting = meeting or Meeting(council=council, round=council.round)
        meeting.starts_at = starts_at
        meeting.place = (place or "").strip()
        meeting.online_link = (online_link or "").strip()
        meeting.agenda = agenda.strip()
        meeting.papers_due = papers_due
        meeting.decision_due = decision_due_after(meeting_on, rule)
        meeting.rule = rule
        meeting.rule_snapshot = rule.snapshot()
        meeting.scheduled_by = by
        meeting.scheduled_at = now
        try:
            meeting.full_clean(exclude=["council", "rule", "scheduled_by"])
        except ValidationError as exc:
            raise CouncilError(_("Thông tin phiên họp không hợp lệ."),
                               errors=exc.message_dict) from exc
        meeting.save()
        council.ballots_due = meeting_on
        council.save(update_fields=["ballots_due"])
        _meeting_deadlines(council, meeting, rule)
        invite_members(council, meeting, by)
    return meeting


def _meeting_deadlines(council, meeting, rule):
    kind = kind_of(council)
    if meeting.papers_sent_at is None:  # papers already sent owe nothing, whatever the date
        _deadline(council, f"council-{council.pk}-papers", round_no=meeting.round,
                  title=in_both(gettext_lazy("Gửi tài liệu cho thành viên: %(c)s"),
                                {"c": kind.title}),
                  role="officer", due=meeting.papers_due, amount=rule.papers_working_days,
                  unit=DueUnit.WORKING_DAYS, basis=rule.papers_article, assumed=False)
    if meeting.decision_due is not None:
        # The decision is counted from the meeting (TT 06/2023: 15 days of the meeting).
        _deadline(council, f"council-{council.pk}-decision", round_no=meeting.round,
                  title=in_both(gettext_lazy("Quyết định kết quả: %(c)s"), {"c": kind.title}),
                  role=kind.decider_role, due=meeting.decision_due, amount=rule.decision_days,
                  unit=(DueUnit.WORKING_DAYS if rule.decision_in_working_days
                        else DueUnit.CALENDAR_DAYS),
                  basis=rule.decision_article, assumed=rule.decision_is_assumption)
    _move_ballot_deadlines(council, meeting.meeting_on)


def close_meeting_deadline(council, what: str, label: str) -> None:
    """Satisfy the open ``papers`` / ``decision`` deadline of the council (any round), each
    through its FSM transition as ``workflows.deadlines.close_deadline`` does."""
    for deadline in Deadline.objects.select_for_update().filter(
            case_id=council.case_id, code=f"council-{council.pk}-{what}",
            status=DeadlineStatus.OPEN):
        deadline.satisfy(transition_name=label)
        deadline.save(update_fields=["status", "closed_at", "closed_by_transition"])


def invite_members(council, meeting, by):
    """The meeting's invitation to the seated members (notices, issue 10), in the write's
    transaction: once per meeting and time — saving the meeting again (the agenda edited)
    tells nobody twice, moving it tells them the new time. Reminders come from the
    deadlines: each member's ballot deadline now ends on the meeting day."""
    people = [member.user_id for member in seated(council)]
    local = timezone.localtime(meeting.starts_at)
    notify("meeting_scheduled", case=council.case,
           key=f"meeting:{meeting.pk}:at:{local:%Y%m%d%H%M}",
           context={"meeting_at": meeting.starts_at,
                    "place": meeting.place or meeting.online_link,
                    "papers_on": meeting.papers_due},
           people=people, actor=by)


def record_papers_sent(*, council, by, now=None) -> Meeting:
    """The officer records that the papers of the current round's meeting went out to the
    members: the papers deadline (due working days before the meeting) is met."""
    now = now or timezone.now()
    with council_lock(council):
        council = Council.objects.get(pk=council.pk)
        decision = can_manage(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status not in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
            raise CouncilConflict(_("Hội đồng đã kết thúc phiên đánh giá."))
        meeting = current_meeting(council)
        if meeting is None:
            raise CouncilConflict(_("Hội đồng chưa có lịch họp."))
        if meeting.papers_sent_at is not None:
            raise CouncilConflict(_("Đã ghi nhận gửi tài liệu ngày %(date)s.") % {
                "date": timezone.localtime(meeting.papers_sent_at).strftime("%d/%m/%Y")})
        meeting.papers_sent_at, meeting.papers_sent_by = now, by
        meeting.save(update_fields=["papers_sent_at", "papers_sent_by"])
        close_meeting_deadline(council, "papers", "papers_sent")
    return meeting


def record_attendance(*, council, by, present, now=None) -> Meeting:
    """The secretary records, at the meeting, who is present (member pks in ``present``);
    absent members can no longer ballot, and the quorum counts those present."""
    now = now or timezone.now()
    with council_lock(council):
        council = Council.objects.get(pk=council.pk)
        decision = is_council_secretary(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status != CouncilStatus.IN_SESSION:
            raise CouncilConflict(_("Chỉ điểm danh khi phiên đang mở."))
        meeting = current_meeting(council)
        if meeting is None:
            raise CouncilConflict(_("Hội đồng chưa có lịch họp."))
        if timezone.localdate(now) < meeting.meeting_on:
            raise CouncilConflict(_("Điểm danh tại phiên họp, từ ngày %(date)s.")
                                  % {"date": meeting.meeting_on.strftime("%d/%m/%Y")})
        present = {int(pk) for pk in present}
        members = seated(council)
        unknown = present - {m.pk for m in members}
        if unknown:
            message = _("Có người không thuộc hội đồng trong danh sách có mặt.")
            raise CouncilError(message, errors={"present": [message]})
        for member in members:
            member.present = member.pk in present
            member.save(update_fields=["present"])
        meeting.attendance_recorded_at = now
        meeting.save(update_fields=["attendance_recorded_at"])
        # The meeting is held: the papers were due before it, that obligation is past.
        close_meeting_deadline(council, "papers", "meeting_held")
    return meeting


def ballot_refusal(council, member, today=None) -> str:
    """Why ``member`` may not fill a ballot now because of the meeting ('' when they may):
    ballots are filled before or at the meeting, by members not recorded absent."""
    meeting = current_meeting(council)
    if meeting is None:
        return ""
    if meeting.attendance_recorded_at and not member.present:
        return _("Thành viên vắng mặt tại phiên họp không được chấm phiếu.")
    if (today or timezone.localdate()) > meeting.meeting_on:
        return _("Phiếu đánh giá được chấm trước hoặc tại phiên họp.")
    return ""
