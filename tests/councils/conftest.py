import pytest

from tasks_kh_cn.councils.services import form_council
from tests.councils.helpers import council_people, member_specs
from tests.factories import make_case, walk


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The cast's users get a password; PBKDF2 would spend most of these tests hashing it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def identification_case(cast):
    return walk(make_case(cast.host), cast, until="list_task")


@pytest.fixture
def formed(identification_case):
    """An identification council of 7 (chair, secretary, 2 reviewers, 3 members), ballots open."""
    specs = member_specs(council_people(7))
    council = form_council(case=identification_case, council_type="identification",
                           members=specs, by=identification_case.assigned_officer,
                           number="12/QĐ-SKHCN")
    return council, [spec["user"] for spec in specs]
