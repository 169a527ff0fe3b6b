from django.urls import path

from . import api, api_closing, api_documents, api_reports

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
    path("cases/<int:case_id>/documents/", api_documents.IssuedListView.as_view(),
         name="documents"),
    path("cases/<int:case_id>/documents/<int:pk>/docx/", api_documents.IssuedFileView.as_view(),
         {"fmt": "docx"}, name="document-docx"),
    path("cases/<int:case_id>/documents/<int:pk>/pdf/", api_documents.IssuedFileView.as_view(),
         {"fmt": "pdf"}, name="document-pdf"),
    path("cases/<int:case_id>/documents/<int:pk>/signatures/", api_documents.SignView.as_view(),
         name="document-sign"),
    path("cases/<int:case_id>/closing/", api_closing.ClosingView.as_view(), name="closing"),
    path("cases/<int:case_id>/results-registration/", api_closing.RegistrationView.as_view(),
         name="results-registration"),
    path("cases/<int:case_id>/refunds/", api_closing.RefundListView.as_view(), name="refunds"),
    path("cases/<int:case_id>/refunds/<int:pk>/payments/", api_closing.RefundPaymentView.as_view(),
         name="refund-payments"),
    path("cases/<int:case_id>/reports/", api_reports.ReportListView.as_view(), name="reports"),
    path("cases/<int:case_id>/reports/<int:pk>/review/", api_reports.ReportReviewView.as_view(),
         name="report-review"),
]
