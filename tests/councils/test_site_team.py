"""The on-site expert team (issue 11 point 2): only where the kind's row says the text calls
for one (selection, acceptance), its people checked like seats, its report read before the
council concludes; the API's doors."""

import datetime

import pytest
from rest_framework.test import APIClient

from tasks_kh_cn.councils.errors import CouncilConflict, CouncilError
from tasks_kh_cn.councils.services import close_round, form_council
from tasks_kh_cn.councils.services.site_teams import form_site_team
from tests.councils.helpers import council_people, member_specs, vote_all
from tests.councils.test_council_types import case_in_selection_review
from tests.factories import make_enterprise_user

pytestmark = pytest.mark.django_db
VISIT = datetime.date(2027, 3, 1)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_no_site_team_where_the_text_calls_for_none(formed):
    council, _users = formed  # identification (TT 06/2023)
    with pytest.raises(CouncilConflict):
        form_site_team(council=council, by=council.case.assigned_officer,
                       members=council_people(2), visit_on=VISIT)


def test_a_selection_council_reads_its_site_team_report_before_concluding(cast):
    case = case_in_selection_review(cast)
    specs = member_specs(council_people(7), "selection")
    council = form_council(case=case, council_type="selection", members=specs, by=cast.officer)
    staff = make_enterprise_user(organisation=case.host)
    with pytest.raises(CouncilError) as refused:  # the host's own staff cannot inspect it
        form_site_team(council=council, by=cast.officer, members=[staff], visit_on=VISIT)
    assert refused.value.errors["members"]

    experts = council_people(2)
    endpoint = f"/api/councils/{council.pk}/site-team/"
    body = {"members": [u.pk for u in experts], "visit_on": "2027-03-01"}
    for outsider in (cast.reviewer, cast.other_host):
        assert api(outsider).post(endpoint, body, format="json").status_code == 404
    for not_officer in (specs[0]["user"], cast.approver, cast.other_officer):
        assert api(not_officer).post(endpoint, body, format="json").status_code == 403
    assert api(cast.officer).post(endpoint, body, format="json").status_code == 201

    vote_all(council, specs)
    secretary = specs[1]["user"]
    with pytest.raises(CouncilConflict):  # the report is not in yet
        close_round(council=council, by=secretary)

    report = f"/api/councils/{council.pk}/site-team/report/"
    text = {"report": "Nhà xưởng, thiết bị đúng như thuyết minh."}
    assert api(cast.reviewer).post(report, text, format="json").status_code == 404
    assert api(secretary).post(report, text, format="json").status_code == 403
    assert api(experts[0]).post(report, {"report": " "}, format="json").status_code == 400
    assert api(experts[0]).post(report, text, format="json").status_code == 200
    assert api(experts[1]).post(report, text, format="json").status_code == 409  # once

    closed = close_round(council=council, by=secretary)
    assert closed.status == "closed"
