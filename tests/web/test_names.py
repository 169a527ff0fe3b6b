"""Names everywhere (issue 13, point 2): pages, history, change decisions, council pages and
minutes, pilot step owners and the API name people by full name (people.person_name), never
by login. Every login here carries a marker that must not reach any rendered page."""

import io
import re

import docx
import pytest
from django.test import Client

from tasks_kh_cn.changes.services import decide_change, request_change
from tasks_kh_cn.councils import minutes
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.models import Profile
from tests.factories import make_case, research_path, take_step, walk
from workflows.services import desk_and_process_agree

pytestmark = pytest.mark.django_db

LOGIN = "dangnhap"  # in every login; a page showing it shows a login
COUNCIL_LOGIN = re.compile(r"\bhd\d+\b")  # tests.councils.helpers.council_people's logins


def name_the_cast(cast):
    for role in ("host", "other_host", "officer", "other_officer", "approver", "finance",
                 "reviewer"):
        user = getattr(cast, role)
        user.username = f"{LOGIN}_{role}"
        user.save(update_fields=["username"])
        Profile.objects.update_or_create(user=user, defaults={
            "full_name": f"Nguyễn Thị {role.replace('_', ' ').title()}"})


def rendered(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_no_login(page, where):
    assert LOGIN not in page, f"a login on {where}"
    assert not COUNCIL_LOGIN.search(page), f"a council member's login on {where}"


def test_no_page_of_a_finished_case_shows_a_login(cast):
    name_the_cast(cast)
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    change = request_change(case=case, user=cast.host, kind="personnel", reason="Thay thành viên")
    decide_change(change=change, user=cast.approver, approve=True, decision_number="9/QĐ")
    steps = research_path(cast)
    start = [name for name, *_rest in steps].index("finish_implementation")
    for name, user, data, stage in steps[start:]:
        case = take_step(case, cast, name, user, data, stage)
    assert case.status == "completed" and desk_and_process_agree(case)

    for user in (cast.host, cast.officer, cast.approver, cast.finance):
        page = rendered(user, f"/cases/{case.pk}/")
        assert_no_login(page, f"the case page for {user.username}")
        assert "Nguyễn Thị Officer" in page  # the officer handling it, by name
    history = rendered(cast.officer, f"/cases/{case.pk}/")
    assert "Nguyễn Thị Approver" in history[history.index('id="history"'):]
    assert "Nguyễn Thị Approver" in history[history.index('id="changes"'):]  # who decided

    for council in Council.objects.filter(case=case):
        assert_no_login(rendered(cast.officer, f"/councils/{council.pk}/"), council)
        signatures = dict(minutes.content(council)["blocks"])["sign"]
        assert all(name for _title, name in signatures)  # names under the signature lines
        assert_no_login(str(minutes.content(council)), f"the minutes of {council}")
        document = docx.Document(io.BytesIO(minutes.as_docx(council)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert signatures[0][1] in text and signatures[1][1] in text

    api = Client()
    api.force_login(cast.officer)
    rows = api.get(f"/api/tasks/{case.pk}/history/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert {row["actor_name"] for row in rows} >= {"Nguyễn Thị Host", "Nguyễn Thị Officer"}
    assert api.get(f"/api/tasks/{case.pk}/").json()["assigned_officer_name"] == "Nguyễn Thị Officer"


def test_the_header_names_the_user(cast):
    name_the_cast(cast)
    page = rendered(cast.reviewer, "/")
    assert "Nguyễn Thị Reviewer" in page
    assert_no_login(page, "the dashboard")


def test_a_pilot_steps_owner_is_named_not_logged(cast):
    from tasks_kh_cn.pilots.services import set_step_owner
    from tests.pilots.helpers import pilot_in_progress, step

    name_the_cast(cast)
    case, _proposer = pilot_in_progress(cast)
    set_step_owner(milestone=step(case, 1), user=cast.host, owner=cast.host)
    page = rendered(cast.host, f"/cases/{case.pk}/")
    assert "Nguyễn Thị Host" in page[page.index("Người phụ trách"):]
    assert_no_login(page, "the pilot's case page")
    api = Client()
    api.force_login(cast.host)
    first = api.get(f"/api/pilots/cases/{case.pk}/").json()["steps"][0]
    assert first["owner_name"] == "Nguyễn Thị Host"
