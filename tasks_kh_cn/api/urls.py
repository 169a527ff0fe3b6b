from django.urls import path

from notifications import api_notices

from . import auth, desks, views

app_name = "api"
urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="logout"),
    path("auth/logoutall/", auth.LogoutAllView.as_view(), name="logout-all"),
    path("tasks/", views.TaskListCreateView.as_view(), name="task-list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/transitions/<str:name>/", views.TransitionView.as_view(),
         name="task-transition"),
    path("tasks/<int:pk>/history/", views.HistoryView.as_view(), name="task-history"),
    path("tasks/<int:pk>/documents/", views.DocumentsView.as_view(), name="task-documents"),
    path("organisations/", views.OrganisationListCreateView.as_view(), name="organisation-list"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("notices/", api_notices.NoticeListView.as_view(), name="notices"),
    path("notices/<int:pk>/read/", api_notices.NoticeReadView.as_view(), name="notice-read"),
    path("notices/read-all/", api_notices.NoticeReadAllView.as_view(), name="notice-read-all"),
    path("delegations/", desks.DelegationListCreateView.as_view(), name="delegations"),
    path("desks/<int:task_id>/claim/", desks.ClaimView.as_view(), name="desk-claim"),
    path("desks/<int:task_id>/release/", desks.ReleaseView.as_view(), name="desk-release"),
    path("desks/<int:task_id>/reassign/", desks.ReassignView.as_view(), name="desk-reassign"),
]
