"""The people who log in, and a throttle that starts afresh for each test."""

import pytest
from django.core.cache import cache

PASSWORD = "demo12345"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # DRF's throttle counts live in the cache, which outlives a test's rollback
    yield
    cache.clear()


@pytest.fixture
def host(cast):
    cast.host.set_password(PASSWORD)
    cast.host.save()
    return cast.host
