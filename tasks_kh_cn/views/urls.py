from django.urls import include, path

from . import cases, dashboard, delegations, desks, inbox, organisations

app_name = "web"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("organisations/new/", organisations.organisation_new, name="organisation-new"),
    path("inbox/", inbox.inbox_page, name="inbox"),
    path("inbox/count/", inbox.inbox_count, name="inbox-count"),
    path("inbox/export.xlsx", inbox.inbox_export, name="inbox-export"),
    path("workload/", desks.workload, name="workload"),
    path("workload/export.xlsx", desks.workload_export, name="workload-export"),
    path("delegations/", delegations.delegation_list, name="delegations"),
    path("delegations/<int:pk>/revoke/", delegations.delegation_revoke, name="delegation-revoke"),
    path("desks/<int:task_id>/claim/", desks.desk_claim, name="desk-claim"),
    path("desks/<int:task_id>/release/", desks.desk_release, name="desk-release"),
    path("desks/<int:task_id>/reassign/", desks.desk_reassign, name="desk-reassign"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/export.xlsx", cases.case_export, name="case-export"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/transitions/<str:name>/", cases.case_transition,
         name="case-transition"),
    path("cases/<int:pk>/documents/", cases.document_upload, name="document-upload"),
    path("cases/<int:pk>/documents/<int:version_pk>/", cases.document_download,
         name="document-download"),
    path("councils/", include("tasks_kh_cn.councils.web.urls")),
]
