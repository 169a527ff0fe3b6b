"""The plan's progress report: every target with its value as of a date.

The department reports to the Chairman of UBND tỉnh before 15 December each year
(plan section 5.1); ``plan_progress(as_of)`` is that report's table, in a fixed
number of queries whatever the number of cases.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks_kh_cn.councils.models import Expert
from tasks_kh_cn.models import CaseKind, Organisation, TransitionLog
from tasks_kh_cn.numbers import localized
from workflows.lifecycle import Status, statuses_in

from .models import (
    AdvisoryUnit,
    OcopProduct,
    PlanTarget,
    Publicity,
    SurveyResponse,
    SurveyRound,
    TrainingAttendance,
)
from .reporting import report_due_date  # noqa: F401  (the report page's import)

M = PlanTarget.Measure
SURVEY_INTERVAL_DAYS = 183  # plan appendix 5.2: "cập nhật 6 tháng/lần"

# One registry (issue 14): the plan's productivity and quality experts are the councils'
# registry's active experts of a field marked ``productivity_quality``. A subquery, so an
# expert of two such fields is one row, counted once.
PLAN_EXPERTS = Q(active=True, pk__in=Expert.fields.through.objects.filter(
    expertisefield__productivity_quality=True).values("expert_id"))


def plan_experts():
    return Expert.objects.filter(PLAN_EXPERTS)


def advisory_capacity():
    """The advisory units with ``experts``: the plan's experts of the unit's organisation."""
    return AdvisoryUnit.objects.select_related("organisation").annotate(experts=Count(
        "organisation__registry_experts", filter=Q(organisation__registry_experts__in=plan_experts()),
        distinct=True)).order_by("recognised_on", "pk")


@dataclass
class Progress:
    measure: str
    label: str
    unit: str
    target: Decimal
    value: Decimal
    detail: str
    status: str  # "met", "on_track", "behind"
    source: str

    @property
    def percent(self) -> int:
        """The share of the target reached, rounded half up (1 of 6 is 17%, not 16%); never
        0% once something is done, nor 100% before the target is reached."""
        if not self.target:
            return 100
        share = min(self.value / self.target, Decimal("9.99")) * 100
        percent = int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if self.value < self.target:
            percent = min(percent, 99)
        return max(percent, 1) if self.value > 0 else percent

    @property
    def target_display(self) -> str:
        return localized(self.target)

    @property
    def value_display(self) -> str:
        return localized(self.value)

    @property
    def status_label(self) -> str:
        return {"met": _("Đã đạt"), "on_track": _("Đúng tiến độ"), "behind": _("Chậm tiến độ")}[self.status]


def _status(target: Decimal, value: Decimal, start, end, as_of, linear=True) -> str:
    if value >= target:
        return "met"
    if not linear or as_of >= end:
        return "behind"
    span = (end - start).days or 1
    elapsed = max(0, (as_of - start).days)
    expected = target * Decimal(elapsed) / Decimal(span)
    return "on_track" if value >= expected else "behind"


def _completed_hosts(kind, as_of_end):
    return set(
        TransitionLog.objects.filter(case__kind=kind, to_status=Status.COMPLETED, at__lt=as_of_end)
        .values_list("case__host_id", flat=True)
    )


def _values(as_of: datetime.date) -> dict:
    end = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1),
                                                        datetime.time.min))
    trained = TrainingAttendance.objects.filter(training_class__held_on__lte=as_of).aggregate(
        establishments=Count("organisation", distinct=True), turns=Count("id"),
        people=Sum("participants"),
    )
    supported_done = _completed_hosts(CaseKind.ENTERPRISE_SUPPORT, end)
    supporting_now = set(
        Organisation.objects.filter(
            cases__kind=CaseKind.ENTERPRISE_SUPPORT,
            cases__status__in=statuses_in("implementation") + statuses_in("acceptance"),
        ).values_list("id", flat=True)
    ) - supported_done
    # Appendix 3: "100% sản phẩm OCOP, sản phẩm chủ lực được công bố tiêu chuẩn": products.
    share = OcopProduct.objects.aggregate(total=Count("id"), declared=Count(
        "id", filter=Q(standard_declared=True)))
    pilots_done = TransitionLog.objects.filter(
        case__kind=CaseKind.PILOT_MODEL, to_status=Status.COMPLETED, at__lt=end
    ).values("case_id").distinct().count()
    pilots_running = Organisation.objects.filter(
        cases__kind=CaseKind.PILOT_MODEL,
        cases__status__in=statuses_in("implementation") + statuses_in("acceptance"),
    ).count()
    rounds = list(SurveyRound.objects.filter(closed_on__lte=as_of).order_by("closed_on")
                  .values_list("closed_on", flat=True))
    respondents = SurveyResponse.objects.filter(survey_round__closed_on__lte=as_of).values(
        "organisation").distinct().count()
    return {
        M.ESTABLISHMENTS_TRAINED: (trained["establishments"], _(
            "%(turns)s lượt cơ sở, %(people)s người tham dự") % {
                "turns": localized(trained["turns"]), "people": localized(trained["people"] or 0)}),
        M.ENTERPRISES_SUPPORTED: (len(supported_done), _(
            "%(running)s doanh nghiệp đang được hỗ trợ") % {"running": localized(len(supporting_now))}),
        # With no product on record the share is unknown, not 100%: shown as 0 and behind.
        M.OCOP_STANDARD_SHARE: (
            Decimal(0) if not share["total"] else
            (Decimal(share["declared"]) * 100 / Decimal(share["total"])).quantize(Decimal("0.1")),
            _("%(declared)s/%(total)s sản phẩm đã công bố tiêu chuẩn") % {
                key: localized(n) for key, n in share.items()}),
        M.PILOT_MODELS_COMPLETED: (pilots_done, ngettext(
            "%(running)s mô hình đang triển khai", "%(running)s mô hình đang triển khai",
            pilots_running) % {"running": localized(pilots_running)}),
        M.ADVISORY_UNITS: (AdvisoryUnit.objects.filter(recognised_on__lte=as_of).count(), ""),
        M.EXPERTS: (plan_experts().filter(created_at__lt=end).count(), ""),
        M.MODEL_ENTERPRISES_PUBLICISED: (
            Publicity.objects.filter(published_on__lte=as_of).values("organisation").distinct().count(),
            ""),
        # One database (appendix 5.2): it exists once a round has closed; each later round
        # is an update, not another database. The rounds and the last update are the detail.
        M.SURVEY_ROUNDS: (1 if rounds else 0, _(
            "%(rounds)s đợt khảo sát, cập nhật gần nhất %(last)s; %(respondents)s doanh nghiệp "
            "trong cơ sở dữ liệu") % {
                "rounds": len(rounds), "last": rounds[-1].strftime("%d/%m/%Y") if rounds else "—",
                "respondents": localized(respondents)}, rounds),
    }


def plan_progress(as_of: datetime.date | None = None) -> list[Progress]:
    as_of = as_of or timezone.localdate()
    values = _values(as_of)
    rows = []
    for target in PlanTarget.objects.all():
        value, detail, *extra = values[target.measure]
        value = Decimal(value)
        if target.measure == M.SURVEY_ROUNDS:
            rounds = extra[0]
            fresh = bool(rounds) and (as_of - rounds[-1]).days <= SURVEY_INTERVAL_DAYS
            built_in_time = bool(rounds) and rounds[0] <= datetime.date(2022, 12, 31)
            status = "met" if fresh and built_in_time else "behind"
            if rounds and not fresh:  # the database is there, its update is late: say so
                late = _("quá hạn cập nhật định kỳ")
                detail = f"{detail} — {late}"
        else:
            status = _status(target.target, value, target.period_start, target.period_end, as_of,
                             linear=target.measure != M.OCOP_STANDARD_SHARE)
        rows.append(Progress(
            measure=target.measure, label=target.get_measure_display(), unit=target.unit,
            target=target.target, value=value, detail=detail, status=status, source=target.source,
        ))
    return rows
