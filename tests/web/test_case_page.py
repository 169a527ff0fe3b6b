"""The case page as the place to act (issue 13, point 1): ordinary steps first, irreversible ones
last behind a confirmation the server checks, the reason of the last return at the top, open
deadlines with their legal basis, the phases, the state machine drawn by Graphviz."""

import re

import pytest
from django.test import Client

from tasks_kh_cn.models import TaskCase
from tests.factories import act, make_case, upload_required, walk
from tests.web.councils_pages import close_as, page_of, vote
from workflows import diagram
from workflows.services import all_transitions, desk_and_process_agree, open_desk_task

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_irreversible_transitions_are_marked_as_data_in_the_lifecycle():
    marked = {name for name, spec in all_transitions().items() if spec.custom.get("danger")}
    assert marked == {"withdraw", "reject", "reject_invalid", "terminate", "suspend"}


def test_taking_the_groups_task_is_a_secondary_button_after_the_cases_own_actions(cast):
    """The tester's first-time enterprise saw "Nhận việc" as the first, primary button on its
    own draft. Any member of the group may act without taking the task; taking it only tells
    the others who handles it: it comes after the case's actions, in the plain style."""
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    submit = page.index(f'action="/cases/{case.pk}/transitions/submit/"')
    claim = page.index('id="desk-claim"')
    assert page.index('id="actions"') < submit < claim < page.index('id="danger-zone"')
    assert page.index('class="primary">Nộp đề xuất</button>') < claim
    assert '<button type="submit">Nhận việc</button>' in page[claim:]
    assert "(không bắt buộc)" in page[claim:]
    assert "/claim/" not in page[:submit]

    browser(cast.host).post(f"/desks/{open_desk_task(case).pk}/claim/")
    page = browser(cast.host).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    release = page.index('<button type="submit">Hand back to the group</button>')
    assert page.index(f'action="/cases/{case.pk}/transitions/submit/"') < release
    assert "/release/" not in page[:page.index('id="actions"')]


