"""The experts registry (danh sách chuyên gia): who may be asked to sit on a council.

One row per person (a user account, so they can log in and ballot), with their fields of
expertise, degree and academic title, and organisation. Councils served and conflicts
of interest met on councils are derived from the seats (``councils.experts``); conflicts
known from elsewhere are recorded as ``ExpertConflict`` rows. The plan's advisory unit
(issue 14) counts the same registry: the experts of a field marked ``productivity_quality``,
and the unit's capacity is its organisation's experts (``plan.selectors``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.people import person_name


class ExpertiseField(models.Model):
    """A field of science and technology (lĩnh vực chuyên môn)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("lĩnh vực chuyên môn"), max_length=255)
    # The plan 2021–2025 (3.5, appendix 5.1) counts "chuyên gia năng suất, chất lượng": the
    # registry's experts of a field marked here, not every council expert.
    productivity_quality = models.BooleanField(
        _("lĩnh vực năng suất, chất lượng"), default=False,
        help_text=_("Chuyên gia thuộc lĩnh vực này được tính vào chỉ tiêu chuyên gia năng suất, "
                    "chất lượng của kế hoạch."))

    class Meta:
        verbose_name = _("lĩnh vực chuyên môn")
        verbose_name_plural = _("lĩnh vực chuyên môn")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")
    SCIENCE_DOCTOR = "science_doctor", _("Tiến sĩ khoa học")


class AcademicRank(models.TextChoices):
    NONE = "", _("Không")
    ASSOCIATE_PROFESSOR = "associate_professor", _("Phó giáo sư")
    PROFESSOR = "professor", _("Giáo sư")


class Expert(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="expert", verbose_name=_("tài khoản"))
    fields = models.ManyToManyField(ExpertiseField, related_name="experts",
                                    verbose_name=_("lĩnh vực chuyên môn"))
    degree = models.CharField(_("học vị"), max_length=16, choices=Degree.choices)
    academic_rank = models.CharField(_("học hàm"), max_length=24, blank=True,
                                     choices=AcademicRank.choices)
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="registry_experts",
                                     verbose_name=_("tổ chức công tác"))
    workplace = models.CharField(_("nơi công tác (ngoài hệ thống)"), max_length=255,
                                 blank=True)
    # Struck off the registry (retired, barred): no new seat, the past ones stay.
    active = models.BooleanField(_("còn trong danh sách"), default=True)
    created_at = models.DateTimeField(_("ngày đưa vào danh sách"), default=timezone.now)

    class Meta:
        verbose_name = _("chuyên gia")
        verbose_name_plural = _("danh sách chuyên gia")
        ordering = ["user__first_name", "user__last_name", "pk"]

    def __str__(self):
        return person_name(self.user)


class ExpertConflict(models.Model):
    """A conflict of interest known outside a council (kinship, recent employment …)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts",
                               verbose_name=_("chuyên gia"))
    organisation = models.ForeignKey("tasks_kh_cn.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("tổ chức"))
    note = models.CharField(_("lý do"), max_length=255)
    recorded_at = models.DateTimeField(_("ngày ghi nhận"), default=timezone.now)

    class Meta:
        verbose_name = _("xung đột lợi ích đã biết")
        verbose_name_plural = _("xung đột lợi ích đã biết")

    def __str__(self):
        return f"{self.expert} — {self.organisation}"
