"""Conflict-of-interest declarations, replacements and absences."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.people import person_name
from workflows.councils.base import OPEN, complete_task, council_lock

from ..errors import CouncilConflict, CouncilError, CouncilForbidden, CouncilNotFound
from ..models import BallotStatus, Conflict, Council, CouncilMember, CouncilStatus
from ..permissions import (
    active_member,
    can_manage,
    grant_dossier,
    is_council_secretary,
    revoke_dossier,
)
from .forming import composition_errors, seat_errors, seat_member


def _member_or_404(council, user) -> CouncilMember:
    member = active_member(council, user)
    if member is None:
        raise CouncilNotFound(_("Bạn không phải thành viên hội đồng này."))
    return member


def declare_conflict(*, council, user, has_conflict: bool, note: str = "") -> CouncilMember:
    """Before opening the dossier a member declares (no) conflict of interest.

    A declared conflict excludes the member; the officer is asked to replace them.
    """
    with council_lock(council) as process:
        council = Council.objects.get(pk=council.pk)
        member = _member_or_404(council, user)
        if council.status not in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
            raise CouncilConflict(_("Hội đồng đã kết thúc phiên đánh giá."))
        if member.conflict != Conflict.UNDECLARED:
            raise CouncilConflict(_("Bạn đã khai báo xung đột lợi ích: %(state)s.")
                                  % {"state": member.get_conflict_display()})
        if has_conflict and not note.strip():
            raise CouncilError(_("Cần nêu nội dung xung đột lợi ích."),
                               errors={"note": [_("Cần nêu nội dung xung đột lợi ích.")]})
        member.conflict = Conflict.DECLARED if has_conflict else Conflict.NONE
        member.conflict_note = note.strip()
        member.declared_at = timezone.now()
        member.save(update_fields=["conflict", "conflict_note", "declared_at"])
        if has_conflict:
            revoke_dossier(member)
        else:
            grant_dossier(member)
        complete_task(process, "declare_conflict", user, seat=member.seat)
    return member


def replace_member(*, council, member, user, by) -> CouncilMember:
    """The officer seats ``user`` in the seat of an excluded (or absent) member."""
    with council_lock(council) as process:
        council = Council.objects.select_related("case").get(pk=council.pk)
        decision = can_manage(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        member = CouncilMember.objects.get(pk=member.pk, council=council)
        if not member.is_active:
            raise CouncilConflict(_("Thành viên này đã được thay thế."))
        if council.status not in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
            raise CouncilConflict(_("Hội đồng đã kết thúc phiên đánh giá."))
        errors = seat_errors(user)
        if errors:
            raise CouncilError(errors[0], errors={"user": errors})
        if council.members.filter(user=user).exists():
            message = _("Người này đã có trong hội đồng.")
            raise CouncilError(message, errors={"user": [message]})
        specs = [{"user": m.user, "role": m.role} for m in council.members.filter(
            replaced_by__isnull=True).exclude(pk=member.pk).select_related("user")]
        errors = composition_errors([*specs, {"user": user, "role": member.role}],
                                    council.rules_snapshot)
        if errors:
            raise CouncilError(_("Thành phần hội đồng không hợp lệ."), errors={"members": errors})
        old_seat_user = member.user
        replacement = seat_member(council=council, user=user, seat=member.seat, role=member.role,
                                  authorised_vice_chair=member.authorised_vice_chair)
        member.replaced_by = replacement
        member.save(update_fields=["replaced_by"])
        revoke_dossier(member)
        if not complete_task(process, "replace_member", by, seat=member.seat):
            # The seat was waiting on the old occupant (absent, not excluded): hand it over.
            _hand_seat_to(process, member.seat, old_seat_user, user)
    return replacement


def _hand_seat_to(process, seat, old_user, new_user):
    if process is None:
        return
    for task in process.task_set.filter(status__in=OPEN, owner=old_user):
        if task.data.get("seat") == seat:
            task.owner = new_user
            task.save(update_fields=["owner"])


def mark_absent(*, council, member, by, present: bool = False) -> CouncilMember:
    """The secretary records who is (not) present at the session."""
    with council_lock(council):
        council = Council.objects.get(pk=council.pk)
        decision = is_council_secretary(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status != CouncilStatus.IN_SESSION:
            raise CouncilConflict(_("Chỉ ghi nhận vắng mặt khi phiên đang mở."))
        member = CouncilMember.objects.get(pk=member.pk, council=council)
        if not present and member.ballots.filter(round=council.round,
                                                 status=BallotStatus.SUBMITTED).exists():
            # Only the ballots of members present count: marking a voter absent would drop
            # a submitted ballot from the count without anyone noticing.
            raise CouncilConflict(_("%(name)s đã nộp phiếu trong phiên này: người đã bỏ phiếu "
                                    "được tính là có mặt.") % {"name": person_name(member.user)})
        member.present = present
        member.save(update_fields=["present"])
    return member
