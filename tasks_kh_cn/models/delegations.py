"""Delegation while someone is away: from one date to another, the delegate acts for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DelegationQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on, revoked_at__isnull=True)


class Delegation(models.Model):
    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="delegations_given",
                                  verbose_name=_("người ủy quyền"))
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="delegations_received",
                                 verbose_name=_("người được ủy quyền"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("người lập"))
    created_at = models.DateTimeField(_("ngày lập"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy quyền xử lý")
        verbose_name_plural = _("ủy quyền xử lý")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["delegate", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.principal_id} → {self.delegate_id} ({self.starts_on}–{self.ends_on})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        if self.principal_id and self.principal_id == self.delegate_id:
            errors["delegate"] = _("Không tự ủy quyền cho chính mình.")
        if errors:
            raise ValidationError(errors)
