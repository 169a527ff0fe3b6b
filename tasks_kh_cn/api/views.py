"""The REST API: thin views over selectors and services.

Every case endpoint first finds the case among those the caller may see
(selectors.visible_cases), so a case the caller may not see answers 404 and
never its data. Errors share one shape: ``{"detail": ..., "errors": {field: [...]}}``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from tasks_kh_cn import case_filters
from tasks_kh_cn.exports import XLSX, xlsx_response
from tasks_kh_cn.inbox import Inbox
from tasks_kh_cn.inbox import kinds as inbox_kinds
from tasks_kh_cn.models import (
    Call,
    CaseKind,
    District,
    Document,
    Organisation,
    TaskCase,
    TransitionLog,
)
from tasks_kh_cn.paging import COUNT_CAP, CappedPaginator
from tasks_kh_cn.permissions import may_propose, may_register_organisation
from tasks_kh_cn.selectors import case_history, versions_with_uploaders, visible_case, visible_cases
from tasks_kh_cn.services.cases import create_case
from tasks_kh_cn.services.documents import upload_document
from tasks_kh_cn.services.registration import register_organisation
from tasks_kh_cn.views.forms import DocumentUploadForm, OrganisationForm, ProposalForm
from workflows.lifecycle import Phase, Status
from workflows.permissions import is_host_member
from workflows.services import TransitionError, case_version, perform_transition

from . import serializers as s
from .filters import StrictBooleanFilter, StrictFilterSet


def _error_shape(detail):
    """DRF error detail → ``{field: [messages]}``; non-field errors as ``non_field_errors``."""
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}
    items = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in items]}


def as_form_data(data):
    """JSON or form body → what a Django form takes (booleans and numbers kept)."""
    if hasattr(data, "dict"):
        return data.dict()
    if not isinstance(data, dict):
        message = _("Nội dung gửi lên phải là một đối tượng JSON.")
        raise DRFValidationError({"non_field_errors": [message]})
    return data


def validated(form) -> dict:
    """Input is validated by the same Django forms as the web pages, so field errors come in
    the user's language from Django's catalogue (DRF's Vietnamese one is nearly empty)."""
    if not form.is_valid():
        raise DRFValidationError({
            ("non_field_errors" if field == "__all__" else field): [e["message"] for e in errors]
            for field, errors in form.errors.get_json_data().items()
        })
    return form.cleaned_data


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, DRFValidationError):
        response.data = {"detail": _("Dữ liệu không hợp lệ."), "errors": _error_shape(exc.detail)}
    return response


class CaseAPIMixin:
    """Shared by every case endpoint: one error shape, the case looked up among visible ones."""

    def get_exception_handler(self):
        return api_exception_handler

    def get_case(self) -> TaskCase:
        case = visible_case(self.request.user, self.kwargs["pk"])
        if case is None:
            raise Http404
        return case


class CasePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class CappedCasePagination(CasePagination):
    """The case list's pages: ``count`` stops at COUNT_CAP (tasks_kh_cn.paging) and
    ``count_capped`` says when more cases match than were counted (narrow the filters or
    follow ``next``: the pages up to the bound are served)."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        body = {"count": response.data.pop("count"),
                "count_capped": self.page.paginator.capped}
        body.update(response.data)
        response.data = body
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"] = {
            "count": schema["properties"]["count"],
            "count_capped": {
                "type": "boolean",
                "description": f"More cases match than the {COUNT_CAP:,} counted: "
                               "``count`` is a lower bound.",
            },
            **{k: v for k, v in schema["properties"].items() if k != "count"},
        }
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema


class CaseFilter(StrictFilterSet):
    """The web list's filters (tasks_kh_cn.case_filters), typed: a bad value is a 400."""

    phase = filters.ChoiceFilter(choices=Phase.choices, method="filter_phase",
                                label=gettext_lazy("Giai đoạn"))
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    kind = filters.ChoiceFilter(choices=CaseKind.choices)
    q = filters.CharFilter(method="filter_q", max_length=100,
                           label=gettext_lazy("Tìm theo mã, tên"))
    officer = filters.ModelChoiceFilter(queryset=case_filters.officers(), method="filter_officer",
                                        label=gettext_lazy("Chuyên viên thụ lý"))
    district = filters.ChoiceFilter(choices=District.choices, method="filter_district",
                                    label=gettext_lazy("Huyện, thị xã, thành phố"))
    call = filters.ModelChoiceFilter(queryset=Call.objects.all(), method="filter_call",
                                     label=gettext_lazy("Đợt thông báo"))
    year = filters.NumberFilter(method="filter_year", min_value=2000, max_value=2100,
                                label=gettext_lazy("Năm tạo"))
    due_within = filters.NumberFilter(
        method="filter_due_within", min_value=0, max_value=case_filters.MAX_DUE_WITHIN_DAYS,
        label=gettext_lazy("Đến hạn trong (ngày)"))
    overdue = StrictBooleanFilter(method="filter_overdue",
                                  label=gettext_lazy("Có thời hạn quá hạn"))
    sort = filters.ChoiceFilter(choices=case_filters.SORT_CHOICES, method="filter_sort",
                                label=gettext_lazy("Sắp xếp"))

    class Meta(StrictFilterSet.Meta):
        model = TaskCase
        fields = ["phase", "status", "kind"]

    def filter_phase(self, queryset, name, value):
        return case_filters.filter_cases(queryset, phase=value)

    def filter_q(self, queryset, name, value):
        return case_filters.filter_cases(queryset, q=value)

    def filter_officer(self, queryset, name, value: int):  # the officer's id on the wire
        return case_filters.filter_cases(queryset, officer=value)

    def filter_district(self, queryset, name, value):
        return case_filters.filter_cases(queryset, district=value)

    def filter_call(self, queryset, name, value):
        return case_filters.filter_cases(queryset, call=value)

    def filter_year(self, queryset, name, value):
        return case_filters.filter_cases(queryset, year=int(value))

    def filter_due_within(self, queryset, name, value):
        return case_filters.filter_cases(queryset, due_within=int(value))

    def filter_overdue(self, queryset, name, value):
        return case_filters.filter_cases(queryset, overdue=value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, over the narrowed list

    def filter_queryset(self, queryset):
        return case_filters.sort_cases(super().filter_queryset(queryset),
                                       self.form.cleaned_data.get("sort") or "")


class TaskListCreateView(CaseAPIMixin, generics.ListCreateAPIView):
    """Cases visible to the caller; POST creates a draft proposal (enterprise role only)."""

    filterset_class = CaseFilter
    pagination_class = CappedCasePagination
    # What CaseListSerializer reads: the case's own columns and the host's id and name.
    LIST_COLUMNS = ("code", "title", "kind", "status", "requested_budget", "created_at",
                    "host__name")

    def get_queryset(self):
        return (visible_cases(self.request.user).select_related(None).select_related("host")
                .only(*self.LIST_COLUMNS))

    def get_serializer_class(self):
        return s.CaseCreateSerializer if self.request.method == "POST" else s.CaseListSerializer

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseDetailSerializer})
    def post(self, request, *args, **kwargs):
        decision = may_propose(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        form = ProposalForm(as_form_data(request.data), user=request.user)
        case = create_case(created_by=request.user, **validated(form))
        case = visible_cases(request.user).get(pk=case.pk)
        out = s.CaseDetailSerializer(case, context={"request": request})
        return Response(out.data, status=status.HTTP_201_CREATED)


class TaskExportView(CaseAPIMixin, generics.ListAPIView):
    """The list as filtered (the same parameters as ``GET /api/tasks/``) as an Excel file."""

    filterset_class = CaseFilter
    pagination_class = None
    serializer_class = s.CaseListSerializer  # the schema's parameters; the body is a file

    def get_queryset(self):
        return visible_cases(self.request.user)

    # A list view to the schema generator, so the filters appear as its parameters.
    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def list(self, request, *args, **kwargs):
        return xlsx_response(self.filter_queryset(self.get_queryset()), "nhiem-vu")


def _with_version(response, case):
    """The version the client now holds: sent back as ``If-Match`` with a transition."""
    response["ETag"] = f'"{case_version(case)}"'
    return response


def _if_match(request) -> str | None:
    """The version in ``If-Match`` (``*`` and an absent header ask for none)."""
    value = request.headers.get("If-Match", "").strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    return value if value and value != "*" else None


class TaskDetailView(CaseAPIMixin, generics.RetrieveAPIView):
    serializer_class = s.CaseDetailSerializer

    def get_object(self):
        return self.get_case()

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        response = Response(self.get_serializer(case).data)
        return _with_version(response, case)


class TransitionView(CaseAPIMixin, APIView):
    """POST performs transition ``name`` with its payload (the request body)."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(request=dict, parameters=[
        OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                         description="The case's ETag as read: a stale one answers 409"),
    ], description=(
        "The body is the transition's payload; its optional `expected_status` is the status "
        "the client saw. When the case has moved on since (or `If-Match` names another "
        "version), nothing is done and the answer is 409."
    ), responses={
        200: s.CaseDetailSerializer, 400: OpenApiResponse(description="Payload errors"),
        403: OpenApiResponse(description="Not yours to take"),
        404: OpenApiResponse(description="No such case or transition"),
        409: OpenApiResponse(description="Not possible in this status / changed concurrently"),
    })
    def post(self, request, pk, name):
        case = self.get_case()
        data = dict(as_form_data(request.data))
        expected_status = data.pop("expected_status", None)
        try:
            case = perform_transition(case=case, name=name, user=request.user, data=data,
                                      expected_status=expected_status,
                                      expected_version=_if_match(request))
        except TransitionError as exc:
            body = {"detail": exc.message}
            if exc.errors:
                body["errors"] = {field: [e["message"] for e in errs]
                                  for field, errs in exc.errors.items()}
            return Response(body, status=exc.status_code)
        case = visible_case(request.user, case.pk)
        if case is None:  # acted on it, but may no longer see it (never happens today)
            return Response({"detail": _("Đã thực hiện.")})
        out = Response(s.CaseDetailSerializer(case, context={"request": request}).data)
        return _with_version(out, case)


class HistoryView(CaseAPIMixin, generics.ListAPIView):
    serializer_class = s.HistorySerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no case
            return TransitionLog.objects.none()
        return case_history(self.get_case())


class DocumentsView(CaseAPIMixin, generics.ListCreateAPIView):
    """The case's documents with their versions; POST (multipart) adds a version."""

    pagination_class = None
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return s.DocumentUploadSerializer if self.request.method == "POST" else s.DocumentSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "case_id": self.kwargs.get("pk")}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return self.get_case().documents.prefetch_related(versions_with_uploaders())

    @extend_schema(request=s.DocumentUploadSerializer, responses={201: s.DocumentSerializer})
    def post(self, request, *args, **kwargs):
        case = self.get_case()
        decision = is_host_member(request.user, case)
        if not decision:
            raise PermissionDenied(decision.reason)
        data = validated(DocumentUploadForm(request.data, request.FILES))
        version = upload_document(case=case, kind=data["kind"], title=data["title"],
                                  uploaded=data["file"], user=request.user, note=data["note"])
        document = case.documents.prefetch_related(versions_with_uploaders()).get(
            pk=version.document_id)
        return Response(s.DocumentSerializer(document, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class OrganisationListCreateView(CaseAPIMixin, generics.ListCreateAPIView):
    """Organisations: yours (all of them for the department); POST registers yours."""

    serializer_class = s.OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        if user.has_perm("tasks_kh_cn.view_organisation"):
            return Organisation.objects.order_by("name")
        return user.organisations.order_by("name")

    def create(self, request, *args, **kwargs):
        decision = may_register_organisation(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        fields = validated(OrganisationForm(as_form_data(request.data)))
        organisation = register_organisation(user=request.user, **fields)
        return Response(s.OrganisationSerializer(organisation).data,
                        status=status.HTTP_201_CREATED)


class InboxPagination(CasePagination):
    """Pages like /api/tasks/, plus the number of open items of each kind."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["counts"] = self.page.paginator.object_list.counts()
        return response


class InboxView(generics.GenericAPIView):
    """The caller's open work items, kind by kind: case desks, council tasks, change requests,
    the deadlines they owe (and whatever other parts contribute). Paginated; ``counts`` gives
    the number of each kind; ``?kind=`` keeps one or more kinds (comma-separated)."""

    serializer_class = s.InboxItemSerializer
    pagination_class = InboxPagination

    @extend_schema(parameters=[
        OpenApiParameter("page", OpenApiTypes.INT, description="Page number (from 1)"),
        OpenApiParameter("page_size", OpenApiTypes.INT, description="Items a page (at most 100)"),
        OpenApiParameter("kind", OpenApiTypes.STR, description=(
            "Comma-separated kinds: task, council, change, deadline (and any other kind a "
            "part of the product contributes)")),
    ])
    def get(self, request):
        wanted = [k for k in request.query_params.get("kind", "").split(",") if k]
        unknown = sorted(set(wanted) - set(inbox_kinds()))
        if unknown:
            raise DRFValidationError({"kind": [_("Không có loại việc “%(kind)s”.")
                                               % {"kind": ", ".join(unknown)}]})
        page = self.paginate_queryset(Inbox(request.user, kinds=wanted))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
