"""The page a council task opens on: the council itself (its API resource for now)."""

from django.shortcuts import redirect


def council_task_view(request, **kwargs):
    council = request.activation.process.artifact
    return redirect("councils:council-detail", pk=council.pk)
