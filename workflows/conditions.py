"""Conditions on transitions: callables django-fsm accepts, each able to say why it fails.

django-fsm calls ``condition(case)`` and wants a bool; ``reason(case)`` gives the
user the sentence explaining a closed transition.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Document, DocumentKind, RequiredDocument


class Condition:
    def __call__(self, case) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def reason(self, case) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class DossierComplete(Condition):
    """Every document the case's rule set requires at this stage has at least one version."""

    def __init__(self, stage: str):
        self.stage = stage
        self.__name__ = f"dossier_complete_{stage}"

    def missing(self, case) -> list[str]:
        # Asked up to three times per transition (explain, the service, django-fsm):
        # remembered on this instance of the case, which lives for one transition.
        cache = case.__dict__.setdefault("_dossier_missing", {})
        if self.stage not in cache:
            cache[self.stage] = self._missing(case)
        return cache[self.stage]

    def _missing(self, case) -> list[str]:
        # One query: each required kind, and whether the case has a current version of it.
        rows = (
            RequiredDocument.objects.filter(rule_set_id=case.rule_set_id, stage=self.stage,
                                            case_kind__in=["", case.kind])
            .annotate(present=Exists(Document.objects.filter(
                case=case, kind=OuterRef("document_kind"), current_version__isnull=False)))
            .values_list("document_kind", "present")
        )
        missing = {kind for kind, present in rows if not present}
        labels = dict(DocumentKind.choices)
        return [str(labels.get(kind, kind)) for kind in sorted(missing)]

    def __call__(self, case) -> bool:
        return not self.missing(case)

    def reason(self, case) -> str:
        return _("Hồ sơ còn thiếu: %(documents)s.") % {"documents": ", ".join(self.missing(case))}


class HostNotRestricted(Condition):
    """TT 20/2023 art. 4: an organisation under restriction may not take part in calls."""

    __name__ = "host_not_restricted"

    def __call__(self, case) -> bool:
        return not case.host.is_restricted(timezone.localdate())

    def reason(self, case) -> str:
        until = case.host.restricted_until
        if until:
            return _("Tổ chức chủ trì đang bị hạn chế tham gia đến %(date)s: %(reason)s") % {
                "date": until.strftime("%d/%m/%Y"),
                "reason": case.host.restriction_reason,
            }
        return _("Tổ chức chủ trì đang bị hạn chế tham gia: %(reason)s") % {
            "reason": case.host.restriction_reason
        }


class CallOpen(Condition):
    """A proposal answering a call is submitted while the call is open."""

    __name__ = "call_open"

    def __call__(self, case) -> bool:
        return case.call_id is None or case.call.is_open()

    def reason(self, case) -> str:
        return _("Đợt thông báo %(call)s đã đóng lúc %(closes)s.") % {
            "call": case.call.code,
            "closes": timezone.localtime(case.call.closes_at).strftime("%H:%M %d/%m/%Y"),
        }


class HasAssignedOfficer(Condition):
    __name__ = "has_assigned_officer"

    def __call__(self, case) -> bool:
        return case.assigned_officer_id is not None

    def reason(self, case) -> str:
        return _("Nhiệm vụ chưa được giao cho chuyên viên thụ lý.")


def condition_reason(condition, case) -> str:
    reason = getattr(condition, "reason", None)
    if reason is not None:
        return reason(case)
    return getattr(condition, "__doc__", None) or _("Chưa đủ điều kiện.")


# The names workflows/lifecycle.py gives them (registered in WorkflowsConfig.ready).
LIFECYCLE_CONDITIONS = {
    "dossier_complete": DossierComplete,
    "host_not_restricted": HostNotRestricted,
    "call_open": CallOpen,
    "has_assigned_officer": HasAssignedOfficer,
}
