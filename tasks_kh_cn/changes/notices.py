"""What the change-request part tells people: a request made, a request decided."""

from notifications.notices import notify
from tasks_kh_cn.notices import in_both

from .models import ChangeKind


def change_requested(change):
    kind, kind_en = in_both(ChangeKind(change.kind).label)
    notify("change_requested", case=change.case, key=f"change:{change.pk}:requested",
           context={"kind": kind, "kind_en": kind_en, "reason": change.reason},
           actor=change.requested_by)


def change_decided(change, approved: bool):
    kind, kind_en = in_both(ChangeKind(change.kind).label)
    notify("change_decided", case=change.case, key=f"change:{change.pk}:decided",
           context={"kind": kind, "kind_en": kind_en, "approved": approved,
                    "note": change.decision_note}, actor=change.decided_by)
    if approved and change.kind == ChangeKind.EXTENSION:
        notify("extension_approved", case=change.case, key=f"change:{change.pk}:extension",
               context={"new_end_on": change.new_end_date}, actor=change.decided_by)