def test_a_fresh_draft_offers_submit_first_and_withdraw_last_behind_a_confirmation(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    submit = page.index(f'action="/cases/{case.pk}/transitions/submit/"')
    zone = page.index('id="danger-zone"')
    withdraw = page.index(f'action="/cases/{case.pk}/transitions/withdraw/"')
    assert submit < zone < withdraw
    assert '<button type="submit" class="danger">Rút hồ sơ</button>' in page
    assert "Hồ sơ bị rút và đóng lại; không thể nộp lại hồ sơ này." in page
    assert 'name="confirm"' in page[zone:] and 'name="confirm"' not in page[:zone]


def test_withdraw_without_the_box_changes_nothing_and_keeps_the_reason_typed(cast):
    case = make_case(cast.host)
    client = browser(cast.host)
    refused = client.post(f"/cases/{case.pk}/transitions/withdraw/",
                          {"comment": "Không còn kinh phí đối ứng", "expected_status": "draft"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Hãy đánh dấu xác nhận trước khi thực hiện thao tác này." in page
    assert "Không còn kinh phí đối ứng" in page
    assert TaskCase.objects.get(pk=case.pk).status == "draft"
    done = client.post(f"/cases/{case.pk}/transitions/withdraw/",
                       {"comment": "Không còn kinh phí đối ứng", "confirm": "on",
                        "expected_status": "draft"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn" and desk_and_process_agree(case)


def test_the_confirmation_never_opens_a_forbidden_door(cast):
    case = make_case(cast.host)
    url = f"/cases/{case.pk}/transitions/withdraw/"
    # Another enterprise cannot see the case at all; the officer may not withdraw it.
    assert browser(cast.other_host).post(url, {"comment": "x", "confirm": "on"}).status_code == 404
    assert browser(cast.other_host).post(url, {"comment": "x"}).status_code == 404
    assert browser(cast.officer).post(url, {"comment": "x"}).status_code == 403
    assert TaskCase.objects.get(pk=case.pk).status == "draft"


def test_the_approver_sees_approve_before_reject(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    page = browser(cast.approver).get(f"/cases/{case.pk}/").content.decode()
    approve = page.index(f'action="/cases/{case.pk}/transitions/approve/"')
    reject = page.index(f'action="/cases/{case.pk}/transitions/reject/"')
    assert approve < page.index('id="danger-zone"') < reject
    assert "Nhiệm vụ không được phê duyệt và hồ sơ đóng lại; không thể hoàn tác." in page


def test_the_reason_of_a_return_and_the_deadline_it_opened_are_at_the_top(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    act(case, "return_proposal", cast.officer, comment="Thiếu mục tiêu cụ thể",
        due_working_days=7)
    page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    top = page.index('id="last-reason"')
    assert top < page.index('id="actions"') < page.index('id="history"')
    assert "Thiếu mục tiêu cụ thể" in page[top:page.index('id="actions"')]
    assert "Yêu cầu bổ sung đề xuất" in page[top:page.index('id="actions"')]
    deadlines = page[page.index('id="deadlines"'):page.index('id="progress"')]
    assert "Căn cứ" in deadlines and "TT" in deadlines  # the legal basis of the obligation
    # Once resubmitted, the old reason is history, not a banner.
    upload_required(case, "proposal", cast.host)
    act(case, "resubmit", cast.host)
    assert 'id="last-reason"' not in browser(cast.host).get(f"/cases/{case.pk}/").content.decode()


def test_the_state_machine_is_drawn_with_the_path_and_cached(cast):
    case = walk(make_case(cast.host), cast, until="open_dossier")
    client = browser(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    svg = page[page.index('<svg class="fsm"'):page.index("</svg>")]
    current = svg[svg.index('id="s&#45;dossier_submitted"'):]
    assert diagram.MAIN in current[:600]  # the current status is filled
    assert svg.count(f'stroke="{diagram.DONE}"') >= 3  # the statuses and steps already taken
    hits = diagram._render.cache_info().hits
    client.get(f"/cases/{case.pk}/")
    assert diagram._render.cache_info().hits == hits + 1  # no second ``dot`` for the same path


def test_the_timeline_dates_each_phase_reached(cast):
    case = walk(make_case(cast.host), cast, until="open_dossier")
    page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    progress = page[page.index('id="progress"'):]
    assert progress.count("<small>") == 2  # proposal and appraisal reached, the rest ahead


def test_while_a_council_has_the_case_the_panel_points_to_it(cast):
    case = walk(make_case(cast.host), cast, until="list_task")
    page = browser(cast.officer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="council-hint"' in page and 'href="#councils"' in page
    assert "Bạn không có thao tác nào ở bước này." not in page


def test_a_pilot_in_progress_points_the_host_to_its_steps(cast):
    from tests.pilots.helpers import pilot_in_progress

    case, _proposer = pilot_in_progress(cast)
    page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="work-hint"' in page and 'href="#pilot"' in page and 'id="pilot"' in page
    assert "Bạn không có thao tác nào ở bước này." not in page


def test_the_deciders_button_names_what_it_does(formed, cast):
    council, users, case = formed
    for user in users:
        vote(council, user)
    close_as(council, users[1])
    page = browser(cast.approver).get(page_of(council)).content.decode()
    assert "Quyết định: Phê duyệt vào danh mục đặt hàng" in page


def test_changing_language_on_a_refused_forms_page_returns_to_the_page_of_the_form(cast,
                                                                                   settings):
    """A refused form is shown at its POST address, which answers no GET: the language
    switcher there comes back to the page the form was on (the referer), not to a 405."""
    case = make_case(cast.host)
    client = browser(cast.host)
    form_page = f"/cases/{case.pk}/"
    refused = client.post(f"/cases/{case.pk}/transitions/withdraw/",
                          {"comment": "x", "expected_status": "draft"},
                          HTTP_REFERER=f"http://testserver{form_page}")
    assert refused.status_code == 400
    assert f'<input name="next" type="hidden" value="{form_page}">' in refused.content.decode()
    assert "data-follow-address" not in refused.content.decode()
    # Behind the proxy the request is https while the browser's referer may say http: the
    # path is what is kept, from this host whatever the scheme.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    behind_proxy = client.post(f"/cases/{case.pk}/transitions/withdraw/",
                               {"comment": "x", "expected_status": "draft"},
                               HTTP_REFERER=f"http://testserver{form_page}",
                               HTTP_X_FORWARDED_PROTO="https")
    assert f'<input name="next" type="hidden" value="{form_page}">' in \
        behind_proxy.content.decode()
    # A referer from elsewhere is not followed: the home page instead.
    elsewhere = client.post(f"/cases/{case.pk}/transitions/withdraw/",
                            {"comment": "x", "expected_status": "draft"},
                            HTTP_REFERER="https://evil.example/cases/1/")
    assert '<input name="next" type="hidden" value="/">' in elsewhere.content.decode()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": form_page})
    assert switched.status_code == 302 and switched["Location"] == form_page
    assert client.get(form_page).status_code == 200
    # On a page served by GET the switcher keeps the address with its query (the filters);
    # htmx's later filters are followed by app.js through data-follow-address.
    listing = client.get("/cases/?kind=research&sort=title").content.decode()
    assert 'value="/cases/?kind=research&amp;sort=title"' in listing
    assert "data-follow-address" in listing


def test_the_return_form_leaves_its_deadline_blank_so_the_rule_sets_applies(cast):
    """The help says "leave blank to use the rule set's deadline": the box is blank, not a
    pre-filled 5 that would shorten the rule's 10 working days for whoever missed it."""
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    page = browser(cast.officer).get(f"/cases/{case.pk}/").content.decode()
    start = page.index('name="due_working_days"')
    tag = page[page.rindex("<input", 0, start):page.index(">", start)]
    assert "value=" not in tag


@pytest.mark.parametrize("lang, labels", [
    ("en", ["Task code", "List approval decision", "Task approval decision", "Contract number",
            "Results recognition decision"]),
    ("vi", ["Mã nhiệm vụ", "QĐ phê duyệt danh mục", "QĐ phê duyệt nhiệm vụ", "Số hợp đồng",
            "QĐ công nhận kết quả"]),
])
def test_the_task_information_labels_are_capitalised_alike(cast, lang, labels):
    """The English labels of the decisions are the fields' names ("list approval decision"):
    the block capitalises each label, as the others read."""
    case = make_case(cast.host)
    TaskCase.objects.filter(pk=case.pk).update(
        listing_decision="12/QĐ-UBND", approval_decision="34/QĐ-UBND", contract_number="05/HĐ",
        recognition_decision="56/QĐ-SKHCN")
    page = browser(cast.host).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    block = page[page.index('<dl class="fields">'):]
    block = block[:block.index("</dl>")]
    terms = re.findall(r"<dt>(.*?)</dt>", block)
    assert set(labels) <= set(terms), terms
    assert all(term[0] == term[0].upper() for term in terms), terms
