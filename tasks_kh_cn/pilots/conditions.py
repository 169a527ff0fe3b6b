"""Conditions of pilot-model steps and of the case's own lifecycle (plan 3.4).

Callables django-fsm accepts, each with ``reason`` for the user. The milestone's FSM
(models.py) imports this module, so the conditions reach the models through the objects
they are given (``type(milestone)``, the case's ``pilot_milestones``), not by import.
``PilotStepsComplete`` is named in workflows/lifecycle.py and registered in PilotsConfig.ready.
"""

from django.utils.translation import gettext as _

from workflows.conditions import Condition

PILOT_MODEL = "pilot_model"
RECOGNITION_STEP = 5
MEASURED = (1, 6)


class CaseInImplementation(Condition):
    """The steps are the implementation of the task: they run while the case is in progress."""

    __name__ = "case_in_implementation"

    def __call__(self, milestone) -> bool:
        return milestone.case.status == "in_progress"

    def reason(self, milestone) -> str:
        return _("Chỉ thực hiện các bước khi nhiệm vụ đang thực hiện (hiện tại: “%(status)s”).") % {
            "status": milestone.case.get_status_display()}


class PreviousStepComplete(Condition):
    """Plan 3.4: the six steps run in order."""

    __name__ = "previous_step_complete"

    def _previous(self, milestone):
        if milestone.step == 1:
            return None
        return type(milestone).objects.filter(case_id=milestone.case_id,
                                              step=milestone.step - 1).first()

    def __call__(self, milestone) -> bool:
        previous = self._previous(milestone)
        return milestone.step == 1 or (previous is not None and previous.is_complete)

    def reason(self, milestone) -> str:
        previous = self._previous(milestone)
        if previous is not None and previous.step == RECOGNITION_STEP and previous.status == "done":
            return _("Bước %(step)s chưa được lãnh đạo công nhận; "
                     "chưa thể bắt đầu bước %(next)s.") % {"step": previous.step,
                                                            "next": milestone.step}
        return _("Phải hoàn thành bước %(step)s trước khi bắt đầu bước %(next)s.") % {
            "step": milestone.step - 1, "next": milestone.step}


class NextStepPending(Condition):
    """A step may be reopened only while the next one has not started (the order holds)."""

    __name__ = "next_step_pending"

    def __call__(self, milestone) -> bool:
        return not type(milestone).objects.filter(case_id=milestone.case_id, step=milestone.step + 1) \
            .exclude(status="pending").exists()

    def reason(self, milestone) -> str:
        return _("Bước %(next)s đã bắt đầu; không mở lại bước %(step)s.") % {
            "next": milestone.step + 1, "step": milestone.step}


class MilestoneHasEvidence(Condition):
    __name__ = "milestone_has_evidence"

    def __call__(self, milestone) -> bool:
        return milestone.evidence.exists()

    def reason(self, milestone) -> str:
        return _("Bước %(step)s chưa có minh chứng (tài liệu).") % {"step": milestone.step}


class IndicatorsMeasured(Condition):
    """Steps 1 and 6 record the same indicators, so the before/after can be compared."""

    __name__ = "indicators_measured"

    def missing(self, milestone) -> list[str]:
        if milestone.step not in MEASURED:
            return []
        if milestone.step == 1:
            return [] if milestone.measurements.exists() else [_("ít nhất một chỉ tiêu")]
        baseline = type(milestone).objects.filter(case_id=milestone.case_id, step=1).first()
        if baseline is None:
            return []
        have = milestone.measurements.values_list("indicator_id", flat=True)
        # The baseline's measurements name the indicators still missing, in catalogue order.
        return [str(m.indicator) for m in baseline.measurements.exclude(indicator_id__in=have)
                .select_related("indicator")]

    def __call__(self, milestone) -> bool:
        return not self.missing(milestone)

    def reason(self, milestone) -> str:
        return _("Bước %(step)s chưa nhập số đo: %(missing)s.") % {
            "step": milestone.step, "missing": ", ".join(self.missing(milestone))}


class IsRecognitionStep(Condition):
    __name__ = "is_recognition_step"

    def __call__(self, milestone) -> bool:
        return milestone.step == RECOGNITION_STEP

    def reason(self, milestone) -> str:
        return _("Chỉ bước 5 cần lãnh đạo công nhận.")


class NotRecognitionStep(IsRecognitionStep):
    __name__ = "not_recognition_step"

    def __call__(self, milestone) -> bool:
        return milestone.step != RECOGNITION_STEP

    def reason(self, milestone) -> str:
        return _("Bước 5 đã gửi đề nghị công nhận; chỉ lãnh đạo trả lại được.")


class PilotStepsComplete(Condition):
    """Plan 3.4: acceptance of a pilot model cannot start before step 6 is done."""

    __name__ = "pilot_steps_complete"

    def _last(self, case):
        return case.pilot_milestones.filter(step=6).first()

    def __call__(self, case) -> bool:
        if case.kind != PILOT_MODEL:
            return True
        last = self._last(case)
        return last is not None and last.is_complete

    def reason(self, case) -> str:
        steps = list(case.pilot_milestones.order_by("step"))
        current = next((m for m in steps if not m.is_complete), None)
        if current is None:
            return _("Mô hình điểm chưa có các bước thực hiện.")
        return _("Chưa thể nghiệm thu: mô hình điểm phải hoàn thành bước 6 (đánh giá sau áp dụng); "
                 "đang ở bước %(step)s (%(status)s).") % {
            "step": current.step, "status": current.get_status_display()}


class PilotProposalValid(Condition):
    """Plan 3.4: a pilot model is proposed by a department or district (its proposing
    agency), answers a call, and asks for a budget; checked when the proposal goes in, and
    when it is created (services.cases.create_case): a draft has no page to be edited, so
    one created without them could never be submitted."""

    __name__ = "pilot_proposal_valid"

    def field_errors(self, case) -> dict[str, list[str]]:
        """The problems by the field of the proposal that holds each."""
        if case.kind != PILOT_MODEL:
            return {}
        errors = {}
        if case.proposer_id is None:
            errors["proposer"] = [_("Mô hình điểm cần cơ quan đề xuất (sở, ngành hoặc UBND cấp huyện).")]
        if case.call_id is None:
            errors["call"] = [_("Mô hình điểm phải đăng ký theo một đợt thông báo.")]
        if not case.requested_budget or case.requested_budget <= 0:
            errors["requested_budget"] = [_("Mô hình điểm cần kinh phí đề nghị lớn hơn 0.")]
        return errors

    def problems(self, case) -> list[str]:
        return [problem for problems in self.field_errors(case).values() for problem in problems]

    def __call__(self, case) -> bool:
        return not self.problems(case)

    def reason(self, case) -> str:
        return " ".join(self.problems(case))


# The names workflows/lifecycle.py gives them (registered in PilotsConfig.ready).
LIFECYCLE_CONDITIONS = {"pilot_steps_complete": PilotStepsComplete,
                        "pilot_proposal_valid": PilotProposalValid}
