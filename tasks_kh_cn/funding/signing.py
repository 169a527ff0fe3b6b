"""Signing a document both sides sign: each uploads its signed scan (PDF), recorded with who
and when. The case moves only when both are there (conditions.py on the contract's
transitions)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from tasks_kh_cn.models import DocumentKind
from tasks_kh_cn.services.documents import check_upload, upload_document
from workflows.permissions import is_approver, is_host_member
from workflows.services import case_transitioned

from .document_models import IssuedDocument, IssuedKind, SignatureSide, SignedScan
from .issuing import issue_document


def contract_of(case):
    """The contract issued last for the case (an amendment is a separate document)."""
    return (IssuedDocument.objects.filter(case=case, kind=IssuedKind.CONTRACT)
            .order_by("-pk").first())


def signed_sides(document) -> set[str]:
    if document is None:
        return set()
    return set(document.signatures.values_list("side", flat=True))


def side_of(user, case) -> str:
    """The host's members sign for the host; the department's leadership for the department."""
    if is_host_member(user, case):
        return SignatureSide.HOST
    if is_approver(user, case):
        return SignatureSide.DEPARTMENT
    raise PermissionDenied(_("Chỉ tổ chức chủ trì và lãnh đạo Sở ký văn bản này."))


def signed_copy_title(document, side, language) -> str:
    """The signed copy's title in ``language``, never the uploader's: officers read the
    record in Vietnamese, English pages show the English beside it."""
    with translation.override(language):
        return _("%(number)s — bản ký của %(side)s") % {
            "number": document.register_number, "side": SignatureSide(side).label}


@transaction.atomic
def sign_document(*, document, user, scan) -> SignedScan:
    document = IssuedDocument.objects.select_for_update().select_related("case").get(
        pk=document.pk)
    side = side_of(user, document.case)
    if not document.needs_signatures:
        raise ValidationError({"__all__": [_("Văn bản này không cần hai bên ký.")]})
    if document.signatures.filter(side=side).exists():
        raise ValidationError({"scan": [_("Bên %(side)s đã nộp bản ký.") % {
            "side": SignatureSide(side).label}]})
    if scan is None:
        raise ValidationError({"scan": [_("Cần bản ký quét (PDF).")]})
    extension, _type = check_upload(scan, "scan")
    if extension != ".pdf":
        raise ValidationError({"scan": [_("Bản ký phải là tệp PDF.")]})
    version = upload_document(
        case=document.case,
        kind=DocumentKind.CONTRACT if document.kind == IssuedKind.CONTRACT else DocumentKind.OTHER,
        title=signed_copy_title(document, side, "vi"),
        title_en=signed_copy_title(document, side, "en"),
        uploaded=scan, user=user, field="scan")
    return SignedScan.objects.create(document=document, side=side, signed_by=user, scan=version)


# The transitions that issue a document, and who issues it (the actor of the transition).
ISSUED_BY_TRANSITION = {
    "approve": IssuedKind.APPROVAL_DECISION,
    "prepare_contract": IssuedKind.CONTRACT,
    "recognise": IssuedKind.RECOGNITION_DECISION,
    "settle": IssuedKind.LIQUIDATION_MINUTES,  # liquidation follows the settlement
}


@receiver(case_transitioned, dispatch_uid="funding.issue_on_transition")
def issue_on_transition(sender, case, transition, actor, **kwargs):
    """Inside the transition's transaction: the document and its number exist with it."""
    kind = ISSUED_BY_TRANSITION.get(transition)
    if kind is not None:
        issue_document(case=case, kind=kind, user=actor)
