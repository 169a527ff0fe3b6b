"""A deadline's name in both languages, kept on the row.

A deadline's title is data (the rule's, or built when a council, a change request or the
ledger creates one), so the English pages cannot translate it with gettext afterwards: each
row keeps ``title`` (Vietnamese, what documents and the history cite) and ``title_en``, and
pages read ``Deadline.display_title`` in the active language. ``in_both`` builds the pair
from a translatable label when the deadline is created, whatever the language of the request
that creates it (an officer on an English page must not leave an English title for the
Vietnamese readers).
"""

from django.utils import translation

# The rule set's obligations in English, by rule code (the Vietnamese is the rule's title).
# An administrator edits them in the admin like any rule field; a new rule without one is
# shown in Vietnamese on English pages.
TITLES_EN = {
    "acceptance_council": "Form the acceptance evaluation council",
    "acceptance_dossier": "Submit the acceptance dossier",
    "acceptance_gap_fix": "Complete the acceptance dossier",
    "acceptance_revalidity_check": "Check the completed acceptance dossier",
    "acceptance_validity_check": "Check the acceptance dossier's validity",
    "advance_settlement": "Settle the advance",
    "approval_submission": "Submit the task for approval",
    "budget_appraisal": "Meeting of the budget appraisal team",
    "contract_end": "End of the contract's implementation",
    "dossier_opening": "Open the application dossier",
    "dossier_reopening": "Open the completed application dossier",
    "dossier_resubmission": "Resubmit the completed application dossier",
    "extension_request_cutoff": "Last day to ask for an extension (at least 1 month before the end)",
    "identification_decision": "Approve the result of the task identification",
    "periodic_report": "Periodic report (6-monthly)",
    "post_review_revision": "Complete the results after acceptance",
    "proposal_resubmission": "Resubmit the completed proposal",
    "recognition_decision": "Decision recognising the results",
    "winner_revision": "Revise the proposal as the council concluded",
}


def in_both(label, params=None) -> tuple[str, str]:
    """``(Vietnamese, English)`` of a translatable ``label``, formatted with ``params``
    (whose lazy values are translated too): for whatever keeps both languages on a row (a
    deadline's name here, a notice's context in tasks_kh_cn.notices)."""
    out = []
    for language in ("vi", "en"):
        with translation.override(language):
            text = str(label)
            if params:
                text = text % {key: str(value) for key, value in params.items()}
            out.append(text)
    return out[0], out[1]


def titled(label, params=None) -> dict:
    """``{"title": …, "title_en": …}``: the keyword arguments of a new Deadline."""
    title, title_en = in_both(label, params)
    return {"title": title[:255], "title_en": title_en[:255]}
