"""Council rules as dated data: sizes, quorum, thresholds and ballot criteria per rule set.

A council copies the rule row and criteria it starts with into ``Council.rules_snapshot``,
so editing a rule later never changes a council already under way (DOMAIN.md: a case keeps
the rule set in force when it started).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..kinds import KINDS

# The codes and titles come from the kind rows (one definition per council type).
CouncilType = models.TextChoices(
    "CouncilType", [(code.upper(), (code, kind.title)) for code, kind in KINDS.items()])


class Scale(models.TextChoices):
    POINTS = "points", _("Chấm điểm")
    PASS_FAIL = "pass_fail", _("Đạt yêu cầu / Không đạt yêu cầu")
    RATING = "rating", _("Xuất sắc / Đạt / Không đạt")
    AMOUNT = "amount", _("Số tiền (VNĐ)")


class CouncilRuleQuerySet(models.QuerySet):
    def in_force(self, *, rule_set, council_type, on=None):
        on = on or timezone.localdate()
        return (self.filter(rule_set=rule_set, council_type=council_type, effective_from__lte=on)
                .order_by("-effective_from", "-id"))


class CouncilRule(models.Model):
    """Size, quorum and aggregation thresholds of one council type under one rule set.

    ``parameters`` holds the aggregation thresholds as fractions written "3/4":
    identification {"pass_more_than"}; selection and direct assignment {"min_average",
    "zero_more_than", "deviation_more_than", "bonus", "content_criterion"}; acceptance
    {"excellent_at_least", "fail_more_than", "late_filing_months", "filing_days"}.
    """

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="council_rules", verbose_name=_("bộ quy tắc"))
    council_type = models.CharField(_("loại hội đồng"), max_length=32, choices=CouncilType.choices)
    effective_from = models.DateField(_("hiệu lực từ"))
    min_members = models.PositiveSmallIntegerField(_("số thành viên tối thiểu"))
    max_members = models.PositiveSmallIntegerField(_("số thành viên tối đa"))
    reviewers = models.PositiveSmallIntegerField(_("số ủy viên phản biện"), default=2)
    quorum = models.CharField(_("tỷ lệ có mặt tối thiểu"), max_length=8, default="2/3")
    quorum_needs_chair = models.BooleanField(
        _("cần chủ tịch hoặc phó chủ tịch được ủy quyền"), default=True)
    quorum_needs_reviewers = models.BooleanField(_("cần đủ ủy viên phản biện"), default=True)
    quorum_needs_secretary = models.BooleanField(_("cần thư ký khoa học"), default=True)
    ballots_due_days = models.PositiveSmallIntegerField(
        _("hạn nộp phiếu (ngày kể từ khi thành lập)"), default=7)
    parameters = models.JSONField(_("ngưỡng tổng hợp"), default=dict, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    legal_article = models.CharField(_("điều, khoản"), max_length=255, blank=True)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."))

    objects = CouncilRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc hội đồng")
        verbose_name_plural = _("quy tắc hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "council_type", "effective_from"],
                                    name="unique_council_rule_version"),
            models.CheckConstraint(condition=models.Q(min_members__lte=models.F("max_members")),
                                   name="council_rule_size_range"),
        ]

    def __str__(self):
        return f"{self.get_council_type_display()} ({self.rule_set.code}, {self.effective_from})"

    def snapshot(self) -> dict:
        return {
            "rule_id": self.pk, "rule_set_id": self.rule_set_id,
            "rule_set_code": self.rule_set.code, "effective_from": self.effective_from.isoformat(),
            "council_type": self.council_type, "min_members": self.min_members,
            "max_members": self.max_members, "reviewers": self.reviewers, "quorum": self.quorum,
            "quorum_needs_chair": self.quorum_needs_chair,
            "quorum_needs_reviewers": self.quorum_needs_reviewers,
            "quorum_needs_secretary": self.quorum_needs_secretary,
            "ballots_due_days": self.ballots_due_days, "parameters": dict(self.parameters),
            "legal_basis": self.legal_basis,
        }


class Criterion(models.Model):
    """One line of a ballot (TT 20/2023 annex: applied R&D topics score 6 criteria to 100)."""

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="council_criteria", verbose_name=_("bộ quy tắc"))
    council_type = models.CharField(_("loại hội đồng"), max_length=32, choices=CouncilType.choices)
    task_kind = models.CharField(_("loại nhiệm vụ"), max_length=32, blank=True,
                                 help_text=_("Để trống nếu áp dụng cho mọi loại nhiệm vụ."))
    code = models.SlugField(_("mã"), max_length=40)
    label = models.CharField(_("tiêu chí"), max_length=255)
    label_en = models.CharField(_("tiêu chí (tiếng Anh)"), max_length=255, blank=True,
                                help_text=_("Tên hiển thị trên trang tiếng Anh; để trống thì "
                                            "hiện tên tiếng Việt."))
    scale = models.CharField(_("thang đánh giá"), max_length=16, choices=Scale.choices)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["council_type", "task_kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "council_type", "task_kind", "code"],
                                    name="unique_council_criterion"),
        ]

    def __str__(self):
        return self.label

    @classmethod
    def for_council(cls, *, rule_set, council_type, task_kind) -> list["Criterion"]:
        """The kind's own criteria if the rule set has them, else the ones for every kind."""
        rows = list(cls.objects.filter(rule_set=rule_set, council_type=council_type,
                                       task_kind__in=["", task_kind]))
        specific = [row for row in rows if row.task_kind == task_kind]
        return sorted(specific or [row for row in rows if not row.task_kind],
                      key=lambda row: row.position)

    def snapshot(self) -> dict:
        return {"code": self.code, "label": self.label, "label_en": self.label_en,
                "scale": self.scale, "max_score": self.max_score}
