"""The append-only transition log of a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class TransitionLog(models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="history", verbose_name=_("nhiệm vụ"))
    transition = models.CharField(_("thao tác"), max_length=64)
    from_status = models.CharField(_("từ trạng thái"), max_length=32)
    to_status = models.CharField(_("sang trạng thái"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              related_name="+", verbose_name=_("người thực hiện"))
    # Set when the actor acted as a delegate: "X on behalf of Y".
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("thay mặt"))
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The transition log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The transition log is append-only.")
