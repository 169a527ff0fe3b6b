"""Forms of the meeting section of the council page: the shape of what was typed; the
meeting services check the rules (papers due, the secretary, the meeting day)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.people import person_name


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Thời gian họp"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Cần nhập ngày giờ họp."),
                        "invalid": _("Ngày giờ họp không hợp lệ.")})
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    online_link = forms.URLField(label=_("Đường dẫn họp trực tuyến"), required=False,
                                 assume_scheme="https",
                                 error_messages={"invalid": _("Đường dẫn không hợp lệ.")})
    agenda = forms.CharField(label=_("Chương trình họp"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Cần nêu chương trình họp.")})

    def add_service_errors(self, errors):
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, str(message))


class AttendanceForm(forms.Form):
    """The roll-call. Only the ballots of members present count (TT 06/2023, TT 11/2014: the
    council concludes by the members present), so the form names who has voted: leaving one
    of them unticked drops their ballot, and the secretary is told before, not after."""

    present = forms.MultipleChoiceField(
        label=_("Thành viên có mặt"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Phiếu của thành viên được ghi vắng mặt không được tính, kể cả phiếu đã "
                    "nộp."))

    def __init__(self, *args, members, voted=frozenset(), **kwargs):
        kwargs.setdefault("auto_id", "id_attendance_%s")
        super().__init__(*args, **kwargs)
        has_voted = _("đã nộp phiếu")
        self.fields["present"].choices = [
            (str(m.pk), f"{m.seat}. {person_name(m.user)} · {m.get_role_display()}"
                        + (f" · {has_voted}" if m.pk in voted else ""))
            for m in members]
        if not self.is_bound:
            self.initial["present"] = [str(m.pk) for m in members if m.present]
