"""Lists people work from, as filtered, to Excel (issue 13 point 4) through the one helper
tasks_kh_cn/xlsx.py: the inbox, the notices, the workload page, the experts registry, the training
classes, a case's advances.
Each export is opened with openpyxl: headers in the active language, the rows the page shows
and no others, a query count that does not grow with the rows."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from tasks_kh_cn.councils.models import Expert, ExpertiseField
from tasks_kh_cn.people import person_name
from tasks_kh_cn.plan.models import TrainingClass
from tasks_kh_cn.plan.reporting import open_yearly_report
from tasks_kh_cn.plan.training import take_attendance
from tasks_kh_cn.services.cases import assign_officer
from tasks_kh_cn.services.organisations import set_profile
from tests.councils.helpers import council_people
from tests.factories import make_case, make_organisation, user_with_role, walk
from tests.funding.helpers import accounted, case_in_progress, paid
from tests.notifications.test_notice_centre import notices_for
from workflows.roles import Role

pytestmark = pytest.mark.django_db


def browser(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def table(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    # A read-only sheet drops a line's trailing empty cells: pad to the header's width.
    return [line + [None] * (len(lines[0]) - len(line)) for line in lines]


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        table(client.get(url))
    return len(ctx.captured_queries)


# --- the inbox ---------------------------------------------------------------------------
def test_the_inbox_export_is_the_users_own_inbox(cast):
    mine = make_case(cast.host, title="Bản nháp của tôi")
    make_case(cast.other_host, title="Bản nháp của người khác")
    rows = table(browser(cast.host).get("/inbox/export.xlsx"))
    assert rows[0] == ["Mã", "Tên nhiệm vụ", "Việc cần làm", "Trạng thái", "Hạn", "Từ ngày"]
    assert [r[:2] for r in rows[1:]] == [[mine.code, "Bản nháp của tôi"]]
    assert rows[1][3] == "Nháp"
    # Another organisation exports only its own desk; a filter by a tab keeps to that tab.
    theirs = table(browser(cast.other_host).get("/inbox/export.xlsx"))
    assert [r[1] for r in theirs[1:]] == ["Bản nháp của người khác"]
    assert len(table(browser(cast.host).get("/inbox/export.xlsx?kind=no-such-kind"))) == 2
    page = browser(cast.host).get("/inbox/").content.decode()
    assert 'href="/inbox/export.xlsx"' in page


def test_the_inbox_export_in_english(cast):
    make_case(cast.host)
    rows = table(browser(cast.host, "en").get("/inbox/export.xlsx"))
    assert rows[0] == ["Code", "Task title", "To do", "Status", "Due", "From"]
    assert rows[1][3] == "Draft"


def test_the_inbox_export_writes_a_programme_deadline_that_has_no_case(cast):
    """The plan's yearly report is on the officer's desk with no case: its row keeps the case
    columns blank (it broke the workbook half-way, found walking the demo in Chromium)."""
    year = timezone.localdate().year
    with translation.override("vi"):  # the deadline's title is written when it is opened
        report = open_yearly_report(year=year, officer=cast.officer)
    case = make_case(cast.host)
    assign_officer(case=case, officer=cast.officer)
    for url in ("/inbox/export.xlsx", "/inbox/export.xlsx?kind=plan-deadline"):
        rows = table(browser(cast.officer).get(url))
        [programme] = [r for r in rows[1:] if r[0] is None]
        assert programme[0] is None and programme[1] is None and programme[3] is None
        assert programme[2].startswith(f"Báo cáo kết quả thực hiện Kế hoạch năm {year}")
        assert programme[4].date() == report.deadline.due_on
    assert [r[0] for r in rows[1:]] == [None]  # the tab keeps to the programme's deadlines


def test_the_inbox_export_needs_a_login():
    assert Client().get("/inbox/export.xlsx").status_code == 302


def test_the_inbox_export_query_count_does_not_grow_with_rows(cast):
    make_case(cast.host)
    client = browser(cast.host)
    few = queries(client, "/inbox/export.xlsx")
    for i in range(15):
        make_case(cast.host, title=f"Thêm {i}")
    assert len(table(client.get("/inbox/export.xlsx"))) == 17
    assert queries(client, "/inbox/export.xlsx") == few


# --- the experts registry ----------------------------------------------------------------
@pytest.fixture
def registry():
    agriculture = ExpertiseField.objects.create(code="nong-nghiep", name="Nông nghiệp")
    health = ExpertiseField.objects.create(code="y-te", name="Y tế")

    def register(n, field):
        experts = []
        for user in council_people(n):
            expert = Expert.objects.create(user=user, degree="doctor", workplace="Viện Nông nghiệp")
            expert.fields.set([field])
            experts.append(expert)
        return experts
    return register, agriculture, health


def test_the_experts_export_is_the_registry_as_filtered(cast, registry):
    register, agriculture, health = registry
    farmers = register(2, agriculture)
    register(1, health)
    rows = table(browser(cast.officer).get("/councils/experts/export.xlsx?field=nong-nghiep"))
    assert rows[0][:4] == ["Chuyên gia", "Học vị, học hàm", "Tổ chức công tác",
                           "Lĩnh vực chuyên môn"]
    assert sorted(r[0] for r in rows[1:]) == sorted(person_name(e.user) for e in farmers)
    assert rows[1][2] == "Viện Nông nghiệp" and rows[1][3] == "Nông nghiệp"
    assert rows[1][4] == 0 and isinstance(rows[1][4], int)
    assert len(table(browser(cast.officer).get("/councils/experts/export.xlsx"))) == 4
    page = browser(cast.officer).get("/councils/experts/?field=nong-nghiep").content.decode()
    assert "/councils/experts/export.xlsx?field=nong-nghiep" in page


def test_the_experts_export_in_english(cast, registry):
    register, agriculture, _health = registry
    register(1, agriculture)
    rows = table(browser(cast.officer, "en").get("/councils/experts/export.xlsx"))
    assert rows[0][0] != "Chuyên gia" and rows[0][0] == "Expert"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_experts_page_stacks_on_a_phone(cast, registry, language):
    """At 390 px the English registry was 544 px wide and the page scrolled sideways: it is a
    table.cases whose every cell names its column (data-label), which app.css stacks as a
    card per expert on a phone, as the project's other lists do."""
    register, agriculture, _health = registry
    register(2, agriculture)
    page = browser(cast.officer, language).get("/councils/experts/").content.decode()
    table = page[page.index("<table"):page.index("</table>")]
    assert table.startswith('<table class="cases">')
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>"):], re.S)
    assert len(headers) == 6 and len(rows) == 2
    for row in rows:
        assert re.findall(r'<td[^>]* data-label="([^"]*)"', row) == headers
    assert ("Conflicts of interest on councils" in headers) == (language == "en")


