"""A file over DOCUMENT_MAX_BYTES is refused while it streams in, with a field error, and
nothing of it is kept; dossier files are served only through the permission-checked view."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import clear_url_caches
from rest_framework.test import APIClient

from tasks_kh_cn.models import DocumentVersion
from tests.factories import make_case, pdf, pdf_bytes

pytestmark = pytest.mark.django_db

LIMIT = 100_000
SEEN = []  # (field, bytes) each file reached the handlers after the size check


class Recorder(FileUploadHandler):
    """Stands where Django's memory and temporary-file handlers keep an upload: it records
    how many bytes of each file reached them."""

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        SEEN.append([field_name, 0])

    def receive_data_chunk(self, raw_data, start):
        SEEN[-1][1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def limited(settings):
    settings.DOCUMENT_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_HANDLERS = [
        "tasks_kh_cn.uploads.DocumentSizeLimitHandler",
        "tests.web.test_upload_limits.Recorder",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    SEEN.clear()
    return settings


def big_pdf(size):
    # A real PDF padded to ``size`` bytes: only its size is wrong.
    content = pdf_bytes()
    return pdf("lon.pdf", content + b"%" * (size - len(content)))


def browser(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("size,kept", [
    # The body is small enough to start: counted as it streams, stopped past the limit.
    (LIMIT + 30_000, lambda seen: 0 < seen <= LIMIT),
    # Content-Length already says too large: no byte of the file reaches a later handler.
    (LIMIT * 10, lambda seen: seen == 0),
])
def test_page_refuses_a_big_file_while_streaming_and_keeps_the_form(cast, limited, size, kept):
    case = make_case(cast.host)
    response = browser(cast.host).post(f"/cases/{case.pk}/documents/", {
        "kind": "budget_estimate", "title": "Dự toán", "file": big_pdf(size)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp quá lớn" in page and "Dung lượng tối đa là 97,7" in page
    assert 'value="Dự toán"' in page  # what was typed before the file is kept
    assert not DocumentVersion.objects.filter(document__case=case).exists()
    assert all(kept(seen) for _field, seen in SEEN), SEEN


def test_api_refuses_a_big_file_with_a_json_field_error_in_english(cast, limited):
    case = make_case(cast.host)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(cast.host)
    for size in (LIMIT + 30_000, LIMIT * 10):
        response = client.post(f"/api/tasks/{case.pk}/documents/",
                               {"kind": "other", "file": big_pdf(size)}, format="multipart")
        assert response.status_code == 400
        assert response.json()["errors"]["file"][0].startswith("The file is too large")
    assert not DocumentVersion.objects.filter(document__case=case).exists()
    assert all(seen <= LIMIT for _field, seen in SEEN)


def test_a_file_at_the_limit_is_accepted_and_stored_whole(cast, limited):
    case = make_case(cast.host)
    response = browser(cast.host).post(f"/cases/{case.pk}/documents/", {
        "kind": "other", "file": big_pdf(LIMIT)})
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document__case=case)
    assert version.size == LIMIT and len(version.file.read()) == LIMIT


def test_support_item_with_a_big_quotation_is_a_field_error_on_that_field(cast, limited):
    from tests.support.helpers import item, support_case

    case = support_case(cast.host, cast)
    response = browser(cast.host).post(f"/cases/{case.pk}/support/items/", {
        "item": item("iso-9001").pk, "cost_estimate": 150_000_000,
        "quotation_file": big_pdf(LIMIT * 3)})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    client = APIClient()
    client.force_authenticate(cast.host)
    response = client.post(f"/api/support/cases/{case.pk}/items/", {
        "item": item("iso-9001").pk, "cost_estimate": 150_000_000,
        "quotation_file": big_pdf(LIMIT + 30_000)}, format="multipart")
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.json()["errors"]["quotation_file"][0]
    assert not DocumentVersion.objects.filter(document__case=case).exists()


# --- media only through the permission-checked view ---------------------------------------

@pytest.fixture
def debug_urls(settings):
    """The URLconf as ``make run`` builds it (DEBUG on)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_urls_answer_404_even_in_debug_and_the_view_checks_the_case(cast, debug_urls):
    case = make_case(cast.host)
    browser(cast.host).post(f"/cases/{case.pk}/documents/", {"kind": "other", "file": pdf()})
    version = DocumentVersion.objects.get(document__case=case)
    for user in (cast.host, cast.other_host):
        assert browser(user).get(f"/media/{version.file.name}").status_code == 404
    download = f"/cases/{case.pk}/documents/{version.pk}/"
    assert browser(cast.other_host).get(download).status_code == 404
    served = browser(cast.host).get(download)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == pdf().read()
    # The API's links go through the same view.
    client = APIClient()
    client.force_authenticate(cast.host)
    listed = client.get(f"/api/tasks/{case.pk}/documents/").json()
    assert listed[0]["versions"][0]["download_url"].endswith(download)
    # And the admin's.
    root = get_user_model().objects.create_superuser("root", "root@example.vn", "pw")
    page = browser(root).get(f"/admin/tasks_kh_cn/documentversion/{version.pk}/change/")
    assert page.status_code == 200
    assert f'href="{download}"' in page.content.decode() and "/media/" not in page.content.decode()


# --- over a real socket --------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_over_http_a_big_upload_gets_its_400_without_a_connection_reset(cast, live_server,
                                                                         settings):
    """The whole body is sent, as a browser does; the answer is the page with the error."""
    import http.client
    import re
    import uuid
    from urllib.parse import urlparse

    settings.DOCUMENT_MAX_BYTES = LIMIT
    case = make_case(cast.host)
    client = browser(cast.host)
    session = client.cookies["sessionid"].value
    address = urlparse(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.request("GET", f"/cases/{case.pk}/", headers={"Cookie": f"sessionid={session}"})
    page = connection.getresponse()
    token = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
    page.read()
    boundary = uuid.uuid4().hex
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode(),
        big_pdf(LIMIT * 20).read(), f"\r\n--{boundary}--\r\n".encode()])
    connection.request("POST", f"/cases/{case.pk}/documents/", body=body, headers={
        "Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = connection.getresponse()
    assert response.status == 400
    assert "Tệp quá lớn" in response.read().decode()
    connection.close()
    assert not DocumentVersion.objects.filter(document__case=case).exists()
    assert not (settings.MEDIA_ROOT / "cases").exists()
