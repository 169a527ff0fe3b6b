"""What the case page shows above the fold: the actions in the order a user should meet them,
why the case came back, its open deadlines and where the next step is when it is not here.

The order of actions is data: a transition declared with ``danger=`` in workflows/lifecycle.py
(withdraw, reject, terminate, suspend) goes last, in the danger style, behind a confirmation
that names its consequence; everything else the user may do now goes first.
"""

from notifications.models import DeadlineStatus
from notifications.selectors import visible_deadlines
from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.people import name_columns
from workflows.lifecycle import COUNCIL, DESK, Status
from workflows.payloads import ReasonPayload
from workflows.services import all_transitions


def danger_of(name: str) -> str:
    """The consequence to confirm before transition ``name``, or "" when it is an ordinary step."""
    spec = all_transitions().get(name)
    return str(spec.custom.get("danger") or "") if spec is not None else ""


def group_actions(actions):
    """``(main, closed, danger)``: allowed ordinary steps, refused ones with their reason, and the
    allowed irreversible ones (last)."""
    main, closed, danger = [], [], []
    for action in actions:
        consequence = danger_of(action["option"].name)
        action["danger"] = consequence
        if not action["option"].allowed:
            closed.append(action)
        elif consequence:
            danger.append(action)
        else:
            main.append(action)
    return main, closed, danger


def last_reason(case, history):
    """The last return or refusal that brought the case to its current status, with its reason,
    or None (shown at the top of the page so the host need not dig in the history)."""
    transitions = all_transitions()
    for row in reversed(history):
        if row.from_status == row.to_status:
            continue  # a desk operation, not a step of the case
        spec = transitions.get(row.transition)
        if row.to_status != case.status or spec is None or not row.comment:
            return None
        if not issubclass(spec.custom["payload"], ReasonPayload):
            return None
        return {"row": row, "label": spec.custom["label"], "danger": bool(spec.custom.get("danger"))
                or case.is_terminal}
    return None


def open_deadlines(user, case):
    """The case's open deadlines the user may see, soonest first, with their legal basis and
    who owes them by name: the columns the page shows, not the case again (it is at hand)."""
    rows = list(visible_deadlines(user).filter(case=case, status=DeadlineStatus.OPEN)
                .select_related(None).select_related("owed_by_user__profile")
                .only("case", "title", "title_en", "status", "due_at", "owed_by_role", "legal_basis",
                      "legal_article", "is_default_assumption", *name_columns("owed_by_user")))
    for row in rows:
        row.case = case
    return rows


# A pilot model's and an enterprise support's work while the case is in progress is done in
# their own section of the case page (the six steps, the supported items), not by a transition.
WORK_SECTIONS = {CaseKind.PILOT_MODEL: "pilot", CaseKind.ENTERPRISE_SUPPORT: "support"}


def work_section(case, main_actions) -> str:
    """The anchor of the section where the in-progress work is done, when the action panel
    has nothing for the user: say where to go rather than "no action" ("" otherwise)."""
    if main_actions or case.status != Status.IN_PROGRESS:
        return ""
    return WORK_SECTIONS.get(case.kind, "")


def council_hint(case, main_actions):
    """While a council has the case, the next step is on the council's form or page, not in the
    action panel: say so rather than "no action"."""
    return DESK.get(case.status) == COUNCIL and not main_actions
