"""TT 20/2023 art. 4: who may host or lead a task, checked when a proposal or dossier goes in.

The organisation is barred while it has an acceptance filing overdue by more than the
rule's days (30), or refunds it has not paid back; a time-limited restriction is
``HostNotRestricted`` (its end date in the reason). The task leader is barred without a
university degree, with fewer years in the field than the rule's minimum (5), or while
suspended. The figures are ``RuleFigure`` rows of the case's rule version; what the
profile does not say (degree unknown) is not held against the leader.
Model imports are deferred: workflows/lifecycle.py imports this while models load.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Deadline, DeadlineStatus
from workflows.conditions import Condition


def _figure(case, code, default):
    row = case.rule_figure(code)
    return (int(row.value), row) if row is not None else (default, None)


def _cite(row) -> str:
    return f" ({row.legal_basis} {row.legal_article})" if row is not None else ""


def host_problems(case, on=None) -> list[str]:
    on = on or timezone.localdate()
    host, problems = case.host, []
    if host.unpaid_refund > 0:
        problems.append(_("Tổ chức chủ trì chưa hoàn trả kinh phí %(amount)s VNĐ theo quyết định "
                          "thu hồi (TT 20/2023/TT-BKHCN Điều 4).")
                        % {"amount": f"{host.unpaid_refund:,}".replace(",", ".")})
    # The oldest open acceptance filing of the host's other cases (its day and case code
    # alone); the rule's figure is read only when one is late at all (one query on the usual
    # path: a case page asks this).
    late = (Deadline.objects.filter(case__host=host, code="acceptance_dossier",
                                    status=DeadlineStatus.OPEN, due_on__lt=on)
            .exclude(case=case).order_by("due_on").values_list("due_on", "case__code").first())
    days, row = (_figure(case, "eligibility_overdue_acceptance_days", 30) if late is not None
                 else (30, None))
    if late is not None and late[0] < on - datetime.timedelta(days=days):
        due_on, code = late
        problems.append(_("Tổ chức chủ trì nộp hồ sơ đánh giá nghiệm thu nhiệm vụ %(code)s chậm quá "
                          "%(days)s ngày (hạn %(date)s)%(cite)s.")
                        % {"code": code, "days": days, "cite": _cite(row),
                           "date": due_on.strftime("%d/%m/%Y")})
    return problems


def leader_problems(case, on=None) -> list[str]:
    on = on or timezone.localdate()
    profile = getattr(case.leader, "profile", None) if case.leader_id else None
    if profile is None:
        return []
    problems = []
    if profile.has_university_degree is False:
        problems.append(_("Chủ nhiệm nhiệm vụ phải có trình độ đại học trở lên "
                          "(TT 20/2023/TT-BKHCN Điều 4)."))
    years, row = _figure(case, "leader_min_years_in_field", 5)
    if profile.years_in_field is not None and profile.years_in_field < years:
        problems.append(_("Chủ nhiệm nhiệm vụ cần ít nhất %(years)s năm trong lĩnh vực (hiện "
                          "%(have)s năm)%(cite)s.")
                        % {"years": years, "have": profile.years_in_field, "cite": _cite(row)})
    if profile.suspended_until is not None and on <= profile.suspended_until:
        problems.append(_("Chủ nhiệm nhiệm vụ đang bị đình chỉ tham gia đến hết ngày %(date)s "
                          "(TT 20/2023/TT-BKHCN Điều 4).")
                        % {"date": profile.suspended_until.strftime("%d/%m/%Y")})
    return problems


class HostAndLeaderEligible(Condition):
    """TT 20/2023 art. 4 conditions besides the restriction flag (``HostNotRestricted``)."""

    __name__ = "host_and_leader_eligible"

    def problems(self, case) -> list[str]:
        cache = case.__dict__.setdefault("_eligibility_problems", {})
        if "all" not in cache:
            cache["all"] = host_problems(case) + leader_problems(case)
        return cache["all"]

    def __call__(self, case) -> bool:
        return not self.problems(case)

    def reason(self, case) -> str:
        return " ".join(self.problems(case))


# The name workflows/lifecycle.py gives it (registered in TasksKhCnConfig.ready).
LIFECYCLE_CONDITIONS = {"host_and_leader_eligible": HostAndLeaderEligible}
