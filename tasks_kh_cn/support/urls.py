from django.urls import path

from . import api

app_name = "support"
urlpatterns = [
    path("items/", api.CatalogueView.as_view(), name="catalogue"),
    path("policies/", api.PolicyListView.as_view(), name="policies"),
    path("cases/", api.PriorityCaseListView.as_view(), name="cases"),
    path("cases/<int:case_id>/request/", api.RequestView.as_view(), name="request"),
    path("cases/<int:case_id>/items/", api.ItemListView.as_view(), name="items"),
    path("cases/<int:case_id>/items/<int:item_id>/", api.ItemDetailView.as_view(),
         name="item"),
    path("cases/<int:case_id>/items/<int:item_id>/evidence/", api.EvidenceView.as_view(),
         name="evidence"),
    path("cases/<int:case_id>/items/<int:item_id>/maintenance-check/",
         api.MaintenanceCheckView.as_view(), name="maintenance-check"),
    path("maintenance-due/", api.MaintenanceDueView.as_view(), name="maintenance-due"),
]
