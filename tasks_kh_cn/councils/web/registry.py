"""The experts registry page: the department searches it by field of expertise before
forming a council (the seats themselves are still checked by ``forming.seat_errors``).
Anyone outside the department gets a 403; the registry is kept in the admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tasks_kh_cn.people import person_name
from tasks_kh_cn.xlsx import Column, xlsx_download

from ..experts import search_experts
from ..models import ExpertiseField
from ..permissions import is_department

EXPERT_COLUMNS = [
    Column(gettext_lazy("Chuyên gia"), lambda e: person_name(e.user)),
    Column(gettext_lazy("Học vị, học hàm"), lambda e: ", ".join(
        str(x) for x in (e.get_degree_display(), e.academic_rank and e.get_academic_rank_display())
        if x)),
    Column(gettext_lazy("Tổ chức công tác"),
           lambda e: e.organisation.name if e.organisation else e.workplace),
    Column(gettext_lazy("Lĩnh vực chuyên môn"), lambda e: ", ".join(f.name for f in e.fields.all())),
    Column(gettext_lazy("Số hội đồng đã tham gia"), lambda e: e.councils_served, "count"),
    Column(gettext_lazy("Xung đột lợi ích tại hội đồng"), lambda e: e.council_conflicts, "count"),
]


def _refused(request):
    return render(request, "web/forbidden.html", {"reason": _(
        "Chỉ cán bộ của Sở xem được danh sách chuyên gia.")}, status=403)


@login_required
@require_GET
def experts(request):
    if not is_department(request.user):
        return _refused(request)
    field = request.GET.get("field", "").strip()
    rows = list(search_experts(field=field)[:500])
    return render(request, "councils/experts.html", {
        "experts": rows, "fields": list(ExpertiseField.objects.order_by("name")),
        "field": field})


@login_required
@require_GET
def experts_export(request):
    """The registry as filtered on the page (the field of expertise), to Excel."""
    if not is_department(request.user):
        return _refused(request)
    rows = search_experts(field=request.GET.get("field", "").strip()).iterator(chunk_size=2_000)
    return xlsx_download(EXPERT_COLUMNS, rows, title=gettext_lazy("Danh sách chuyên gia"),
                         filename="chuyen-gia")
