"""Dossier attachments: checked by parsing, a size limit, safe names, SHA-256, versions."""

import hashlib
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Document, DocumentVersion
from tasks_kh_cn.validators import document_file_type

from .files import store_file


def check_upload(uploaded, field: str = "file") -> tuple[str, str]:
    """Validate an uploaded file; return (extension, content type) or raise a field error."""
    try:
        return document_file_type(uploaded)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def upload_document(*, case, kind: str, title: str, uploaded, user, note: str = "",
                    field: str = "file", title_en: str = "") -> DocumentVersion:
    """Add a version of the case's document ``kind``/``title`` (created on first upload).

    ``title`` is Vietnamese; ``title_en``, its English for the English pages, is kept when
    the document is created. ``field`` names the form or API field the file came from, for
    its error message.
    """
    extension, content_type = check_upload(uploaded, field)
    if kind not in dict(Document._meta.get_field("kind").choices):
        raise ValidationError({"kind": [_("Loại tài liệu không hợp lệ.")]})
    # A blank title is the kind's name in Vietnamese, the records' language, whatever the
    # uploader's: in the uploader's language it read in English to Vietnamese users, and an
    # English and a Vietnamese upload of one kind became two documents instead of versions.
    with translation.override("vi"):
        default_title = str(dict(Document._meta.get_field("kind").choices)[kind])
    title = (title or "").strip() or default_title
    document, _created = Document.objects.select_for_update().get_or_create(
        case=case, kind=kind, title=title, defaults={"title_en": title_en.strip()}
    )
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document, number=number, original_name=os.path.basename(uploaded.name)[:255],
        extension=extension, content_type=content_type, size=uploaded.size,
        sha256=_sha256(uploaded), note=note, uploaded_by=user,
    )
    # Removed again if this transaction (or the caller's) rolls back: see services/files.py.
    store_file(version.file, uploaded)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version
