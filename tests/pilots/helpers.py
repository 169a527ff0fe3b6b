"""Story helpers for pilot-model cases (plan 3.4)."""

from tasks_kh_cn.pilots.models import Indicator, Milestone
from tasks_kh_cn.pilots.services import (
    add_step_evidence,
    perform_step_transition,
    propose_pilot_model,
    record_measurement,
)
from tasks_kh_cn.services.cases import assign_officer
from tests.factories import make_enterprise_user, make_organisation, pdf, pilot_proposer_and_call
from tests.support.helpers import drive


def department_user():
    """A member of a provincial department (sở, ngành) that proposes pilots."""
    department = make_organisation(name="Sở Công Thương Thanh Hóa", kind="authority")
    return make_enterprise_user(department, username="so_cong_thuong")


def pilot_in_progress(cast):
    proposer_user = department_user()
    _authority, call = pilot_proposer_and_call(proposer_user)
    case = propose_pilot_model(
        created_by=proposer_user, proposer=proposer_user.organisations.first(),
        host=cast.host.organisations.first(), title="Mô hình điểm áp dụng Lean và ISO 9001",
        requested_budget=900_000_000, call=call)
    assign_officer(case=case, officer=cast.officer)
    case = drive(case, cast, cast.host, until="finish_implementation")
    assert case.status == "in_progress"
    return case, proposer_user


def step(case, n):
    milestone = Milestone.objects.get(case=case, step=n)
    milestone.case = case
    return milestone


def indicator(code):
    return Indicator.objects.get(code=code)


def do(case, n, name, user, **data):
    return perform_step_transition(milestone=step(case, n), name=name, user=user, data=data)


BASELINE = {"labour-productivity": 120_000_000, "defect-rate": 5, "on-time-delivery": 80,
            "customer-complaints": 12}
AFTER = {"labour-productivity": 150_000_000, "defect-rate": 2, "on-time-delivery": 80,
         "customer-complaints": 15}


def carry_out(case, n, user, values=None):
    """Start step ``n``, attach its evidence, measure (steps 1 and 6), complete it."""
    do(case, n, "start", user)
    add_step_evidence(milestone=step(case, n), user=user, uploaded=pdf(f"buoc-{n}.pdf"))
    for code, value in (values or {}).items():
        record_measurement(milestone=step(case, n), user=user, indicator=indicator(code),
                           value=value)
    return do(case, n, "complete", user)
