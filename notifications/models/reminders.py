"""The reminder policy as data: steps relative to the due date, quiet hours, preferences."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


# The times of day below are defaults given as functions, not as fixed times: Django's check
# of a fixed time default (fields.W161) warns whenever the checks run within ten seconds of
# that time of day (UTC), and every management command runs them, so a cron job at 21:00 UTC
# printed a block of warning before its own one-line error.
def default_send_time() -> datetime.time:
    return datetime.time(8, 0)


def default_quiet_start() -> datetime.time:
    return datetime.time(21, 0)


def default_quiet_end() -> datetime.time:
    return datetime.time(7, 0)


def default_digest_time() -> datetime.time:
    return datetime.time(7, 30)


class ReminderPolicy(models.Model):
    """When reminders go out (DOMAIN.md "Deadlines and reminders"); the active one applies."""

    name = models.CharField(_("tên"), max_length=128)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    send_time = models.TimeField(_("giờ gửi nhắc hạn"), default=default_send_time)
    quiet_start = models.TimeField(_("bắt đầu giờ yên lặng (SMS)"), default=default_quiet_start)
    quiet_end = models.TimeField(_("kết thúc giờ yên lặng (SMS)"), default=default_quiet_end)
    digest_time = models.TimeField(_("giờ gửi bản tổng hợp"), default=default_digest_time)
    grace_hours = models.PositiveSmallIntegerField(
        _("thời gian chờ gửi bù (giờ)"), default=24,
        help_text=_("Một mốc nhắc bị lỡ quá thời gian này thì không gửi nữa."),
    )

    class Meta:
        verbose_name = _("chính sách nhắc hạn")
        verbose_name_plural = _("chính sách nhắc hạn")

    def __str__(self):
        return self.name

    @classmethod
    def active(cls):
        return cls.objects.filter(is_active=True).prefetch_related("steps").order_by("-id").first()


class ReminderStep(models.Model):
    policy = models.ForeignKey(ReminderPolicy, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(_("mã"), max_length=16)
    offset_days = models.SmallIntegerField(
        _("số ngày so với hạn"), help_text=_("Âm: trước hạn; 0: đúng ngày; dương: quá hạn."),
    )
    escalate = models.BooleanField(
        _("báo cáo lên"), default=False,
        help_text=_("Gửi thêm cho chuyên viên thụ lý và lãnh đạo phê duyệt."),
    )

    class Meta:
        verbose_name = _("mốc nhắc hạn")
        verbose_name_plural = _("mốc nhắc hạn")
        ordering = ["offset_days"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="unique_reminder_step"),
        ]

    def __str__(self):
        return self.code


class ChannelPreference(models.Model):
    """A user's channels; without a row a user gets email and SMS (when a mobile is known)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_enabled = models.BooleanField(_("nhận thư điện tử"), default=True)
    sms_enabled = models.BooleanField(_("nhận tin nhắn SMS"), default=True)
    digest_enabled = models.BooleanField(_("nhận bản tổng hợp hằng ngày"), default=True)
    # The person's own quiet hours; empty: the active reminder policy's. Email and SMS of a
    # notice wait until they end; the in-app copy is there at once.
    quiet_start = models.TimeField(_("bắt đầu giờ yên lặng"), null=True, blank=True)
    quiet_end = models.TimeField(_("kết thúc giờ yên lặng"), null=True, blank=True)
    muted_events = models.ManyToManyField(
        "notifications.NoticeEvent", blank=True, related_name="+",
        verbose_name=_("không nhận thư, SMS cho các sự kiện"),
        help_text=_("Vẫn thấy trong trung tâm thông báo; chỉ không gửi thư, SMS."))

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self):
        return f"{self.user}: email={self.email_enabled} sms={self.sms_enabled}"

    def clean(self):
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValidationError({"quiet_end": _("Nhập cả giờ bắt đầu và giờ kết thúc.")})
