"""A user's own notification channels."""

from django.db import transaction

from ..models import ChannelPreference


def preference_for(user) -> ChannelPreference:
    return ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)


@transaction.atomic
def set_preferences(*, user, email_enabled: bool, sms_enabled: bool,
                    digest_enabled: bool) -> ChannelPreference:
    preference, _ = ChannelPreference.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled, "sms_enabled": sms_enabled,
                             "digest_enabled": digest_enabled})
    return preference
