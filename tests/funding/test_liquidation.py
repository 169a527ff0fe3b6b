"""Acceptance to liquidation, as the department runs it: results registered before
recognition; the whole budget settled (every advance accounted for) before the settlement;
liquidation its own step, with minutes both sides sign, then `completed`."""

import pytest
from django.core.exceptions import ValidationError

from tasks_kh_cn.funding.closing import register_results
from tasks_kh_cn.funding.models import IssuedDocument
from tasks_kh_cn.funding.signing import sign_document
from tests.factories import TODAY, make_case, pdf, take_step, walk
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition

from .helpers import accounted, case_in_progress, paid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rating", ["excellent", "pass"])
def test_accepted_case_through_settlement_and_liquidation(cast, rating):
    case = case_in_progress(cast)
    first = paid(case, cast, 400_000_000)
    accounted(first, cast, 400_000_000)
    second = paid(case, cast, 300_000_000)
    accounted(second, cast, 250_000_000)
    for name in ("finish_implementation", "submit_acceptance", "accept_acceptance_dossier"):
        case = take_step(case, cast, name, cast.officer if name.startswith("accept") else cast.host,
                         {}, "acceptance" if name == "submit_acceptance" else None)
    case = take_step(case, cast, "record_acceptance", cast.approver, {"rating": rating,
                                                                      "minutes_number": "07/BB"})
    case = take_step(case, cast, "submit_final_revision", cast.host, {})
    assert case.status == "recognition" and case.acceptance_rating == rating

    # Recognition waits for the results' registration certificate.
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="recognise", user=cast.approver)
    assert "giấy chứng nhận đăng ký kết quả" in exc.value.message
    with pytest.raises(ValidationError) as bad:
        register_results(case=case, user=cast.host, certificate_number=" ",
                         certificate_date=TODAY())
    assert set(bad.value.message_dict) == {"certificate_number"}
    register_results(case=case, user=cast.host, certificate_number="15/2026/GCN",
                     certificate_date=TODAY())
    case = perform_transition(case=case, name="recognise", user=cast.approver)
    decision = IssuedDocument.objects.get(case=case, kind="recognition_decision")
    case.refresh_from_db()  # the decision's number is the register's, on the case and in it
    assert case.recognition_decision == decision.register_number
    assert f"Quyết định số {decision.register_number} công nhận" in decision.text

    # Settlement of the whole budget: 50 000 000 of the second advance is not accounted for.
    settle = {"settled_amount": 650_000_000}
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="settle", user=cast.finance, data=settle)
    assert "50.000.000 VNĐ" in exc.value.message
    accounted(second, cast, 50_000_000)
    case = perform_transition(case=case, name="settle", user=cast.finance,
                              data={"settled_amount": 700_000_000})
    assert case.status == "liquidation" and case.settled_amount == 700_000_000
    minutes = IssuedDocument.objects.get(case=case, kind="liquidation_minutes")
    assert "700.000.000" in minutes.text

    # Liquidation: the minutes signed by both sides, then completed.
    with pytest.raises(TransitionConflict):
        perform_transition(case=case, name="liquidate", user=cast.officer, data={})
    sign_document(document=minutes, user=cast.host, scan=pdf("tl.pdf"))
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="liquidate", user=cast.officer, data={})
    assert "Sở Khoa học và Công nghệ" in exc.value.message
    sign_document(document=minutes, user=cast.approver, scan=pdf("tl-so.pdf"))
    case = perform_transition(case=case, name="liquidate", user=cast.officer, data={})
    assert case.status == "completed"
    assert desk_and_process_agree(case)


def test_the_research_path_walks_to_completed(cast):
    case = walk(make_case(cast.host), cast)
    assert case.status == "completed"
    assert desk_and_process_agree(case)
