"""Conditions on the contract's transitions (attached in workflows/lifecycle.py): the case
moves only when the signed scans are there. Models are imported late: the lifecycle module
is imported while models load."""

from django.utils.translation import gettext as _

from tasks_kh_cn.changes.models import ChangeRequest, ChangeStatus
from workflows.conditions import Condition

from .closing import person_restricted_until
from .closing_models import ResultsRegistration
from .document_models import IssuedDocument, SignatureSide
from .monitoring import reports_due_not_accepted
from .selectors import balance
from .services import vnd
from .signing import contract_of, signed_sides


class ContractSignedBy(Condition):
    def __init__(self, *sides):
        self.sides = sides
        self.__name__ = "contract_signed_by_" + "_".join(sides)

    def missing(self, case) -> list[str]:
        contract = contract_of(case)
        if contract is None:
            return [str(_("chưa có hợp đồng được ban hành"))]
        done = signed_sides(contract)
        return [str(SignatureSide(side).label) for side in self.sides if side not in done]

    def __call__(self, case) -> bool:
        return not self.missing(case)

    def reason(self, case) -> str:
        return _("Chưa có bản hợp đồng đã ký (PDF) của: %(sides)s.") % {
            "sides": ", ".join(self.missing(case))}


def ledger_accounted_total(case) -> int:
    """What finance has accepted of the host's settlement rows, in VND."""
    return balance(case).accounted


class ResultsRegistered(Condition):
    """NĐ 11/2014, TT 14/2014: the results are registered (certificate number and date)
    before the recognition decision (TT 11/2014; REGULATIONS.md B5)."""

    __name__ = "results_registered"

    def __call__(self, case) -> bool:
        return ResultsRegistration.objects.filter(case=case).exists()

    def reason(self, case) -> str:
        return _("Chưa có giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ (số, ngày).")


class BudgetSettled(Condition):
    """The whole budget settled (TTLT 27/2015): no advance waiting, no settlement waiting for
    finance, every advanced đồng accounted for."""

    __name__ = "budget_settled"

    def problem(self, case) -> str:
        b = balance(case)
        if b.pending:
            return _("còn đợt tạm ứng chờ xử lý")
        if b.awaiting_review:
            return _("còn chứng từ thanh toán chờ tài chính xác nhận")
        if b.unaccounted:
            return _("còn %(amount)s VNĐ đã tạm ứng chưa thanh toán") % {
                "amount": vnd(b.unaccounted)}
        return ""

    def __call__(self, case) -> bool:
        return not self.problem(case)

    def reason(self, case) -> str:
        return _("Chưa quyết toán được: %(problem)s.") % {"problem": self.problem(case)}


class LiquidationSigned(Condition):
    """The liquidation minutes issued and signed by both sides."""
    __name__ = "liquidation_signed"

    def missing(self, case) -> list[str]:
        minutes = (IssuedDocument.objects.filter(case=case, kind="liquidation_minutes")
                   .order_by("-pk").first())
        if minutes is None:
            return [str(_("chưa có biên bản thanh lý"))]
        done = set(minutes.signatures.values_list("side", flat=True))
        return [str(side.label) for side in SignatureSide if side not in done]

    def __call__(self, case) -> bool:
        return not self.missing(case)

    def reason(self, case) -> str:
        return _("Biên bản thanh lý chưa đủ chữ ký: %(missing)s.") % {
            "missing": ", ".join(self.missing(case))}


class ImplementationMayEnd(Condition):
    """TT 09/2014: implementation ends with every periodic report due so far accepted and no
    change request pending."""

    __name__ = "implementation_may_end"

    def problems(self, case) -> list[str]:
        out = []
        missing = reports_due_not_accepted(case)
        if missing:
            out.append(_("báo cáo định kỳ chưa được chấp nhận (kỳ %(periods)s)") % {
                "periods": ", ".join(str(n) for n in missing)})
        if ChangeRequest.objects.filter(case=case, status=ChangeStatus.SUBMITTED).exists():
            out.append(_("còn đề nghị gia hạn, điều chỉnh chờ quyết định"))
        return out

    def __call__(self, case) -> bool:
        return not self.problems(case)

    def reason(self, case) -> str:
        return _("Chưa kết thúc thực hiện được: %(problems)s.") % {
            "problems": "; ".join(str(p) for p in self.problems(case))}


class LeaderNotRestricted(Condition):
    """TT 11/2014: the task leader of a task rated "Không đạt" (or terminated) may not lead a
    new proposal until the restriction ends (closing.restrict)."""

    __name__ = "leader_not_restricted"

    def until(self, case):
        return person_restricted_until(case.leader_id or case.created_by_id)

    def __call__(self, case) -> bool:
        return self.until(case) is None

    def reason(self, case) -> str:
        return _("Chủ nhiệm nhiệm vụ đang bị hạn chế tham gia đến %(date)s.") % {
            "date": self.until(case).strftime("%d/%m/%Y")}


# Named in workflows/lifecycle.py, registered in FundingConfig.ready().
LIFECYCLE_CONDITIONS = {
    "contract_signed_by": ContractSignedBy,
    "results_registered": ResultsRegistered,
    "budget_settled": BudgetSettled,
    "liquidation_signed": LiquidationSigned,
    "implementation_may_end": ImplementationMayEnd,
    "leader_not_restricted": LeaderNotRestricted,
    # Not a condition: the settlement payload's figure (workflows.payloads).
    "ledger_accounted_total": lambda: ledger_accounted_total,
}
