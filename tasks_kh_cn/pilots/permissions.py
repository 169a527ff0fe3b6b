"""Who acts on a pilot model's steps, answering (allowed, reason).

The host enterprise's members carry the steps out and enter their evidence; only
an approver recognises successful application (plan 3.4 (5)).
"""

from workflows.permissions import is_approver, is_host_member

CHECKS = {"host": is_host_member, "approver": is_approver}


def milestone_actor(actor: str):
    """The django-fsm ``permission=`` callable for a milestone transition owned by ``actor``."""
    check = CHECKS[actor]

    def permission(milestone, user) -> bool:
        return check(user, milestone.case).allowed

    permission.actor = actor
    permission.check = lambda user, milestone: check(user, milestone.case)
    return permission
