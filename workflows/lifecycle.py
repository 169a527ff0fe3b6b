"""The case lifecycle: one FSM on the task case, the spine of the product.

proposal → appraisal → contract → implementation → acceptance → completed,
with the exits rejected, withdrawn and terminated (DOMAIN.md). Every transition
names the actor who takes it (``permission=``), the conditions that must hold,
and the payload form it validates; ``DESK`` says who owes the next step in each
status, and the viewflow process (flows.py) only ever follows it.
"""

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from . import payloads

# Conditions are named here and registered by the apps whose data they read (workflows,
# councils, pilots, support): this module loads with the case model, before those apps.
# The kind-specific ones (pilots, support) pass for the other kinds of task.
from .named_conditions import Named as condition
from .permissions import may_act_as
from .roles import Role


class Phase(models.TextChoices):
    PROPOSAL = "proposal", _("Đề xuất")
    APPRAISAL = "appraisal", _("Tuyển chọn, thẩm định")
    CONTRACT = "contract", _("Hợp đồng")
    IMPLEMENTATION = "implementation", _("Triển khai")
    ACCEPTANCE = "acceptance", _("Nghiệm thu")
    COMPLETED = "completed", _("Hoàn thành")
    REJECTED = "rejected", _("Không được chấp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")
    TERMINATED = "terminated", _("Chấm dứt")


class Status(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp đề xuất")
    RETURNED = "returned", _("Yêu cầu bổ sung")
    IDENTIFICATION_REVIEW = "identification_review", _("Hội đồng xác định nhiệm vụ")
    LISTED = "listed", _("Trong danh mục đặt hàng")
    DOSSIER_SUBMITTED = "dossier_submitted", _("Đã nộp hồ sơ")
    DOSSIER_RETURNED = "dossier_returned", _("Bổ sung hồ sơ")
    SELECTION_REVIEW = "selection_review", _("Hội đồng tuyển chọn / giao trực tiếp")
    REVISING = "revising", _("Hoàn thiện thuyết minh")
    BUDGET_APPRAISAL = "budget_appraisal", _("Thẩm định kinh phí")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ phê duyệt")
    CONTRACT_DRAFTING = "contract_drafting", _("Soạn hợp đồng")
    AWAITING_SIGNATURES = "awaiting_signatures", _("Chờ tổ chức chủ trì ký hợp đồng")
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature", _("Chờ Sở ký hợp đồng")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUSPENDED = "suspended", _("Tạm dừng")
    ACCEPTANCE_PREPARING = "acceptance_preparing", _("Chuẩn bị hồ sơ nghiệm thu")
    ACCEPTANCE_SUBMITTED = "acceptance_submitted", _("Đã nộp hồ sơ nghiệm thu")
    ACCEPTANCE_RETURNED = "acceptance_returned", _("Bổ sung hồ sơ nghiệm thu")
    ACCEPTANCE_REVIEW = "acceptance_review", _("Hội đồng nghiệm thu")
    POST_REVIEW_REVISION = "post_review_revision", _("Hoàn thiện sau nghiệm thu")
    RECOGNITION = "recognition", _("Chờ công nhận kết quả")
    SETTLEMENT = "settlement", _("Quyết toán kinh phí")
    LIQUIDATION = "liquidation", _("Thanh lý hợp đồng")
    COMPLETED = "completed", _("Hoàn thành")
    REJECTED = "rejected", _("Không được chấp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")
    TERMINATED = "terminated", _("Chấm dứt")


S = Status

PHASE_OF = {
    **dict.fromkeys([S.DRAFT, S.SUBMITTED, S.RETURNED, S.IDENTIFICATION_REVIEW, S.LISTED],
                    Phase.PROPOSAL),
    **dict.fromkeys([S.DOSSIER_SUBMITTED, S.DOSSIER_RETURNED, S.SELECTION_REVIEW, S.REVISING,
                     S.BUDGET_APPRAISAL, S.AWAITING_APPROVAL], Phase.APPRAISAL),
    **dict.fromkeys([S.CONTRACT_DRAFTING, S.AWAITING_SIGNATURES, S.AWAITING_COUNTERSIGNATURE],
                    Phase.CONTRACT),
    **dict.fromkeys([S.IN_PROGRESS, S.SUSPENDED], Phase.IMPLEMENTATION),
    **dict.fromkeys([S.ACCEPTANCE_PREPARING, S.ACCEPTANCE_SUBMITTED, S.ACCEPTANCE_RETURNED,
                     S.ACCEPTANCE_REVIEW, S.POST_REVIEW_REVISION, S.RECOGNITION, S.SETTLEMENT,
                     S.LIQUIDATION],
                    Phase.ACCEPTANCE),
    S.COMPLETED: Phase.COMPLETED,
    S.REJECTED: Phase.REJECTED,
    S.WITHDRAWN: Phase.WITHDRAWN,
    S.TERMINATED: Phase.TERMINATED,
}
TERMINAL = frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN, S.TERMINATED})


