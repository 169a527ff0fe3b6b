"""The plan's pages: progress and yearly report, statistics, training, survey, products, publicity."""

from django.urls import path

from . import views, views_ocop, views_publicity, views_stats, views_survey, views_training, views_yearly

app_name = "plan"
urlpatterns = [
    path("plan/", views.plan_report, name="report"),
    path("plan/programme/", views_stats.home, name="home"),
    path("plan/report.xlsx", views.plan_report_xlsx, name="report-xlsx"),
    # Statistics and the list behind each figure.
    path("plan/statistics/", views_stats.statistics, name="statistics"),
    path("plan/statistics/funding/", views_stats.funding_drilldown, name="funding"),
    path("plan/statistics/<slug:measure>/", views_stats.drilldown, name="drilldown"),
    # The yearly report to the Chairman of UBND tỉnh (plan 5.1).
    path("plan/yearly/<int:year>.docx", views_yearly.yearly_docx_view, name="yearly-docx"),
    path("plan/yearly/<int:year>.xlsx", views_yearly.yearly_xlsx_view, name="yearly-xlsx"),
    path("plan/yearly/<int:year>/assign", views_yearly.assign, name="yearly-assign"),
    path("plan/yearly/<int:year>/sent", views_yearly.mark_sent, name="yearly-sent"),
    # Training (plan 3.1).
    path("plan/training/", views_training.training_list, name="training"),
    path("plan/training/new/", views_training.training_edit, name="training-new"),
    path("plan/training/export.xlsx", views_training.training_export, name="training-export"),
    path("plan/training/open/", views_training.training_open, name="training-open"),
    path("plan/training/<int:pk>/", views_training.training_detail, name="training-detail"),
    path("plan/training/<int:pk>/edit/", views_training.training_edit, name="training-edit"),
    path("plan/training/<int:pk>/register/", views_training.training_register,
         name="training-register"),
    # The enterprise survey (plan 3.5, appendix 5.2).
    path("plan/survey/", views_survey.mine, name="survey-mine"),
    path("plan/survey/campaigns/", views_survey.campaigns, name="survey"),
    path("plan/survey/campaigns/<int:pk>/", views_survey.campaign, name="survey-campaign"),
    path("plan/survey/campaigns/<int:pk>/export.xlsx", views_survey.campaign_export,
         name="survey-export"),
    path("plan/survey/<int:pk>/answer/<int:organisation_id>/", views_survey.answer_view,
         name="survey-answer"),
    path("plan/survey/needs/<int:pk>/propose/", views_survey.propose, name="survey-propose"),
    # OCOP and key products; publicity and awards.
    path("plan/products/", views_ocop.products, name="products"),
    path("plan/publicity/", views_publicity.publicity, name="publicity"),
]
