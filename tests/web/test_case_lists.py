"""The lists people work from: filters kept in the URL, sorting, the same filters in the API,
and the export of the list as filtered to Excel (permission-filtered like the list)."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from notifications.models import Deadline
from tasks_kh_cn.models import Call, Organisation, Profile
from tests.factories import make_case
from workflows.roles import Role

pytestmark = pytest.mark.django_db

EXPORT_QUERIES = 7  # session, user, roles and permissions, the officers named, the rows: not per row


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(type(user).objects.get(pk=user.pk))
    return client


def deadline(case, days, title="Nộp báo cáo"):
    due = timezone.now() + datetime.timedelta(days=days)
    return Deadline.objects.create(
        case=case, rule_set=case.rule_set, code=f"d{days}", title=title,
        owed_by_role=Role.ENTERPRISE, due_at=due, due_on=timezone.localdate(due), amount=days,
        unit="calendar_days", legal_basis="TT 09/2014/TT-BKHCN")


def rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def world(cast):
    call = Call.objects.create(code="TB-01", title="Đợt 1", kind="research",
                               opens_at=timezone.now() - datetime.timedelta(days=5),
                               closes_at=timezone.now() + datetime.timedelta(days=5),
                               rule_set=make_case(cast.host).rule_set)
    Profile.objects.create(user=cast.officer, full_name="Lê Thị Hoa", academic_title="ThS.")
    soon = make_case(cast.host, title="Sắp đến hạn", call=call)
    soon.assigned_officer = cast.officer
    soon.save(update_fields=["assigned_officer"])
    deadline(soon, 3)
    late = make_case(cast.host, title="Đã quá hạn")
    deadline(late, -2)
    far = make_case(cast.other_host, title="Của doanh nghiệp khác")
    deadline(far, 40)
    host_district = cast.host.organisations.first().district
    Organisation.objects.filter(pk=far.host_id).update(
        district="bim_son" if host_district != "bim_son" else "sam_son")
    return type("World", (), dict(call=call, soon=soon, late=late, far=far, cast=cast,
                                  district=host_district))


def codes(client, **params):
    page = client.get("/cases/", params)
    assert page.status_code == 200
    return {c.code for c in page.context["page"].object_list}


def test_officer_filters_by_officer_district_call_year_due_and_overdue(world):
    cast, client = world.cast, browser(world.cast.officer)
    assert codes(client, officer=cast.officer.pk) == {world.soon.code}
    assert codes(client, call=world.call.pk) == {world.soon.code}
    assert codes(client, due_within=7) == {world.soon.code}
    assert codes(client, due_within=60) == {world.soon.code, world.far.code}
    assert codes(client, overdue="on") == {world.late.code}
    assert world.far.code not in codes(client, district=world.district)
    assert world.far.code in codes(client, year=timezone.localdate().year)
    assert codes(client, year=2001) == set()


def test_filters_live_in_the_url_and_sort_keeps_them(world):
    client = browser(world.cast.officer)
    page = client.get("/cases/", {"due_within": 60, "sort": "due"})
    listed = [c.code for c in page.context["page"].object_list]
    assert listed == [world.soon.code, world.far.code]  # soonest first
    assert [c.code for c in client.get("/cases/", {"due_within": 60, "sort": "-due"})
            .context["page"].object_list] == [world.far.code, world.soon.code]
    html = page.content.decode()
    # The headers re-sort the same filtered list; the export takes the same filters.
    assert "?due_within=60&amp;sort=-due" in html
    assert "/cases/export.xlsx?due_within=60&amp;sort=due" in html
    assert 'method="get"' in html


def test_a_bad_filter_value_says_so_and_lists_nothing(world):
    page = browser(world.cast.officer).get("/cases/", {"due_within": "-3"})
    assert page.status_code == 200 and list(page.context["page"].object_list) == []
    assert page.context["form"].errors["due_within"]


def test_htmx_gets_the_results_alone(world):
    client = browser(world.cast.officer)
    part = client.get("/cases/", {"overdue": "on"}, HTTP_HX_REQUEST="true").content.decode()
    assert world.late.code in part and world.soon.code not in part
    assert "<html" not in part and 'id="case-filters"' not in part


def test_export_is_the_list_as_filtered(world):
    response = browser(world.cast.officer).get("/cases/export.xlsx", {"due_within": 60,
                                                                      "sort": "due"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    table = rows(response)
    assert table[0][0] == "Mã" and len(table) == 3
    assert [r[0] for r in table[1:]] == [world.soon.code, world.far.code]
    soon = table[1]
    assert soon[7] == "ThS. Lê Thị Hoa"  # a name, never the login
    assert soon[8] == "TB-01"
    assert soon[9] == world.soon.requested_budget and isinstance(soon[9], int)


def test_export_shows_only_what_the_list_shows(world):
    table = rows(browser(world.cast.host).get("/cases/export.xlsx"))
    exported = {r[0] for r in table[1:]}
    assert world.far.code not in exported
    assert {world.soon.code, world.late.code} <= exported
    other = rows(browser(world.cast.other_host).get("/cases/export.xlsx",
                                                     {"q": world.soon.code}))
    assert len(other) == 1  # the header only


def test_export_needs_a_login():
    response = Client().get("/cases/export.xlsx")
    assert response.status_code == 302


def test_export_in_english(world):
    client = browser(world.cast.officer)
    client.cookies["django_language"] = "en"
    table = rows(client.get("/cases/export.xlsx"))
    assert table[0][:2] == ["Code", "Task title"]


def _export_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        rows(response)
    return len(ctx.captured_queries)


def test_export_query_count_does_not_grow_with_rows(world):
    client = browser(world.cast.officer)
    few = _export_queries(client, "/cases/export.xlsx?sort=due")
    for i in range(30):
        case = make_case(world.cast.host, title=f"Thêm {i}")
        deadline(case, i)
    many = _export_queries(client, "/cases/export.xlsx?sort=due")
    print(f"/cases/export.xlsx: {few} → {many}")
    assert few == many <= EXPORT_QUERIES


def test_api_takes_the_same_filters_and_refuses_bad_values(world):
    client = api(world.cast.officer)
    listed = client.get("/api/tasks/", {"due_within": 7})
    assert listed.status_code == 200
    assert [r["code"] for r in listed.json()["results"]] == [world.soon.code]
    assert [r["code"] for r in client.get("/api/tasks/", {"overdue": "true"}).json()[
        "results"]] == [world.late.code]
    by_due = client.get("/api/tasks/", {"due_within": 60, "sort": "-due"}).json()["results"]
    assert [r["code"] for r in by_due] == [world.far.code, world.soon.code]
    assert client.get("/api/tasks/", {"officer": world.cast.officer.pk}).json()["count"] == 1
    assert client.get("/api/tasks/", {"call": world.call.pk}).json()["count"] == 1
    for bad in ({"due_within": "x"}, {"overdue": "maybe"}, {"district": "atlantis"},
                {"officer": world.cast.host.pk}, {"sort": "owner"}, {"year": "1066"}):
        response = client.get("/api/tasks/", bad)
        assert response.status_code == 400, bad


def test_api_export_is_filtered_and_permission_checked(world):
    response = api(world.cast.host).get("/api/tasks/export.xlsx", {"overdue": "true"})
    assert response.status_code == 200
    assert [r[0] for r in rows(response)[1:]] == [world.late.code]
    assert {r[0] for r in rows(api(world.cast.other_host).get("/api/tasks/export.xlsx"))[1:]} \
        == {world.far.code}
    assert api(world.cast.host).get("/api/tasks/export.xlsx", {"kind": "x"}).status_code == 400
    assert APIClient().get("/api/tasks/export.xlsx").status_code in (401, 403)


def test_api_export_query_count_does_not_grow_with_rows(world):
    client = api(world.cast.officer)
    url = "/api/tasks/export.xlsx?sort=due"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            rows(client.get(url))
        return len(ctx.captured_queries)

    few = count()
    for i in range(30):
        make_case(world.cast.host, title=f"Thêm {i}")
    assert few == count() <= EXPORT_QUERIES


def test_sorting_by_title_follows_the_vietnamese_alphabet(cast, postgres_only):
    """D before Đ, O before Ô, Ô before Ơ, all before Z: the database's C collation put every
    accented capital after Z."""
    titles = ["Zeolit xử lý nước", "Ơ-rê-ka giống lúa", "Đánh giá chất lượng", "Ô tô điện",
              "Dệt may xanh", "Ong mật"]
    for title in titles:
        make_case(cast.host, title=title)
    response = api(cast.host).get("/api/tasks/", {"sort": "title", "page_size": 50})
    assert response.status_code == 200
    shown = [row["title"] for row in response.json()["results"] if row["title"] in titles]
    assert shown == ["Dệt may xanh", "Đánh giá chất lượng", "Ong mật", "Ô tô điện",
                     "Ơ-rê-ka giống lúa", "Zeolit xử lý nước"]
