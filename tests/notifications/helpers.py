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
