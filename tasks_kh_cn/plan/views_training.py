"""Training pages (plan 3.1): staff manage classes and attendance; enterprises register online."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.views.sections import date_inputs, is_department
from tasks_kh_cn.xlsx import Column, xlsx_download

from .models import TrainingAttendance, TrainingClass, TrainingRegistration, TrainingTopic
from .training import (
    TrainingClassForm,
    classes_per_topic_per_year,
    register,
    save_class,
    take_attendance,
)
from .training_import import import_attendance
from .web_common import forbidden


class RegisterForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Tổ chức"), queryset=None)
    participants = forms.IntegerField(label=gettext_lazy("Số người tham dự"), min_value=1,
                                      max_value=500, initial=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = user.organisations.order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Danh sách tham dự (Excel .xlsx)"))


def _form_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _classes():
    # Subqueries, not joins: two joined reverse relations would multiply each other's rows.
    registered = TrainingRegistration.objects.filter(training_class=OuterRef("pk")).order_by(
        ).values("training_class").annotate(n=Sum("participants")).values("n")
    attended = TrainingAttendance.objects.filter(training_class=OuterRef("pk")).order_by(
        ).values("training_class").annotate(n=Count("id")).values("n")
    return TrainingClass.objects.annotate(
        registered=Subquery(registered), establishments=Subquery(attended)).order_by(
        "-held_on", "-pk")


TRAINING_COLUMNS = [
    Column(gettext_lazy("Ngày"), lambda c: c.held_on, "date"),
    Column(gettext_lazy("Tên lớp"), lambda c: c.title),
    Column(gettext_lazy("Chủ đề"), lambda c: c.get_topic_display()),
    Column(gettext_lazy("Địa điểm"), lambda c: c.location),
    Column(gettext_lazy("Số người đăng ký"), lambda c: c.registered or 0, "count"),
    Column(gettext_lazy("Số chỗ"), lambda c: c.capacity, "count"),
    Column(gettext_lazy("Cơ sở tham dự"), lambda c: c.establishments or 0, "count"),
]


@login_required
def training_export(request):
    """Every training class, as the list orders them (the page shows the latest 200)."""
    if not is_department(request.user):
        return forbidden(request)
    return xlsx_download(TRAINING_COLUMNS, _classes().iterator(chunk_size=2_000),
                         title=gettext_lazy("Lớp tập huấn"), filename="lop-tap-huan")


@login_required
def training_list(request):
    if not is_department(request.user):
        return forbidden(request)
    classes = _classes()
    per_year = classes_per_topic_per_year()
    return render(request, "plan/training_list.html", {
        "classes": classes[:200], "per_year": per_year, "topics": TrainingTopic.choices})


@login_required
def training_edit(request, pk=None):
    if not is_department(request.user):
        return forbidden(request)
    instance = get_object_or_404(TrainingClass, pk=pk) if pk else None
    form = date_inputs(TrainingClassForm(instance=instance))
    if request.method == "POST":
        form = date_inputs(TrainingClassForm(request.POST, instance=instance))
        try:
            saved = save_class(data=request.POST, instance=instance)
        except ValidationError as error:
            # The service validated this same form: its field errors are the page's own.
            # Only what the service found beyond them is added (each error once).
            if form.is_valid():
                _form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu lớp tập huấn."))
            return redirect("plan:training-detail", saved.pk)
    return render(request, "plan/training_edit.html", {"form": form, "instance": instance},
                  status=400 if form.errors else 200)


@login_required
def training_detail(request, pk):
    if not is_department(request.user):
        return forbidden(request)
    training_class = get_object_or_404(TrainingClass, pk=pk)
    result = None
    import_form = ImportForm()
    if request.method == "POST" and "import" in request.POST:
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                result = import_attendance(training_class=training_class,
                                           upload=import_form.cleaned_data["file"])
            except ValidationError as error:
                _form_errors(import_form, error)
    elif request.method == "POST":
        present = {}
        for key in request.POST.getlist("present"):
            if key.isdigit():
                count = request.POST.get(f"participants-{key}", "1")
                present[int(key)] = int(count) if count.isdigit() else 0
        try:
            added = take_attendance(training_class=training_class, present=present)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận %(n)s cơ sở tham dự.") % {"n": added})
            return redirect("plan:training-detail", pk)
    registrations = training_class.registrations.select_related("organisation").order_by(
        "organisation__name")
    attended = training_class.attendances.select_related("organisation").order_by(
        "organisation__name")
    present_ids = {a.organisation_id for a in attended}
    return render(request, "plan/training_detail.html", {
        "c": training_class, "registrations": registrations, "attended": attended,
        "present_ids": present_ids, "import_form": import_form, "result": result,
    }, status=400 if import_form.errors else 200)


@login_required
def training_open(request):
    """Enterprises: the classes open for registration and their own registrations."""
    organisations = list(request.user.organisations.all())
    if not organisations:
        return forbidden(request)
    today = timezone.localdate()
    classes = TrainingClass.objects.filter(registration_open=True, held_on__gte=today).annotate(
        taken=Sum("registrations__participants")).order_by("held_on")[:100]
    for c in classes:
        c.left = max(c.capacity - (c.taken or 0), 0)
    mine = {r.training_class_id: r for r in TrainingRegistration.objects.filter(
        organisation__in=organisations).select_related("organisation")}
    return render(request, "plan/training_open.html", {
        "classes": classes, "mine": mine, "form": RegisterForm(user=request.user)})


@login_required
@require_POST
def training_register(request, pk):
    training_class = get_object_or_404(TrainingClass, pk=pk)
    form = RegisterForm(request.POST, user=request.user)
    if not form.is_valid():
        # Another organisation than one's own is not in the choices: refused as invalid.
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("plan:training-open")
    try:
        register(training_class=training_class, organisation=form.cleaned_data["organisation"],
                 participants=form.cleaned_data["participants"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đăng ký lớp “%(title)s”.") % {"title": training_class.title})
    return redirect("plan:training-open")
