"""Views the viewflow nodes point at: a desk task is worked on the case page itself."""

from django.shortcuts import redirect


def desk_task_view(request, **kwargs):
    """Opening a desk task from viewflow's task list lands on the case, where the actions are."""
    case = request.activation.process.artifact
    return redirect("web:case-detail", pk=case.pk)
