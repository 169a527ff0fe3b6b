"""Reads. Lists are filtered by the same rules as the detail views (permissions.can_view_case)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_group, get_objects_for_user
from viewflow.workflow.models import Task

from notifications.models import Deadline, DeadlineStatus
from workflows.flows import CaseFlow
from workflows.permissions import VIEW_PERM, know_roles_and_organisations
from workflows.queues import OPEN_TASK_STATUSES
from workflows.roles import Role, user_group_ids

from .bilingual import shown
from .labels import labels
from .models import DocumentKind, DocumentVersion, TaskCase, TransitionLog
from .people import NAME_FIELDS, name_columns, name_of, own_columns


def sees_every_case(user) -> bool:
    """Department roles (and the administrator) see every case: lists of what hangs on cases
    need no "among the visible cases" condition for them (at 100,000 cases that condition is
    a join over all of them)."""
    return bool(user is not None and user.is_authenticated
                and (user.is_superuser or user.has_perm(f"tasks_kh_cn.{VIEW_PERM}")))


def granted_case_ids(user):
    """The keys of the cases ``user`` is granted the view permission on, to the user or to
    one of their groups (guardian's object permissions): a subquery.

    The same set as guardian's ``get_objects_for_user`` with groups, asked as a UNION of the
    user's grants and each group's rather than one query with ``user's OR groups'``: an OR of
    two subqueries cannot be turned into a join, so PostgreSQL tested every case against both
    (at 100,000 cases a scan of them all on each list, inbox count and deadline list of a
    host's or a reviewer's); each part of the union is a join from the few grants to the
    cases through the index on the key as text (``case_id_text``, the form guardian compares)."""
    perm = f"tasks_kh_cn.{VIEW_PERM}"
    # The user's groups come with their roles and organisations (one query a request, which
    # the host checks and the menu read as well).
    know_roles_and_organisations(user)
    parts = [get_objects_for_user(user, perm, klass=TaskCase, use_groups=False,
                                  accept_global_perms=False, with_superuser=False)]
    # any_perm of one permission is that permission; it keeps guardian's group grants a
    # subquery (without it guardian reads them into a list first).
    parts += [get_objects_for_group(Group(pk=group_id), perm, klass=TaskCase,
                                    accept_global_perms=False, any_perm=True)
              for group_id in sorted(user_group_ids(user))]
    first, *rest = [part.order_by().values("pk") for part in parts]
    return first.union(*rest) if rest else first


def visible_cases(user):
    """Cases ``user`` may see: all for department roles, else those granted on the object."""
    base = TaskCase.objects.select_related("host", "assigned_officer", "leader")
    if user is None or not user.is_authenticated:
        return base.none()
    if sees_every_case(user):
        return base
    return base.filter(pk__in=granted_case_ids(user))


def visible_case(user, pk, kind=None, *, with_people=False):
    """The case ``pk`` if ``user`` may see it (and it is of ``kind``), else None.

    ``with_people`` reads the leader's and the officer's profiles too (pages that name them).
    Read with ``get()``, not ``first()``: ``first()`` orders by the model's ordering, and for
    an ORDER BY Django compares every selected column with it (here the case's and three
    joined rows', some 80) to fetch one row."""
    qs = visible_cases(user).filter(pk=pk)
    if with_people:
        qs = qs.select_related("leader__profile", "assigned_officer__profile")
    if kind is not None:
        qs = qs.filter(kind=kind)
    try:
        return qs.get()
    except TaskCase.DoesNotExist:
        return None


def visible_case_or_404(user, pk, kind=None, *, with_people=False):
    """The case ``pk`` if ``user`` may see it (and it is of ``kind``), else 404 — never its data."""
    case = visible_case(user, pk, kind, with_people=with_people)
    if case is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return case


def case_history(case):
    """The case's history, oldest first, with the names of who acted and for whom (only the
    columns a name needs: ordered rows cost Django a comparison per selected column)."""
    return (TransitionLog.objects.filter(case=case)
            .select_related("actor__profile", "on_behalf_of__profile")
            .only(*own_columns(TransitionLog), *name_columns("actor", "on_behalf_of"))
            .order_by("at", "id"))


def versions_with_uploaders():
    """Prefetch a document's versions with who uploaded them, by name, in the same query."""
    return Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by__profile"))


def case_documents(case) -> list[dict]:
    """The case page's documents, each with its versions newest first and who uploaded them
    by name, in one narrow query (a document LEFT JOIN its versions) instead of the documents
    and then their versions with their uploaders' user and profile rows."""
    version = "versions__"
    rows = (case.documents.order_by("kind", "id", f"-{version}number").values_list(
        "pk", "kind", "title", "title_en", f"{version}pk", f"{version}number", f"{version}original_name",
        f"{version}size", f"{version}uploaded_at", f"{version}note",
        *(f"{version}uploaded_by__{field}" for field in NAME_FIELDS)))
    kinds = labels(DocumentKind)
    documents = []
    for pk, kind, title, title_en, version_pk, number, name, size, at, note, *uploader in rows:
        if not documents or documents[-1]["pk"] != pk:
            documents.append({"pk": pk, "title": shown(title, title_en), "kind_label": kinds.get(kind, kind),
                              "versions": []})
        if version_pk is not None:
            documents[-1]["versions"].append({
                "pk": version_pk, "number": number, "original_name": name, "size": size,
                "uploaded_at": at, "note": note, "uploaded_by": name_of(*uploader)})
    return documents


def visible_desk_task_or_404(user, task_id):
    """A desk task of a case process whose case ``user`` may see (404 otherwise)."""
    task = (Task.objects.filter(pk=task_id, process__flow_class=CaseFlow, flow_task_type="HUMAN")
            .select_related("process", "owner").first())
    if task is None or not visible_cases(user).filter(pk=task.process.artifact_object_id).exists():
        raise Http404
    return task


def officer_workload():
    """Each officer's open desk tasks, the earliest open deadline of the task's case beside
    it, overdue first then soonest (three queries: officers, tasks, cases)."""


    officers = list(get_user_model().objects.filter(groups__name=Role.OFFICER, is_active=True)
                    .select_related("profile").order_by("profile__full_name", "username"))
    earliest = (Deadline.objects.filter(case_id=OuterRef("process__artifact_object_id"),
                                        status=DeadlineStatus.OPEN)
                .order_by("due_on").values("due_on")[:1])
    tasks = list(Task.objects.filter(process__flow_class=CaseFlow, flow_task_type="HUMAN",
                                     status__in=OPEN_TASK_STATUSES, owner__in=officers)
                 .select_related("process").annotate(due=Subquery(earliest)))
    cases = TaskCase.objects.select_related("host").in_bulk(
        {t.process.artifact_object_id for t in tasks})
    rows = {officer.pk: {"officer": officer, "tasks": []} for officer in officers}
    for task in tasks:
        task.case = cases.get(task.process.artifact_object_id)
        if task.case is not None:
            rows[task.owner_id]["tasks"].append(task)
    for row in rows.values():
        row["tasks"].sort(key=lambda t: (t.due is None, t.due, -t.pk))
    return list(rows.values())
