from django import forms

from .models import ChannelPreference


class ChannelPreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email_enabled", "sms_enabled", "digest_enabled"]
