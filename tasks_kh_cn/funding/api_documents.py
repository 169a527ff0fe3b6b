"""/api/funding/cases/<id>/documents/…: the documents the department issued on a case, their
DOCX and PDF, and each side's signed scan."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView

from .api import readable_case
from .document_models import IssuedDocument
from .issuing import as_docx, as_pdf
from .signing import side_of, sign_document

FORMATS = {"docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    as_docx),
           "pdf": ("application/pdf", as_pdf)}


def issued_rows(case):
    return list(IssuedDocument.objects.filter(case=case)
                .select_related("issued_by__profile")
                .prefetch_related("signatures__signed_by__profile").order_by("pk"))


def issued_data(d):
    return {"id": d.pk, "kind": d.kind, "kind_label": d.get_kind_display(), "title": d.title,
            "register_number": d.register_number, "issued_on": d.issued_on,
            "issued_by": person_name(d.issued_by), "needs_signatures": d.needs_signatures,
            "signatures": [{"side": s.side, "side_label": s.get_side_display(),
                            "signed_by": person_name(s.signed_by), "signed_at": s.signed_at,
                            "scan": s.scan_id} for s in d.signatures.all()]}


class IssuedListView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case = readable_case(request, case_id)
        return Response([issued_data(d) for d in issued_rows(case)])


def issued_file(case, pk, fmt):
    """The DOCX or PDF of an issued document, made from its frozen text."""
    document = get_object_or_404(IssuedDocument, pk=pk, case=case)
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(document), content_type=content_type)
    name = f"{document.kind}-{document.year}-{document.number:03d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class IssuedFileView(ServiceAPIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, case_id, pk, fmt):
        return issued_file(readable_case(request, case_id), pk, fmt)


class SignInput(serializers.Serializer):
    scan = serializers.FileField()


class SignView(ServiceAPIView):
    """Each side uploads its signed scan (PDF)."""

    @extend_schema(request=SignInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        document = get_object_or_404(IssuedDocument, pk=pk, case=case)
        side_of(request.user, case)  # the door before the input: 403 with the reason
        data = SignInput(data=request.data)
        data.is_valid(raise_exception=True)
        sign_document(document=document, user=request.user, scan=data.validated_data["scan"])
        return Response(issued_data(IssuedDocument.objects.get(pk=document.pk)),
                        status=status.HTTP_201_CREATED)
