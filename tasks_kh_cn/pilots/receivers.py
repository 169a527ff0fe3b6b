"""What pilot models do when their case moves (connected in apps.ready)."""

from django.dispatch import receiver

from workflows.services import case_transitioned

from .services import ensure_milestones


@receiver(case_transitioned, dispatch_uid="pilots.create_steps")
def create_steps_on_start(sender, case, to_status, **kwargs):
    """Plan 3.4: implementation of a pilot model is its six steps; they exist from the start."""
    if case.kind == "pilot_model" and to_status == "in_progress":
        ensure_milestones(case)
