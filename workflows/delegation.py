"""Who stands in for whom today: a delegate acts for a principal who is away
(tasks_kh_cn.models.Delegation, from one date to another). The transition records
"X on behalf of Y"; the delegate's inbox holds the principal's desk tasks."""
from tasks_kh_cn.models import Delegation


def principals_of(user) -> list:
    """The people ``user`` stands in for today (active delegations), asked once per request."""
    cached = getattr(user, "_khcn_principals", None)
    if cached is None:
        cached = [d.principal for d in Delegation.objects.active().filter(delegate=user)
                  .select_related("principal__profile")] if user.is_authenticated else []
        user._khcn_principals = cached
    return cached
