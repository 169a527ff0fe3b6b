"""A research case under way with 800 000 000 VNĐ of state budget, and ledger shortcuts."""

from tasks_kh_cn.funding import services
from tests.factories import TODAY, pdf, walk

APPROVED = 800_000_000  # tests.factories.research_path's approved budget


def case_in_progress(cast):
    from tests.factories import make_case

    case = walk(make_case(cast.host), cast, until="finish_implementation")
    assert case.status == "in_progress" and case.approved_budget == APPROVED
    return case


def paid(case, cast, amount):
    tranche = services.request_tranche(case=case, user=cast.host, amount=amount)
    services.check_tranche(tranche=tranche, user=cast.finance)
    return services.pay_tranche(tranche=tranche, user=cast.finance, paid_on=TODAY(),
                                reference=f"UNC-{tranche.number}")


def accounted(tranche, cast, amount, accept=True):
    settlement = services.record_settlement(tranche=tranche, user=cast.host, amount=amount,
                                            description="Mua vật tư thí nghiệm",
                                            evidence=pdf("chung-tu.pdf"))
    return services.review_settlement(settlement=settlement, user=cast.finance, accept=accept,
                                      note="" if accept else "Chứng từ không hợp lệ")
