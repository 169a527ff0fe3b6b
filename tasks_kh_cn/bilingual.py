"""Catalogue rows in the page's language.

Catalogues an administrator keeps (support items, pilot indicators, the plan's milestones,
ballot criteria, deadlines' obligations) are data, so gettext cannot translate them: each
row keeps its Vietnamese text (what documents and the law cite) and an English one beside
it (``*_en``, filled for the shipped rows by the migration that added it). Pages read
``shown`` in the active language; a row without English (one an administrator added in
Vietnamese only) shows its Vietnamese text.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The help text of every ``*_en`` column.
EN_HELP = _("Hiện trên trang tiếng Anh; để trống thì hiện bản tiếng Việt.")


def english_page() -> bool:
    return (translation.get_language() or "vi").startswith("en")


def shown(vietnamese: str, english: str) -> str:
    """``english`` on an English page when there is one, else ``vietnamese``."""
    return english if english and english_page() else vietnamese
