"""The case list's filters and sort orders, one implementation for the page, the API and the
Excel export: each door validates its own input (a Django form, a FilterSet) and hands the
clean values here, so a bookmarked page, an API call and an export with the same parameters
list the same cases.

The queryset given is always already permission-filtered (selectors.visible_cases): these
functions only narrow it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.models import Call
from tasks_kh_cn.people import NAME_FIELDS, name_of
from workflows.roles import Role

# Sort keys offered to users → ORDER BY. The id breaks ties so pages never overlap.
SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "code": ("code",),
    "-code": ("-code",),
    "title": (lambda: in_vietnamese_order("title"), "id"),
    "status": ("status", "-created_at", "-id"),
    "due": (F("next_due").asc(nulls_last=True), "-id"),
    "-due": (F("next_due").desc(nulls_last=True), "-id"),
}
SORT_CHOICES = [
    ("-created", _("Mới tạo trước")),
    ("created", _("Cũ trước")),
    ("code", _("Mã tăng dần")),
    ("-code", _("Mã giảm dần")),
    ("title", _("Tên nhiệm vụ")),
    ("status", _("Trạng thái")),
    ("due", _("Hạn gần nhất trước")),
    ("-due", _("Hạn xa nhất trước")),
]
DEFAULT_SORT = "-created"
MAX_DUE_WITHIN_DAYS = 366


def officers():
    """The people a case can be assigned to, for the officer filter's choices."""
    return (get_user_model().objects.filter(groups__name=Role.OFFICER, is_active=True)
            .select_related("profile").order_by("profile__full_name", "username").distinct())


def officer_choices() -> list[tuple[int, str]]:
    """``(key, full name)`` of the officers, for a filter's options: the names only, not the
    users and profiles (tasks_kh_cn.people.name_of names them as person_name does)."""
    rows = officers().values_list("pk", *NAME_FIELDS)
    return [(row[0], name_of(*row[1:])) for row in rows]


def call_choices() -> list[tuple[int, str]]:
    """``(key, str(call))`` of the calls, newest first: only the columns the label reads."""
    return [(call.pk, str(call))
            for call in Call.objects.order_by("-opens_at").only("code", "title")]


def _open_deadlines():
    return Deadline.objects.filter(case_id=OuterRef("pk"), status=DeadlineStatus.OPEN)


def with_next_due(queryset):
    """Each case's earliest open deadline (``next_due``), one correlated subquery."""
    earliest = _open_deadlines().order_by("due_at").values("due_at")[:1]
    return queryset.annotate(next_due=Subquery(earliest))


def local_year_bounds(year: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def filter_cases(queryset, *, q="", phase="", status=(), kind="", officer=None, district="",
                 call=None, year=None, due_within=None, overdue=None, now=None):
    """Narrow ``queryset`` by the clean values of the list's filters (empty means no filter)."""
    now = now or timezone.now()
    if phase:
        queryset = queryset.in_phase(phase)
    if isinstance(status, str):
        status = [status] if status else []
    if status:
        queryset = queryset.filter(status__in=list(status))
    if kind:
        queryset = queryset.filter(kind=kind)
    if officer is not None:
        queryset = queryset.filter(assigned_officer=officer)
    if district:
        queryset = queryset.filter(host__district=district)
    if call is not None:
        queryset = queryset.filter(call=call)
    if year:
        # The local calendar year the case was created in (Asia/Ho_Chi_Minh), as a range so
        # the index on created_at serves it.
        start, end = local_year_bounds(year)
        queryset = queryset.filter(created_at__gte=start, created_at__lt=end)
    if due_within is not None:
        # An open deadline falls due between now and the end of the N-th local day ahead.
        last_day = timezone.localdate(now) + datetime.timedelta(days=due_within)
        queryset = queryset.filter(Exists(_open_deadlines().filter(
            due_at__gte=now, due_on__lte=last_day)))
    if overdue is True:
        # The same test as the deadline list's overdue filter: open and past its due time.
        queryset = queryset.filter(Exists(_open_deadlines().filter(due_at__lt=now)))
    elif overdue is False:
        queryset = queryset.exclude(Exists(_open_deadlines().filter(due_at__lt=now)))
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(title__icontains=q))
    return queryset


# PostgreSQL's ICU collation for Vietnamese (Debian's PostgreSQL is built with ICU): D before
# Đ, O before Ô and Ơ, whatever the database's own collation (C.UTF-8 puts Đ after Z).
VIETNAMESE_COLLATION = "vi-x-icu"


def in_vietnamese_order(field):
    """``field`` for ORDER BY in Vietnamese alphabetical order where the database knows it;
    SQLite (the README's quick start) has no ICU and sorts by code point."""
    if connection.vendor == "postgresql":
        return Collate(field, VIETNAMESE_COLLATION)
    return F(field)


def sort_cases(queryset, sort=""):
    """Order by one of SORTS (unknown or empty → newest first); adds ``next_due``."""
    queryset = with_next_due(queryset)
    keys = SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return queryset.order_by(*(key() if callable(key) else key for key in keys))
