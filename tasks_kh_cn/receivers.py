"""What the case domain does when a case moves (connected in apps.ready)."""

from django.dispatch import receiver

from workflows.services import case_transitioned

from .services.cases import assign_officer, least_loaded_officer


@receiver(case_transitioned, dispatch_uid="tasks_kh_cn.assign_officer_on_submit")
def assign_officer_on_submit(sender, case, transition, **kwargs):
    """A submitted proposal goes to the officer with the fewest open cases, unless one is set."""
    if transition == "submit" and case.assigned_officer_id is None:
        officer = least_loaded_officer()
        if officer is not None:
            assign_officer(case=case, officer=officer)



# A failed acceptance (and a termination) restricts the host and the task leader for the
# period of the rule, with an end date: tasks_kh_cn.funding.closing.restrict_on_failure.
