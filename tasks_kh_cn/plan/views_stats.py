"""The statistics dashboard of the plan and the list behind each of its figures (staff only)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tasks_kh_cn.views.sections import is_department

from .charts import Series, bar_chart
from .models import PlanTarget
from .statistics import (
    NO_DISTRICT,
    SOURCES,
    district_names,
    filtered,
    funded_cases,
    funding_by_year,
    plan_statistics,
    year_target,
)
from .web_common import as_of_from, forbidden

PAGE_SIZE = 100


def _int_param(request, name):
    value = request.GET.get(name) or ""
    if not value:
        return None
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Http404
    return int(value)


def dashboard_rows(stats, years, targets):
    """One row per target: cumulative actual and the linear target at each year's end."""
    rows = []
    for s in stats:
        target = targets[s.measure]
        cumulative = s.cumulative(years)
        cells = [{
            "year": year, "actual": cumulative.get(year, 0), "in_year": s.in_year.get(year, 0),
            "target": None if s.counted else year_target(s.target, target.period_start,
                                                          target.period_end, year),
        } for year in years] if s.drillable else []
        series = [Series(s.counted or _("Lũy kế"), [c["actual"] for c in cells])]
        if not s.counted:
            series.append(Series(_("Chỉ tiêu đến cuối năm"), [c["target"] for c in cells]))
        chart = bar_chart([str(y) for y in years], series, title=s.label) if s.drillable else None
        rows.append({"stats": s, "cells": cells, "chart": chart})
    return rows


@login_required
def statistics(request):
    if not is_department(request.user):
        return forbidden(request)
    form, as_of = as_of_from(request)
    if as_of is None:
        return render(request, "plan/statistics.html", {"form": form}, status=400)
    stats, years = plan_statistics(as_of)
    targets = {t.measure: t for t in PlanTarget.objects.all()}
    funding = funding_by_year(as_of)
    names = district_names()
    districts = sorted({d for s in stats for d in s.by_district}, key=lambda d: names.get(d, d))
    return render(request, "plan/statistics.html", {
        "form": form, "as_of": as_of, "years": years, "rows": dashboard_rows(stats, years, targets),
        "districts": [(d, names.get(d, d)) for d in districts], "stats": stats,
        "funding": funding,
        "funding_chart": bar_chart(
            [str(f.year) for f in funding],
            [Series(_("Ngân sách tỉnh (triệu đồng)"), [f.state // 1_000_000 for f in funding]),
             Series(_("Doanh nghiệp (triệu đồng)"), [f.enterprise // 1_000_000 for f in funding])],
            title=_("Kinh phí theo năm và nguồn")) if funding else None,
    })


@login_required
def drilldown(request, measure):
    if not is_department(request.user):
        return forbidden(request)
    if measure not in SOURCES:
        raise Http404
    form, as_of = as_of_from(request)
    if as_of is None:
        raise Http404
    year, district = _int_param(request, "year"), request.GET.get("district") or None
    if district and district not in district_names():
        raise Http404
    source = SOURCES[measure]
    rows = filtered(measure, as_of, year=year, district=district)
    figure = rows.aggregate(n=Count(source.key, distinct=True))["n"]
    listing = rows.values(
        org_name=F(f"{source.org}__name"), district=F(f"{source.org}__district"),
        on=F(source.date), ref=F(source.ref)).order_by(source.date, f"{source.org}__name")
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plan/drilldown.html", {
        "label": PlanTarget.Measure(measure).label, "as_of": as_of, "year": year,
        "district": district_names().get(district) if district else None, "figure": figure,
        "page": page, "names": district_names(), "measure": measure,
        "is_datetime": source.is_datetime, "no_district": NO_DISTRICT,
    })


@login_required
def funding_drilldown(request):
    if not is_department(request.user):
        return forbidden(request)
    form, as_of = as_of_from(request)
    if as_of is None:
        raise Http404
    year = _int_param(request, "year")
    cases = funded_cases(as_of, year).select_related("host").order_by("start_date", "code")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plan/funding_drilldown.html", {
        "as_of": as_of, "year": year, "page": page, "names": district_names()})


@login_required
def home(request):
    """The programme's pages, by who may open them (base.html links here once)."""
    department = is_department(request.user)
    member = request.user.organisations.exists()
    if not department and not member:
        return forbidden(request)
    return render(request, "plan/home.html", {"department": department, "member": member})
