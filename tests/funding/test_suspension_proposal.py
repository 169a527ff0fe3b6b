"""The daily monitoring sweep (funding.tasks.sweep_monitoring): two missed periodic reports
(rule row ``missed_reports_stop_funding``, TT 09/2014 art. 9) stop the funding and put one
suspension proposal on the approvers' desk, leading to the case page where ``suspend`` is
offered or the proposal is dismissed with a reason; each period that opens is told to the
host once (``report_due``)."""

import datetime
import email
import email.policy

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from notifications.models import Notice, Occurrence, ReminderPolicy
from tasks_kh_cn.funding import services
from tasks_kh_cn.funding.monitoring import propose_suspensions, sweep_monitoring
from tasks_kh_cn.funding.monitoring_models import ProposalStatus, SuspensionProposal
from tasks_kh_cn.funding.tasks import sweep_monitoring_task
from tasks_kh_cn.inbox import Inbox
from tests.factories import TODAY
from tests.notifications.conftest import smtp_server  # noqa: F401  (the real SMTP fixture)
from workflows.services import perform_transition

from .helpers import case_in_progress
from .test_monitoring import make_due

pytestmark = pytest.mark.django_db
KIND = "suspension_proposal"


def page(user, lang="vi"):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


def on_desk(user):
    return Inbox(user, kinds=[KIND])[:]


def test_two_missed_reports_refuse_funding_and_propose_suspension_exactly_once(cast):
    case = case_in_progress(cast)
    make_due(case, 1)  # one missed: funding goes on, nothing proposed
    assert propose_suspensions() == [] and on_desk(cast.approver) == []
    make_due(case, 1, 2)
    with pytest.raises(ValidationError) as refused:
        services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert "Thiếu 2 báo cáo định kỳ" in refused.value.message_dict["__all__"][0]

    assert len(propose_suspensions()) == 1
    # Again, through the beat task, and once more: still one.
    sweep_monitoring_task()
    assert sweep_monitoring()["proposals"] == 0
    proposal = SuspensionProposal.objects.get(case=case)
    assert proposal.missed_reports == 2 and proposal.legal_basis == "TT 09/2014/TT-BKHCN"
    items = on_desk(cast.approver)
    assert len(items) == 1 and items[0].case == case
    assert items[0].url == f"/cases/{case.pk}/#suspension-proposal"
    for user in (cast.officer, cast.host, cast.finance):
        assert on_desk(user) == []

    # The case page shows it to the approver, with ``suspend`` and the dismissal.
    body = page(cast.approver).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="suspension-proposal"' in body
    assert f"/funding/suspension-proposals/{proposal.pk}/dismiss/" in body
    assert "Tạm dừng" in body
    # An internal proposal of the department: not on the host's page.
    body = page(cast.host).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="suspension-proposal"' not in body and "/dismiss/" not in body

    # Suspending answers it: off the desk, and the sweep proposes nothing for a suspended case.
    perform_transition(case=case, name="suspend", user=cast.approver,
                       data={"comment": "Thiếu 2 báo cáo định kỳ"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUSPENDED and proposal.decided_by == cast.approver
    assert on_desk(cast.approver) == [] and propose_suspensions() == []


def test_the_approver_dismisses_with_a_reason_and_the_wrong_people_are_refused(cast):
    case = case_in_progress(cast)
    make_due(case, 1, 2)
    proposal = propose_suspensions()[0]
    proposal = SuspensionProposal.objects.get(case=case)
    address = f"/cases/{case.pk}/funding/suspension-proposals/{proposal.pk}/dismiss/"
    assert page(cast.other_host).post(address, {"reason": "x"}).status_code == 404
    assert page(cast.host).post(address, {"reason": "x"}).status_code == 403
    assert page(cast.officer).post(address, {"reason": "x"}).status_code == 403
    for lang, required in (("vi", "Trường này là bắt buộc"), ("en", "This field is required")):
        response = page(cast.approver, lang).post(address, {"reason": "  "})
        assert response.status_code == 400 and required in response.content.decode(), lang
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    response = page(cast.approver).post(address, {"reason": "Đã làm việc với đơn vị, "
                                                            "nộp bổ sung trong tuần"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED and proposal.reason.startswith("Đã làm")
    assert on_desk(cast.approver) == []
    # Not proposed again for the same two missed reports; the funding stays stopped.
    assert propose_suspensions() == []
    assert 'id="suspension-proposal"' not in page(cast.approver).get(
        f"/cases/{case.pk}/").content.decode()


def test_each_period_that_opens_is_told_to_the_host_once(cast, smtp_server,  # noqa: F811
                                                         django_capture_on_commit_callbacks):
    ReminderPolicy.objects.update(quiet_start=datetime.time(0, 0), quiet_end=datetime.time(0, 0))
    case = case_in_progress(cast)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_monitoring()["periods_notified"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        sweep_monitoring()  # the same period: told once
    notices = Notice.objects.filter(event__code="report_due", case=case)
    assert [n.recipient_id for n in notices] == [cast.host.pk]
    first = case.deadlines.filter(code="periodic_report").order_by("sequence")[0]
    assert first.due_on.strftime("%d/%m/%Y") in notices[0].body_vi
    mails = [email.message_from_bytes(m.content, policy=email.policy.default)
             for m in smtp_server.messages if cast.host.email in m.rcpt_tos]
    assert len(mails) == 1 and case.code in mails[0]["Subject"]
    # The first period's date passes unreported: the next period opens and is told.
    make_due(case, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_monitoring(today=TODAY())
    keys = sorted(Occurrence.objects.filter(event__code="report_due").values_list("key",
                                                                                  flat=True))
    assert len(keys) == 2 and keys[0] != keys[1]
