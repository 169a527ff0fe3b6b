"""Days an administrator adds to the statutory calendar, year by year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarDay(models.Model):
    """An exception to weekends and the public holidays the `holidays` package knows.

    The government grants extra days off around Tết and 2/9 each year and moves a
    Saturday to compensate (e.g. Thông báo of the Ministry of Home Affairs); the
    province may add its own. ``day_off`` removes a working day; ``working_day``
    turns a weekend day into one.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=DayKind.choices)
    reason = models.CharField(_("lý do"), max_length=255)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.reason}"
