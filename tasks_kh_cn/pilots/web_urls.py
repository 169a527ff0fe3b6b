"""Web actions on a pilot model's steps (the API is in urls.py, at /api/pilots/)."""

from django.urls import path

from . import views

app_name = "pilots-web"
urlpatterns = [
    path("cases/<int:pk>/pilot/steps/<int:step>/transitions/<str:name>/", views.step_transition,
         name="step-transition"),
    path("cases/<int:pk>/pilot/owner/", views.step_owner, name="step-owner"),
    path("cases/<int:pk>/pilot/steps/<int:step>/evidence/", views.step_evidence,
         name="step-evidence"),
    path("cases/<int:pk>/pilot/steps/<int:step>/measurements/", views.step_measurement,
         name="step-measurement"),
]
