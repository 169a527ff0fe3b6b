from django import forms
from django.utils import translation

from .models import ChannelPreference, NoticeEvent


class ChannelPreferenceForm(forms.ModelForm):
    """A person's channels, quiet hours and the events they want only in the app."""

    class Meta:
        model = ChannelPreference
        fields = ["email_enabled", "sms_enabled", "digest_enabled", "quiet_start", "quiet_end",
                  "muted_events"]
        widgets = {"quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "muted_events": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muted_events"].queryset = NoticeEvent.objects.filter(
            is_active=True).order_by("code")
        language = translation.get_language() or "vi"
        self.fields["muted_events"].label_from_instance = lambda event: event.label(language)
