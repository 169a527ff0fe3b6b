"""The plan's pages: progress report, statistics with drill-down, the yearly report."""

from django.urls import path

from . import views, views_stats

app_name = "plan"
urlpatterns = [
    path("plan/", views.plan_report, name="report"),
    path("plan/report.xlsx", views.plan_report_xlsx, name="report-xlsx"),
    path("plan/statistics/", views_stats.statistics, name="statistics"),
    path("plan/statistics/funding/", views_stats.funding_drilldown, name="funding"),
    path("plan/statistics/<slug:measure>/", views_stats.drilldown, name="drilldown"),
]
