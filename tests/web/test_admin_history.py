"""Finding 8: the admin cannot destroy history, and every change it makes says who and what."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from viewflow.workflow.models import Process, Task

from notifications.models import Deadline, DeadlineRule, Outbox
from tasks_kh_cn.councils.models import Ballot, CouncilRule, Outcome
from tasks_kh_cn.models import TransitionLog
from tasks_kh_cn.pilots.models import Measurement, Milestone
from tasks_kh_cn.support.models import SupportPolicy
from tests.factories import make_case, walk
from tests.pilots.helpers import BASELINE, carry_out, pilot_in_progress
from tests.web.admin_helpers import admin_url, change_form_data, logged_in, superuser

pytestmark = pytest.mark.django_db


def assert_undeletable(client, obj):
    model = type(obj)
    page = client.get(admin_url(obj, "change"))
    assert page.status_code == 200, model
    assert admin_url(obj, "delete") not in page.content.decode(), model  # no delete button
    changelist = client.get(admin_url(obj, "changelist"))
    assert 'value="delete_selected"' not in changelist.content.decode(), model
    assert client.get(admin_url(obj, "delete")).status_code == 403, model
    assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403, model
    # The bulk action, posted by hand, is not there to run.
    client.post(admin_url(obj, "changelist"),
                {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert model.objects.filter(pk=obj.pk).exists(), model


def test_a_decided_councils_ballots_outcome_and_the_open_desk_task_cannot_be_deleted(cast):
    case = walk(make_case(cast.host), cast, until="submit_dossier")  # identification decided
    ballot = Ballot.objects.filter(council__case=case, status="submitted").first()
    outcome = Outcome.objects.get(council__case=case)
    assert ballot is not None and ballot.council.status == "decided"
    open_task = Task.objects.exclude(status="DONE").filter(
        process__in=Process.objects.all()).first()
    assert open_task is not None
    deadline = Deadline.objects.filter(case=case).first()
    assert deadline is not None
    outbox = Outbox.objects.create(deadline=deadline, step="due", recipient=cast.host,
                                   channel="email", address="ent@example.vn")
    history = TransitionLog.objects.filter(case=case).first()

    admin = logged_in(superuser())
    for record in (ballot, ballot.council, outcome, open_task, open_task.process, deadline,
                   outbox, history):
        assert_undeletable(admin, record)


def test_viewflow_tasks_and_processes_are_read_only_in_the_admin(cast):
    walk(make_case(cast.host), cast, until="accept_proposal")
    task = Task.objects.exclude(status="DONE").first()
    admin = logged_in(superuser())
    page = admin.get(admin_url(task, "change")).content.decode()
    assert 'name="owner"' not in page and 'name="status"' not in page
    before = (task.status, task.owner_id)
    admin.post(admin_url(task, "change"), {"status": "CANCELED", "owner": ""})
    task.refresh_from_db()
    assert (task.status, task.owner_id) == before


def test_a_finished_pilot_milestone_and_its_measurements_cannot_be_deleted(cast):
    case, _proposer = pilot_in_progress(cast)
    carry_out(case, 1, cast.host, BASELINE)
    milestone = Milestone.objects.get(case=case, step=1)
    assert milestone.status == "done"
    measurements = Measurement.objects.filter(milestone=milestone).count()
    assert measurements == len(BASELINE)
    admin = logged_in(superuser())
    assert_undeletable(admin, milestone)
    page = admin.get(admin_url(milestone, "change")).content.decode()
    assert "-DELETE" not in page  # no delete box on the measurement and evidence rows
    assert Measurement.objects.filter(milestone=milestone).count() == measurements


def test_a_rule_edit_is_logged_with_the_user_and_the_old_and_new_values(cast):
    rule = CouncilRule.objects.filter(council_type="identification").first()
    old_quorum, old_max = rule.quorum, rule.max_members
    root = superuser("quan_tri")
    admin = logged_in(root)
    data = change_form_data(rule, root, quorum="3/4", max_members=old_max + 2)
    response = admin.post(admin_url(rule, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.quorum == "3/4"

    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(CouncilRule),
                                 object_id=str(rule.pk), action_flag=CHANGE)
    assert entry.user == root
    message = entry.get_change_message()
    assert f"{old_quorum} → 3/4" in message
    assert f"{old_max} → {old_max + 2}" in message
    history = admin.get(admin_url(rule, "history")).content.decode()
    assert "3/4" in history and "quan_tri" in history


def test_a_deadline_rule_edit_shows_choices_by_their_label(cast):
    rule = DeadlineRule.objects.exclude(unit="calendar_days").first()
    old_label = str(rule.get_unit_display())
    root = superuser()
    admin = logged_in(root)
    data = change_form_data(rule, root, unit="calendar_days", amount=rule.amount + 5)
    response = admin.post(admin_url(rule, "change"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rule.refresh_from_db()
    message = LogEntry.objects.get(action_flag=CHANGE).get_change_message()
    assert f"{old_label} → {rule.get_unit_display()}" in message  # labels, not codes
    assert f"{rule.amount - 5} → {rule.amount}" in message


def test_a_support_level_edited_inline_is_logged_with_its_old_and_new_values(cast):
    policy = SupportPolicy.objects.get()
    level = policy.levels.order_by("pk").first()
    assert not policy.is_in_use
    old_ceiling = level.ceiling
    root = superuser()
    admin = logged_in(root)
    row = list(policy.levels.all()).index(level)  # the inline's rows follow the model ordering
    data = change_form_data(policy, root, inline_changes={("levels", row): {
        "ceiling": old_ceiling + 1_000_000}})
    response = admin.post(admin_url(policy, "change"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    level.refresh_from_db()
    assert level.ceiling == old_ceiling + 1_000_000
    entry = LogEntry.objects.get(action_flag=CHANGE)
    assert entry.user == root
    message = entry.get_change_message()
    assert str(level) in message
    assert f"{old_ceiling} → {old_ceiling + 1_000_000}" in message


def test_the_admin_log_is_listed_and_read_only(cast):
    rule = CouncilRule.objects.first()
    root = superuser()
    admin = logged_in(root)
    admin.post(admin_url(rule, "change"), change_form_data(rule, root, quorum="3/4"))
    entry = LogEntry.objects.get()
    listing = admin.get("/admin/admin/logentry/")
    assert listing.status_code == 200 and "→ 3/4" in listing.content.decode()
    assert admin.get(f"/admin/admin/logentry/?user__id__exact={root.pk}").status_code == 200
    assert 'value="delete_selected"' not in listing.content.decode()
    assert admin.get("/admin/admin/logentry/add/").status_code == 403
    page = admin.get(admin_url(entry, "change"))
    assert page.status_code == 200 and 'name="change_message"' not in page.content.decode()
    assert admin.post(admin_url(entry, "change"), {"change_message": "[]"}).status_code == 403
    assert admin.post(admin_url(entry, "delete"), {"post": "yes"}).status_code == 403
    assert LogEntry.objects.get().change_message == entry.change_message
