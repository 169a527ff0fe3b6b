from django.urls import path

from . import api

app_name = "pilots"
urlpatterns = [
    path("indicators/", api.IndicatorListView.as_view(), name="indicators"),
    path("cases/<int:case_id>/", api.PilotCaseView.as_view(), name="case"),
    path("cases/<int:case_id>/comparison/", api.ComparisonView.as_view(), name="comparison"),
    path("cases/<int:case_id>/steps/<int:step>/transitions/<slug:name>/",
         api.StepTransitionView.as_view(), name="step-transition"),
    path("cases/<int:case_id>/steps/<int:step>/evidence/", api.StepEvidenceView.as_view(),
         name="step-evidence"),
    path("cases/<int:case_id>/steps/<int:step>/measurements/", api.StepMeasurementView.as_view(),
         name="step-measurements"),
    path("cases/<int:case_id>/steps/<int:step>/owner/", api.StepOwnerView.as_view(),
         name="step-owner"),
]
