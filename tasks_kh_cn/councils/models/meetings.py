"""Council meetings, the dated figures around them, and the published results.

The figures (papers due before the meeting, the decision after it, publication) are
``MeetingRule`` rows: dated, per rule set and council type, each with its article and
whether the figure is verified in the text or a default assumption. A meeting copies the
row it was scheduled under, so a later version never moves a meeting already set.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import CouncilType


class MeetingRuleQuerySet(models.QuerySet):
    def in_force(self, *, rule_set, council_type, on=None):
        on = on or timezone.localdate()
        return (self.filter(rule_set=rule_set, council_type=council_type, effective_from__lte=on)
                .order_by("-effective_from", "-id"))


class MeetingRule(models.Model):
    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="meeting_rules", verbose_name=_("bộ quy tắc"))
    council_type = models.CharField(_("loại hội đồng"), max_length=32, choices=CouncilType.choices)
    effective_from = models.DateField(_("hiệu lực từ"))
    papers_working_days = models.PositiveSmallIntegerField(
        _("gửi tài liệu trước phiên họp (ngày làm việc)"))
    papers_article = models.CharField(_("căn cứ hạn gửi tài liệu"), max_length=255)
    decision_days = models.PositiveSmallIntegerField(
        _("hạn quyết định sau phiên họp"), null=True, blank=True)
    decision_in_working_days = models.BooleanField(_("tính theo ngày làm việc"), default=False)
    decision_article = models.CharField(_("căn cứ hạn quyết định"), max_length=255, blank=True)
    decision_is_assumption = models.BooleanField(_("hạn quyết định là giá trị mặc định"),
                                                 default=False)
    publish_within_days = models.PositiveSmallIntegerField(
        _("công bố kết quả trong (ngày)"), null=True, blank=True,
        help_text=_("Để trống nếu văn bản không yêu cầu công bố."))
    publish_keep_days = models.PositiveSmallIntegerField(
        _("thời gian đăng tải tối thiểu (ngày)"), null=True, blank=True)
    publish_article = models.CharField(_("căn cứ công bố"), max_length=255, blank=True)
    publish_is_assumption = models.BooleanField(_("thời hạn công bố là giá trị mặc định"),
                                                default=False)
    # The on-site expert team (TT 20/2023: inspects facilities; TT 11/2014: 3 experts who
    # report at least 2 working days before the meeting). Empty: the text sets no figure.
    site_team_size = models.PositiveSmallIntegerField(_("số chuyên gia tổ kiểm tra"),
                                                      null=True, blank=True)
    site_report_working_days = models.PositiveSmallIntegerField(
        _("tổ kiểm tra báo cáo trước phiên họp (ngày làm việc)"), null=True, blank=True)
    site_article = models.CharField(_("căn cứ tổ chuyên gia kiểm tra"), max_length=255,
                                    blank=True)

    objects = MeetingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc phiên họp hội đồng")
        verbose_name_plural = _("quy tắc phiên họp hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "council_type", "effective_from"],
                                    name="unique_meeting_rule_version"),
        ]

    def __str__(self):
        return f"{self.get_council_type_display()} ({self.effective_from})"

    def snapshot(self) -> dict:
        return {field.attname: (value.isoformat() if hasattr(value, "isoformat") else value)
                for field in self._meta.concrete_fields
                for value in [getattr(self, field.attname)]}


class Meeting(models.Model):
    """The council's sitting for a round: when, where (a place or an online link), agenda."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE,
                                related_name="meetings", verbose_name=_("hội đồng"))
    round = models.PositiveSmallIntegerField(_("phiên"))
    starts_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    online_link = models.URLField(_("đường dẫn họp trực tuyến"), blank=True)
    agenda = models.TextField(_("chương trình họp"))
    papers_due = models.DateField(_("hạn gửi tài liệu cho thành viên"))
    decision_due = models.DateField(_("hạn quyết định"), null=True, blank=True)
    rule = models.ForeignKey(MeetingRule, on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("quy tắc áp dụng"))
    rule_snapshot = models.JSONField(_("quy tắc tại thời điểm lên lịch"), default=dict)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("người lên lịch"))
    scheduled_at = models.DateTimeField(_("ngày lên lịch"), default=timezone.now)
    attendance_recorded_at = models.DateTimeField(_("ngày điểm danh"), null=True, blank=True)
    # The officer records that the papers went out, which meets the papers deadline before
    # the meeting (otherwise the roll-call at the meeting closes it).
    papers_sent_at = models.DateTimeField(_("ngày gửi tài liệu"), null=True, blank=True)
    papers_sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       related_name="+", null=True, blank=True,
                                       verbose_name=_("người gửi tài liệu"))

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["council", "round"]
        constraints = [
            models.UniqueConstraint(fields=["council", "round"], name="unique_meeting_round"),
        ]

    def __str__(self):
        return f"{self.council} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def meeting_on(self):
        return timezone.localtime(self.starts_at).date()


class PublishedResult(models.Model):
    """What the text requires to publish of a decided council, and nothing else: the task's
    name, its host, the result and the decision (TT 20/2023: within 15 days, kept online
    at least 60 days). A copy, so the public page never reads a case or a ballot."""

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE,
                                   related_name="published_result")
    council_type = models.CharField(_("loại hội đồng"), max_length=32, choices=CouncilType.choices)
    task_name = models.CharField(_("tên nhiệm vụ"), max_length=500)
    host_name = models.CharField(_("tổ chức chủ trì"), max_length=255)
    result = models.CharField(_("kết quả"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"))
    published_at = models.DateTimeField(_("ngày công bố"))
    publish_due = models.DateField(_("hạn công bố"))
    keep_until = models.DateField(_("đăng tải đến ít nhất"))
    legal_article = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("kết quả công bố")
        verbose_name_plural = _("kết quả công bố")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.task_name


class SiteTeam(models.Model):
    """The expert team that visits the site for the council (where the kind's row says the
    text calls for one) and reports before the meeting; the council reads its report."""

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE,
                                   related_name="site_team", verbose_name=_("hội đồng"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="site_teams",
                                     verbose_name=_("chuyên gia"))
    visit_on = models.DateField(_("ngày kiểm tra"))
    report_due = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    report = models.TextField(_("báo cáo kiểm tra"), blank=True)
    reported_at = models.DateTimeField(_("ngày báo cáo"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    formed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("người thành lập"))
    formed_at = models.DateTimeField(_("ngày thành lập"), default=timezone.now)

    class Meta:
        verbose_name = _("tổ chuyên gia kiểm tra")
        verbose_name_plural = _("tổ chuyên gia kiểm tra")

    def __str__(self):
        return str(self.council)
