"""The plan's progress report pages."""

from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("plan/", views.plan_report, name="report"),
    path("plan/report.xlsx", views.plan_report_xlsx, name="report-xlsx"),
]
