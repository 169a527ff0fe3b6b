"""Admin: every model is there; history and versions are read-only; so is the status."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import make_case, upload_required, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cast):
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "pw")
    client = Client()
    client.force_login(admin)
    return client


def test_every_model_has_a_working_changelist(admin_client, cast):
    case = walk(make_case(cast.host), cast, until="open_dossier")
    upload_required(case, "acceptance", cast.host)
    for model in ("organisation", "profile", "membership", "ruleset", "requireddocument", "call",
                  "taskcase", "document", "documentversion", "transitionlog", "casecodecounter"):
        response = admin_client.get(f"/admin/tasks_kh_cn/{model}/")
        assert response.status_code == 200, model
    assert admin_client.get(f"/admin/tasks_kh_cn/taskcase/{case.pk}/change/").status_code == 200


def test_history_and_versions_are_read_only(admin_client, cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    log = case.history.get()
    version = case.documents.first().current_version
    assert admin_client.get("/admin/tasks_kh_cn/transitionlog/add/").status_code == 403
    assert admin_client.get("/admin/tasks_kh_cn/documentversion/add/").status_code == 403
    assert admin_client.get("/admin/tasks_kh_cn/taskcase/add/").status_code == 403
    view = admin_client.get(f"/admin/tasks_kh_cn/transitionlog/{log.pk}/change/")
    assert view.status_code == 200 and 'name="comment"' not in view.content.decode()
    post = admin_client.post(f"/admin/tasks_kh_cn/transitionlog/{log.pk}/change/",
                             {"comment": "sửa lịch sử"})
    assert post.status_code == 403
    assert admin_client.post(f"/admin/tasks_kh_cn/documentversion/{version.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    log.refresh_from_db()
    assert log.comment == ""


def test_case_status_is_read_only_in_the_admin(admin_client, cast):
    case = make_case(cast.host)
    page = admin_client.get(f"/admin/tasks_kh_cn/taskcase/{case.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert 'name="approved_budget"' not in page  # written by the approval transition only
    assert 'name="title"' in page