def statuses_in(phase: str) -> list[str]:
    return [status for status, p in PHASE_OF.items() if p == phase]


# While a council sits, the case is on the council's desk: the assigned officer forms it
# and replaces members, members declare and vote, the secretary closes the round, and the
# approver's decision on its outcome takes the case on (tasks_kh_cn.councils).
COUNCIL = "council"

# Who owes the next step in each status. Every transition that is not a side exit
# (withdraw, reject, suspend, terminate) is taken by this actor, or follows the council's
# outcome where the council has the case; a test holds it.
DESK = {
    S.DRAFT: Role.ENTERPRISE,
    S.SUBMITTED: Role.OFFICER,
    S.RETURNED: Role.ENTERPRISE,
    S.IDENTIFICATION_REVIEW: COUNCIL,
    S.LISTED: Role.ENTERPRISE,
    S.DOSSIER_SUBMITTED: Role.OFFICER,
    S.DOSSIER_RETURNED: Role.ENTERPRISE,
    S.SELECTION_REVIEW: COUNCIL,
    S.REVISING: Role.ENTERPRISE,
    S.BUDGET_APPRAISAL: Role.FINANCE,
    S.AWAITING_APPROVAL: Role.APPROVER,
    S.CONTRACT_DRAFTING: Role.OFFICER,
    S.AWAITING_SIGNATURES: Role.ENTERPRISE,
    S.AWAITING_COUNTERSIGNATURE: Role.APPROVER,
    S.IN_PROGRESS: Role.ENTERPRISE,
    S.SUSPENDED: Role.APPROVER,
    S.ACCEPTANCE_PREPARING: Role.ENTERPRISE,
    S.ACCEPTANCE_SUBMITTED: Role.OFFICER,
    S.ACCEPTANCE_RETURNED: Role.ENTERPRISE,
    S.ACCEPTANCE_REVIEW: COUNCIL,
    S.POST_REVIEW_REVISION: Role.ENTERPRISE,
    S.RECOGNITION: Role.APPROVER,
    S.SETTLEMENT: Role.FINANCE,
    S.LIQUIDATION: Role.OFFICER,
}

def desk_label(status: str) -> str | None:
    """Who owes the next step, as users read it."""
    desk = DESK.get(status)
    if desk is None:
        return None
    return str(_("Hội đồng (chuyên viên thụ lý theo dõi)")) if desk == COUNCIL else str(Role(desk).label)


WITHDRAWABLE = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.LISTED, S.DOSSIER_SUBMITTED,
                S.DOSSIER_RETURNED, S.REVISING]
REJECTABLE_BY_APPROVER = [S.IDENTIFICATION_REVIEW, S.SELECTION_REVIEW, S.BUDGET_APPRAISAL,
                          S.AWAITING_APPROVAL]
TERMINABLE = [S.CONTRACT_DRAFTING, S.AWAITING_SIGNATURES, S.AWAITING_COUNTERSIGNATURE,
              S.IN_PROGRESS, S.SUSPENDED]


def case_transition(*, source, target, actor, label, payload=payloads.Payload, conditions=(),
                    side=False, after_council=False, danger=None):
    """A lifecycle transition: its actor, conditions and payload declared in one place.

    ``danger`` marks an action that cannot be undone (or stops the work) with the consequence
    the user must confirm; the case page shows it last, in the danger style, behind that
    confirmation.
    """
    return transition(
        field="status",
        source=source,
        target=target,
        permission=may_act_as(actor),
        conditions=list(conditions),
        custom={"actor": actor, "label": label, "payload": payload, "side": side,
                "after_council": after_council, "danger": danger},
    )


