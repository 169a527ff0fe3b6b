"""What the case domain does when a case moves (connected in apps.ready)."""

from django.dispatch import receiver

from workflows.services import case_transitioned

from .notices import notify_restriction
from .services.cases import assign_officer, least_loaded_officer


@receiver(case_transitioned, dispatch_uid="tasks_kh_cn.assign_officer_on_submit")
def assign_officer_on_submit(sender, case, transition, **kwargs):
    """A submitted proposal goes to the officer with the fewest open cases, unless one is set."""
    if transition == "submit" and case.assigned_officer_id is None:
        officer = least_loaded_officer()
        if officer is not None:
            assign_officer(case=case, officer=officer)


@receiver(case_transitioned, dispatch_uid="tasks_kh_cn.restrict_host_on_failed_acceptance")
def restrict_host_on_failed_acceptance(sender, case, transition, payload, **kwargs):
    """TT 11/2014: a host whose task is rated "Không đạt" is restricted from future calls."""
    if transition != "fail_acceptance":
        return
    host = case.host
    host.restricted_from_calls = True
    host.restriction_reason = f"Nhiệm vụ {case.code} nghiệm thu không đạt: {payload.get('comment', '')}"
    host.restricted_until = None
    host.save(update_fields=["restricted_from_calls", "restriction_reason", "restricted_until"])
    notify_restriction(case, host, host.restriction_reason, host.restricted_until)
