"""Ballots (phiếu đánh giá) and the outcome of each round."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Xuất sắc")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")


class Verdict(models.TextChoices):
    MEETS = "meets", _("Đạt yêu cầu")
    FAILS = "fails", _("Không đạt yêu cầu")


class Ballot(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE,
                                related_name="ballots")
    member = models.ForeignKey("councils.CouncilMember", on_delete=models.PROTECT,
                               related_name="ballots")
    dossier = models.ForeignKey("councils.CouncilDossier", on_delete=models.CASCADE,
                                related_name="ballots")
    round = models.PositiveSmallIntegerField(_("phiên"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=BallotStatus.choices,
                              default=BallotStatus.DRAFT)
    overall = models.CharField(_("kết luận của thành viên"), max_length=16, blank=True)
    comment = models.TextField(_("ý kiến chung"), blank=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["round", "member__seat", "dossier_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "dossier", "round"],
                                    name="unique_ballot_per_round"),
        ]

    def __str__(self):
        return _("%(member)s — %(dossier)s (phiên %(round)s)") % {
            "member": self.member, "dossier": self.dossier, "round": self.round}


class BallotItem(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items")
    criterion = models.CharField(_("tiêu chí"), max_length=64)
    score = models.DecimalField(_("điểm / số tiền"), max_digits=18, decimal_places=2, null=True,
                                blank=True)
    rating = models.CharField(_("đánh giá"), max_length=16, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("nội dung phiếu")
        verbose_name_plural = _("nội dung phiếu")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "criterion"], name="unique_ballot_item"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score if self.score is not None else self.rating}"


class OutcomeResult(models.TextChoices):
    PASSED = "passed", _("Đạt yêu cầu — đề nghị đưa vào danh mục")
    NOT_PASSED = "not_passed", _("Không đạt yêu cầu")
    SELECTED = "selected", _("Có hồ sơ được đề nghị trúng tuyển")
    NO_WINNER = "no_winner", _("Không có hồ sơ đủ điều kiện")
    TIE = "tie", _("Bằng điểm sau mọi tiêu chí ưu tiên — cần phiên bỏ phiếu lại")
    APPRAISED = "appraised", _("Đã thẩm định kinh phí")
    EXCELLENT = "excellent", _("Xuất sắc")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")


class Outcome(models.Model):
    """The aggregation of one round, under the rule-set version the council started with."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE,
                                related_name="outcomes")
    round = models.PositiveSmallIntegerField(_("phiên"))
    result = models.CharField(_("kết quả"), max_length=16, choices=OutcomeResult.choices)
    winner = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("hồ sơ trúng tuyển"))
    appraised_amount = models.BigIntegerField(_("kinh phí thẩm định"), null=True, blank=True)
    details = models.JSONField(_("chi tiết tổng hợp"), default=dict)
    rule_set_code = models.CharField(_("bộ quy tắc"), max_length=64)
    rule_version = models.JSONField(_("phiên bản quy tắc"), default=dict)
    created_at = models.DateTimeField(_("ngày tổng hợp"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("kết quả hội đồng")
        verbose_name_plural = _("kết quả hội đồng")
        ordering = ["council", "round"]
        constraints = [
            models.UniqueConstraint(fields=["council", "round"], name="unique_outcome_round"),
        ]

    def __str__(self):
        return f"{self.council} — {self.get_result_display()}"
