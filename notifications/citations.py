"""A legal citation as stored and as shown.

The rule rows cite a Vietnamese regulation, and the citation stays Vietnamese in both
languages; an article not yet checked against the text carries the marker below, appended
when the row was entered (notifications/migrations/0008, councils 0004, changes 0003–0004).
The marker is the product's remark, not the regulation's words: it is translated when shown.
"""

from django.utils.translation import gettext as _

UNVERIFIED_MARK = "(số điều chưa đối chiếu)"


def shown_citation(text: str) -> str:
    """``text`` (an article, or a citation built from one) with each "not verified" marker
    in the active language."""
    if not text or UNVERIFIED_MARK not in text:
        return text
    return text.replace(UNVERIFIED_MARK, "(" + _("số điều chưa đối chiếu") + ")")
