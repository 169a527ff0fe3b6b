"""The council processes: one viewflow flow per council type, each file reading like its diagram.

    form council → open round → ┬─ seat 1: excluded? → replace ─┐   (one branch per seat)
                                ├─ seat n: declare conflict → ballot ─┤
                                └─ secretary closes the round ────────┴→ join
                   → aggregate → tie? (second round) → decider → FSM transition on the case

The processes never write a status: the council's FSM and the case's FSM (through
``workflows.services.perform_transition``) do, called from ``tasks_kh_cn.councils.services``.
"""
from .acceptance import AcceptanceCouncilFlow
from .budget_appraisal import BudgetAppraisalFlow
from .direct_assignment import DirectAssignmentCouncilFlow
from .identification import IdentificationCouncilFlow
from .selection import SelectionCouncilFlow


def flow_for(council_type):
    return {
        "identification": IdentificationCouncilFlow,
        "selection": SelectionCouncilFlow,
        "direct_assignment": DirectAssignmentCouncilFlow,
        "budget_appraisal": BudgetAppraisalFlow,
        "acceptance": AcceptanceCouncilFlow,
    }[council_type]
