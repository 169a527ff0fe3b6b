"""Conditions the case FSM checks for enterprise-support cases.

Named in workflows/lifecycle.py and registered under those names in SupportConfig.ready.
"""

from django.utils.translation import gettext as _

from tasks_kh_cn.bilingual import shown
from workflows.conditions import Condition

from .models import SupportItemRequest, SupportRequest
from .selectors import approval_problems as selector_approval_problems
from .selectors import assess_request

ENTERPRISE_SUPPORT = "enterprise_support"


class SupportRequestValid(Condition):
    """TT 35/2021 art. 9, 11(1): every requested item eligible and within the policy's ceiling."""

    __name__ = "support_request_valid"

    def problems(self, case) -> list[str]:
        request = (SupportRequest.objects.filter(case=case)
                   .select_related("policy", "case__host").first())
        if request is None:
            return [_("Chưa lập đề nghị hỗ trợ (danh mục nội dung, dự toán, báo giá).")]
        return assess_request(request, for_submission=True).problems()

    def __call__(self, case) -> bool:
        return case.kind != ENTERPRISE_SUPPORT or not self.problems(case)

    def reason(self, case) -> str:
        return _("Đề nghị hỗ trợ chưa hợp lệ: %(problems)s") % {
            "problems": "; ".join(str(p) for p in self.problems(case))}


class SupportEvidenceRecorded(Condition):
    """TT 35/2021 art. 9(2): support is paid on results — each item's evidence before acceptance."""

    __name__ = "support_evidence_recorded"

    def missing(self, case) -> list[str]:
        return [shown(name, name_en) for name, name_en in SupportItemRequest.objects.filter(
            request__case=case, evidence__isnull=True).values_list("item__name", "item__name_en")]

    def __call__(self, case) -> bool:
        return case.kind != ENTERPRISE_SUPPORT or not self.missing(case)

    def reason(self, case) -> str:
        return _("Chưa có minh chứng áp dụng cho: %(items)s.") % {
            "items": ", ".join(self.missing(case))}


# The names workflows/lifecycle.py gives them (registered in SupportConfig.ready).
LIFECYCLE_CONDITIONS = {
    "support_request_valid": SupportRequestValid,
    "support_evidence_recorded": SupportEvidenceRecorded,
    # Not a condition: the approval payload's check, named the same way (workflows/payloads.py).
    "support_approval_problems": lambda: approval_problems,
}


def approval_problems(case, amount: int) -> list[str]:
    """For ``ApprovalPayload``: why an enterprise-support budget may not be approved (empty
    for other kinds). The check itself is ``selectors.approval_problems``."""
    if case is None or case.kind != ENTERPRISE_SUPPORT:
        return []
    return selector_approval_problems(case, amount)
