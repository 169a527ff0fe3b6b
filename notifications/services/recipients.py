"""Who a reminder goes to, resolved for thousands of deadlines in a handful of queries."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from tasks_kh_cn.models import Membership
from workflows.roles import Role

from ..models import Channel


class RecipientResolver:
    """Deadline rows (dicts from ``values()``) → user ids, then user ids → addresses."""

    def __init__(self, rows):
        host_ids = {row["case__host_id"] for row in rows if row["owed_by_role"] == Role.ENTERPRISE}
        self.members = defaultdict(list)
        for org_id, user_id in Membership.objects.filter(
                organisation_id__in=host_ids, user__is_active=True).values_list(
                "organisation_id", "user_id"):
            self.members[org_id].append(user_id)
        self._groups = {}

    def group(self, role) -> list[int]:
        if role not in self._groups:
            self._groups[role] = list(get_user_model().objects.filter(
                groups__name=role, is_active=True).values_list("id", flat=True))
        return self._groups[role]

    def owing(self, row) -> list[int]:
        if row["owed_by_user_id"]:
            return [row["owed_by_user_id"]]
        role = row["owed_by_role"]
        if role == Role.ENTERPRISE:
            return self.members.get(row["case__host_id"], [])
        if role == Role.OFFICER and row["case__assigned_officer_id"]:
            return [row["case__assigned_officer_id"]]
        return self.group(role)

    def escalation(self, row) -> list[int]:
        """DOMAIN.md: the last step goes also to the responsible officer and the approvers."""
        officer = row["case__assigned_officer_id"]
        return ([officer] if officer else self.group(Role.OFFICER)) + self.group(Role.APPROVER)


def addresses(user_ids) -> dict[int, dict[str, str]]:
    """{user_id: {channel: address}} honouring each user's channel preferences."""
    out = {}
    rows = get_user_model().objects.filter(id__in=user_ids, is_active=True).values_list(
        "id", "email", "profile__mobile", "notification_preference__email_enabled",
        "notification_preference__sms_enabled",
    )
    for user_id, email, mobile, email_on, sms_on in rows:
        channels = {}
        if email and email_on is not False:
            channels[Channel.EMAIL] = email
        if mobile and sms_on is not False:
            channels[Channel.SMS] = mobile
        out[user_id] = channels
    return out
