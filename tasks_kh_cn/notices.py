"""What the case domain tells people when a case moves (connected in apps.ready).

Each lifecycle transition that someone must hear about names its notice event here; the
event's row in the notice table (notifications.NoticeEvent) says who is told, how and with
which words. ``notify`` records the occurrence inside the transition's transaction, so a
rolled-back transition tells nobody.
"""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.deadline_titles import in_both
from notifications.notices import notify
from workflows.lifecycle import Status
from workflows.payloads import AcceptanceResultPayload
from workflows.services import case_transitioned

from .people import person_name

SUBMISSIONS = {
    # transition: (event, what was submitted in Vietnamese, in English)
    "submit": ("proposal_submitted", "", ""),
    "resubmit": ("proposal_submitted", "", ""),
    "submit_dossier": ("dossier_submitted", "hồ sơ đăng ký", "application dossier"),
    "resubmit_dossier": ("dossier_submitted", "hồ sơ đăng ký", "application dossier"),
    "submit_revision": ("dossier_submitted", "thuyết minh hoàn thiện", "revised proposal"),
    "submit_acceptance": ("dossier_submitted", "hồ sơ nghiệm thu", "acceptance dossier"),
    "resubmit_acceptance": ("dossier_submitted", "hồ sơ nghiệm thu", "acceptance dossier"),
    "submit_final_revision": ("dossier_submitted", "hồ sơ hoàn thiện sau nghiệm thu",
                              "results revised after acceptance"),
}
WITH_REASON = {
    "return_proposal": "proposal_returned",
    "return_dossier": "proposal_returned",
    "return_acceptance": "proposal_returned",
    "reject_invalid": "proposal_rejected",
    "reject": "proposal_rejected",
    "suspend": "task_suspended",
    "terminate": "task_terminated",
}
NEXT_STEP = {
    "accept_proposal": "proposal_accepted",
    "open_dossier": "proposal_accepted",
    "accept_acceptance_dossier": "proposal_accepted",
    "approve": "proposal_accepted",
}
# The approver's decision after a council: the transition it takes tells the outcome.
AFTER_COUNCIL = {
    "list_task": _("Hội đồng tư vấn xác định nhiệm vụ"),
    "select": _("Hội đồng tư vấn tuyển chọn"),
    "appraise_budget": _("Tổ thẩm định kinh phí"),
}
PLAIN = {
    "withdraw": "case_withdrawn",
    "prepare_contract": "contract_ready",
    "sign_contract": "contract_signed",
    "countersign_contract": "contract_countersigned",
    "resume": "task_resumed",
    "finish_implementation": "implementation_finished",
}


def context_for(case, transition, payload) -> tuple[str, dict] | None:
    """(event code, template context) for a transition, or None when nobody is told."""
    context = {"transition": transition}
    if transition in SUBMISSIONS:
        event, what, what_en = SUBMISSIONS[transition]
        return event, {**context, "what": what, "what_en": what_en}
    if transition in WITH_REASON:
        return WITH_REASON[transition], {**context, "reason": payload.get("comment", "")}
    if transition in NEXT_STEP:
        vi, en = in_both(Status(case.status).label)
        return NEXT_STEP[transition], {**context, "next_step": vi, "next_step_en": en}
    if transition in AFTER_COUNCIL:
        vi, en = in_both(Status(case.status).label)
        council, council_en = in_both(AFTER_COUNCIL[transition])
        return "council_decision", {**context, "outcome": vi, "outcome_en": en,
                                    "council_name": council, "council_name_en": council_en}
    if transition in ("record_acceptance", "fail_acceptance"):
        ratings = dict(AcceptanceResultPayload.RATING_CHOICES)
        rating = payload.get("rating") or case.acceptance_rating
        vi, en = in_both(ratings.get(rating, _("Không đạt")))
        return "acceptance_result", {**context, "result": vi, "result_en": en}
    if transition == "recognise":
        return "recognition", {**context, "decision": case.recognition_decision}
    if transition == "settle":
        return "settlement", {**context, "amount": case.settled_amount}
    if transition in PLAIN:
        return PLAIN[transition], context
    return None


@receiver(case_transitioned, dispatch_uid="tasks_kh_cn.notify_on_transition")
def notify_on_transition(sender, case, transition, actor, payload, **kwargs):
    found = context_for(case, transition, payload or {})
    if found is None:
        return
    event, context = found
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    notify(event, case=case, key=f"case:{case.pk}:{transition}:{stamp}", context=context,
           actor=actor)


def notify_restriction(case, organisation, reason, until=None):
    """The host is told it may not host tasks (TT 20/2023 art. 4), with the end date."""
    notify("restriction", case=case, key=f"restriction:{organisation.pk}:{case.pk}",
           context={"reason": reason, "until_on": until})


def notify_desk_reassigned(case, task, by, to, reason):
    vi, en = in_both(task.flow_task.task_title or task.flow_task.name)
    notify("desk_reassigned", case=case, key=f"desk:{task.pk}:{to.pk}:{timezone.now():%s%f}",
           context={"step": vi, "step_en": en, "reason": reason,
                    "actor_name": person_name(by)}, people=[to], actor=by)
