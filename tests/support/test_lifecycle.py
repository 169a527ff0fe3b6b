"""An enterprise-support case from proposal to completion: items, approval, evidence, acceptance."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tasks_kh_cn.support.models import SupportRequest
from tasks_kh_cn.support.services import record_evidence
from tests.factories import upload_required
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition

from .helpers import add, drive, support_case

pytestmark = pytest.mark.django_db


def test_enterprise_support_case_reaches_completed(cast):
    case = support_case(cast.host, cast)
    iso = add(case, cast.host, "iso-9001", 180_000_000)
    five_s = add(case, cast.host, "5s", 20_000_000)  # 90 + 10 million: the small firm's yearly cap
    case = drive(case, cast, cast.host, until="submit_acceptance")
    assert case.status == "acceptance_preparing"
    assert SupportRequest.objects.get(case=case).approved_on == timezone.localdate()

    upload_required(case, "acceptance", cast.host)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="submit_acceptance", user=cast.host, data={})
    assert exc.value.message == ("Chưa có minh chứng áp dụng cho: Hệ thống quản lý chất lượng "
                                 "ISO 9001, Công cụ 5S.")

    today = timezone.localdate()
    record_evidence(item_request=iso, user=cast.host, certificate_number="QMS-01",
                    certification_body="QUACERT", valid_from=today,
                    valid_until=today + relativedelta(years=3),
                    audit_report=five_s.quotation.pk)
    record_evidence(item_request=five_s, user=cast.host, audit_report=five_s.quotation.pk)
    case = drive(case, cast, cast.host, start="submit_acceptance")
    assert case.status == "completed"
    assert desk_and_process_agree(case)
