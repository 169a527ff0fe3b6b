"""htmx from our own static files under a strict CSP, the inbox count it fetches, the favicon."""

import pytest
from django.test import Client

from tests.factories import make_case

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_favicon_is_not_a_404():
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response.url)
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_htmx_is_served_from_our_origin_and_the_csp_stays_strict(cast):
    page = browser(cast.host).get("/cases/")
    html = page.content.decode()
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "/static/tasks_kh_cn/vendor/htmx/htmx.min.js" in html
    assert '"includeIndicatorStyles":false' in html and '"allowEval":false' in html
    assert "<script>" not in html and " onclick=" not in html  # no inline code
    script = Client().get("/static/tasks_kh_cn/vendor/htmx/htmx.min.js")
    assert script.status_code == 200
    # The filter form works as a plain GET form too (no JavaScript needed).
    assert 'method="get" action="/cases/"' in html and 'hx-get="/cases/"' in html


def test_the_inbox_count_fragment(cast):
    make_case(cast.host)  # a draft on the host's desk
    fragment = browser(cast.host).get("/inbox/count/").content.decode()
    assert '<span class="badge count"' in fragment and ">1<" in fragment
    assert "<html" not in fragment
    assert browser(cast.other_host).get("/inbox/count/").content.decode().strip() == ""
    assert Client().get("/inbox/count/").status_code == 302
