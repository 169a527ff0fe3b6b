"""Finding 1: collectstatic with the production storage, then the pages with DEBUG off.

Before the fix, collectstatic stopped on viewflow's roboto-fontface.css (a missing
Roboto-Thin.woff2), and without a manifest the login page, every 404 and the admin login
answered 500. Here the real production storage collects into a temporary STATIC_ROOT,
WhiteNoise serves only that folder (as under gunicorn), and every asset a page names resolves.
"""

import importlib
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def production_storages() -> dict:
    """STORAGES exactly as config.settings.production declares them (it insists on a key)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_SECRET_KEY", "test-only-key")
        return importlib.import_module("config.settings.production").STORAGES


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=production_storages()):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(static_root, settings):
    settings.DEBUG = False
    settings.STATIC_ROOT = static_root
    settings.STORAGES = production_storages()
    settings.WHITENOISE_USE_FINDERS = False  # only what collectstatic wrote, as in production
    return static_root


def assets_resolve(client, html: str) -> list[str]:
    assets = ASSET.findall(html)
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
    return assets


def test_collectstatic_writes_a_manifest_without_viewflows_unused_front_end(production_static):
    assert (production_static / "staticfiles.json").is_file()
    assert not (production_static / "viewflow").exists()
    assert (production_static / "drf_spectacular_sidecar" / "swagger-ui-dist").is_dir()


def test_login_page_renders_with_hashed_assets(production_static):
    client = Client()
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assets = assets_resolve(client, response.content.decode())
    # Hashed names: the manifest is in use, so browsers may cache them for a year.
    assert any(re.search(r"app\.[0-9a-f]{12}\.css$", url) for url in assets)
    assert any(re.search(r"app\.[0-9a-f]{12}\.js$", url) for url in assets)


def test_a_missing_page_is_the_vietnamese_404(production_static):
    client = Client()
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "urlpatterns" not in html and "Using the URLconf" not in html
    assets_resolve(client, html)


def test_the_404_in_english(production_static):
    response = Client().get("/no-such-page/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_login_renders(production_static):
    client = Client()
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert assets_resolve(client, response.content.decode())


@pytest.mark.urls("tests.deploy.urls")
@pytest.mark.parametrize(("language", "text"), [
    ("vi", "Đã có lỗi xảy ra"), ("en", "Something went wrong"),
])
def test_the_500_page_in_the_requests_language(production_static, language, text):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", headers={"accept-language": language})
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html and f'lang="{language}"' in html
    assert "Traceback" not in html
    assets_resolve(client, html)
