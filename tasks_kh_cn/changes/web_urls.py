"""Web actions on extension and amendment requests."""

from django.urls import path

from . import views

app_name = "changes-web"
urlpatterns = [
    path("cases/<int:pk>/changes/", views.request_change, name="request"),
    path("cases/<int:pk>/changes/<int:change_pk>/approve/", views.decide, {"verdict": "approve"},
         name="approve"),
    path("cases/<int:pk>/changes/<int:change_pk>/refuse/", views.decide, {"verdict": "refuse"},
         name="refuse"),
    path("cases/<int:pk>/changes/<int:change_pk>/withdraw/", views.withdraw, name="withdraw"),
]
