"""The public page of council results: no login (TT 20/2023: results are published within
15 days and kept online at least 60 days). It reads ``PublishedResult`` copies only —
task name, host, result, decision — never a case, a dossier or a ballot."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..services.publishing import public_results


@require_GET
def results(request):
    rows = list(public_results()[:200])
    return render(request, "councils/public_results.html", {"results": rows})
