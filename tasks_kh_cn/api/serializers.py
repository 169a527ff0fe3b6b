"""Serializers of the REST API: thin, read from selectors, write through services."""

from functools import partial

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks_kh_cn.labels import labels, phase_labels
from tasks_kh_cn.models import (
    CaseKind,
    Document,
    DocumentKind,
    DocumentVersion,
    Organisation,
    TaskCase,
    TransitionLog,
)
from tasks_kh_cn.people import person_name
from tasks_kh_cn.validators import validate_tax_code
from workflows.lifecycle import DESK, Status, desk_label
from workflows.services import available_transitions


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation (input validated by views.forms.OrganisationForm and the model)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "kind_label", "tax_code", "sector",
                  "size_class", "insured_staff", "annual_revenue", "total_capital", "district",
                  "address", "email", "phone", "makes_key_product", "is_ocop_producer",
                  "ocop_stars", "restricted_from_calls", "restricted_until"]
        read_only_fields = ["id", "restricted_from_calls", "restricted_until"]
        # Uniqueness is checked by the service on the normalised code (model.full_clean).
        extra_kwargs = {"tax_code": {"validators": [validate_tax_code]}}


class LabelField(serializers.CharField):
    """The label of a code in the active language, from a table of tasks_kh_cn.labels (a dict
    lookup, where get_FOO_display rebuilds the field's translated choices on each call)."""

    def __init__(self, table, **kwargs):
        self.table = table
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.table().get(value, value)


class CaseListSerializer(serializers.ModelSerializer):
    """A case in a list: no per-row queries (phase and labels come from the status)."""

    organization = OrganisationRefSerializer(source="host", read_only=True)
    phase = serializers.CharField(read_only=True)
    phase_label = LabelField(phase_labels, source="status")
    status_label = LabelField(partial(labels, Status), source="status")
    kind_label = LabelField(partial(labels, CaseKind), source="kind")

    class Meta:
        model = TaskCase
        fields = ["id", "code", "title", "kind", "kind_label", "phase", "phase_label", "status",
                  "status_label", "organization", "requested_budget", "created_at"]
        read_only_fields = fields


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    actor = serializers.CharField()
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    payload_fields = serializers.ListField(child=serializers.CharField())


class CaseDetailSerializer(CaseListSerializer):
    available_transitions = serializers.SerializerMethodField()
    desk = serializers.SerializerMethodField(help_text="Role that owes the next step")
    desk_label = serializers.SerializerMethodField()
    transition_options = serializers.SerializerMethodField()
    assigned_officer = serializers.CharField(source="assigned_officer.username", default=None,
                                             read_only=True)
    assigned_officer_name = serializers.SerializerMethodField(
        help_text="The officer by full name (people are shown by name, never by login)")

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "summary", "call", "proposer", "assigned_officer", "assigned_officer_name",
            "co_funding", "appraised_budget",
            "approved_budget", "first_advance", "settled_amount", "lump_sum_mode",
            "duration_months", "start_date", "end_date", "listing_decision",
            "approval_decision", "contract_number", "acceptance_rating",
            "recognition_decision", "submitted_at", "updated_at", "desk", "desk_label",
            "available_transitions",
            "transition_options",
        ]
        read_only_fields = fields

    def get_assigned_officer_name(self, case) -> str | None:
        return person_name(case.assigned_officer) if case.assigned_officer_id else None

    def get_desk(self, case) -> str | None:
        return DESK.get(case.status)

    def get_desk_label(self, case) -> str | None:
        return desk_label(case.status)

    def _options(self, case):
        cache = self.context.setdefault("_options", {})
        if case.pk not in cache:
            cache[case.pk] = available_transitions(case, self.context["request"].user)
        return cache[case.pk]

    def get_available_transitions(self, case) -> list[str]:
        return [option.name for option in self._options(case) if option.allowed]

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_transition_options(self, case):
        return TransitionOptionSerializer(self._options(case), many=True).data


class CaseCreateSerializer(serializers.Serializer):
    """The request body of POST /api/tasks/ (documentation only: views.forms.ProposalForm
    validates it, the same form as the web page). The host defaults to the caller's organisation."""

    title = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    summary = serializers.CharField(required=False, allow_blank=True)
    requested_budget = serializers.IntegerField(min_value=0, required=False)
    co_funding = serializers.IntegerField(min_value=0, required=False)
    host = serializers.IntegerField(required=False)
    proposer = serializers.IntegerField(required=False, allow_null=True)
    call = serializers.IntegerField(required=False, allow_null=True)


class HistorySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)
    actor_name = serializers.SerializerMethodField()
    from_status_label = serializers.SerializerMethodField()
    to_status_label = serializers.SerializerMethodField()

    class Meta:
        model = TransitionLog
        fields = ["id", "transition", "actor", "actor_name", "at", "from_status", "from_status_label",
                  "to_status", "to_status_label", "comment", "payload"]
        read_only_fields = fields

    def get_actor_name(self, row) -> str | None:
        return person_name(row.actor) if row.actor_id else None

    def get_from_status_label(self, row) -> str:
        return str(Status(row.from_status).label) if row.from_status in Status.values else ""

    def get_to_status_label(self, row) -> str:
        return str(Status(row.to_status).label) if row.to_status in Status.values else ""


class DocumentVersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    uploaded_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def get_uploaded_by_name(self, version) -> str:
        return person_name(version.uploaded_by)

    class Meta:
        model = DocumentVersion
        fields = ["id", "number", "original_name", "content_type", "size", "sha256", "note",
                  "uploaded_by", "uploaded_by_name", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, version) -> str:
        # Through the permission-checked view, never the raw media path.
        url = reverse("web:document-download", args=[self.context["case_id"], version.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    versions = DocumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "kind_label", "title", "title_en", "current_version", "versions"]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    """Multipart body of a document upload (documentation only: DocumentUploadForm validates)."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    file = serializers.FileField(allow_empty_file=True)


class InboxItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    task_id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    created = serializers.DateTimeField()
    due = serializers.DateField(allow_null=True)
    # Null for an obligation outside any case (the plan's yearly report, a survey campaign).
    case_id = serializers.IntegerField(source="case.pk", allow_null=True)
    case_code = serializers.CharField(source="case.code", allow_null=True)
    case_title = serializers.CharField(source="case.title", allow_null=True)
    case_status = serializers.CharField(source="case.status", allow_null=True)
    case_status_label = serializers.CharField(source="case.get_status_display", allow_null=True)
    url = serializers.CharField()

