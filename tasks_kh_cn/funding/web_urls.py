from django.urls import path

from . import views, views_closing

app_name = "funding-web"
urlpatterns = [
    path("cases/<int:pk>/funding/", views.ledger, name="ledger"),
    path("cases/<int:pk>/funding/export.xlsx", views.ledger_export, name="ledger-export"),
    path("cases/<int:pk>/funding/tranches/", views.request_tranche, name="request"),
    path("cases/<int:pk>/funding/tranches/<int:tranche_pk>/check/", views.decide_tranche,
         {"action": "check"}, name="check"),
    path("cases/<int:pk>/funding/tranches/<int:tranche_pk>/pay/", views.decide_tranche,
         {"action": "pay"}, name="pay"),
    path("cases/<int:pk>/funding/tranches/<int:tranche_pk>/refuse/", views.decide_tranche,
         {"action": "refuse"}, name="refuse"),
    path("cases/<int:pk>/funding/tranches/<int:tranche_pk>/settlements/",
         views.record_settlement, name="settle"),
    path("cases/<int:pk>/funding/settlements/<int:settlement_pk>/accept/",
         views.review_settlement, {"verdict": "accept"}, name="accept"),
    path("cases/<int:pk>/funding/settlements/<int:settlement_pk>/reject/",
         views.review_settlement, {"verdict": "reject"}, name="reject"),
    path("cases/<int:pk>/funding/documents/<int:document_pk>/docx/", views.issued_download,
         {"fmt": "docx"}, name="docx"),
    path("cases/<int:pk>/funding/documents/<int:document_pk>/pdf/", views.issued_download,
         {"fmt": "pdf"}, name="pdf"),
    path("cases/<int:pk>/funding/documents/<int:document_pk>/sign/", views.sign, name="sign"),
    path("cases/<int:pk>/funding/results-registration/", views_closing.register_results,
         name="register-results"),
    path("cases/<int:pk>/funding/refunds/", views_closing.decide_refund, name="refund"),
    path("cases/<int:pk>/funding/refunds/<int:refund_pk>/payments/",
         views_closing.record_refund_payment, name="refund-payment"),
]
