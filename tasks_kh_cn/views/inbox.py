"""The inbox page: everything the user owes, kind by kind, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from tasks_kh_cn.inbox import Inbox, kinds
from tasks_kh_cn.xlsx import Column, pages_of, xlsx_download

PAGE_SIZE = 25


@login_required
def inbox_page(request):
    available = kinds()
    kind = request.GET.get("kind", "")
    kind = kind if kind in available else ""
    everything = Inbox(request.user)
    counts = everything.counts()
    inbox = everything.narrowed([kind] if kind else None)
    page = Paginator(inbox, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/inbox.html", {
        "page": page, "kind": kind, "total": sum(counts.values()),
        "tabs": [{"kind": k, "label": label, "count": counts.get(k, 0)}
                 for k, label in available.items()],
        "query": urlencode({"kind": kind}) if kind else "",
    })


# A programme deadline (the plan's yearly report, a survey) belongs to no case: its case
# columns are blank, as the page shows it by its label alone.
INBOX_COLUMNS = [
    Column(gettext_lazy("Mã"), lambda item: item.case.code if item.case else ""),
    Column(gettext_lazy("Tên nhiệm vụ"), lambda item: item.case.title if item.case else ""),
    Column(gettext_lazy("Việc cần làm"), lambda item: item.label),
    Column(gettext_lazy("Trạng thái"),
           lambda item: item.case.get_status_display() if item.case else ""),
    Column(gettext_lazy("Hạn"), lambda item: item.due, "date"),
    Column(gettext_lazy("Từ ngày"), lambda item: item.created, "date"),
]


@login_required
def inbox_export(request):
    """The inbox as shown (the same tab), to Excel: the user's own items only, read a page
    at a time through the same sources as the page."""
    available = kinds()
    kind = request.GET.get("kind", "")
    inbox = Inbox(request.user, kinds=[kind] if kind in available else None)
    return xlsx_download(INBOX_COLUMNS, pages_of(inbox, inbox.count()),
                         title=gettext_lazy("Việc cần xử lý"), filename="viec-can-xu-ly")


@login_required
def inbox_count(request):
    """The number beside "Việc cần xử lý" in the menu, fetched by htmx after the page loads
    (and each minute), so no page pays for the inbox's queries; without JavaScript the menu
    simply has no number."""
    total = sum(Inbox(request.user).counts().values())
    return render(request, "web/_inbox_count.html", {"total": total})
