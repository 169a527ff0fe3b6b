"""Who stands in for whom today: a delegate acts for a principal who is away
(tasks_kh_cn.models.Delegation, from one date to another). The transition records
"X on behalf of Y"; the delegate's inbox holds the principal's desk tasks."""
from tasks_kh_cn.models import Delegation

from .permissions import know_roles_and_organisations


def principals_of(user) -> list:
    """The people ``user`` stands in for today (active delegations), asked once per request.

    When the request already knows whom the user stands in for (the one query of
    permissions.know_roles_and_organisations) and it is nobody, nothing more is read."""
    cached = getattr(user, "_khcn_principals", None)
    if cached is None:
        if not user.is_authenticated:
            cached = []
        else:
            know_roles_and_organisations(user)  # nothing, when the request knows the user
            if getattr(user, "_khcn_principal_ids", None) == frozenset():
                cached = []
            else:
                cached = [d.principal for d in Delegation.objects.active().filter(delegate=user)
                          .select_related("principal__profile")]
        user._khcn_principals = cached
    return cached
