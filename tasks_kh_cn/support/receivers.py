"""What enterprise support does when its case moves (connected in apps.ready)."""

from django.dispatch import receiver

from workflows.services import case_transitioned

from .services import mark_approved


@receiver(case_transitioned, dispatch_uid="support.mark_approved")
def support_granted_on_approval(sender, case, transition, **kwargs):
    """The approval decision (TT 20/2023) grants the support: its date starts the repeat window."""
    if transition == "approve" and case.kind == "enterprise_support":
        mark_approved(case)
