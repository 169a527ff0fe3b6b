"""Shared helpers: a case with an open deadline owed by a host who has email and mobile."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from notifications.models import Deadline
from tasks_kh_cn.models import Profile
from tests.factories import act, make_case, upload_required


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def returned_case(cast, mobile="0912345678"):
    """A proposal returned for completion: the host owes the resubmission."""
    Profile.objects.update_or_create(user=cast.host, defaults={"full_name": "Nguyễn Văn An",
                                                               "mobile": mobile})
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    case = act(case, "submit", cast.host)
    act(case, "return_proposal", case.assigned_officer, comment="Thiếu bản đề xuất có chữ ký",
        due_working_days=10)
    return case, Deadline.objects.get(case=case, code="proposal_resubmission")


def send_reminders(now=None, dry_run=False) -> dict:
    out = io.StringIO()
    args = ["send_reminders"]
    if now is not None:
        args += ["--now", now.isoformat()]
    if dry_run:
        args.append("--dry-run")
    call_command(*args, stdout=out)
    text = out.getvalue().strip()
    return {k: int(v) for k, v in (part.split("=") for part in text.split() if "=" in part)}


def bulk_reminders(cast, count, *, email=True, mobile=True):
    """``count`` deadlines due on one day, each owed by its own user (email and/or mobile)."""
    import uuid

    from django.contrib.auth import get_user_model

    case, first = returned_case(cast, mobile="0900000000" if mobile else "")
    if not email:
        cast.host.email = ""
        cast.host.save(update_fields=["email"])
    User = get_user_model()
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create([
        User(username=f"r-{tag}-{i}", password="!", email=f"r{i}-{tag}@example.vn" if email else "")
        for i in range(count - 1)])
    Profile.objects.bulk_create([Profile(user=u, full_name=f"Người nhận {i}",
                                         mobile=f"09{i + 1:08d}" if mobile else "")
                                 for i, u in enumerate(users)])
    template = {f: getattr(first, f) for f in (
        "case_id", "rule_id", "rule_set_id", "code", "title", "owed_by_role", "due_at",
        "due_on", "amount", "unit", "legal_basis", "legal_article")}
    Deadline.objects.bulk_create([Deadline(**template, owed_by_user=u) for u in users])
    return case, first.due_on
