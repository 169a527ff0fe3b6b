"""Training classes (plan 3.1): the officer's class, the enterprises' registration, attendance.

Every write of the page, the admin and the import goes through these functions, which
raise ``ValidationError`` with field-level messages (never a 500).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.models import Organisation

from .models import TrainingAttendance, TrainingClass, TrainingRegistration, TrainingTopic

# Plan 3.1 and the appendix: 2 classes on each of these four subjects.
PLAN_TOPICS = [TrainingTopic.MANAGEMENT_SYSTEMS, TrainingTopic.PRODUCTIVITY_TOOLS,
               TrainingTopic.STANDARDS, TrainingTopic.MEASUREMENT]


class TrainingClassForm(forms.ModelForm):
    topic = forms.ChoiceField(label=gettext_lazy("Chủ đề"),
                              choices=[(t.value, t.label) for t in PLAN_TOPICS])

    class Meta:
        model = TrainingClass
        fields = ["title", "topic", "held_on", "location", "trainers", "capacity",
                  "registration_open"]
        error_messages = {"capacity": {"min_value": gettext_lazy("Số chỗ phải lớn hơn 0.")}}

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not capacity:
            raise ValidationError(_("Số chỗ phải lớn hơn 0."))
        return capacity


def save_class(*, data, instance=None) -> TrainingClass:
    form = TrainingClassForm(data, instance=instance)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.save()


def seats_taken(training_class) -> int:
    return training_class.registrations.aggregate(n=Sum("participants"))["n"] or 0


@transaction.atomic
def register(*, training_class, organisation, participants, by) -> TrainingRegistration:
    """An enterprise registers its people; the class's capacity is checked under a lock."""
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if not locked.registration_open or locked.held_on < timezone.localdate():
        raise ValidationError({"training_class": _("Lớp này không còn nhận đăng ký.")})
    if not participants or participants < 1:
        raise ValidationError({"participants": _("Số người đăng ký phải từ 1 trở lên.")})
    if not organisation.memberships.filter(user=by).exists():
        raise ValidationError({"organisation": _("Chỉ đăng ký được cho tổ chức của mình.")})
    if seats_taken(locked) + participants > locked.capacity:
        raise ValidationError({"participants": _("Lớp chỉ còn %(left)s chỗ.") % {
            "left": max(locked.capacity - seats_taken(locked), 0)}})
    try:
        with transaction.atomic():
            return TrainingRegistration.objects.create(
                training_class=locked, organisation=organisation, participants=participants,
                registered_by=by)
    except IntegrityError as exc:
        raise ValidationError({"organisation": _("Tổ chức đã đăng ký lớp này.")}) from exc


@transaction.atomic
def take_attendance(*, training_class, present: dict[int, int]) -> int:
    """The officer ticks who came: {organisation id: participants}. Returns the rows added."""
    known = set(Organisation.objects.filter(pk__in=present).values_list("pk", flat=True))
    if unknown := set(present) - known:
        raise ValidationError({"organisation": _("Không có tổ chức mã %(ids)s.") % {
            "ids": ", ".join(map(str, sorted(unknown)))}})
    if any(n < 1 for n in present.values()):
        raise ValidationError({"participants": _("Số người tham dự phải từ 1 trở lên.")})
    done = set(training_class.attendances.values_list("organisation_id", flat=True))
    rows = [TrainingAttendance(training_class=training_class, organisation_id=org, participants=n)
            for org, n in present.items() if org not in done]
    TrainingAttendance.objects.bulk_create(rows)
    return len(rows)


def classes_per_topic_per_year():
    """{year: {topic: classes}}: the appendix's 8 classes, 2 per subject, 2022–2024."""
    out = {}
    for row in TrainingClass.objects.values("held_on__year", "topic").annotate(
            n=Count("id")).order_by():
        out.setdefault(row["held_on__year"], {})[row["topic"]] = row["n"]
    return dict(sorted(out.items()))
