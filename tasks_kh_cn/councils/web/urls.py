"""Council pages, included under the web app's namespace (``web:council-detail`` …)."""

from django.urls import path

from . import meeting_views, public, registry, views

urlpatterns = [
    path("<int:pk>/", views.council_detail, name="council-detail"),
    path("<int:pk>/conflict/", views.declare, name="council-declare"),
    path("<int:pk>/round/", views.round_fragment, name="council-round"),
    path("<int:pk>/ballot/", views.ballot, name="council-ballot"),
    path("<int:pk>/members/<int:member_pk>/presence/", views.presence,
         name="council-presence"),
    path("<int:pk>/members/<int:member_pk>/replace/", views.replace, name="council-replace"),
    path("<int:pk>/close/", views.close, name="council-close"),
    path("<int:pk>/decide/", views.decide, name="council-decide"),
    path("<int:pk>/second-round/", views.second_round, name="council-second-round"),
    path("<int:pk>/minutes.<str:fmt>", views.minutes, name="council-minutes"),
    path("new/<int:case_pk>/", views.form_council, name="council-form"),
    path("<int:pk>/meeting/", meeting_views.meeting, name="council-meeting"),
    path("<int:pk>/attendance/", meeting_views.attendance, name="council-attendance"),
    path("<int:pk>/papers-sent/", meeting_views.papers_sent, name="council-papers-sent"),
    path("experts/", registry.experts, name="council-experts"),
    path("experts/export.xlsx", registry.experts_export, name="council-experts-export"),
    # Public (no login): the published results only (TT 20/2023).
    path("results/", public.results, name="council-results-public"),
]
