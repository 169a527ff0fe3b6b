"""A dossier file is checked by parsing it, and a rolled-back upload leaves no file on disk."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from tasks_kh_cn.models import DocumentVersion
from tasks_kh_cn.services.documents import upload_document
from tests.factories import docx_bytes, make_case, pdf, pdf_bytes, xlsx_bytes
from tests.support.helpers import add, drive, support_case

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def zip_of(**parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name.replace("__", "/").replace("CT", "[Content_Types].xml"), content)
    return out.getvalue()


def refused(case, user, name, content):
    with pytest.raises(ValidationError) as error:
        upload_document(case=case, kind="other", title=name,
                        uploaded=SimpleUploadedFile(name, content), user=user)
    return error.value.message_dict["file"][0]


@pytest.mark.parametrize("name,content", [
    ("html.pdf", b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>"),
    ("truncated.pdf", pdf_bytes()[:200]),
    ("no-pages.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
])
def test_a_pdf_that_does_not_open_is_refused(cast, name, content):
    case = make_case(cast.host)
    assert "Tệp PDF không mở được" in refused(case, cast.host, name, content)
    assert not DocumentVersion.objects.filter(document__case=case).exists()


@pytest.mark.parametrize("name,content", [
    ("any-zip.docx", zip_of(readme__txt=b"hello")),
    ("sheet-as-word.docx", xlsx_bytes()),
    ("word-as-sheet.xlsx", docx_bytes()),
    ("no-types.docx", zip_of(word__document__xml=b"<w:document/>")),
    ("magic-only.docx", b"PK\x03\x04" + b"\x00" * 64),
])
def test_an_office_file_without_its_parts_is_refused(cast, name, content):
    case = make_case(cast.host)
    assert "thiếu phần bắt buộc" in refused(case, cast.host, name, content)


def test_an_office_refusal_in_english(cast):
    case = make_case(cast.host)
    with translation.override("en"):
        message = refused(case, cast.host, "any.docx", zip_of(readme__txt=b"x"))
    assert "required part" in message


def test_real_pdf_docx_xlsx_are_accepted_with_their_content_type(cast):
    case = make_case(cast.host)
    stored = {name: upload_document(case=case, kind="other", title=name,
                                    uploaded=SimpleUploadedFile(name, content), user=cast.host)
              for name, content in [("a.pdf", pdf_bytes(pages=3)), ("b.docx", docx_bytes()),
                                    ("c.xlsx", xlsx_bytes())]}
    assert stored["a.pdf"].content_type == "application/pdf"
    assert stored["b.docx"].content_type == DOCX
    assert stored["c.xlsx"].content_type.endswith("spreadsheetml.sheet")


# --- no file without its row ------------------------------------------------------------

def files_under(settings, case) -> list:
    folder = settings.MEDIA_ROOT / "cases" / str(case.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def evidence_case(cast):
    case = support_case(cast.host, cast)
    row = add(case, cast.host, "iso-9001", 150_000_000)
    return drive(case, cast, cast.host, until="finish_implementation"), row


@pytest.mark.parametrize("db_mode", [
    "db",  # the test's transaction stays open: the rolled-back row decides
    pytest.param("transactional_db", marks=pytest.mark.django_db(transaction=True)),
])
def test_evidence_page_with_bad_dates_leaves_no_file_on_disk(cast, settings, db_mode):
    case, row = evidence_case(cast)
    before, versions = files_under(settings, case), DocumentVersion.objects.count()
    client = Client()
    client.force_login(cast.host)
    today = datetime.date.today()
    prefix = f"ev{row.pk}-"
    response = client.post(f"/cases/{case.pk}/support/items/{row.pk}/evidence/", {
        prefix + "certificate_number": "QMS-01", prefix + "certification_body": "QUACERT",
        prefix + "valid_from": today.isoformat(),
        prefix + "valid_until": (today - datetime.timedelta(days=3)).isoformat(),
        prefix + "audit_report_file": pdf("danh-gia.pdf")})
    assert response.status_code == 400
    assert "Ngày hết hạn phải sau ngày hiệu lực." in response.content.decode()
    # The upload's row was rolled back with the evidence: its file went with it.
    assert DocumentVersion.objects.count() == versions
    assert files_under(settings, case) == before


def test_evidence_api_with_bad_dates_leaves_no_file_and_a_good_one_keeps_it(cast, settings):
    case, row = evidence_case(cast)
    before = files_under(settings, case)
    client = APIClient()
    client.force_authenticate(cast.host)
    url = f"/api/support/cases/{case.pk}/items/{row.pk}/evidence/"
    today = datetime.date.today()
    data = {"certificate_number": "QMS-01", "certification_body": "QUACERT",
            "valid_from": today.isoformat()}
    bad = client.post(url, {**data, "valid_until": today.isoformat(),
                            "audit_report_file": pdf("a.pdf")}, format="multipart")
    assert bad.status_code == 400 and "Ngày hết hạn phải sau ngày hiệu lực." in str(bad.json())
    assert files_under(settings, case) == before
    good = client.post(url, {**data, "valid_until": (today + datetime.timedelta(days=900))
                             .isoformat(), "audit_report_file": pdf("a.pdf")}, format="multipart")
    assert good.status_code == 201, good.content
    kept = DocumentVersion.objects.get(document__case=case, original_name="a.pdf")
    assert files_under(settings, case) == sorted([*before, kept.file.name.rsplit("/", 1)[1]])
    assert kept.file.read() == pdf("a.pdf").read()
