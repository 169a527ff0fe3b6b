"""How the product names a person: the profile's full name (with the academic title), never the
login — in pages, history, exports and documents."""

from django.core.exceptions import ObjectDoesNotExist


def person_name(user) -> str:
    """Load users with ``select_related("profile")`` (or ``"…__profile"``) in lists."""
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        profile = None
    return name_of(profile and profile.full_name, profile and profile.academic_title,
                   user.first_name, user.last_name, user.get_username())


# The columns ``name_of`` reads, from a user row: for lists of names read as values.
NAME_FIELDS = ("profile__full_name", "profile__academic_title", "first_name", "last_name",
               "username")


def own_columns(model) -> tuple[str, ...]:
    """Every column of ``model``'s own row, for ``.only()`` beside narrowed related rows."""
    return tuple(field.name for field in model._meta.concrete_fields)


def name_columns(*relations: str) -> list[str]:
    """What ``person_name`` reads of each user ``relations`` names (``"actor"``,
    ``"owner"`` …), for ``.only()`` beside ``select_related("<relation>__profile")``: a list
    that names people reads those five columns, not the user's eleven and the profile's."""
    return [column for relation in relations
            for column in (relation, f"{relation}__profile",
                           *(f"{relation}__{field}" for field in NAME_FIELDS))]


def name_of(full_name, academic_title, first_name, last_name, username) -> str:
    """``person_name`` from the values of NAME_FIELDS (no user or profile object)."""
    if full_name:
        return f"{academic_title} {full_name}" if academic_title else full_name
    return f"{first_name} {last_name}".strip() or username
