"""Deadlines on a case and the dated rules that create them (REGULATIONS.md B1–B5)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from tasks_kh_cn.bilingual import shown
from workflows.roles import Role


class DueUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("ngày")
    WORKING_DAYS = "working_days", _("ngày làm việc")
    MONTHS = "months", _("tháng")


class RuleAnchor(models.TextChoices):
    TRANSITION = "transition", _("Ngày thực hiện thao tác")
    CASE_START = "case_start", _("Ngày bắt đầu thực hiện hợp đồng")
    CASE_END = "case_end", _("Ngày kết thúc hợp đồng")
    CALL_CLOSE = "call_close", _("Ngày hết hạn nhận hồ sơ của đợt thông báo")


class DeadlineRule(models.Model):
    """One obligation with a time limit, as data: created, satisfied and cancelled by transitions.

    ``amount`` is signed: -1 month with the case-end anchor means "at least one month
    before the contract ends" (TT 09/2014 extension requests).
    """

    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.CASCADE,
                                 related_name="deadline_rules", verbose_name=_("bộ quy tắc"))
    code = models.SlugField(_("mã"), max_length=64)
    # A change is a new row with a later date, never an edit in place: a case reads the
    # version in force on its rules date (tasks_kh_cn.rules).
    effective_from = models.DateField(_("hiệu lực từ"))
    title = models.CharField(_("nghĩa vụ"), max_length=255)
    title_en = models.CharField(_("nghĩa vụ (tiếng Anh)"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    trigger = models.CharField(_("phát sinh khi"), max_length=64,
                               help_text=_("Tên thao tác tạo ra thời hạn."))
    satisfied_by = models.JSONField(_("hoàn thành khi"), default=list, blank=True)
    cancelled_by = models.JSONField(_("hủy khi"), default=list, blank=True)
    owed_by = models.CharField(_("bên phải thực hiện"), max_length=20, choices=Role.choices)
    anchor = models.CharField(_("mốc tính"), max_length=16, choices=RuleAnchor.choices,
                              default=RuleAnchor.TRANSITION)
    amount = models.IntegerField(_("thời hạn"))
    unit = models.CharField(_("đơn vị"), max_length=16, choices=DueUnit.choices)
    payload_field = models.CharField(
        _("trường nhập thời hạn"), max_length=64, blank=True,
        help_text=_("Trường của thao tác cho phép cán bộ đặt thời hạn khác mặc định."),
    )
    repeat_until_end = models.BooleanField(
        _("lặp lại đến khi kết thúc hợp đồng"), default=False,
        help_text=_("Ví dụ: báo cáo định kỳ 6 tháng một lần."),
    )
    depends_on = models.SlugField(
        _("phụ thuộc thời hạn"), max_length=64, blank=True,
        help_text=_("Mã thời hạn gốc: gia hạn thời hạn gốc thì thời hạn này dời theo."),
    )
    roll_to_working_day = models.BooleanField(
        _("hạn rơi vào ngày nghỉ thì chuyển sang ngày làm việc tiếp theo"), default=True,
        help_text=_("Bộ luật Dân sự 2015 Điều 148: thời hạn tính theo ngày, tháng mà ngày cuối "
                    "là ngày nghỉ thì kết thúc vào ngày làm việc tiếp theo. Bỏ chọn nếu văn "
                    "bản quy định khác."),
    )
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=255, blank=True)
    is_default_assumption = models.BooleanField(
        _("giá trị mặc định chưa kiểm chứng"), default=False,
        help_text=_("Văn bản không quy định con số này; tỉnh có thể thay đổi."),
    )

    class Meta:
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        ordering = ["rule_set", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code", "effective_from"],
                                    name="unique_deadline_rule_version"),
        ]

    def __str__(self):
        return f"{self.title} ({self.amount} {self.get_unit_display()})"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    SATISFIED = "satisfied", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class DeadlineQuerySet(models.QuerySet):
    def close_open(self, *, satisfying_rules, cancelling_rules, transition_name, at):
        """Satisfy or cancel, in one UPDATE, the open deadlines of these rules.

        The bulk form of ``Deadline.satisfy`` and ``Deadline.cancel`` for a case transition:
        the WHERE on the open status is their source state, checked by the database in the
        same statement; a rule in both lists satisfies. Returns the number of rows closed.
        """
        satisfying, cancelling = list(satisfying_rules), list(cancelling_rules)
        if not satisfying and not cancelling:
            return 0
        if satisfying and cancelling:
            status = models.Case(
                models.When(rule_id__in=satisfying, then=models.Value(DeadlineStatus.SATISFIED)),
                default=models.Value(DeadlineStatus.CANCELLED))
        else:
            status = DeadlineStatus.SATISFIED if satisfying else DeadlineStatus.CANCELLED
        return self.filter(status=DeadlineStatus.OPEN, rule_id__in=satisfying + cancelling).update(
            status=status, closed_at=at, closed_by_transition=transition_name)


class Deadline(models.Model):
    """An obligation with a date on one case: what, who, when, and the legal basis.

    The figures are copied from the rule when the deadline is created, so a rule
    edited later never moves a deadline already running.
    """

    # Empty for the department's own obligations outside any case (plan 5.1: the yearly
    # report before 15 December, tasks_kh_cn.plan): reminded like any other, owed by a person.
    case = models.ForeignKey("tasks_kh_cn.TaskCase", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="deadlines", verbose_name=_("nhiệm vụ"))
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="deadlines", verbose_name=_("quy tắc"))
    rule_set = models.ForeignKey("tasks_kh_cn.RuleSet", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("bộ quy tắc"))
    code = models.SlugField(_("mã"), max_length=64)
    title = models.CharField(_("nghĩa vụ"), max_length=255)
    # The same in English (notifications.deadline_titles); blank: the title on every page.
    title_en = models.CharField(_("nghĩa vụ (tiếng Anh)"), max_length=255, blank=True)
    sequence = models.PositiveSmallIntegerField(_("kỳ"), default=1)
    owed_by_role = models.CharField(_("bên phải thực hiện"), max_length=20, choices=Role.choices)
    owed_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="deadlines_owed",
                                     verbose_name=_("người phải thực hiện"))
    due_at = models.DateTimeField(_("hạn"))
    # The local calendar date of due_at: reminders are counted in days before/after it.
    due_on = models.DateField(_("ngày đến hạn"))
    amount = models.IntegerField(_("thời hạn"))
    unit = models.CharField(_("đơn vị"), max_length=16, choices=DueUnit.choices)
    legal_basis = models.CharField(_("văn bản"), max_length=255)
    legal_article = models.CharField(_("điều, khoản"), max_length=255, blank=True)
    is_default_assumption = models.BooleanField(_("giá trị mặc định chưa kiểm chứng"),
                                                default=False)
    status = FSMField(_("trạng thái"), default=DeadlineStatus.OPEN,
                      choices=DeadlineStatus.choices, protected=True)
    source_transition = models.CharField(_("phát sinh từ thao tác"), max_length=64, blank=True)
    closed_by_transition = models.CharField(_("đóng bởi thao tác"), max_length=64, blank=True)
    depends_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="dependents", verbose_name=_("phụ thuộc"))
    original_due_at = models.DateTimeField(_("hạn ban đầu"), null=True, blank=True)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người gia hạn"))
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    closed_at = models.DateTimeField(_("ngày đóng"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep reads only open deadlines by due date (1M rows, ~1% due).
            models.Index(fields=["due_on"], condition=models.Q(status="open"),
                         name="deadline_open_due_on"),
            models.Index(fields=["case", "status"], name="deadline_case_status"),
            # The case list's next deadline, due-within and overdue filters (case_filters):
            # one probe per case into its open deadlines by due time (bench/pages.py).
            # The due day rides along (INCLUDE, PostgreSQL): the list's "due within N days"
            # probe (due_at from now, due_on up to the N-th day) reads no deadline row.
            models.Index(fields=["case", "due_at"], include=["due_on"],
                         condition=models.Q(status="open"), name="deadline_open_case_due_at"),
        ]

    def __str__(self):
        return f"{self.title} — {self.due_on:%d/%m/%Y}"

    @property
    def is_overdue(self) -> bool:
        return self.status == DeadlineStatus.OPEN and self.due_at < timezone.now()

    @property
    def display_title(self) -> str:
        """The title in the active language (Vietnamese when no English was given)."""
        return shown(self.title, self.title_en)

    @transition(field=status, source=DeadlineStatus.OPEN, target=DeadlineStatus.SATISFIED)
    def satisfy(self, *, transition_name=""):
        self.closed_at = timezone.now()
        self.closed_by_transition = transition_name

    @transition(field=status, source=DeadlineStatus.OPEN, target=DeadlineStatus.CANCELLED)
    def cancel(self, *, transition_name=""):
        self.closed_at = timezone.now()
        self.closed_by_transition = transition_name
