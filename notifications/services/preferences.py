"""A user's own notification channels, quiet hours and muted events."""

from django.db import transaction

from ..models import ChannelPreference


def preference_for(user) -> ChannelPreference:
    return ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)


@transaction.atomic
def set_preferences(*, user, email_enabled: bool, sms_enabled: bool, digest_enabled: bool,
                    quiet_start=None, quiet_end=None, muted_events=None) -> ChannelPreference:
    """The one write path for preferences (the page and the API): validated, then saved."""
    preference = preference_for(user)
    preference.email_enabled, preference.sms_enabled = email_enabled, sms_enabled
    preference.digest_enabled = digest_enabled
    preference.quiet_start, preference.quiet_end = quiet_start, quiet_end
    preference.full_clean(exclude=["user"])
    preference.save()
    if muted_events is not None:
        preference.muted_events.set(muted_events)
    return preference

