"""Conditions on the contract's transitions (attached in workflows/lifecycle.py): the case
moves only when the signed scans are there. Models are imported late: the lifecycle module
is imported while models load."""

from django.utils.translation import gettext as _

from workflows.conditions import Condition


class ContractSignedBy(Condition):
    def __init__(self, *sides):
        self.sides = sides
        self.__name__ = "contract_signed_by_" + "_".join(sides)

    def missing(self, case) -> list[str]:
        from .document_models import SignatureSide
        from .signing import contract_of, signed_sides

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
