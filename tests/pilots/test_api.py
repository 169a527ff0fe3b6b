"""/api/pilots/: only the host enters evidence, only an approver recognises, others get 403/404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import pdf

from .helpers import BASELINE, carry_out, department_user, indicator, pilot_in_progress, step

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(case, tail=""):
    return f"/api/pilots/cases/{case.pk}/{tail}"


def test_host_runs_a_step_through_the_api(cast):
    case, _ = pilot_in_progress(cast)
    host = client_for(cast.host)
    assert host.post(url(case, "steps/1/transitions/start/")).json()["status"] == "in_progress"
    response = host.post(url(case, "steps/1/evidence/"),
                         {"file": pdf("danh-gia-thuc-trang.pdf"), "title": "Báo cáo thực trạng"},
                         format="multipart")
    assert response.status_code == 201, response.content
    response = host.post(url(case, "steps/1/measurements/"),
                         {"indicator": indicator("defect-rate").pk, "value": "5.5"})
    assert response.status_code == 201, response.content
    assert host.post(url(case, "steps/1/transitions/complete/")).status_code == 200

    detail = host.get(url(case)).json()
    first = detail["steps"][0]
    assert first["status"] == "done" and first["evidence"][0]["title"] == "Báo cáo thực trạng"
    assert detail["ready_for_acceptance"] is False
    second = detail["steps"][1]
    assert [t["name"] for t in second["transitions"] if t["allowed"]] == ["start"]
    third = detail["steps"][2]
    assert third["transitions"][0]["reason"] == "Phải hoàn thành bước 2 trước khi bắt đầu bước 3."


def test_out_of_order_step_answers_409_with_reason(cast):
    case, _ = pilot_in_progress(cast)
    response = client_for(cast.host).post(url(case, "steps/4/transitions/start/"))
    assert response.status_code == 409
    assert response.json()["detail"] == "Phải hoàn thành bước 3 trước khi bắt đầu bước 4."


def test_only_the_host_enterprise_enters_evidence(cast):
    case, proposer_user = pilot_in_progress(cast)
    client_for(cast.host).post(url(case, "steps/1/transitions/start/"))
    # Another enterprise cannot even see the case: 404, never its data.
    other = client_for(cast.other_host)
    assert other.get(url(case)).status_code == 404
    assert other.post(url(case, "steps/1/evidence/"), {"file": pdf()},
                      format="multipart").status_code == 404
    assert other.post(url(case, "steps/1/transitions/complete/")).status_code == 404
    # The officer and the proposing department see the case but do not enter evidence: 403.
    for user in (cast.officer, proposer_user):
        client = client_for(user)
        assert client.get(url(case)).status_code == 200
        response = client.post(url(case, "steps/1/evidence/"), {"file": pdf()},
                               format="multipart")
        assert response.status_code == 403, response.content
        response = client.post(url(case, "steps/1/measurements/"),
                               {"indicator": indicator("defect-rate").pk, "value": "1"})
        assert response.status_code == 403
    assert not step(case, 1).evidence.exists()


def test_only_an_approver_recognises_step_5(cast):
    case, _ = pilot_in_progress(cast)
    for n in (1, 2, 3, 4, 5):
        carry_out(case, n, cast.host, BASELINE if n == 1 else None)
    payload = {"decision_number": "20/QĐ-SKHCN", "decision_date": "2026-02-01"}
    for user in (cast.host, cast.officer, cast.finance):
        response = client_for(user).post(url(case, "steps/5/transitions/recognise/"), payload)
        assert response.status_code == 403, (user, response.content)
    assert client_for(cast.other_host).post(
        url(case, "steps/5/transitions/recognise/"), payload).status_code == 404
    response = client_for(cast.approver).post(url(case, "steps/5/transitions/recognise/"), {})
    assert response.status_code == 400 and "decision_number" in response.json()["errors"]
    response = client_for(cast.approver).post(url(case, "steps/5/transitions/recognise/"), payload)
    assert response.status_code == 200 and response.json()["status"] == "recognised"
    assert step(case, 5).decision_number == "20/QĐ-SKHCN"


def test_case_detail_query_count_is_pinned(cast):
    case, _ = pilot_in_progress(cast)
    for n in (1, 2):
        carry_out(case, n, cast.host, BASELINE if n == 1 else None)
    client = client_for(cast.host)
    client.get(url(case))  # warm the per-user caches
    with CaptureQueriesContext(connection) as small:
        client.get(url(case))
    for n in (3, 4):
        carry_out(case, n, cast.host)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(case)).status_code == 200
    # Six steps at most; the per-step availability checks are bounded, whatever their state.
    assert len(small) <= 16 and len(large) <= 16


def test_indicator_list(cast, django_assert_max_num_queries):
    client = client_for(department_user())
    with django_assert_max_num_queries(4):
        body = client.get("/api/pilots/indicators/").json()
    assert {r["code"]: r["direction"] for r in body["results"]}["defect-rate"] == "lower"
