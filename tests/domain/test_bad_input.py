"""Bad input gets a field-level error, in Vietnamese (and English), and loses nothing already saved."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tasks_kh_cn.models import DocumentVersion, Organisation, TransitionLog
from tasks_kh_cn.services.documents import upload_document
from tasks_kh_cn.services.organisations import create_organisation
from tasks_kh_cn.validators import normalize_mobile, normalize_tax_code, tax_check_digit
from tests.factories import act, make_case, pdf, pdf_bytes, walk
from workflows.lifecycle import Status
from workflows.services import InvalidPayload, TransitionConflict

pytestmark = pytest.mark.django_db


# --- tax codes and mobiles -----------------------------------------------------------

@pytest.mark.parametrize("code", ["0100107518", "0101248141", "0101248141-001", "0101248141001"])
def test_real_tax_codes_are_accepted(code):
    assert normalize_tax_code(code).startswith("0")


def test_thirteen_digit_code_is_normalised_with_a_hyphen():
    assert normalize_tax_code("0101248141001") == "0101248141-001"


@pytest.mark.parametrize("code,message", [
    ("0100107519", "sai chữ số kiểm tra"),      # check digit off by one
    ("01001075", "10 chữ số"),                  # too short
    ("01001075188888", "10 chữ số"),            # 14 digits
    ("ABCDEFGHIJ", "10 chữ số"),
    ("0101248141-000", "001 đến 999"),
])
def test_invalid_tax_codes_are_refused_with_a_reason(code, message):
    with pytest.raises(ValidationError) as refused:
        normalize_tax_code(code)
    assert message in " ".join(refused.value.messages)


def test_check_digit_algorithm_matches_known_codes():
    assert tax_check_digit("010010751") == 8   # Vietnam Airlines
    assert tax_check_digit("010124814") == 1   # FPT


def test_invalid_tax_code_is_a_field_error_and_nothing_is_saved():
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as refused:
        create_organisation(name="Công ty Sai Mã", kind="enterprise", tax_code="0100107519",
                            district="tp_thanh_hoa")
    assert "tax_code" in refused.value.message_dict
    assert "chữ số kiểm tra" in refused.value.message_dict["tax_code"][0]
    assert Organisation.objects.count() == before


def test_invalid_tax_code_in_english():
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            normalize_tax_code("0100107519")
        assert "check digit" in refused.value.messages[0]


@pytest.mark.parametrize("raw,expected", [("0912 345 678", "+84912345678"),
                                          ("+84 38 123 4567", "+84381234567")])
def test_mobile_numbers_are_normalised(raw, expected):
    assert normalize_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["0212345678", "091234567", "+1 202 555 0100"])
def test_bad_mobile_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_mobile(raw)


# --- files --------------------------------------------------------------------------

def test_oversized_file_is_refused_and_the_previous_version_stays(cast, settings):
    case = make_case(cast.host)
    first = upload_document(case=case, kind="proposal_form", title="Phiếu đề xuất",
                            uploaded=pdf("v1.pdf"), user=cast.host)
    settings.DOCUMENT_MAX_BYTES = 1024
    big = pdf("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ValidationError) as refused:
        upload_document(case=case, kind="proposal_form", title="Phiếu đề xuất", uploaded=big,
                        user=cast.host)
    assert "quá lớn" in refused.value.message_dict["file"][0]
    assert list(DocumentVersion.objects.filter(document=first.document)) == [first]
    first.document.refresh_from_db()
    assert first.document.current_version == first


@pytest.mark.parametrize("name,content,message", [
    ("macro.exe", b"MZ\x90\x00", "không được chấp nhận"),
    ("script.pdf.js", b"alert(1)", "không được chấp nhận"),
    ("fake.pdf", b"MZ\x90\x00 not a pdf", "không mở được"),
    ("empty.pdf", b"", "rỗng"),
])
def test_forbidden_files_are_refused_with_a_field_error(cast, name, content, message):
    case = make_case(cast.host)
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        upload_document(case=case, kind="proposal_form", title="x", uploaded=upload,
                        user=cast.host)
    assert message in refused.value.message_dict["file"][0]
    assert not DocumentVersion.objects.filter(document__case=case).exists()


def test_file_error_in_english(cast, settings):
    case = make_case(cast.host)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        upload_document(case=case, kind="proposal_form", title="x",
                        uploaded=SimpleUploadedFile("a.exe", b"MZ"), user=cast.host)
    assert "not accepted" in refused.value.message_dict["file"][0]


def test_resubmission_adds_a_version_with_its_own_hash(cast):
    case = make_case(cast.host)
    v1 = upload_document(case=case, kind="proposal_form", title="Phiếu", uploaded=pdf("a.pdf"),
                         user=cast.host)
    v2 = upload_document(case=case, kind="proposal_form", title="Phiếu",
                         uploaded=pdf("b.pdf", pdf_bytes(pages=2)), user=cast.host)
    assert (v1.number, v2.number) == (1, 2)
    assert v1.document_id == v2.document_id and v1.sha256 != v2.sha256
    assert len(v2.sha256) == 64
    # Safe stored names: a random hex name under the case's folder, never the user's name.
    assert v1.file.name != v2.file.name
    assert re.fullmatch(rf"cases/{case.pk}/[0-9a-f]{{32}}\.pdf", v1.file.name)
    v1.refresh_from_db()
    assert v1.file.read().startswith(b"%PDF")


# --- transitions ----------------------------------------------------------------------

def test_missing_payload_is_a_field_error_and_the_case_does_not_move(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    logged = TransitionLog.objects.filter(case=case).count()
    with pytest.raises(InvalidPayload) as refused:
        act(case, "approve", cast.approver, approved_budget="")
    errors = refused.value.errors
    assert {"approved_budget", "lump_sum_mode", "duration_months"} <= set(errors)
    assert errors["approved_budget"][0]["message"] == "Trường này là bắt buộc."
    case.refresh_from_db()
    assert case.status == Status.AWAITING_APPROVAL and case.approved_budget is None
    assert TransitionLog.objects.filter(case=case).count() == logged


def test_wrong_payload_values_are_explained(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    with pytest.raises(InvalidPayload) as refused:
        act(case, "approve", cast.approver,
            approved_budget=999_000_000_000, lump_sum_mode="cash", duration_months=0)
    errors = refused.value.errors
    assert "vượt kinh phí đã thẩm định" in errors["approved_budget"][0]["message"]
    assert "lump_sum_mode" in errors and "duration_months" in errors


def test_first_advance_over_half_the_budget_is_refused(cast):
    case = walk(make_case(cast.host), cast, until="prepare_contract")
    with pytest.raises(InvalidPayload) as refused:
        act(case, "prepare_contract", cast.officer, first_advance=400_000_001)
    # TTLT 27/2015 art. 13: at most 1/2, the figure of the case's rule version.
    assert "1/2" in refused.value.errors["first_advance"][0]["message"]
    case = act(case, "prepare_contract", cast.officer, first_advance=400_000_000)
    assert case.status == Status.AWAITING_SIGNATURES


def test_payload_errors_in_english(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    with translation.override("en"), pytest.raises(InvalidPayload) as refused:
        act(case, "return_proposal", cast.officer)
    assert refused.value.errors["comment"][0]["message"] == "A reason is required."


def test_incomplete_dossier_cannot_be_submitted(cast):
    case = make_case(cast.host)
    with pytest.raises(TransitionConflict, match="Hồ sơ còn thiếu: Phiếu đề xuất nhiệm vụ"):
        act(case, "submit", cast.host)
    case.refresh_from_db()
    assert case.status == Status.DRAFT
