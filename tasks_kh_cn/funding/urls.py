from django.urls import path

from . import api

app_name = "funding"
urlpatterns = [
    path("cases/<int:case_id>/ledger/", api.LedgerView.as_view(), name="ledger"),
    path("cases/<int:case_id>/tranches/", api.TrancheListView.as_view(), name="tranches"),
    path("cases/<int:case_id>/tranches/<int:pk>/decision/", api.TrancheDecisionView.as_view(),
         name="tranche-decision"),
    path("cases/<int:case_id>/tranches/<int:pk>/settlements/",
         api.SettlementListView.as_view(), name="settlements"),
    path("cases/<int:case_id>/settlements/<int:pk>/review/", api.SettlementReviewView.as_view(),
         name="settlement-review"),
]
