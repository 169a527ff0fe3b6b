from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import CaseKind
from .rules import RuleSet


class Call(models.Model):
    """A call for proposals or applications (thông báo đề xuất / tuyển chọn)."""

    code = models.CharField(_("số thông báo"), max_length=64, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    kind = models.CharField(_("loại nhiệm vụ"), max_length=32, choices=CaseKind.choices)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, verbose_name=_("bộ quy tắc"))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("đợt thông báo")
        verbose_name_plural = _("đợt thông báo")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_open"
            )
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at
