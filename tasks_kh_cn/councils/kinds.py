"""The council types as rows of data: one flow (``workflows.councils.flow.CouncilFlow``)
runs them all, and everything that differs between them is read from here.

A row says what the council is called, who decides on its outcome (the role, and the
permission viewflow's decide task waits for), which ballot criteria set it uses, where
the case sits while it works, its legal basis, how its ballots read, and which case
transition each outcome triggers. Figures (sizes, thresholds, working days) are NOT
here: they are dated rule rows (``CouncilRule``, ``MeetingRule``) with their article.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

TT06 = "TT 06/2023/TT-BKHCN"
TT20 = "TT 20/2023/TT-BKHCN"
TT11 = "TT 11/2014/TT-BKHCN"

# The outcome of a per-dossier council (selection): the winner, and every other dossier.
WINNER = "winner"
OTHERS = "others"


@dataclass(frozen=True)
class CouncilKind:
    code: str
    title: str
    decider_role: str
    decider_permission: str
    criteria_set: str
    sits_in: str
    legal_basis: str
    # Outcome result → the case transition it triggers (``OutcomeResult`` values), or for a
    # council that compares dossiers, WINNER / OTHERS → transition.
    outcomes: dict = field(default_factory=dict)
    per_dossier: bool = False
    # TT 11/2014: each product is rated as well as the report.
    rates_products: bool = False
    # The member's conclusion: "verdict" derived from every criterion (TT 06/2023),
    # "rating" chosen by the member (TT 11/2014), "" none (scores or amounts).
    overall: str = ""
    # TT 20/2023 (projects) and TT 11/2014 (measurable products) add an expert team.
    on_site_team: bool = False

    def transition_for(self, result: str) -> str:
        return self.outcomes[result]


KINDS = {kind.code: kind for kind in (
    CouncilKind(
        code="identification", title=_("Hội đồng tư vấn xác định nhiệm vụ"),
        decider_role="approver", decider_permission="tasks_kh_cn.approve_case",
        criteria_set="identification", sits_in="identification_review",
        legal_basis=TT06, outcomes={"passed": "list_task", "not_passed": "reject"},
        overall="verdict"),
    CouncilKind(
        code="selection", title=_("Hội đồng tư vấn tuyển chọn"),
        decider_role="approver", decider_permission="tasks_kh_cn.approve_case",
        criteria_set="selection", sits_in="selection_review", legal_basis=TT20,
        outcomes={WINNER: "select", OTHERS: "reject"}, per_dossier=True, on_site_team=True),
    CouncilKind(
        code="direct_assignment", title=_("Hội đồng tư vấn giao trực tiếp"),
        decider_role="approver", decider_permission="tasks_kh_cn.approve_case",
        criteria_set="direct_assignment", sits_in="selection_review",
        legal_basis=f"{TT20} Điều 21", outcomes={WINNER: "select", OTHERS: "reject"},
        per_dossier=True),
    CouncilKind(
        code="budget_appraisal", title=_("Tổ thẩm định kinh phí"),
        decider_role="finance", decider_permission="tasks_kh_cn.settle_case",
        criteria_set="budget_appraisal", sits_in="budget_appraisal", legal_basis=TT20,
        outcomes={"appraised": "appraise_budget"}),
    CouncilKind(
        code="acceptance", title=_("Hội đồng đánh giá nghiệm thu"),
        decider_role="approver", decider_permission="tasks_kh_cn.approve_case",
        criteria_set="acceptance", sits_in="acceptance_review", legal_basis=TT11,
        outcomes={"excellent": "record_acceptance", "pass": "record_acceptance",
                  "fail": "fail_acceptance"},
        rates_products=True, overall="rating", on_site_team=True),
)}


def kind_of(council_or_code) -> CouncilKind:
    code = getattr(council_or_code, "council_type", council_or_code)
    return KINDS[code]


def choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.title) for kind in KINDS.values()]
