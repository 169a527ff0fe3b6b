import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """LocaleMiddleware activates the request's language in the worker thread and nothing
    resets it: an English request here would leave the next test file (same xdist worker,
    e.g. a service test comparing Vietnamese messages) in English."""
    yield
    translation.deactivate()
