"""Council pages, included under the web app's namespace (``web:council-detail`` …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.council_detail, name="council-detail"),
    path("<int:pk>/conflict/", views.declare, name="council-declare"),
    path("<int:pk>/ballot/", views.ballot, name="council-ballot"),
    path("<int:pk>/members/<int:member_pk>/presence/", views.presence,
         name="council-presence"),
    path("<int:pk>/members/<int:member_pk>/replace/", views.replace, name="council-replace"),
    path("<int:pk>/close/", views.close, name="council-close"),
    path("<int:pk>/decide/", views.decide, name="council-decide"),
    path("<int:pk>/second-round/", views.second_round, name="council-second-round"),
    path("<int:pk>/minutes.<str:fmt>", views.minutes, name="council-minutes"),
    path("new/<int:case_pk>/", views.form_council, name="council-form"),
]
