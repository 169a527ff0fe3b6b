"""Dossier attachments: allowed types, a size limit, safe names, SHA-256, versions."""

import hashlib
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Document, DocumentVersion

# Extension → the content types we accept for it, and the file's first bytes.
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              [b"PK\x03\x04"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
}


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_upload(uploaded) -> tuple[str, str]:
    """Validate an uploaded file; return (extension, content type) or raise a field error."""
    name = os.path.basename(uploaded.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError({"file": [_(
            "Loại tệp %(ext)s không được chấp nhận. Chỉ nhận PDF, DOCX, XLSX, PNG, JPG."
        ) % {"ext": extension or _("(không có phần mở rộng)")}]})
    limit = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError({"file": [_(
            "Tệp quá lớn (%(size)s). Dung lượng tối đa là %(limit)s."
        ) % {"size": _human_size(uploaded.size), "limit": _human_size(limit)}]})
    if uploaded.size == 0:
        raise ValidationError({"file": [_("Tệp rỗng.")]})
    content_type, signatures = ALLOWED_TYPES[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError({"file": [_(
            "Nội dung tệp không khớp với phần mở rộng %(ext)s."
        ) % {"ext": extension}]})
    return extension, content_type


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def upload_document(*, case, kind: str, title: str, uploaded, user, note: str = "") -> DocumentVersion:
    """Add a version of the case's document ``kind``/``title`` (created on first upload)."""
    extension, content_type = check_upload(uploaded)
    if kind not in dict(Document._meta.get_field("kind").choices):
        raise ValidationError({"kind": [_("Loại tài liệu không hợp lệ.")]})
    title = (title or "").strip() or str(dict(Document._meta.get_field("kind").choices)[kind])
    document, _created = Document.objects.select_for_update().get_or_create(
        case=case, kind=kind, title=title
    )
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document, number=number, original_name=os.path.basename(uploaded.name)[:255],
        extension=extension, content_type=content_type, size=uploaded.size,
        sha256=_sha256(uploaded), note=note, uploaded_by=user,
    )
    version.file.save("upload", uploaded, save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version
