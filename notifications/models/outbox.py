"""The outbox: one row per (deadline, step, recipient, channel), written before any send."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .outbox_states import OutboxQuerySet, OutboxStatus


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Outbox(models.Model):
    """A reminder owed to one person on one channel.

    The unique constraint is what makes delivery at most once per (deadline, step,
    due date, recipient, channel) however many sweeps run: the sweep inserts with ON
    CONFLICT DO NOTHING, and a sender only sends a row it has claimed with a
    conditional UPDATE. ``due_on`` is part of the key so that an extended deadline
    is reminded again against its new date. Digests have no deadline and are
    unique per (recipient, channel, digest_on).
    """

    deadline = models.ForeignKey("notifications.Deadline", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="outbox")
    # An event notice's email or SMS copy (deadline empty, step "event").
    notice = models.ForeignKey("notifications.Notice", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="outbox")
    step = models.CharField(_("mốc"), max_length=16)
    due_on = models.DateField(_("ngày đến hạn"), null=True, blank=True)
    digest_on = models.DateField(_("ngày tổng hợp"), null=True, blank=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("địa chỉ"), max_length=254)
    escalation = models.BooleanField(_("báo cáo lên"), default=False)
    status = models.CharField(_("trạng thái"), max_length=12, choices=OutboxStatus.choices,
                              default=OutboxStatus.QUEUED)
    not_before = models.DateTimeField(_("gửi từ"), default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_message_id = models.CharField(max_length=128, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The slow schedule: a row whose quick retries are used up waits here, failed, until
    # this moment; NULL on a failed row means only an administrator can send it again.
    next_retry_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    # Who holds the claim: a sender records or sends only while this is still its token.
    claim_token = models.CharField(max_length=32, blank=True, default="", db_default="")
    resent_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    resent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("người gửi lại"))

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo đi")
        verbose_name_plural = _("thông báo đi")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "step", "due_on", "recipient", "channel"],
                                    name="outbox_once_per_step_recipient_channel"),
            models.UniqueConstraint(fields=["recipient", "channel", "digest_on"],
                                    condition=models.Q(deadline__isnull=True,
                                                       notice__isnull=True),
                                    name="outbox_one_digest_per_day"),
            models.UniqueConstraint(fields=["notice", "channel"],
                                    condition=models.Q(notice__isnull=False),
                                    name="outbox_once_per_notice_channel"),
        ]
        indexes = [
            models.Index(fields=["not_before"], condition=models.Q(status="queued"),
                         name="outbox_queued_not_before"),
            models.Index(fields=["claimed_at"], condition=models.Q(status="sending"),
                         name="outbox_sending_claimed_at"),
            models.Index(fields=["next_retry_at"], condition=models.Q(status="failed"),
                         name="outbox_failed_next_retry_at"),
        ]

    def __str__(self):
        return f"{self.step} → {self.address} ({self.channel}, {self.status})"

    @property
    def idempotency_key(self) -> str:
        """Sent to the gateway so it drops a resend of the same message."""
        return f"khcn-outbox-{self.pk}"


class Attempt(models.Model):
    """One try at handing a message to its channel, and what came of it."""

    class Outcome(models.TextChoices):
        STARTED = "started", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        ERROR = "error", _("Lỗi")
        DELIVERED = "delivered", _("Đã nhận")
        UNDELIVERED = "undelivered", _("Không nhận được")
        REQUEUED = "requeued", _("Quản trị gửi lại")
        GAVE_UP = "gave_up", _("Ngừng gửi")

    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")
        ordering = ["at", "id"]

    def __str__(self):
        return f"#{self.number} {self.outcome}"
