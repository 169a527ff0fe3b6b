import pytest

from tests.web.councils_pages import form_identification


@pytest.fixture
def formed(cast):
    """Identification council of 7: chair, secretary, 2 reviewers, 3 members; ballots open."""
    return form_identification(cast)
