"""Web pages of enterprise support (the API is in urls.py, at /api/support/)."""

from django.urls import path

from . import views

app_name = "support-web"
urlpatterns = [
    path("support/priority/", views.priority_list, name="priority"),
    path("cases/<int:pk>/support/items/", views.add_item, name="add-item"),
    path("cases/<int:pk>/support/items/<int:item_pk>/remove/", views.remove_item,
         name="remove-item"),
    path("cases/<int:pk>/support/items/<int:item_pk>/evidence/", views.record_evidence,
         name="evidence"),
]
