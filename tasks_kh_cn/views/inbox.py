"""The inbox page: everything the user owes, kind by kind, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from tasks_kh_cn.inbox import Inbox, kinds

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


@login_required
def inbox_count(request):
    """The number beside "Việc cần xử lý" in the menu, fetched by htmx after the page loads
    (and each minute), so no page pays for the inbox's queries; without JavaScript the menu
    simply has no number."""
    total = sum(Inbox(request.user).counts().values())
    return render(request, "web/_inbox_count.html", {"total": total})