def test_only_the_department_exports_the_registry(cast, registry):
    register, agriculture, _health = registry
    register(1, agriculture)
    for outsider in (cast.host, cast.reviewer):
        response = browser(outsider).get("/councils/experts/export.xlsx")
        assert response.status_code == 403
        assert "Chỉ cán bộ của Sở" in response.content.decode()


def test_the_experts_export_query_count_does_not_grow_with_rows(cast, registry):
    register, agriculture, _health = registry
    register(1, agriculture)
    client = browser(cast.officer)
    few = queries(client, "/councils/experts/export.xlsx")
    register(12, agriculture)
    assert queries(client, "/councils/experts/export.xlsx") == few


# --- the notices -------------------------------------------------------------------------
def test_the_notices_export_is_ones_own(cast):
    case = make_case(cast.host)
    notices_for(cast.host, case, 2)
    notices_for(cast.other_host, case, 3)
    rows = table(browser(cast.host).get("/notifications/export.xlsx"))
    assert rows[0] == ["Thời điểm", "Mã", "Tiêu đề", "Nội dung thông báo", "Đã đọc"]
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {case.code}
    assert rows[1][2].startswith(f"Hợp đồng {case.code} chờ ký") and rows[1][4] is None
    english = table(browser(cast.host, "en").get("/notifications/export.xlsx"))
    assert english[0] == ["When", "Code", "Title", "Message", "Read"]
    assert english[1][2].startswith("Contract") and english[1][3] == "Please sign."
    assert len(table(browser(cast.other_host).get("/notifications/export.xlsx"))) == 4
    assert 'href="/notifications/export.xlsx"' in browser(cast.host).get(
        "/notifications/").content.decode()
    assert Client().get("/notifications/export.xlsx").status_code == 302


def test_the_notices_export_query_count_does_not_grow_with_rows(cast):
    case = make_case(cast.host)
    notices_for(cast.host, case, 1)
    client = browser(cast.host)
    few = queries(client, "/notifications/export.xlsx")
    notices_for(cast.host, case, 20, code="council_decision")
    assert queries(client, "/notifications/export.xlsx") == few


# --- the workload page -------------------------------------------------------------------
@pytest.fixture
def lead(cast):
    user = user_with_role(Role.LEAD_OFFICER, username="lead")
    set_profile(user=user, full_name="Trần Văn Trưởng Phòng")
    return user


