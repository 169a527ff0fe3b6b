"""After "Không đạt" or termination: the restriction of the host and the task leader for the
rule's period, with its end date, lifted by the daily sweep; the refund decision, the
payments until paid, the deadline on the host and the item on finance's desk."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from notifications.models import Deadline
from tasks_kh_cn.funding.closing import (
    decide_refund,
    lift_ended_restrictions,
    person_restricted_until,
    record_refund_payment,
)
from tasks_kh_cn.funding.models import Restriction
from tasks_kh_cn.inbox import Inbox
from tests.councils.helpers import run_council
from tests.factories import TODAY, make_case, upload_required, walk
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition

from .helpers import accounted, case_in_progress, paid

pytestmark = pytest.mark.django_db


def test_failed_acceptance_restricts_host_and_leader_until_the_end_then_lifts(cast):
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    case = run_council(case, cast, "acceptance", rating="fail",
                       decision={"comment": "Sản phẩm không đạt chỉ tiêu"})
    assert case.status == "rejected"
    assert desk_and_process_agree(case)
    today = TODAY()
    end = today + relativedelta(months=24)
    rows = Restriction.objects.filter(case=case)
    assert {(r.organisation_id, r.person_id, r.ends_on) for r in rows} == {
        (case.host_id, None, end), (None, cast.host.pk, end)}
    assert all(r.is_default_assumption and r.legal_basis == "TT 11/2014/TT-BKHCN" for r in rows)
    host = type(case.host).objects.get(pk=case.host_id)
    assert host.restricted_until == end and case.code in host.restriction_reason
    # The record in Vietnamese, the English beside it; the reason typed stays as typed.
    assert host.restriction_reason == (f"Nhiệm vụ {case.code} nghiệm thu không đạt: "
                                       "Sản phẩm không đạt chỉ tiêu")
    assert host.restriction_reason_en == (f"Task {case.code} failed acceptance: "
                                          "Sản phẩm không đạt chỉ tiêu")
    with translation.override("en"):
        assert host.restriction_reason_shown() == host.restriction_reason_en
    assert host.restriction_reason_shown() == host.restriction_reason
    assert person_restricted_until(cast.host) == end

    # Meanwhile a new proposal is refused with the reason and the end date.
    proposal = make_case(cast.host, title="Đề xuất mới")
    upload_required(proposal, "proposal", cast.host)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=proposal, name="submit", user=cast.host, data={})
    assert end.strftime("%d/%m/%Y") in exc.value.message
    assert "không đạt" in exc.value.message

    # The task leader is barred too, whichever organisation proposes.
    type(host).objects.filter(pk=host.pk).update(restricted_from_calls=False)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=type(proposal).objects.get(pk=proposal.pk), name="submit",
                           user=cast.host, data={})
    assert exc.value.message == ("Chủ nhiệm nhiệm vụ đang bị hạn chế tham gia đến "
                                 f"{end:%d/%m/%Y}.")
    type(host).objects.filter(pk=host.pk).update(restricted_from_calls=True)

    # The sweep lifts nothing on the last day, everything the day after.
    assert lift_ended_restrictions(end) == 0
    assert lift_ended_restrictions(end + datetime.timedelta(days=1)) == 2
    host.refresh_from_db()
    assert not host.restricted_from_calls
    assert lift_ended_restrictions(end + datetime.timedelta(days=2)) == 0


def test_termination_with_refund_paid_in_two_payments(cast):
    case = case_in_progress(cast)
    tranche = paid(case, cast, 400_000_000)
    accounted(tranche, cast, 100_000_000)
    case = perform_transition(case=case, name="terminate", user=cast.approver,
                              data={"comment": "Không bảo đảm điều kiện thực hiện"})
    assert case.status == "terminated" and desk_and_process_agree(case)
    assert Restriction.objects.filter(case=case).count() == 2

    due = TODAY() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        decide_refund(case=case, user=cast.approver, amount=400_000_001, due_on=TODAY(),
                      reason="")
    assert set(exc.value.message_dict) == {"amount", "due_on", "reason"}
    with pytest.raises(PermissionDenied):
        decide_refund(case=case, user=cast.finance, amount=1, due_on=due, reason="x")
    refund = decide_refund(case=case, user=cast.approver, amount=300_000_000, due_on=due,
                           reason="Kinh phí đã cấp chưa sử dụng")
    assert "300.000.000" in refund.decision.text and due.strftime("%d/%m/%Y") in refund.decision.text
    deadline = Deadline.objects.get(pk=refund.deadline_id)
    assert (deadline.owed_by_role, deadline.due_on) == ("enterprise", due)
    assert Inbox(cast.finance).counts()["refund"] == 1

    refund = record_refund_payment(refund=refund, user=cast.finance, amount=100_000_000,
                                   paid_on=TODAY(), reference="GNT-01")
    assert refund.status == "due"
    with pytest.raises(ValidationError) as exc:
        record_refund_payment(refund=refund, user=cast.finance, amount=200_000_001,
                              paid_on=TODAY(), reference="GNT-02")
    assert exc.value.message_dict["amount"] == ["Vượt số còn phải nộp: 200.000.000 VNĐ."]
    refund = record_refund_payment(refund=refund, user=cast.finance, amount=200_000_000,
                                   paid_on=TODAY(), reference="GNT-02")
    assert refund.status == "paid"
    assert Deadline.objects.get(pk=deadline.pk).status == "satisfied"
    assert Inbox(cast.finance).counts()["refund"] == 0


def test_no_refund_decision_for_a_case_under_way(cast):
    case = case_in_progress(cast)
    paid(case, cast, 100_000_000)
    with pytest.raises(ValidationError) as exc:
        decide_refund(case=case, user=cast.approver, amount=1,
                      due_on=TODAY() + datetime.timedelta(days=5), reason="x")
    assert "__all__" in exc.value.message_dict


def test_refund_and_registration_through_api_and_page(cast):
    from django.test import Client
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(type(user).objects.get(pk=user.pk))
        return client

    started = TODAY()
    case = case_in_progress(cast)
    paid(case, cast, 200_000_000)
    case = perform_transition(case=case, name="terminate", user=cast.approver,
                              data={"comment": "Vi phạm hợp đồng"})
    base = f"/api/funding/cases/{case.pk}"
    due = (TODAY() + datetime.timedelta(days=20)).isoformat()
    body = {"amount": 200_000_000, "due_on": due, "reason": "Chấm dứt hợp đồng"}
    assert api(cast.other_host).post(f"{base}/refunds/", body, format="json").status_code == 404
    assert api(cast.host).post(f"{base}/refunds/", body, format="json").status_code == 403
    response = api(cast.approver).post(f"{base}/refunds/", {**body, "amount": 200_000_001},
                                       format="json")
    assert response.status_code == 400 and "200.000.000" in response.json()["errors"]["amount"][0]
    assert api(cast.approver).post(f"{base}/refunds/", body, format="json").status_code == 201
    refund_id = api(cast.host).get(f"{base}/closing/").json()["refunds"][0]["id"]
    payment = {"amount": 200_000_000, "paid_on": TODAY().isoformat(), "reference": "GNT-9"}
    assert api(cast.host).post(f"{base}/refunds/{refund_id}/payments/", payment,
                               format="json").status_code == 403
    assert api(cast.finance).post(f"{base}/refunds/{refund_id}/payments/", payment,
                                  format="json").status_code == 201
    closing = api(cast.officer).get(f"{base}/closing/").json()
    assert closing["refunds"][0]["status"] == "paid"
    # Restricted for 24 months from its first day, read from the row: the local day may turn
    # at midnight while the test runs (a CI run did, 23:59:59 → 00:00:00 in Hanoi).
    restrictions = closing["restrictions"]
    assert restrictions
    for row in restrictions:
        starts = datetime.date.fromisoformat(row["starts_on"])
        assert started <= starts <= TODAY()
        assert row["ends_on"] == (starts + relativedelta(months=24)).isoformat()

    page = Client()
    page.force_login(cast.host)
    html = page.get(f"/cases/{case.pk}/funding/").content.decode()
    assert "200.000.000" in html and "GNT-9" not in html  # payments summed, not listed


def test_results_registration_on_the_page(cast):
    from django.test import Client

    case = walk(make_case(cast.host), cast, until="recognise")
    page = Client()
    page.force_login(cast.host)
    url = f"/cases/{case.pk}/funding/results-registration/"
    response = page.post(url, {"certificate_number": "", "certificate_date": ""})
    assert response.status_code == 400
    response = page.post(url, {"certificate_number": "09/2026/GCN",
                               "certificate_date": TODAY().isoformat()})
    assert response.status_code == 302
    other = Client()
    other.force_login(cast.other_host)
    assert other.post(url, {"certificate_number": "x",
                            "certificate_date": TODAY().isoformat()}).status_code == 404


def test_the_migration_writes_the_english_of_reasons_written_before():
    import importlib

    from django.apps import apps

    from tests.factories import make_organisation

    old = make_organisation(restricted_from_calls=True,
                            restriction_reason="Nhiệm vụ TH-2024-0007 chấm dứt hợp đồng: Bỏ dở")
    typed = make_organisation(restricted_from_calls=True,
                              restriction_reason="Nợ hoàn trả kinh phí")
    importlib.import_module("tasks_kh_cn.migrations.0010_restriction_reason_in_english") \
        .forwards(apps, None)
    old.refresh_from_db()
    typed.refresh_from_db()
    assert old.restriction_reason_en == "Task TH-2024-0007 contract terminated: Bỏ dở"
    assert typed.restriction_reason_en == ""
