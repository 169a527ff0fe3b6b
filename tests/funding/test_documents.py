"""The department's documents: generated from the administrator's templates in Vietnamese,
numbered in the register per kind and year, opened as DOCX (python-docx) and PDF (pypdf)
with the case's figures and the people's full names; the contract moves only when both
sides have uploaded their signed scan."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from docx import Document
from pypdf import PdfReader
from rest_framework.test import APIClient

from tasks_kh_cn.funding.document_models import DocumentTemplate, IssuedDocument
from tasks_kh_cn.funding.issuing import issue_document, postal_address
from tasks_kh_cn.funding.signing import contract_of, sign_document
from tasks_kh_cn.models import Organisation, Profile
from tasks_kh_cn.people import person_name
from tests.factories import docx_bytes, make_case, pdf, take_step, walk
from tests.web.locale_pages import client_in, page_text
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition

pytestmark = pytest.mark.django_db


def named(cast):
    Profile.objects.create(user=cast.host, full_name="Nguyễn Thị Hằng", position="Giám đốc",
                           academic_title="TS.")
    Profile.objects.create(user=cast.officer, full_name="Lê Văn Bình",
                           position="Chuyên viên phòng Quản lý khoa học")
    Profile.objects.create(user=cast.approver, full_name="Trần Quốc Hưng",
                           position="Phó Giám đốc Sở")


def api(user):
    client = APIClient()
    client.force_authenticate(type(user).objects.get(pk=user.pk))
    return client


def test_contract_is_issued_opened_and_signed_by_both_sides(cast):
    named(cast)
    case = walk(make_case(cast.host, co_funding=120_000_000), cast, until="sign_contract")
    contract = contract_of(case)
    approval = IssuedDocument.objects.get(case=case, kind="approval_decision")
    year = contract.issued_on.year
    assert contract.register_number == f"01/{year}/HĐ-SKHCN"
    assert approval.register_number == f"01/{year}/QĐ-SKHCN"
    assert approval.issued_by_id == cast.approver.pk

    base = f"/api/funding/cases/{case.pk}/documents/{contract.pk}"
    docx = api(cast.host).get(f"{base}/docx/")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    pdf_response = api(cast.officer).get(f"{base}/pdf/")
    pdf_text = "\n".join(page.extract_text() for page in
                         PdfReader(io.BytesIO(pdf_response.content)).pages)
    for body in (text, " ".join(pdf_text.split())):
        for needle in ("HỢP ĐỒNG THỰC HIỆN NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ", case.code,
                       "800.000.000", "120.000.000", "920.000.000",
                       "400.000.000", "Khoán chi đến sản phẩm cuối cùng", "18 tháng",
                       contract.register_number, "TS. Nguyễn Thị Hằng, Giám đốc",
                       "Lê Văn Bình", case.host.name):
            assert needle in body, (needle, body[:400])
        assert cast.host.username not in body.split()

    # The case moves only when the host's scan is there.
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="sign_contract", user=cast.host, data={})
    assert "Tổ chức chủ trì" in exc.value.message
    response = api(cast.host).post(f"{base}/signatures/", {"scan": io.BytesIO(docx_bytes())},
                                   format="multipart")
    assert response.status_code == 400  # no file name, not a PDF
    with pytest.raises(ValidationError) as refused:
        from django.core.files.uploadedfile import SimpleUploadedFile

        sign_document(document=contract, user=cast.host,
                      scan=SimpleUploadedFile("ky.docx", docx_bytes()))
    assert refused.value.message_dict["scan"] == ["Bản ký phải là tệp PDF."]
    # Only the host and the department sign; another enterprise cannot even see the case.
    with pytest.raises(PermissionDenied):
        sign_document(document=contract, user=cast.finance, scan=pdf())
    assert api(cast.other_host).post(f"{base}/signatures/", {"scan": pdf()},
                                     format="multipart").status_code == 404
    response = api(cast.host).post(f"{base}/signatures/", {"scan": pdf("hd-ky.pdf")},
                                   format="multipart")
    assert response.status_code == 201
    signature = response.json()["signatures"][0]
    assert signature["signed_by"] == person_name(cast.host) == "TS. Nguyễn Thị Hằng"
    case = perform_transition(case=case, name="sign_contract", user=cast.host, data={})
    with pytest.raises(TransitionConflict):
        perform_transition(case=case, name="countersign_contract", user=cast.approver,
                           data={"start_date": contract.issued_on.isoformat()})
    sign_document(document=contract, user=cast.approver, scan=pdf("so-ky.pdf"))
    case = take_step(case, cast, "countersign_contract", cast.approver,
                     {"start_date": contract.issued_on.isoformat()})
    assert case.status == "in_progress"
    assert desk_and_process_agree(case)


def test_one_contract_one_number_in_the_register_on_the_case_and_in_its_text(cast):
    """The register numbers the contract and the approval decision; the case keeps that
    number, the text cites it, and the officer types none (a typed one is not a field)."""
    case = walk(make_case(cast.host), cast, until="prepare_contract")
    Organisation.objects.filter(pk=case.host_id).update(address="Số 5 Lê Lợi")
    case = perform_transition(case=case, name="prepare_contract", user=cast.officer, data={
        "contract_number": "22/2026/HĐ-KHCN", "first_advance": 400_000_000})
    contract = contract_of(case)
    approval = IssuedDocument.objects.get(case=case, kind="approval_decision")
    case.refresh_from_db()
    assert case.contract_number == contract.register_number
    assert case.approval_decision == approval.register_number
    assert "22/2026/HĐ-KHCN" not in contract.text
    assert f"Số: {contract.register_number}" in contract.text
    assert f"Hợp đồng số {contract.register_number} về việc" in contract.text
    assert f"Quyết định phê duyệt nhiệm vụ số {approval.register_number};" in contract.text
    assert f"Quyết định số {approval.register_number} phê duyệt" in approval.text
    assert case.history.get(transition="prepare_contract").payload == {
        "first_advance": 400_000_000}
    # The host's address: its street, the district and the province; without a street, the
    # district and the province (never "địa chỉ: ;").
    district = case.host.get_district_display()
    assert f"địa chỉ: Số 5 Lê Lợi, {district}, tỉnh Thanh Hóa;" in contract.text
    assert postal_address(Organisation(district=case.host.district)) == (
        f"{district}, tỉnh Thanh Hóa")
    # The API and the case page show the same number.
    assert api(cast.host).get(f"/api/tasks/{case.pk}/").json()["contract_number"] == (
        contract.register_number)
    host = Client()
    host.force_login(cast.host)
    assert contract.register_number in host.get(f"/cases/{case.pk}/").content.decode()


def test_the_register_numbers_each_kind_per_year_and_templates_are_data(cast):
    case = walk(make_case(cast.host), cast, until="sign_contract")
    DocumentTemplate.objects.filter(kind="refund_decision").update(
        body="# QUYẾT ĐỊNH THU HỒI\n\nNộp lại {{ refund_amount }} đồng trước {{ refund_due }}.")
    first = issue_document(case=case, kind="refund_decision", user=cast.approver,
                           extra={"refund_amount": "12.000.000", "refund_due": "31/12/2026"})
    second = issue_document(case=case, kind="refund_decision", user=cast.approver)
    assert (first.number, second.number) == (1, 2)
    assert first.text.endswith("Nộp lại 12.000.000 đồng trước 31/12/2026.")
    assert contract_of(case).number == 1
    # Templates are parsed once per process, keyed by their text: an edit is used at once.
    DocumentTemplate.objects.filter(kind="refund_decision").update(
        body="# QUYẾT ĐỊNH THU HỒI\n\nHoàn trả {{ refund_amount }} đồng.")
    third = issue_document(case=case, kind="refund_decision", user=cast.approver,
                           extra={"refund_amount": "5.000.000"})
    assert third.text.endswith("Hoàn trả 5.000.000 đồng.") and third.number == 3


def test_the_ledger_page_lists_documents_for_the_host_only_with_its_sign_form(cast):
    case = walk(make_case(cast.host), cast, until="sign_contract")
    host = Client()
    host.force_login(cast.host)
    page = host.get(f"/cases/{case.pk}/funding/").content.decode()
    assert contract_of(case).register_number in page and "Nộp bản đã ký" in page
    response = host.post(f"/cases/{case.pk}/funding/documents/{contract_of(case).pk}/sign/",
                         {f"sg{contract_of(case).pk}-scan": pdf("ky.pdf")})
    assert response.status_code == 302
    assert host.get(f"/cases/{case.pk}/funding/documents/{contract_of(case).pk}/pdf/"
                    ).status_code == 200
    other = Client()
    other.force_login(cast.other_host)
    assert other.get(f"/cases/{case.pk}/funding/documents/{contract_of(case).pk}/pdf/"
                     ).status_code == 404


def test_signed_copies_are_titled_in_vietnamese_with_english_beside_whoever_uploads(cast):
    """The host signs on an English page, the department on a Vietnamese one: each copy's
    record is Vietnamese, and each page shows its own language."""
    case = walk(make_case(cast.host), cast, until="sign_contract")
    contract = contract_of(case)
    with translation.override("en"):
        host_copy = sign_document(document=contract, user=cast.host, scan=pdf("ky.pdf"))
    with translation.override("vi"):
        department_copy = sign_document(document=contract, user=cast.approver, scan=pdf("so.pdf"))
    number = contract.register_number
    host_doc, department_doc = host_copy.scan.document, department_copy.scan.document
    assert (host_doc.title, host_doc.title_en) == (
        f"{number} — bản ký của Tổ chức chủ trì", f"{number} — signed copy of Host organisation")
    assert (department_doc.title, department_doc.title_en) == (
        f"{number} — bản ký của Sở Khoa học và Công nghệ",
        f"{number} — signed copy of Department of Science and Technology")
    vietnamese = page_text(client_in(cast.officer, "vi").get(f"/cases/{case.pk}/"))
    english = page_text(client_in(cast.officer, "en").get(f"/cases/{case.pk}/"))
    assert host_doc.title in vietnamese and host_doc.title_en not in vietnamese
    assert host_doc.title_en in english and "bản ký của" not in english
    assert department_doc.title_en in english
    body = api(cast.host).get(f"/api/tasks/{case.pk}/documents/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {(row["title"], row["title_en"]) for row in rows} >= {
        (host_doc.title, host_doc.title_en), (department_doc.title, department_doc.title_en)}


def test_the_funding_page_names_issued_documents_by_kind_in_the_pages_language(cast):
    case = walk(make_case(cast.host), cast, until="sign_contract")
    approval = IssuedDocument.objects.get(case=case, kind="approval_decision")
    url = f"/cases/{case.pk}/funding/"
    english = page_text(client_in(cast.officer, "en").get(url))
    vietnamese = page_text(client_in(cast.officer, "vi").get(url))
    assert f"Task approval decision — no. {approval.register_number}" in english
    assert "Quyết định phê duyệt nhiệm vụ" not in english
    assert f"Quyết định phê duyệt nhiệm vụ — số {approval.register_number}" in vietnamese
    # The stored title stays in the document itself.
    assert approval.title == "Quyết định phê duyệt nhiệm vụ"
    assert "QUYẾT ĐỊNH PHÊ DUYỆT NHIỆM VỤ" in approval.text
