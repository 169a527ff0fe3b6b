"""After "Không đạt" or termination (TT 11/2014; REGULATIONS.md B4–B5): the refund the
authority decides (amount, due date, payments until paid) and the restriction of the host
organisation and of the task leader for the period of the rule, lifted when it ends."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class RefundStatus(models.TextChoices):
    DUE = "due", _("Phải nộp trả")
    PAID = "paid", _("Đã nộp đủ")


class Refund(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                             related_name="refunds", verbose_name=_("nhiệm vụ"))
    amount = models.BigIntegerField(_("số tiền thu hồi (VNĐ)"))
    due_on = models.DateField(_("hạn nộp"))
    reason = models.TextField(_("lý do"))
    decision = models.ForeignKey("funding.IssuedDocument", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("quyết định thu hồi"))
    deadline = models.OneToOneField("notifications.Deadline", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="refund",
                                    verbose_name=_("thời hạn nộp trả"))
    status = FSMField(_("trạng thái"), default=RefundStatus.DUE, choices=RefundStatus.choices,
                      protected=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("người quyết định"))
    decided_at = models.DateTimeField(_("ngày quyết định"), default=timezone.now)

    class Meta:
        verbose_name = _("thu hồi kinh phí")
        verbose_name_plural = _("thu hồi kinh phí")
        ordering = ["case", "decided_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="refund_amount_positive")]

    def __str__(self):
        return f"{self.case_id}: {self.amount:,} VNĐ"

    @transition(field=status, source=RefundStatus.DUE, target=RefundStatus.PAID)
    def mark_paid(self):
        pass


class RefundPayment(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="payments",
                               verbose_name=_("thu hồi"))
    amount = models.BigIntegerField(_("số tiền (VNĐ)"))
    paid_on = models.DateField(_("ngày nộp"))
    reference = models.CharField(_("số chứng từ"), max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)

    class Meta:
        verbose_name = _("khoản nộp trả")
        verbose_name_plural = _("khoản nộp trả")
        ordering = ["refund", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="refund_payment_positive")]

    def __str__(self):
        return f"{self.refund} — {self.amount:,} VNĐ"


class Restriction(models.Model):
    """An organisation or a person barred from calls from ``starts_on`` to ``ends_on``."""

    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                             related_name="restrictions", verbose_name=_("nhiệm vụ"))
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="restrictions",
                                     verbose_name=_("tổ chức"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="restrictions",
                               verbose_name=_("cá nhân"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    reason = models.TextField(_("lý do"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    is_default_assumption = models.BooleanField(_("thời hạn mặc định chưa kiểm chứng"),
                                                default=False)
    lifted_on = models.DateField(_("ngày hết hạn chế"), null=True, blank=True)

    class Meta:
        verbose_name = _("hạn chế tham gia")
        verbose_name_plural = _("hạn chế tham gia")
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["ends_on"], condition=models.Q(lifted_on__isnull=True),
                                name="restriction_running_ends_on")]
        constraints = [models.CheckConstraint(
            condition=models.Q(organisation__isnull=False) | models.Q(person__isnull=False),
            name="restriction_names_someone")]

    def __str__(self):
        return f"{self.organisation or self.person} → {self.ends_on:%d/%m/%Y}"


class ResultsRegistration(models.Model):
    """The certificate of registration of the task's results (NĐ 11/2014, TT 14/2014)."""

    case = models.OneToOneField("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                                related_name="results_registration", verbose_name=_("nhiệm vụ"))
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=64)
    certificate_date = models.DateField(_("ngày cấp giấy chứng nhận"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)

    class Meta:
        verbose_name = _("đăng ký kết quả")
        verbose_name_plural = _("đăng ký kết quả")

    def __str__(self):
        return f"{self.certificate_number} ({self.certificate_date:%d/%m/%Y})"
