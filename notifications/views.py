"""The SMS gateway's delivery-status callback (HMAC-SHA256 signed), a user's own channels
and their notification centre."""

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tasks_kh_cn.xlsx import Column, xlsx_download

from .forms import ChannelPreferenceForm
from .models import Attempt, Outbox
from .services.centre import mark_all_read, mark_read, notices_of
from .services.preferences import preference_for, set_preferences

DELIVERED = {"delivered", "success", "delivrd"}
UNDELIVERED = {"failed", "undelivered", "expired", "rejected"}


def signature_ok(body: bytes, given: str) -> bool:
    secret = settings.SMS_CALLBACK_SECRET
    if not secret or not given:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower().removeprefix("sha256="))


@csrf_exempt
@require_POST
def sms_callback(request):
    if not signature_ok(request.body, request.headers.get("X-Signature", "")):
        return JsonResponse({"error": "invalid signature"}, status=403)
    try:
        data = json.loads(request.body)
        message_id = str(data.get("message_id") or "")
        status = str(data.get("status") or "").lower()
    except (ValueError, AttributeError):
        return JsonResponse({"error": "invalid body"}, status=400)
    if not message_id or status not in DELIVERED | UNDELIVERED:
        return JsonResponse({"error": "message_id and a known status are required"}, status=400)
    with transaction.atomic():
        row = (Outbox.objects.select_for_update()
               .filter(provider_message_id=message_id, channel="sms").first())
        if row is None:
            return JsonResponse({"error": "unknown message"}, status=404)
        if status in DELIVERED:
            outcome = Attempt.Outcome.DELIVERED
            Outbox.objects.mark_delivered(row.pk, timezone.now())
        else:
            outcome = Attempt.Outcome.UNDELIVERED
            Outbox.objects.mark_undelivered(row.pk, str(data.get("error", status)))
        Attempt.objects.create(outbox=row, number=row.attempts, outcome=outcome,
                               detail=json.dumps(data, ensure_ascii=False)[:2000])
    return JsonResponse({"ok": True})


@login_required
def preferences(request):
    """Each user chooses email / SMS / daily digest for themselves only."""
    form = ChannelPreferenceForm(request.POST or None, instance=preference_for(request.user))
    if request.method == "POST" and form.is_valid():
        set_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu tùy chọn nhận thông báo."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def notice_list(request):
    """The notification centre: the person's notices, unread ones marked, 30 a page."""
    page = Paginator(notices_of(request.user), 30).get_page(request.GET.get("page"))
    language = translation.get_language() or settings.LANGUAGE_CODE
    rows = [{"notice": n, "subject": n.subject(language), "body": n.body(language)}
            for n in page.object_list]
    return render(request, "notifications/notice_list.html", {"page": page, "rows": rows})


@login_required
def notice_export(request):
    """The person's own notices, as the centre lists them, to Excel."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    columns = [
        Column(gettext_lazy("Thời điểm"), lambda n: n.created_at, "date"),
        Column(gettext_lazy("Mã"), lambda n: n.case.code if n.case_id else ""),
        Column(gettext_lazy("Tiêu đề"), lambda n: n.subject(language)),
        Column(gettext_lazy("Nội dung thông báo"), lambda n: n.body(language)),
        Column(gettext_lazy("Đã đọc"), lambda n: n.read_at, "date"),
    ]
    return xlsx_download(columns, notices_of(request.user).iterator(chunk_size=2_000),
                         title=gettext_lazy("Thông báo"), filename="thong-bao")


@login_required
@require_POST
def notice_read(request, pk):
    """Mark one of one's own notices read, then follow it to its case (or back)."""
    if not mark_read(user=request.user, notice_id=pk):
        raise Http404
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "notifications:notices"
    return redirect(target)


@login_required
@require_POST
def notice_read_all(request):
    mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("notifications:notices")
