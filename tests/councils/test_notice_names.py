"""A council's notices name it in each language: the English subject and body carried the
Vietnamese name ("Invitation to the Hội đồng tư vấn xác định nhiệm vụ — …")."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from notifications.models import Notice
from tasks_kh_cn.councils.services import form_council
from tests.councils.helpers import council_people, member_specs

pytestmark = pytest.mark.django_db

VI, EN = "Hội đồng tư vấn xác định nhiệm vụ", "Task identification advisory council"


@pytest.fixture
def invited(identification_case, django_capture_on_commit_callbacks):
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        form_council(case=identification_case, council_type="identification",
                     members=member_specs(council_people(7)),
                     by=identification_case.assigned_officer, number="12/QĐ-SKHCN")
    return Notice.objects.filter(event__code="council_invitation")


def test_the_invitation_names_the_council_in_english_for_english_readers(invited):
    assert invited.count() == 7
    for notice in invited:
        assert EN in notice.subject_en and VI not in notice.subject_en + notice.body_en
        assert VI in notice.subject_vi


def test_the_migration_repairs_notices_written_before(invited):
    notice = invited.first()
    Notice.objects.filter(pk=notice.pk).update(subject_en=notice.subject_en.replace(EN, VI),
                                               body_en=notice.body_en.replace(EN, VI))
    migration = importlib.import_module(
        "notifications.migrations.0013_english_council_names_in_notices")
    migration.forwards(apps, None)
    notice.refresh_from_db()
    assert EN in notice.subject_en and VI not in notice.subject_en + notice.body_en
