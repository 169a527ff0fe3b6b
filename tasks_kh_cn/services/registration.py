"""An enterprise registers its organisation and becomes its representative."""

from django.db import transaction

from tasks_kh_cn.models import Membership, Organisation

from .organisations import add_member, create_organisation


@transaction.atomic
def register_organisation(*, user, **fields) -> Organisation:
    """Create the organisation (tax code checked, see validators) with ``user`` as representative.

    Raises django ValidationError with field errors (bad or duplicate tax code …).
    """
    organisation = create_organisation(**fields)
    add_member(organisation=organisation, user=user, role=Membership.Role.REPRESENTATIVE)
    return organisation
