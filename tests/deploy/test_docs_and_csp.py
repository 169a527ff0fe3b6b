"""Finding 10: Swagger UI works offline, and a Content-Security-Policy that the pages satisfy.

The browser half (no violation reported in the console) is the production smoke in
.ci/run (smoke/prod_smoke.py); here: the header, the docs page's same-origin assets, and
no inline script, handler or style left in the templates a browser renders.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mails are read in mail clients, which ignore the page's CSP; they keep inline styles.
# Every HTML e-mail the notifications send is named ``*_email.html``.
EMAIL_TEMPLATE = re.compile(r"^notifications/\w+_email\.html$")


def test_swagger_ui_references_only_same_origin_files_that_resolve(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert not [u for u in urls if re.match(r"^(https?:)?//", u)], urls  # no CDN
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    static = [u for u in urls if u.startswith(static_prefix)]
    assert any("swagger-ui-bundle" in u for u in static)
    for url in static:
        assert finders.find(url.removeprefix(static_prefix)), url
    # The start-up script is a file of its own (the split view): no inline <script> or <style>.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    script_url = next(u for u in urls if u.startswith("/api/docs/"))
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/docs/", "/admin/login/", "/khong-co/",
                                  "/api/khong-co/"])
def test_every_answer_carries_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
]


def test_no_template_a_browser_renders_carries_inline_code():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if EMAIL_TEMPLATE.match(name):
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []
