"""Notices: what happened on a case, told to the people concerned (issue: desks and notices).

Three tables, one job each:

- ``NoticeEvent`` is the administrator's table: for each event (a returned proposal, a
  council invitation …) who is told, on which channels, with which words. Editing a row
  changes what the next occurrence sends; nothing is hard-coded but the event codes.
- ``Occurrence`` is written by the service that makes the event happen, inside its own
  transaction (one INSERT): it survives only if that transaction commits, and it is
  unique per (event, key), so the same happening is recorded once.
- ``Notice`` is one person's copy in the in-app notification centre, unique per
  (event, key, person); its email and SMS copies are outbox rows (``Outbox.notice``), sent
  by the same workers, claims and retries as the reminders.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_template(text: str) -> None:
    """A template that does not compile is refused in the form, not at sending time."""
    try:
        Template(text).render(Context({}))
    except TemplateSyntaxError as exc:
        raise ValidationError(_("Mẫu không hợp lệ: %(error)s"), params={"error": exc}) from exc


class NoticeEvent(models.Model):
    """Event → who is told → channels → template. One row per event code."""

    code = models.SlugField(_("mã sự kiện"), max_length=48, unique=True)
    name = models.CharField(_("tên sự kiện"), max_length=160)
    name_en = models.CharField(_("tên sự kiện (tiếng Anh)"), max_length=160, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    # Who is told: resolved from the case when the event happens.
    to_host = models.BooleanField(_("thành viên tổ chức chủ trì"), default=False)
    to_officer = models.BooleanField(
        _("chuyên viên thụ lý"), default=False,
        help_text=_("Khi nhiệm vụ chưa có chuyên viên thụ lý: lãnh đạo phòng."))
    to_approvers = models.BooleanField(_("lãnh đạo phê duyệt"), default=False)
    to_finance = models.BooleanField(_("kế toán, tài chính"), default=False)
    to_leads = models.BooleanField(_("lãnh đạo phòng"), default=False)
    to_addressees = models.BooleanField(
        _("người được nêu tên"), default=False,
        help_text=_("Những người mà nghiệp vụ chỉ ra, ví dụ thành viên hội đồng."))
    # Channels. The in-app copy is always kept when in_app is on, whatever the preferences.
    in_app = models.BooleanField(_("trong ứng dụng"), default=True)
    email = models.BooleanField(_("thư điện tử"), default=True)
    sms = models.BooleanField(_("SMS (việc gấp)"), default=False)
    subject_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=200,
                                  validators=[validate_template])
    subject_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=200,
                                  validators=[validate_template])
    body_vi = models.TextField(_("nội dung (tiếng Việt)"), validators=[validate_template])
    body_en = models.TextField(_("nội dung (tiếng Anh)"), validators=[validate_template])
    sms_text = models.CharField(_("nội dung SMS"), max_length=300, blank=True,
                                validators=[validate_template],
                                help_text=_("Để trống: dùng tiêu đề tiếng Việt."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sự kiện thông báo")
        verbose_name_plural = _("sự kiện thông báo")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def label(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name

    def clean(self):
        if self.sms and not (self.sms_text or self.subject_vi):
            raise ValidationError({"sms_text": _("Cần nội dung SMS khi bật kênh SMS.")})
        if not any([self.to_host, self.to_officer, self.to_approvers, self.to_finance,
                    self.to_leads, self.to_addressees]):
            raise ValidationError({"to_host": _("Chọn ít nhất một nhóm người nhận.")})


class Occurrence(models.Model):
    """One happening of an event, recorded in the transaction that made it happen."""

    event = models.ForeignKey(NoticeEvent, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120)
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    addressees = models.JSONField(default=list, blank=True)
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when its notices and outbox rows are written; the minute-by-minute recovery fans
    # out whatever a dead worker left unset.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện đã xảy ra")
        verbose_name_plural = _("sự kiện đã xảy ra")
        constraints = [models.UniqueConstraint(fields=["event", "key"],
                                               name="occurrence_once_per_event_key")]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(fanned_out_at=None),
                                name="occurrence_pending")]

    def __str__(self):
        return f"{self.event_id}:{self.key}"


class Notice(models.Model):
    """One person's notice in the notification centre."""

    event = models.ForeignKey(NoticeEvent, on_delete=models.PROTECT, related_name="notices",
                              verbose_name=_("sự kiện"))
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notices", verbose_name=_("người nhận"))
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+", verbose_name=_("nhiệm vụ"))
    subject_vi = models.CharField(max_length=300)
    subject_en = models.CharField(max_length=300)
    body_vi = models.TextField()
    body_en = models.TextField()
    sms_vi = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # False when the event's in-app channel is off: the row only anchors the email/SMS copies.
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["occurrence", "recipient"],
                                               name="notice_once_per_occurrence_person")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent"),
            models.Index(fields=["recipient"], condition=models.Q(read_at=None, in_app=True),
                         name="notice_unread"),
        ]

    def __str__(self):
        return self.subject_vi

    def subject(self, language: str) -> str:
        return self.subject_en if language.startswith("en") else self.subject_vi

    def body(self, language: str) -> str:
        return self.body_en if language.startswith("en") else self.body_vi