def test_the_workload_export_is_the_pages_tasks_for_the_lead_only(cast, lead):
    case = walk(make_case(cast.host, title="Đề tài đang chờ chuyên viên"), cast,
                until="accept_proposal")
    rows = table(browser(lead).get("/workload/export.xlsx"))
    assert rows[0] == ["Chuyên viên thụ lý", "Mã", "Tên nhiệm vụ", "Trạng thái", "Hạn gần nhất"]
    assert [r[1:3] for r in rows[1:]] == [[case.code, "Đề tài đang chờ chuyên viên"]]
    assert rows[1][0] == person_name(cast.officer)  # a name, never the login
    english = table(browser(lead, "en").get("/workload/export.xlsx"))
    assert english[0][:3] == ["Assigned officer", "Code", "Task title"]
    for refused in (cast.officer, cast.host):
        assert browser(refused).get("/workload/export.xlsx").status_code == 403
    assert 'href="/workload/export.xlsx"' in browser(lead).get("/workload/").content.decode()


def test_the_workload_export_query_count_does_not_grow_with_rows(cast, lead):
    walk(make_case(cast.host), cast, until="accept_proposal")
    client = browser(lead)
    few = queries(client, "/workload/export.xlsx")
    for i in range(3):
        walk(make_case(cast.host, title=f"Thêm {i}"), cast, until="accept_proposal")
    assert len(table(client.get("/workload/export.xlsx"))) == 5
    assert queries(client, "/workload/export.xlsx") == few


# --- the training classes (plan 3.1) -----------------------------------------------------
def a_class(day, **kw):
    return TrainingClass.objects.create(**{
        "title": f"ISO 9001:2015 lớp {day}", "topic": "management_systems",
        "held_on": datetime.date(2024, 1, day), "location": "Hội trường Sở", "capacity": 40,
        **kw})


def test_the_training_export_lists_every_class_with_its_counts(cast):
    org = make_organisation()
    first = a_class(1)
    take_attendance(training_class=first, present={org.pk: 3})
    a_class(2)
    rows = table(browser(cast.officer).get("/plan/training/export.xlsx"))
    assert rows[0] == ["Ngày", "Tên lớp", "Chủ đề", "Địa điểm", "Số người đăng ký", "Số chỗ",
                       "Cơ sở tham dự"]
    assert [r[1] for r in rows[1:]] == ["ISO 9001:2015 lớp 2", "ISO 9001:2015 lớp 1"]
    assert rows[2][0].date() == datetime.date(2024, 1, 1)
    assert rows[2][5:] == [40, 1] and rows[1][6] == 0
    english = table(browser(cast.officer, "en").get("/plan/training/export.xlsx"))
    assert english[0][:4] == ["Date", "Class", "Topic", "Place"]
    assert browser(cast.host).get("/plan/training/export.xlsx").status_code == 403
    assert 'href="/plan/training/export.xlsx"' in browser(cast.officer).get(
        "/plan/training/").content.decode()


def test_the_training_export_query_count_does_not_grow_with_rows(cast):
    a_class(1)
    client = browser(cast.officer)
    few = queries(client, "/plan/training/export.xlsx")
    for day in range(2, 14):
        a_class(day)
    assert queries(client, "/plan/training/export.xlsx") == few


# --- a case's advances (the funding ledger) ----------------------------------------------
def test_the_ledger_export_is_the_cases_advances_behind_the_ledgers_doors(cast):
    case = case_in_progress(cast)
    first = paid(case, cast, 100_000_000)
    accounted(first, cast, 100_000_000)
    url = f"/cases/{case.pk}/funding/export.xlsx"
    rows = table(browser(cast.host).get(url))
    assert rows[0][:4] == ["Đợt", "Số tiền (VNĐ)", "Trạng thái", "Người đề nghị"]
    assert len(rows) == 2
    assert rows[1][0] == 1 and rows[1][1] == 100_000_000 and isinstance(rows[1][1], int)
    assert rows[1][3] == person_name(cast.host) and rows[1][5] == person_name(cast.finance)
    assert rows[1][7] == "UNC-1" and rows[1][8] == 100_000_000
    english = table(browser(cast.finance, "en").get(url))
    assert english[0][:4] == ["Tranche", "Amount (VND)", "Status", "Requested by"]
    # Another organisation's case, or a reviewer not on its council: a 404.
    assert browser(cast.other_host).get(url).status_code == 404
    assert browser(cast.reviewer).get(url).status_code == 404
    assert f'href="{url}"' in browser(cast.host).get(
        f"/cases/{case.pk}/funding/").content.decode()


def test_the_ledger_export_query_count_does_not_grow_with_rows(cast):
    case = case_in_progress(cast)
    first = paid(case, cast, 100_000_000)
    client = browser(cast.finance)
    url = f"/cases/{case.pk}/funding/export.xlsx"
    few = queries(client, url)
    accounted(first, cast, 100_000_000)
    paid(case, cast, 50_000_000)
    assert len(table(client.get(url))) == 3
    assert queries(client, url) == few
