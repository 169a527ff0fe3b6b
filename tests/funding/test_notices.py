"""The funding events tell their audiences (notifications.notices): an advance requested
reaches finance, paid reaches the host; a refund due and a restriction reach the host."""

import datetime

import pytest

from notifications.models import Notice
from tasks_kh_cn.funding import services
from tasks_kh_cn.funding.closing import decide_refund
from tests.factories import TODAY
from workflows.services import perform_transition

from .helpers import case_in_progress

pytestmark = pytest.mark.django_db


def told(code, user, case):
    return Notice.objects.filter(event__code=code, recipient=user, case=case).exists()


def test_funding_events_reach_their_people(cast, django_capture_on_commit_callbacks):
    case = case_in_progress(cast)
    with django_capture_on_commit_callbacks(execute=True):
        tranche = services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert told("tranche_requested", cast.finance, case)
    with django_capture_on_commit_callbacks(execute=True):
        services.check_tranche(tranche=tranche, user=cast.finance)
        services.pay_tranche(tranche=tranche, user=cast.finance, paid_on=TODAY(),
                             reference="UNC-1")
    assert told("tranche_paid", cast.host, case)
    with django_capture_on_commit_callbacks(execute=True):
        case = perform_transition(case=case, name="terminate", user=cast.approver,
                                  data={"comment": "Vi phạm hợp đồng"})
    assert told("restriction", cast.host, case)
    with django_capture_on_commit_callbacks(execute=True):
        decide_refund(case=case, user=cast.approver, amount=100_000_000,
                      due_on=TODAY() + datetime.timedelta(days=15), reason="Chấm dứt")
    assert told("refund_due", cast.host, case)
