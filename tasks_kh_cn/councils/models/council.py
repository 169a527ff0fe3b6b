"""A council, its members (seats) and the dossiers it reviews.

The council has ONE state field (``status``, protected): forming → in_session (ballots
open) → closed (round closed by the secretary) → decided (approver took the outcome);
a closed round may be reopened for a second round.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from tasks_kh_cn.people import person_name

from .rules import CouncilType


class CouncilStatus(models.TextChoices):
    FORMING = "forming", _("Đang thành lập")
    IN_SESSION = "in_session", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc phiên")
    DECIDED = "decided", _("Đã có quyết định")


class Council(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                             related_name="councils", verbose_name=_("nhiệm vụ"))
    council_type = models.CharField(_("loại hội đồng"), max_length=32,
                                    choices=CouncilType.choices)
    status = FSMField(_("trạng thái"), default=CouncilStatus.FORMING,
                      choices=CouncilStatus.choices, protected=True)
    number = models.CharField(_("số quyết định thành lập"), max_length=64, blank=True)
    rule = models.ForeignKey("councils.CouncilRule", on_delete=models.PROTECT,
                             related_name="councils", verbose_name=_("quy tắc áp dụng"))
    # The rule row and criteria as they were when the council was formed.
    rules_snapshot = models.JSONField(_("quy tắc tại thời điểm thành lập"), default=dict)
    products = models.JSONField(_("sản phẩm được đánh giá"), default=list, blank=True)
    round = models.PositiveSmallIntegerField(_("phiên"), default=1)
    ballots_due = models.DateField(_("hạn nộp phiếu"), null=True, blank=True)
    formed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("người thành lập"))
    formed_at = models.DateTimeField(_("ngày thành lập"))
    closed_at = models.DateTimeField(_("ngày kết thúc phiên"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("người quyết định"))

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        ordering = ["-formed_at", "-id"]
        permissions = [
            ("open_dossier", _("Xem hồ sơ nhiệm vụ do hội đồng đánh giá")),
        ]
        indexes = [models.Index(fields=["case", "council_type"])]

    def __str__(self):
        return f"{self.get_council_type_display()} — {self.case.code}"

    @property
    def criteria(self) -> list[dict]:
        return self.rules_snapshot.get("criteria", [])

    @property
    def ballots_open(self) -> bool:
        return self.status == CouncilStatus.IN_SESSION

    # --- the council's own state machine (services call these, never assign status) ----
    @transition(field=status, source=CouncilStatus.FORMING, target=CouncilStatus.IN_SESSION)
    def open_session(self):
        pass

    @transition(field=status, source=CouncilStatus.IN_SESSION, target=CouncilStatus.CLOSED)
    def close_round(self, *, at):
        self.closed_at = at

    @transition(field=status, source=CouncilStatus.CLOSED, target=CouncilStatus.IN_SESSION)
    def reopen(self):
        self.round += 1
        self.closed_at = None

    @transition(field=status, source=CouncilStatus.CLOSED, target=CouncilStatus.DECIDED)
    def decide(self, *, by, at):
        self.decided_by = by
        self.decided_at = at


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó chủ tịch")
    REVIEWER = "reviewer", _("Ủy viên phản biện")
    SECRETARY = "secretary", _("Thư ký khoa học")
    MEMBER = "member", _("Ủy viên")
    EXPERT = "expert", _("Chuyên gia")


class Conflict(models.TextChoices):
    UNDECLARED = "undeclared", _("Chưa khai báo")
    NONE = "none", _("Không có xung đột lợi ích")
    DECLARED = "declared", _("Tự khai có xung đột lợi ích")
    AUTOMATIC = "automatic", _("Thuộc tổ chức chủ trì hoặc phối hợp")


EXCLUDED = (Conflict.DECLARED, Conflict.AUTOMATIC)


class CouncilMember(models.Model):
    """One person on one seat. A replacement takes the same seat; the old row stays."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members",
                                verbose_name=_("hội đồng"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="council_seats", verbose_name=_("thành viên"))
    seat = models.PositiveSmallIntegerField(_("vị trí"))
    role = models.CharField(_("vai trò"), max_length=16, choices=MemberRole.choices)
    authorised_vice_chair = models.BooleanField(
        _("phó chủ tịch được ủy quyền chủ trì"), default=False)
    conflict = models.CharField(_("xung đột lợi ích"), max_length=16, choices=Conflict.choices,
                                default=Conflict.UNDECLARED)
    conflict_note = models.TextField(_("nội dung xung đột lợi ích"), blank=True)
    declared_at = models.DateTimeField(_("ngày khai báo"), null=True, blank=True)
    replaced_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="replaces", verbose_name=_("người thay thế"))
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["seat", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="unique_council_member"),
        ]

    def __str__(self):
        # By full name, never the login (a list reads select_related("user__profile")).
        return f"{self.get_role_display()}: {person_name(self.user)}"

    @property
    def is_active(self) -> bool:
        return self.replaced_by_id is None

    @property
    def is_excluded(self) -> bool:
        return self.conflict in EXCLUDED

    @property
    def is_cleared(self) -> bool:
        return self.conflict == Conflict.NONE


class CouncilDossier(models.Model):
    """A case whose dossier the council reviews (selection may compare several)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="dossiers")
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT,
                             related_name="council_dossiers", verbose_name=_("nhiệm vụ"))
    # TT 20/2023 tie-break 2: leader or host had an "Xuất sắc" national task in 5 years.
    excellent_recent_task = models.BooleanField(
        _("có nhiệm vụ cấp quốc gia xếp loại Xuất sắc trong 5 năm gần nhất"), default=False)

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "case"], name="unique_council_dossier"),
        ]

    def __str__(self):
        return str(self.case)


class CasePartner(models.Model):
    """An organisation working with the host on a case (its members may not sit on its councils)."""

    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE,
                             related_name="partners", verbose_name=_("nhiệm vụ"))
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="partner_cases", verbose_name=_("tổ chức"))

    class Meta:
        verbose_name = _("tổ chức phối hợp")
        verbose_name_plural = _("tổ chức phối hợp")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="unique_case_partner"),
        ]

    def __str__(self):
        return str(self.organisation)
