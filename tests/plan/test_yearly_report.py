"""The yearly report to the Chairman of UBND tỉnh: DOCX + XLSX annex with the dashboard's
figures, a deadline before 15 December on the officer in charge, reminded, then met."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from openpyxl import load_workbook

from notifications.models import Deadline, DeadlineStatus, Outbox
from notifications.services.render import render_reminder
from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.plan.models import (
    OcopProduct,
    PlanTarget,
    Publicity,
    TrainingAttendance,
    TrainingClass,
    TrainingTopic,
)
from tasks_kh_cn.plan.reporting import mark_report_sent, open_yearly_report, report_due_date
from tasks_kh_cn.plan.selectors import plan_progress
from tasks_kh_cn.plan.tasks import open_yearly_report_deadline
from tests.factories import make_case, make_organisation, walk
from tests.notifications.helpers import at, send_reminders

pytestmark = pytest.mark.django_db
M = PlanTarget.Measure


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def programme_year(cast):
    """Training twice for one establishment, publicity, and a completed support case this year.

    Each happened on or before today and in this year, whatever day the suite runs: the
    dashboard counts what has happened by today, so a class dated 10 January would not count
    yet on the 3rd (this test failed in the first days of January when it was dated so)."""
    today = timezone.localdate()
    year, new_year = today.year, datetime.date(today.year, 1, 1)
    a, b = make_organisation(district="nga_son"), make_organisation(district="ha_trung")
    for number, held_on, orgs in ((1, new_year, [a, b]), (2, today, [a])):
        cls = TrainingClass.objects.create(title=f"Lớp {number}", topic="standards",
                                           held_on=held_on)
        for org in orgs:
            TrainingAttendance.objects.create(training_class=cls, organisation=org)
    Publicity.objects.create(organisation=a, published_on=new_year,
                             channel="Báo Thanh Hóa", title="Mô hình ISO")
    case = walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast)
    return year, case


def test_docx_and_xlsx_carry_the_dashboards_figures(client, cast, programme_year):
    year, case = programme_year
    client.force_login(cast.officer)
    dashboard = client.get(reverse("plan:statistics"))
    rows = {r["stats"].measure: r for r in dashboard.context["rows"]}
    trained = next(c for c in rows[M.ESTABLISHMENTS_TRAINED]["cells"] if c["year"] == year)
    supported = next(c for c in rows[M.ENTERPRISES_SUPPORTED]["cells"] if c["year"] == year)
    assert (trained["actual"], trained["in_year"], supported["actual"]) == (2, 2, 1)
    funding = next(f for f in dashboard.context["funding"] if f.year == case.start_date.year)
    assert funding.state == case.approved_budget

    response = client.get(reverse("plan:yearly-docx", args=[year]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'bao-cao-nam-{year}.docx"')
    text = docx_text(response.content)
    assert "Kính gửi: Chủ tịch UBND tỉnh Thanh Hóa" in text
    assert f"Trong năm {year} tổ chức 2 lớp tập huấn cho 2 cơ sở" in text
    assert "lũy kế 1 doanh nghiệp" in text
    assert f"{funding.state:,}".replace(",", ".") in text
    for heading in ("I. KẾT QUẢ TRIỂN KHAI", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "III. KINH PHÍ",
                    "IV. ĐÁNH GIÁ CHUNG"):
        assert heading in text

    annex = load_workbook(io.BytesIO(client.get(reverse("plan:yearly-xlsx", args=[year])).content))
    targets = {row[1]: row for row in annex["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    label = PlanTarget.Measure(M.ESTABLISHMENTS_TRAINED).label
    assert targets[label][5:7] == (trained["in_year"], trained["actual"])
    # Every figure of the dashboard's year column is the annex's, target by target.
    for measure, row in rows.items():
        for cell in row["cells"]:
            if cell["year"] == year:
                label = PlanTarget.Measure(measure).label
                assert targets[label][5:7] == (cell["in_year"], cell["actual"]), measure
    money = {row[0]: row for row in annex["Kinh phí"].iter_rows(min_row=2, values_only=True)}
    assert money[funding.year][1] == funding.state
    districts = {row[0]: row for row in annex["Theo huyện"].iter_rows(min_row=2, values_only=True)}
    assert districts["Nga Sơn"][1] == 1


def test_only_staff_download_and_any_year_works(client, cast):
    client.force_login(cast.host)
    assert client.get(reverse("plan:yearly-docx", args=[2023])).status_code == 403
    client.force_login(cast.reviewer)
    assert client.get(reverse("plan:yearly-xlsx", args=[2023])).status_code == 403
    client.force_login(cast.finance)
    assert client.get(reverse("plan:yearly-docx", args=[2022])).status_code == 200
    assert client.get(reverse("plan:yearly-docx", args=[1999])).status_code == 404


def test_the_command_writes_both_files_and_opens_the_deadline(tmp_path, cast):
    out = io.StringIO()
    call_command("plan_yearly_report", "--year", "2024", "--out", str(tmp_path), "--officer",
                 cast.officer.username, stdout=out)
    assert "Tập huấn" in docx_text((tmp_path / "bao-cao-nam-2024.docx").read_bytes())
    assert load_workbook(tmp_path / "bao-cao-nam-2024.xlsx").sheetnames[0] == "Chỉ tiêu"
    deadline = Deadline.objects.get(code="plan-yearly-report", sequence=2024)
    assert deadline.due_on == datetime.date(2024, 12, 14) and deadline.owed_by_user == cast.officer
    assert "14/12/2024" in out.getvalue()


def test_the_deadline_before_15_december_is_reminded_and_met_when_sent(client, cast):
    year = timezone.localdate().year
    assert open_yearly_report_deadline(year) == "opened"  # the first officer takes the duty
    assert open_yearly_report_deadline(year) == "exists"
    deadline = Deadline.objects.get(code="plan-yearly-report", sequence=year)
    assert deadline.case is None and deadline.due_on == report_due_date(year)
    assert deadline.legal_article == "Mục 5.1" and deadline.status == DeadlineStatus.OPEN
    officer = deadline.owed_by_user

    send_reminders(now=at(deadline.due_on - datetime.timedelta(days=7), 9))
    reminders = Outbox.objects.filter(deadline=deadline, recipient=officer)
    assert reminders.filter(step="d-7").exists()
    subject, text, _html = render_reminder(reminders.get(step="d-7", channel="email"))
    assert "Báo cáo kết quả thực hiện Kế hoạch năm" in subject and "còn 7 ngày" in subject
    assert "Mục 5.1" in text

    # Another officer cannot record it sent; the officer in charge can, once.
    client.force_login(cast.other_officer if officer != cast.other_officer else cast.officer)
    assert client.post(reverse("plan:yearly-sent", args=[year])).status_code == 403
    client.force_login(officer)
    page = client.get(reverse("plan:report"))
    assert "Ghi nhận đã gửi báo cáo" in page.content.decode()
    assert client.post(reverse("plan:yearly-sent", args=[year])).status_code == 302
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.SATISFIED
    with pytest.raises(Exception, match="đã được ghi nhận"):
        mark_report_sent(year=year, by=officer)


def test_only_an_active_officer_can_be_put_in_charge(client, cast):
    with pytest.raises(Exception, match="chuyên viên"):
        open_yearly_report(year=2030, officer=cast.host)
    client.force_login(cast.officer)  # an officer is not the leadership
    assert client.post(reverse("plan:yearly-assign", args=[2030]),
                       {"officer": cast.officer.pk}).status_code == 403
    client.force_login(cast.approver)
    assert client.post(reverse("plan:yearly-assign", args=[2030]),
                       {"officer": cast.other_officer.pk}).status_code == 302
    assert Deadline.objects.get(sequence=2030).owed_by_user == cast.other_officer


def docx_table_rows(content: bytes, first_header: str) -> list[list[str]]:
    doc = Document(io.BytesIO(content))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == first_header)
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def ocop_share():
    """Two products in three declared their standard: a share of 66,7%, not a whole number."""
    producer = make_organisation()
    for name, declared in (("Nem chua", True), ("Chè lam", True), ("Mắm tép", False)):
        OcopProduct.objects.create(name=name, producer=producer, ocop_stars=4,
                                   standard_declared=declared)


def test_the_docx_writes_numbers_as_vietnamese_does(client, cast, programme_year, ocop_share):
    """Whole targets without ".00" (the plan's DecimalField), decimals with a comma."""
    year, _case = programme_year
    TrainingAttendance.objects.filter(pk=TrainingAttendance.objects.first().pk).update(
        participants=1232)  # with the other two (one each): 1.234
    client.force_login(cast.officer)
    content = client.get(reverse("plan:yearly-docx", args=[year])).content
    rows = {row[1]: row for row in docx_table_rows(content, "Chỉ tiêu")[1:]}
    trained = rows[str(M.ESTABLISHMENTS_TRAINED.label)]
    target = PlanTarget.objects.get(measure=M.ESTABLISHMENTS_TRAINED).target
    assert target == int(target) and trained[3] == f"{int(target):,}".replace(",", ".")
    assert ".00" not in "\n".join("\n".join(row) for row in rows.values())
    share = rows[str(M.OCOP_STANDARD_SHARE.label)]
    assert share[4] == share[5] == "66,7"
    text = docx_text(content)
    assert "66,7%" in text
    # The notes' counts too: 1.234 people, not 1234.
    assert "3 lượt cơ sở, 1.234 người tham dự" in text


def test_the_report_is_in_vietnamese_whatever_the_ui_language(client, cast, programme_year,
                                                             ocop_share):
    """An official document to the Chairman of UBND tỉnh, as the minutes and decisions are
    (README: they stay in Vietnamese in both languages): one language, Vietnamese."""
    year, _case = programme_year
    client.force_login(cast.officer)
    client.cookies["django_language"] = "en"
    assert "Statistics" in client.get(reverse("plan:statistics")).content.decode()  # English UI
    text = docx_text(client.get(reverse("plan:yearly-docx", args=[year])).content)
    with translation.override("en"):
        english = [str(m.label) for m in M] + [str(label) for _c, label in TrainingTopic.choices]
    with translation.override("vi"):
        vietnamese = [str(m.label) for m in M] + [str(label) for _c, label in TrainingTopic.choices]
    for name in english:
        assert name not in text
    for name in vietnamese:
        assert name in text
    for words in ("STT", "Chỉ tiêu đến cuối năm", "lượt cơ sở", "sản phẩm đã công bố tiêu chuẩn",
                  "Chậm tiến độ", "66,7"):
        assert words in text
    with translation.override("en"):  # what the English pages show for the same figures
        shown_in_english = [words for p in plan_progress()
                            for words in (p.detail, p.status_label) if words]
        shown_in_english += [_("Chỉ tiêu đến cuối năm"), _("Kính gửi: Chủ tịch UBND tỉnh Thanh Hóa")]
    for words in shown_in_english:
        assert words not in text

    annex = load_workbook(io.BytesIO(client.get(reverse("plan:yearly-xlsx", args=[year])).content))
    assert annex.sheetnames == ["Chỉ tiêu", "Theo năm", "Theo huyện", "Kinh phí", "Tập huấn"]
    sheet = annex["Chỉ tiêu"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("STT", "Chỉ tiêu", "Đơn vị tính")
    cells = "\n".join(str(value) for row in rows for value in row)
    for name in english:
        assert name not in cells
    assert "lượt cơ sở" in cells
    for words in shown_in_english:
        assert words not in cells
    assert {row[1] for row in rows} <= set(vietnamese)
    topics = [row[0] for row in annex["Tập huấn"].iter_rows(min_row=2, values_only=True)]
    assert set(topics) <= set(vietnamese)
    # Figures stay numbers, with a number format (Excel writes them in the reader's notation).
    share_label = vietnamese[list(M).index(M.OCOP_STANDARD_SHARE)]
    share = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == share_label)
    assert share[5].value == 66.7 and share[5].number_format == "#,##0.0##"
    assert share[3].value == 100 and share[3].number_format == "#,##0"
    money = next(annex["Kinh phí"].iter_rows(min_row=2))
    assert isinstance(money[1].value, int) and money[1].number_format == "#,##0"
    assert money[0].number_format == "General"  # a year, not 2.026