class CaseLifecycle(ConcurrentTransitionMixin, models.Model):
    """Abstract: the task case (tasks_kh_cn.TaskCase) carries this state machine.

    Transition bodies only record what the payload decided; the service layer
    (workflows.services.perform_transition) checks, saves, logs and hands the
    case to the next desk.
    """

    status = FSMField(_("trạng thái"), default=S.DRAFT, choices=Status.choices, protected=True,
                      db_index=True)

    class Meta:
        abstract = True

    @property
    def phase(self) -> str:
        return PHASE_OF[self.status]

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    # --- proposal -----------------------------------------------------------------
    @case_transition(source=S.DRAFT, target=S.SUBMITTED, actor=Role.ENTERPRISE,
                     label=_("Nộp đề xuất"),
                     conditions=[condition("dossier_complete", "proposal"), condition("host_not_restricted"),
                                 condition("host_and_leader_eligible"), condition("leader_not_restricted"),
                                 condition("pilot_proposal_valid"), condition("call_open")])
    def submit(self, *, by, payload):
        self.submitted_at = timezone.now()
        if self.rules_as_of is None:
            # The case keeps the rule-set version in force on its first submission.
            self.rules_as_of = timezone.localdate(self.submitted_at)

    @case_transition(source=S.SUBMITTED, target=S.RETURNED, actor=Role.OFFICER,
                     label=_("Yêu cầu bổ sung đề xuất"), payload=payloads.ReturnPayload)
    def return_proposal(self, *, by, payload):
        pass

    @case_transition(source=S.RETURNED, target=S.SUBMITTED, actor=Role.ENTERPRISE,
                     label=_("Nộp lại đề xuất"),
                     conditions=[condition("dossier_complete", "proposal"), condition("host_not_restricted"),
                                 condition("host_and_leader_eligible"), condition("leader_not_restricted"),
                                 condition("pilot_proposal_valid")])
    def resubmit(self, *, by, payload):
        self.submitted_at = timezone.now()

    @case_transition(source=S.SUBMITTED, target=S.IDENTIFICATION_REVIEW, actor=Role.OFFICER,
                     label=_("Đề xuất hợp lệ, đưa ra hội đồng xác định"),
                     conditions=[condition("has_assigned_officer")])
    def accept_proposal(self, *, by, payload):
        pass

    @case_transition(source=S.SUBMITTED, target=S.REJECTED, actor=Role.OFFICER,
                     label=_("Đề xuất không hợp lệ"), payload=payloads.ReasonPayload, side=True,
                     danger=_("Đề xuất bị loại và hồ sơ đóng lại; không thể nộp lại đề xuất này."))
    def reject_invalid(self, *, by, payload):
        pass

    @case_transition(source=S.IDENTIFICATION_REVIEW, target=S.LISTED, actor=Role.APPROVER, after_council=True,
                     label=_("Phê duyệt vào danh mục đặt hàng"), payload=payloads.DecisionPayload,
                     conditions=[condition("identification_passed")])
    def list_task(self, *, by, payload):
        self.listing_decision = payload["decision_number"]

    # --- appraisal ----------------------------------------------------------------
    @case_transition(source=S.LISTED, target=S.DOSSIER_SUBMITTED, actor=Role.ENTERPRISE,
                     label=_("Nộp hồ sơ đăng ký"),
                     conditions=[condition("dossier_complete", "appraisal"), condition("host_not_restricted"),
                                 condition("host_and_leader_eligible"),
                                 condition("support_request_valid")])
    def submit_dossier(self, *, by, payload):
        pass

    @case_transition(source=S.DOSSIER_SUBMITTED, target=S.DOSSIER_RETURNED, actor=Role.OFFICER,
                     label=_("Yêu cầu bổ sung hồ sơ"), payload=payloads.ReturnPayload)
    def return_dossier(self, *, by, payload):
        pass

    @case_transition(source=S.DOSSIER_RETURNED, target=S.DOSSIER_SUBMITTED,
                     actor=Role.ENTERPRISE, label=_("Nộp lại hồ sơ"),
                     conditions=[condition("dossier_complete", "appraisal"),
                                 condition("support_request_valid")])
    def resubmit_dossier(self, *, by, payload):
        pass

    @case_transition(source=S.DOSSIER_SUBMITTED, target=S.SELECTION_REVIEW, actor=Role.OFFICER,
                     label=_("Mở hồ sơ, đưa ra hội đồng tuyển chọn"))
    def open_dossier(self, *, by, payload):
        pass

    @case_transition(source=S.SELECTION_REVIEW, target=S.REVISING, actor=Role.APPROVER, after_council=True,
                     label=_("Chấp nhận kết quả tuyển chọn"), conditions=[condition("selection_won")])
    def select(self, *, by, payload):
        pass

    @case_transition(source=S.REVISING, target=S.BUDGET_APPRAISAL, actor=Role.ENTERPRISE,
                     label=_("Nộp thuyết minh hoàn thiện"))
    def submit_revision(self, *, by, payload):
        pass

    @case_transition(source=S.BUDGET_APPRAISAL, target=S.AWAITING_APPROVAL, actor=Role.FINANCE,
                     label=_("Hoàn thành thẩm định kinh phí"),
                     payload=payloads.BudgetAppraisalPayload)
    def appraise_budget(self, *, by, payload):
        self.appraised_budget = payload["appraised_budget"]

    @case_transition(source=S.AWAITING_APPROVAL, target=S.CONTRACT_DRAFTING, actor=Role.APPROVER,
                     label=_("Phê duyệt nhiệm vụ"), payload=payloads.ApprovalPayload)
    def approve(self, *, by, payload):
        self.approved_budget = payload["approved_budget"]
        self.lump_sum_mode = payload["lump_sum_mode"]
        self.duration_months = payload["duration_months"]
        # approval_decision: the number of the decision issued with it (funding.issuing).

    @case_transition(source=REJECTABLE_BY_APPROVER, target=S.REJECTED, actor=Role.APPROVER,
                     label=_("Không phê duyệt"), payload=payloads.ReasonPayload, side=True,
                     danger=_("Nhiệm vụ không được phê duyệt và hồ sơ đóng lại; không thể hoàn tác."))
    def reject(self, *, by, payload):
        pass

    @case_transition(source=WITHDRAWABLE, target=S.WITHDRAWN, actor=Role.ENTERPRISE,
                     label=_("Rút hồ sơ"), payload=payloads.ReasonPayload, side=True,
                     danger=_("Hồ sơ bị rút và đóng lại; không thể nộp lại hồ sơ này."))
    def withdraw(self, *, by, payload):
        pass

    # --- contract -----------------------------------------------------------------
    @case_transition(source=S.CONTRACT_DRAFTING, target=S.AWAITING_SIGNATURES,
                     actor=Role.OFFICER, label=_("Gửi hợp đồng để ký"),
                     payload=payloads.ContractPayload)
    def prepare_contract(self, *, by, payload):
        # contract_number: the number of the contract issued with it (funding.issuing).
        self.first_advance = payload["first_advance"]

    @case_transition(source=S.AWAITING_SIGNATURES, target=S.AWAITING_COUNTERSIGNATURE,
                     actor=Role.ENTERPRISE, label=_("Ký hợp đồng"),
                     conditions=[condition("contract_signed_by", "host")])  # the host's signed scan
    def sign_contract(self, *, by, payload):
        pass

    @case_transition(source=S.AWAITING_COUNTERSIGNATURE, target=S.IN_PROGRESS,
                     actor=Role.APPROVER, label=_("Ký hợp đồng (bên giao)"),
                     payload=payloads.CountersignPayload,
                     conditions=[condition("contract_signed_by", "host", "department")])  # both scans
    def countersign_contract(self, *, by, payload):
        self.start_date = payload["start_date"]
        if self.duration_months:
            self.end_date = self.start_date + relativedelta(months=self.duration_months)

    # --- implementation -----------------------------------------------------------
    @case_transition(source=S.IN_PROGRESS, target=S.SUSPENDED, actor=Role.APPROVER,
                     label=pgettext_lazy("action", "Tạm dừng"), payload=payloads.ReasonPayload,
                     side=True,
                     danger=_("Mọi công việc của nhiệm vụ dừng lại cho đến khi lãnh đạo Sở cho tiếp tục."))
    def suspend(self, *, by, payload):
        pass

    @case_transition(source=S.SUSPENDED, target=S.IN_PROGRESS, actor=Role.APPROVER,
                     label=_("Cho tiếp tục thực hiện"))
    def resume(self, *, by, payload):
        pass

    @case_transition(source=TERMINABLE, target=S.TERMINATED, actor=Role.APPROVER,
                     label=_("Chấm dứt hợp đồng"), payload=payloads.ReasonPayload, side=True,
                     danger=_("Hợp đồng chấm dứt và nhiệm vụ đóng lại; không thể hoàn tác."))
    def terminate(self, *, by, payload):
        pass

    @case_transition(source=S.IN_PROGRESS, target=S.ACCEPTANCE_PREPARING, actor=Role.ENTERPRISE,
                     label=_("Kết thúc thực hiện, chuẩn bị nghiệm thu"),
                     # plan 3.4: not before step 6; TT 09/2014: reports accepted, no change pending
                     conditions=[condition("pilot_steps_complete"),
                                 condition("implementation_may_end")])
    def finish_implementation(self, *, by, payload):
        pass

    # --- acceptance ---------------------------------------------------------------
    @case_transition(source=S.ACCEPTANCE_PREPARING, target=S.ACCEPTANCE_SUBMITTED,
                     actor=Role.ENTERPRISE, label=_("Nộp hồ sơ nghiệm thu"),
                     conditions=[condition("dossier_complete", "acceptance"),
                                 condition("support_evidence_recorded")])
    def submit_acceptance(self, *, by, payload):
        self.acceptance_submitted_at = timezone.now()

    @case_transition(source=S.ACCEPTANCE_SUBMITTED, target=S.ACCEPTANCE_RETURNED,
                     actor=Role.OFFICER, label=_("Yêu cầu bổ sung hồ sơ nghiệm thu"),
                     payload=payloads.ReturnPayload)
    def return_acceptance(self, *, by, payload):
        pass

    @case_transition(source=S.ACCEPTANCE_RETURNED, target=S.ACCEPTANCE_SUBMITTED,
                     actor=Role.ENTERPRISE, label=_("Nộp lại hồ sơ nghiệm thu"),
                     conditions=[condition("dossier_complete", "acceptance"),
                                 condition("support_evidence_recorded")])
    def resubmit_acceptance(self, *, by, payload):
        pass

    @case_transition(source=S.ACCEPTANCE_SUBMITTED, target=S.ACCEPTANCE_REVIEW,
                     actor=Role.OFFICER, label=_("Hồ sơ hợp lệ, đưa ra hội đồng nghiệm thu"))
    def accept_acceptance_dossier(self, *, by, payload):
        pass

    @case_transition(source=S.ACCEPTANCE_REVIEW, target=S.POST_REVIEW_REVISION,
                     actor=Role.APPROVER, after_council=True, label=_("Ghi nhận kết quả nghiệm thu đạt"),
                     payload=payloads.AcceptanceResultPayload,
                     conditions=[condition("acceptance_rated", ("excellent", "pass"))])
    def record_acceptance(self, *, by, payload):
        self.acceptance_rating = payload["rating"]

    @case_transition(source=S.ACCEPTANCE_REVIEW, target=S.REJECTED, actor=Role.APPROVER, after_council=True,
                     label=_("Nghiệm thu không đạt"), payload=payloads.ReasonPayload,
                     conditions=[condition("acceptance_rated", ("fail",))])
    def fail_acceptance(self, *, by, payload):
        # TT 11/2014: a task rated "Không đạt" restricts its host from future calls.
        self.acceptance_rating = "fail"

    @case_transition(source=S.POST_REVIEW_REVISION, target=S.RECOGNITION, actor=Role.ENTERPRISE,
                     label=_("Nộp hồ sơ hoàn thiện sau nghiệm thu"))
    def submit_final_revision(self, *, by, payload):
        pass

    @case_transition(source=S.RECOGNITION, target=S.SETTLEMENT, actor=Role.APPROVER,
                     label=_("Công nhận kết quả"),
                     conditions=[condition("results_registered")])  # NĐ 11/2014: certificate first
    def recognise(self, *, by, payload):
        pass  # recognition_decision: the number of the decision issued with it (funding.issuing)

    @case_transition(source=S.SETTLEMENT, target=S.LIQUIDATION, actor=Role.FINANCE,
                     label=_("Quyết toán kinh phí"), payload=payloads.SettlementPayload,
                     conditions=[condition("budget_settled")])  # TTLT 27/2015: every advance accounted for
    def settle(self, *, by, payload):
        self.settled_amount = payload["settled_amount"]

    @case_transition(source=S.LIQUIDATION, target=S.COMPLETED, actor=Role.OFFICER,
                     label=_("Thanh lý hợp đồng"),
                     conditions=[condition("liquidation_signed")])  # the minutes signed by both sides
    def liquidate(self, *, by, payload):
        pass
