"""Training (plan 3.1): classes, online registration, attendance taken or imported from Excel."""

import datetime
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tasks_kh_cn.models import Organisation
from tasks_kh_cn.plan.models import PlanTarget, TrainingAttendance, TrainingClass
from tasks_kh_cn.plan.selectors import plan_progress
from tasks_kh_cn.plan.training import classes_per_topic_per_year, register, take_attendance
from tasks_kh_cn.plan.training_import import import_attendance
from tasks_kh_cn.validators import tax_check_digit
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
M = PlanTarget.Measure
SOON = datetime.date.today() + datetime.timedelta(days=20)


def xlsx(rows, header=("STT", "Mã số thuế", "Tên cơ sở", "Số người tham dự")):
    wb = Workbook()
    wb.active.append(list(header))
    for row in rows:
        wb.active.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("ds.xlsx", buffer.getvalue())


def a_class(**kw):
    return TrainingClass.objects.create(**{"title": "ISO 9001:2015", "topic": "management_systems",
                                           "held_on": SOON, "capacity": 5, **kw})


def test_officer_creates_a_class_among_the_plans_four_topics(client, cast):
    client.force_login(cast.officer)
    data = {"title": "Áp dụng 5S", "topic": "productivity_tools", "held_on": SOON.isoformat(),
            "location": "Hội trường Sở KH&CN", "trainers": "TS. Lê Văn B", "capacity": "50",
            "registration_open": "on"}
    response = client.post(reverse("plan:training-new"), data)
    assert response.status_code == 302
    created = TrainingClass.objects.get(title="Áp dụng 5S")
    assert (created.capacity, created.trainers) == (50, "TS. Lê Văn B")
    bad = client.post(reverse("plan:training-new"), {**data, "topic": "technology", "capacity": "0"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"topic", "capacity"}
    # Each refusal once: the page showed every field error twice (the view's form and the
    # service's errors added to it).
    assert all(len(errors) == 1 for errors in bad.context["form"].errors.values())
    negative = client.post(reverse("plan:training-new"), {**data, "capacity": "-3"})
    assert negative.context["form"].errors["capacity"] == ["Số chỗ phải lớn hơn 0."]
    assert negative.content.decode().count("Số chỗ phải lớn hơn 0.") == 1


def test_enterprise_registers_online_for_its_own_organisation_within_capacity(client, cast):
    c = a_class()
    own = cast.host.organisations.first()
    client.force_login(cast.host)
    page = client.get(reverse("plan:training-open"))
    assert page.status_code == 200 and c.title in page.content.decode()
    client.post(reverse("plan:training-register", args=[c.pk]),
                {"organisation": own.pk, "participants": 3})
    assert c.registrations.get().organisation == own
    # Another enterprise's organisation is not among the choices: nothing registered for it.
    other = cast.other_host.organisations.first()
    client.post(reverse("plan:training-register", args=[c.pk]),
                {"organisation": other.pk, "participants": 1})
    assert not c.registrations.filter(organisation=other).exists()
    with pytest.raises(ValidationError, match="còn 2 chỗ"):
        register(training_class=c, organisation=other, participants=3, by=cast.other_host)
    with pytest.raises(ValidationError, match="của mình"):
        register(training_class=c, organisation=other, participants=1, by=cast.host)


def test_staff_pages_are_closed_to_enterprises(client, cast):
    c = a_class()
    client.force_login(cast.host)
    for url in (reverse("plan:training"), reverse("plan:training-new"),
                reverse("plan:training-detail", args=[c.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("plan:training-detail", args=[c.pk]),
                       {"present": [cast.host.organisations.first().pk]}).status_code == 403
    assert not TrainingAttendance.objects.exists()
    client.force_login(cast.reviewer)  # a reviewer has no organisation: no registration page
    assert client.get(reverse("plan:training-open")).status_code == 403


def test_attendance_taken_counts_an_establishment_trained_twice_once(client, cast):
    org = make_organisation()
    first, second = a_class(held_on=datetime.date(2023, 3, 1)), a_class(held_on=datetime.date(2024, 3, 1))
    take_attendance(training_class=first, present={org.pk: 2})
    take_attendance(training_class=second, present={org.pk: 1})
    assert take_attendance(training_class=second, present={org.pk: 1}) == 0  # already recorded
    trained = next(r for r in plan_progress(datetime.date(2024, 12, 31))
                   if r.measure == M.ESTABLISHMENTS_TRAINED)
    assert trained.value == 1 and "2 lượt" in trained.detail
    assert classes_per_topic_per_year() == {2023: {"management_systems": 1},
                                            2024: {"management_systems": 1}}


def test_excel_import_keeps_good_rows_and_lists_bad_ones_with_numbers(client, cast):
    c = a_class()
    a, b = make_organisation(), make_organisation()
    upload = xlsx([
        (1, a.tax_code, "A", 2),           # row 2: good
        (2, "0100109106", "Không có", 1),  # row 3: valid code, unknown establishment
        (3, "123", "Sai", 1),              # row 4: malformed tax code
        (4, b.tax_code, "B", "ba"),        # row 5: participants not a number
        (5, a.tax_code, "A lần 2", 1),     # row 6: duplicate of row 2
        (6, int(b.tax_code), "B", None),   # row 7: good (a number cell, 1 by default)
    ])
    client.force_login(cast.officer)
    response = client.post(reverse("plan:training-detail", args=[c.pk]),
                           {"import": "1", "file": upload})
    result = response.context["result"]
    assert result.imported == 2
    assert [e.row for e in result.errors] == [3, 4, 5, 6]
    assert "dòng 2" in result.errors[3].reason and "0100109106" in result.errors[0].reason
    assert set(c.attendances.values_list("organisation_id", "participants")) == {(a.pk, 2), (b.pk, 1)}
    again = import_attendance(training_class=c, upload=xlsx([(1, a.tax_code, "A", 2)]))
    assert again.imported == 0 and "đã được ghi nhận" in again.errors[0].reason
    refused = client.post(reverse("plan:training-detail", args=[c.pk]), {
        "import": "1", "file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert refused.status_code == 400 and "Excel" in refused.content.decode()
    missing = client.post(reverse("plan:training-detail", args=[c.pk]), {
        "import": "1", "file": xlsx([(1,)], header=("STT",))})
    assert "Thiếu cột" in missing.content.decode()


def test_training_list_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    org = make_organisation()
    for day in range(1, 4):
        c = a_class(held_on=datetime.date(2024, 1, day))
        take_attendance(training_class=c, present={org.pk: 1})
    client.force_login(cast.officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plan:training")).status_code == 200
    for day in range(4, 12):
        a_class(held_on=datetime.date(2024, 1, day))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plan:training")).status_code == 200


def codes(n):
    out, i = [], 0
    while len(out) < n:
        i += 1
        head = f"27{i:07d}"
        digit = tax_check_digit(head)
        if digit is not None:
            out.append(f"{head}{digit}")
    return out


def test_a_10000_row_import_finishes_within_30_seconds():
    tax_codes = codes(10_000)
    Organisation.objects.bulk_create([
        Organisation(name=f"Cơ sở {i}", kind="enterprise", tax_code=code, district="nga_son",
                     size_class="small") for i, code in enumerate(tax_codes)], batch_size=2000)
    upload = xlsx([(i, code, f"Cơ sở {i}", 1 + i % 3) for i, code in enumerate(tax_codes)])
    c = a_class(capacity=10_000)
    started = time.perf_counter()
    result = import_attendance(training_class=c, upload=upload)
    elapsed = time.perf_counter() - started
    print(f"BENCH attendance import 10000 rows: {elapsed:.2f} s")
    assert result.imported == 10_000 and not result.errors
    assert elapsed < 30
