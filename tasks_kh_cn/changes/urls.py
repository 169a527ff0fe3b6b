from django.urls import path

from . import api

app_name = "changes"
urlpatterns = [
    path("cases/<int:case_id>/requests/", api.ChangeListView.as_view(), name="requests"),
    path("cases/<int:case_id>/requests/<int:pk>/decision/", api.ChangeDecisionView.as_view(),
         name="decision"),
]
