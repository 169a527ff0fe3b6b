"""A user's secret calendar address: only a hash of its token is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """The secret in a user's ``.ics`` URL, stored as its SHA-256: a leaked database gives no
    working address, and regenerating replaces the hash so the old address answers 404."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed", verbose_name=_("người dùng"))
    token_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("địa chỉ lịch")
        verbose_name_plural = _("địa chỉ lịch")

    def __str__(self):
        return str(self.user)
