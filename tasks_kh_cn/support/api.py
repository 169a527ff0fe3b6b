"""/api/support/…: thin views over the support services and selectors."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from tasks_kh_cn.api.filters import StrictFilterSet
from tasks_kh_cn.models import CaseKind, TaskCase
from tasks_kh_cn.selectors import visible_cases
from workflows.lifecycle import Status
from workflows.permissions import is_host_member

from . import services
from .api_base import ServiceAPIView, visible_case_or_404
from .models import (
    SupportEvidence,
    SupportItem,
    SupportItemRequest,
    SupportLevel,
    SupportPolicy,
    SupportRequest,
)
from .selectors import (
    assess_request,
    maintenance_checks_due,
    policy_for_case,
    support_cases_by_priority,
    support_catalogue,
)


class SupportItemSerializer(serializers.ModelSerializer):
    group_label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = SupportItem
        # ``name``/``evidence_required`` are the catalogue's Vietnamese; ``*_en`` blank when
        # the catalogue gives no English.
        fields = ["id", "code", "name", "name_en", "group", "group_label", "description",
                  "evidence_required", "evidence_required_en", "requires_certificate",
                  "requires_audit_report", "legal_basis"]


class SupportLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportLevel
        fields = ["size_class", "item", "group", "share_percent", "ceiling"]


class SupportPolicySerializer(serializers.ModelSerializer):
    levels = SupportLevelSerializer(many=True, read_only=True)

    class Meta:
        model = SupportPolicy
        fields = ["id", "name", "resolution_number", "resolution_date", "legal_basis",
                  "effective_from", "effective_to", "is_default_assumption",
                  "repeat_window_months", "maintenance_check_months", "levels"]


def policy_summary(policy):
    if policy is None:
        return None
    return {"id": policy.pk, "name": policy.name, "resolution_number": policy.resolution_number,
            "resolution_date": policy.resolution_date, "effective_from": policy.effective_from,
            "is_default_assumption": policy.is_default_assumption,
            "repeat_window_months": policy.repeat_window_months}


def evidence_of(row):
    try:
        return row.evidence
    except SupportEvidence.DoesNotExist:
        return None


def evidence_data(evidence):
    if evidence is None:
        return None
    return {"certificate_number": evidence.certificate_number,
            "certification_body": evidence.certification_body,
            "valid_from": evidence.valid_from, "valid_until": evidence.valid_until,
            "audit_report": evidence.audit_report_id, "recorded_on": evidence.recorded_on,
            "maintenance_due_on": evidence.maintenance_due_on,
            "maintenance_checked_on": evidence.maintenance_checked_on,
            "maintained": evidence.maintained}


def request_data(case, request):
    """The request with every item's supportable amount and reasons, and the totals."""
    if request is None:
        return {"case": case.pk, "policy": policy_summary(policy_for_case(case)), "items": [],
                "total_cost": 0, "total_requested": 0, "total_supportable": 0, "ok": False,
                "problems": [str(_("Chưa lập đề nghị hỗ trợ."))]}
    assessment = assess_request(request, for_submission=True)
    items = [{
        "id": row.pk, "item": row.item_id, "item_name": row.item.name,
        "item_name_en": row.item.name_en, "group": row.item.group,
        "cost_estimate": row.cost_estimate, "requested_amount": row.requested_amount,
        "share_percent": a.share_percent, "ceiling": a.ceiling, "supportable_amount": a.supportable,
        "capped_by_ceiling": a.capped, "quotation": row.quotation_id, "errors": a.errors,
        "evidence": evidence_data(evidence_of(row)),
    } for row, a in assessment.rows]
    return {"case": case.pk, "size_class": request.size_class,
            "policy": policy_summary(request.policy), "approved_on": request.approved_on,
            "items": items, "total_cost": assessment.total_cost,
            "total_requested": assessment.total_requested,
            "total_supportable": assessment.total_supportable, "ok": assessment.ok,
            "problems": [str(p) for p in assessment.problems()]}


class CatalogueView(generics.ListAPIView):
    serializer_class = SupportItemSerializer

    def get_queryset(self):
        return support_catalogue()


class PolicyListView(generics.ListAPIView):
    serializer_class = SupportPolicySerializer

    def get_queryset(self):
        return SupportPolicy.objects.prefetch_related("levels").order_by("-effective_from", "-id")


class PriorityCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    host = serializers.CharField(source="host.name")
    size_class = serializers.CharField(source="host.size_class")
    is_ocop_producer = serializers.BooleanField(source="host.is_ocop_producer")
    makes_key_product = serializers.BooleanField(source="host.makes_key_product")
    priority_score = serializers.IntegerField()


class PriorityCaseFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=Status.choices)

    class Meta(StrictFilterSet.Meta):
        model = TaskCase
        fields = ["status"]


class PriorityCaseListView(generics.ListAPIView):
    """Enterprise-support cases the caller may see, highest priority first (officers sort by it)."""

    serializer_class = PriorityCaseSerializer
    filterset_class = PriorityCaseFilter

    def get_queryset(self):
        return support_cases_by_priority(self.request.user)


class RequestView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case = visible_case_or_404(request.user, case_id, kind=CaseKind.ENTERPRISE_SUPPORT)
        support = SupportRequest.objects.filter(case=case).select_related("policy").first()
        if support is not None:
            support.case = case
        return Response(request_data(case, support))


class AddItemInput(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=SupportItem.objects.filter(is_active=True))
    cost_estimate = serializers.IntegerField(min_value=1)
    requested_amount = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    quotation = serializers.IntegerField(required=False, allow_null=True)
    quotation_file = serializers.FileField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)


class ItemListView(ServiceAPIView):
    @extend_schema(request=AddItemInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = visible_case_or_404(request.user, case_id, kind=CaseKind.ENTERPRISE_SUPPORT)
        data = AddItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.add_support_item(case=case, user=request.user, **data.validated_data)
        return Response(request_data(case, row.request), status=status.HTTP_201_CREATED)


def _item_request(case, item_id):
    return get_object_or_404(SupportItemRequest.objects.select_related("request", "item"),
                             pk=item_id, request__case=case)


class ItemDetailView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def delete(self, request, case_id, item_id):
        case = visible_case_or_404(request.user, case_id, kind=CaseKind.ENTERPRISE_SUPPORT)
        row = _item_request(case, item_id)
        row.request.case = case
        services.remove_support_item(item_request=row, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceInput(serializers.Serializer):
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    certification_body = serializers.CharField(required=False, allow_blank=True, max_length=255)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    audit_report = serializers.IntegerField(required=False, allow_null=True)
    audit_report_file = serializers.FileField(required=False, allow_null=True)


class EvidenceView(ServiceAPIView):
    """Evidence of application for acceptance: only the host enterprise's members enter it."""

    @extend_schema(request=EvidenceInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, item_id):
        case = visible_case_or_404(request.user, case_id, kind=CaseKind.ENTERPRISE_SUPPORT)
        row = _item_request(case, item_id)
        row.request.case = case
        data = EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.record_evidence(item_request=row, user=request.user,
                                            **data.validated_data)
        return Response(evidence_data(evidence), status=status.HTTP_201_CREATED)


class MaintenanceInput(serializers.Serializer):
    valid_until = serializers.DateField(required=False, allow_null=True)
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    audit_report = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class MaintenanceCheckView(ServiceAPIView):
    @extend_schema(request=MaintenanceInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, item_id):
        case = visible_case_or_404(request.user, case_id, kind=CaseKind.ENTERPRISE_SUPPORT)
        row = _item_request(case, item_id)
        row.request.case = case
        decision = is_host_member(request.user, case)
        if not decision:  # the door before the state: who may not act never learns more
            raise PermissionDenied(decision.reason)
        evidence = evidence_of(row)
        if evidence is None:
            return Response({"evidence": [str(_("Chưa có minh chứng áp dụng."))]},
                            status=status.HTTP_400_BAD_REQUEST)
        data = MaintenanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.record_maintenance_check(evidence=evidence, user=request.user,
                                                     **data.validated_data)
        return Response(evidence_data(evidence))


class MaintenanceDueSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="item_request.request.case_id")
    case_code = serializers.CharField(source="item_request.request.case.code")
    item = serializers.CharField(source="item_request.item.name")
    certificate_number = serializers.CharField()
    valid_until = serializers.DateField()
    maintenance_due_on = serializers.DateField()


class MaintenanceDueFilter(StrictFilterSet):
    on = filters.DateFilter(field_name="maintenance_due_on", lookup_expr="lte",
                            label=_("Đến hạn đến ngày"))

    class Meta(StrictFilterSet.Meta):
        model = SupportEvidence
        fields = ["on"]


class MaintenanceDueView(generics.ListAPIView):
    """"Maintained" checks due by ``?on=`` (default today) on cases the caller may see."""

    serializer_class = MaintenanceDueSerializer
    filterset_class = MaintenanceDueFilter

    def get_queryset(self):
        # The filter narrows to ``?on=``; without it, what is due today.
        on = timezone.localdate() if not self.request.query_params.get("on") else None
        return maintenance_checks_due(on=on, cases=visible_cases(self.request.user))
