"""Uploading dossier documents through the API: who may, and what files are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import PDF_BYTES, make_case, pdf

pytestmark = pytest.mark.django_db


def client_for(user, lang="vi"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_authenticate(user)
    return client


def url(case):
    return f"/api/tasks/{case.pk}/documents/"


def test_host_uploads_versions_and_everyone_who_sees_the_case_lists_them(cast):
    case = make_case(cast.host)
    client = client_for(cast.host)
    first = client.post(url(case), {"kind": "proposal_form", "file": pdf()}, format="multipart")
    assert first.status_code == 201, first.content
    second = client.post(url(case), {"kind": "proposal_form", "file": pdf("v2.pdf")},
                         format="multipart")
    assert second.status_code == 201
    assert [v["number"] for v in second.json()["versions"]] == [2, 1]
    listing = client_for(cast.officer).get(url(case)).json()
    assert len(listing) == 1 and listing[0]["kind"] == "proposal_form"
    assert listing[0]["versions"][0]["original_name"] == "v2.pdf"


def test_forbidden_file_type_is_a_field_error_in_vietnamese(cast):
    case = make_case(cast.host)
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(cast.host).post(url(case), {"kind": "other", "file": exe},
                                          format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "Loại tệp .exe không được chấp nhận. Chỉ nhận PDF, DOCX, XLSX, PNG, JPG."]


def test_oversized_file_is_a_field_error(cast, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    case = make_case(cast.host)
    big = pdf("lon.pdf", PDF_BYTES + b"0" * 2048)
    response = client_for(cast.host).post(url(case), {"kind": "other", "file": big},
                                          format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["file"][0].startswith("Tệp quá lớn")


def test_disguised_file_and_bad_kind_are_field_errors(cast):
    case = make_case(cast.host)
    def fake():
        return SimpleUploadedFile("bao-cao.pdf", b"not a pdf", content_type="application/pdf")

    response = client_for(cast.host).post(url(case), {"kind": "spaceship", "file": fake()},
                                          format="multipart")
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    response = client_for(cast.host).post(url(case), {"kind": "other", "file": fake()},
                                          format="multipart")
    assert response.status_code == 400
    assert "không mở được" in response.json()["errors"]["file"][0]


def test_only_host_members_upload(cast):
    case = make_case(cast.host)
    response = client_for(cast.officer).post(url(case), {"kind": "other", "file": pdf()},
                                             format="multipart")
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ tổ chức chủ trì mới thực hiện được thao tác này."
    response = client_for(cast.other_host).post(url(case), {"kind": "other", "file": pdf()},
                                                format="multipart")
    assert response.status_code == 404


def test_versions_download_through_the_permission_checked_view(cast):
    case = make_case(cast.host)
    client_for(cast.host).post(url(case), {"kind": "proposal_form", "file": pdf()},
                               format="multipart")
    listing = client_for(cast.officer).get(url(case)).json()
    link = listing[0]["versions"][0]["download_url"]
    assert link.endswith(f"/cases/{case.pk}/documents/{listing[0]['versions'][0]['id']}/")
    from django.test import Client

    browser = Client()
    browser.force_login(cast.other_host)
    assert browser.get(link).status_code == 404
    browser.force_login(cast.officer)
    assert browser.get(link).status_code == 200


def test_an_untitled_upload_is_named_in_vietnamese_whatever_the_uploaders_language(cast):
    """Uploaded from an English page with no title, the proposal form was named "Task proposal
    form" for Vietnamese readers, and the next Vietnamese upload of it became a second
    document instead of its version 2 (found walking the demo)."""
    from django.utils import translation

    from tasks_kh_cn.services.documents import upload_document

    case = make_case(cast.host)
    with translation.override("en"):
        first = upload_document(case=case, kind="proposal_form", title="", uploaded=pdf(),
                                user=cast.host)
    with translation.override("vi"):
        second = upload_document(case=case, kind="proposal_form", title=" ", uploaded=pdf(),
                                 user=cast.host)
    assert first.document.title == "Phiếu đề xuất nhiệm vụ"
    assert second.document_id == first.document_id and second.number == 2
