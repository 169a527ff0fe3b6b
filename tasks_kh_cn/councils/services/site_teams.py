"""The on-site expert team (tổ chuyên gia kiểm tra): formed by the officer where the council
kind's row says the text calls for one (TT 20/2023 selection: facilities inspected on site;
TT 11/2014 acceptance: 3 experts when the products are measurable), it reports before
the meeting and the council reads the report before it concludes.

Its people pass the same checks as a council seat (``forming.seat_errors``) and the same
conflict-of-interest rule: nobody tied to a reviewed organisation inspects it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.workdays import add_working_days
from tasks_kh_cn.models import Membership
from workflows.councils.base import council_lock

from ..errors import CouncilConflict, CouncilError, CouncilForbidden
from ..experts import conflict_organisations
from ..kinds import kind_of
from ..models import Council, CouncilStatus, SiteTeam
from ..permissions import can_manage
from .forming import conflicting_organisations, seat_errors
from .meetings import current_meeting, meeting_rule_for


def _member_errors(council, users, rule) -> list[str]:
    errors = []
    if not users:
        errors.append(_("Tổ kiểm tra cần ít nhất một chuyên gia."))
    if rule.site_team_size and len(users) != rule.site_team_size:
        errors.append(_("Tổ kiểm tra gồm %(n)s chuyên gia (%(basis)s).")
                      % {"n": rule.site_team_size, "basis": rule.site_article})
    orgs = conflicting_organisations(council)
    for user in users:
        errors += [f"{user}: {e}" for e in seat_errors(user)]
        if (Membership.objects.filter(user=user, organisation_id__in=orgs).exists()
                or conflict_organisations(user) & orgs):
            errors.append(_("%(who)s thuộc tổ chức có hồ sơ được kiểm tra.") % {"who": user})
    return errors


def form_site_team(*, council, by, members, visit_on) -> SiteTeam:
    with council_lock(council):
        council = Council.objects.select_related("case__rule_set").get(pk=council.pk)
        decision = can_manage(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if not kind_of(council).on_site_team:
            raise CouncilConflict(_("Văn bản không quy định tổ chuyên gia kiểm tra cho hội "
                                    "đồng này."))
        if council.status not in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
            raise CouncilConflict(_("Hội đồng đã kết thúc phiên đánh giá."))
        if SiteTeam.objects.filter(council=council).exists():
            raise CouncilConflict(_("Hội đồng đã có tổ chuyên gia kiểm tra."))
        rule = meeting_rule_for(council)
        if rule is None or not rule.site_article:
            raise CouncilError(_("Bộ quy tắc của nhiệm vụ chưa quy định về tổ kiểm tra."))
        errors = _member_errors(council, list(members), rule)
        if errors:
            raise CouncilError(_("Thành phần tổ kiểm tra không hợp lệ."),
                               errors={"members": errors})
        meeting = current_meeting(council)
        report_due = None
        if meeting is not None and rule.site_report_working_days:
            report_due = add_working_days(meeting.meeting_on, -rule.site_report_working_days)
        team = SiteTeam.objects.create(council=council, visit_on=visit_on,
                                       report_due=report_due, formed_by=by)
        team.members.set(members)
    return team


def record_site_report(*, council, by, report) -> SiteTeam:
    with council_lock(council):
        team = SiteTeam.objects.filter(council_id=council.pk).first()
        if team is None or not team.members.filter(pk=by.pk).exists():
            raise CouncilForbidden(_("Chỉ thành viên tổ kiểm tra mới nộp báo cáo kiểm tra."))
        if not (report or "").strip():
            message = _("Cần nhập nội dung báo cáo.")
            raise CouncilError(message, errors={"report": [message]})
        if team.reported_at is not None:
            raise CouncilConflict(_("Tổ kiểm tra đã nộp báo cáo."))
        team.report = report.strip()
        team.reported_at = timezone.now()
        team.reported_by = by
        team.save(update_fields=["report", "reported_at", "reported_by"])
    return team


def site_report_missing(council) -> bool:
    """A team was formed and has not reported: the council cannot conclude without it."""
    return SiteTeam.objects.filter(council_id=council.pk, reported_at__isnull=True).exists()
