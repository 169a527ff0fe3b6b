"""The page a council task opens on: the council's web page."""

from django.shortcuts import redirect


def council_task_view(request, **kwargs):
    council = request.activation.process.artifact
    return redirect("web:council-detail", pk=council.pk)
