"""Conditions on the case's FSM: the approver's step waits for the council's decided outcome.

Named in ``workflows/lifecycle.py`` on ``list_task`` (identification), ``select``
(selection / direct assignment) and ``record_acceptance`` / ``fail_acceptance``
(acceptance), and registered under those names in ``CouncilsConfig.ready``.
"""

from django.utils.translation import gettext as _

from workflows.conditions import Condition

from .models import Council, Outcome


class CouncilOutcomeIs(Condition):
    """The latest decided council of ``types`` on the case has one of ``results``
    (and, for selection, names this case the winner)."""

    def __init__(self, types, results, *, label, winner=False):
        self.types = tuple(types)
        self.results = tuple(results)
        self.winner = winner
        self.label = label
        self.__name__ = f"council_outcome_{'_'.join(self.types)}_{'_'.join(self.results)}"

    def outcome(self, case):
        council = (Council.objects.filter(dossiers__case=case, council_type__in=self.types)
                   .order_by("-formed_at", "-id").first())
        if council is None or council.status != "decided":
            return council, None
        return council, Outcome.objects.filter(council=council, round=council.round).first()

    def __call__(self, case) -> bool:
        _council, outcome = self.outcome(case)
        if outcome is None or outcome.result not in self.results:
            return False
        return not self.winner or outcome.winner_id == case.pk

    def reason(self, case) -> str:
        council, outcome = self.outcome(case)
        if council is None:
            return _("Chưa thành lập %(council)s.") % {"council": self.label}
        if outcome is None:
            return _("%(council)s chưa có kết quả được quyết định.") % {"council": self.label}
        if self.winner and outcome.winner_id != case.pk:
            return _("Hồ sơ này không được hội đồng đề nghị trúng tuyển.")
        return _("Kết quả của %(council)s là “%(result)s”.") % {
            "council": self.label, "result": outcome.get_result_display()}


def identification_passed():
    return CouncilOutcomeIs(["identification"], ["passed"],
                            label=_("Hội đồng tư vấn xác định nhiệm vụ"))


def selection_won():
    return CouncilOutcomeIs(["selection", "direct_assignment"], ["selected"], winner=True,
                            label=_("Hội đồng tư vấn tuyển chọn, giao trực tiếp"))


def acceptance_rated(results):
    return CouncilOutcomeIs(["acceptance"], results, label=_("Hội đồng đánh giá nghiệm thu"))


# The names workflows/lifecycle.py gives them (registered in CouncilsConfig.ready).
LIFECYCLE_CONDITIONS = {
    "identification_passed": identification_passed,
    "selection_won": selection_won,
    "acceptance_rated": acceptance_rated,
}
