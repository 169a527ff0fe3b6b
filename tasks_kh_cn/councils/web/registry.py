"""The experts registry page: the department searches it by field of expertise before
forming a council (the seats themselves are still checked by ``forming.seat_errors``).
Anyone outside the department gets a 403; the registry is kept in the admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..experts import search_experts
from ..models import ExpertiseField
from ..permissions import is_department


@login_required
@require_GET
def experts(request):
    if not is_department(request.user):
        return render(request, "403.html", {"reason": _(
            "Chỉ cán bộ của Sở xem được danh sách chuyên gia.")}, status=403)
    field = request.GET.get("field", "").strip()
    rows = list(search_experts(field=field)[:500])
    return render(request, "councils/experts.html", {
        "experts": rows, "fields": list(ExpertiseField.objects.order_by("name")),
        "field": field})
