"""/api/changes/…: extension and amendment requests, thin over changes.services.

A case the caller may not see is a 404; seen but not theirs to act on, a 403 with the
reason; bad input, field errors in the user's language (the same service as the page).
"""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView, visible_case_or_404
from workflows.permissions import is_approver, is_host_member

from . import services
from .models import ChangeKind, ChangeRequest

User = get_user_model()


def _person(user):
    return person_name(user) if user is not None else None


def change_data(change):
    return {"id": change.pk, "kind": change.kind, "kind_label": change.get_kind_display(),
            "status": change.status, "status_label": change.get_status_display(),
            "reason": change.reason, "extension_months": change.extension_months,
            "old_end_date": change.old_end_date, "new_end_date": change.new_end_date,
            "proposed": change.proposed, "content_done_percent": change.content_done_percent,
            "applied": change.applied,
            "requested_by": _person(change.requested_by), "requested_at": change.requested_at,
            "decided_by": _person(change.decided_by), "decided_at": change.decided_at,
            "decision_number": change.decision_number, "decision_note": change.decision_note,
            "amendment_document": getattr(change.amendment_document, "register_number", None)}


def changes_of(case):
    return [change_data(c) for c in case.change_requests.select_related(
        "requested_by__profile", "decided_by__profile", "amendment_document")]


class ChangeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    reason = serializers.CharField(max_length=4000)
    extension_months = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                max_value=120)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    end_date = serializers.DateField(required=False, allow_null=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                allow_null=True)
    content_done_percent = serializers.IntegerField(required=False, allow_null=True,
                                                    min_value=0, max_value=100)


class ChangeListView(ServiceAPIView):
    """The case's requests; the host asks for an extension or an amendment."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case = visible_case_or_404(request.user, case_id)
        return Response({"case": case.pk, "changes": changes_of(case)})

    @extend_schema(request=ChangeInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = visible_case_or_404(request.user, case_id)
        is_host_member(request.user, case).require()  # the door before the input
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        kind = v["kind"]
        change = services.request_change(
            case=case, user=request.user, kind=kind, reason=v["reason"],
            extension_months=v.get("extension_months"),
            content_done_percent=v.get("content_done_percent"),
            proposed={field: v[field] for field in services.KIND_FIELDS.get(kind, ())
                      if v.get(field) not in (None, "")})
        return Response(change_data(change), status=status.HTTP_201_CREATED)


class DecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    decision_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ChangeDecisionView(ServiceAPIView):
    """The approver approves (the change applies to the case) or refuses with a reason."""

    @extend_schema(request=DecisionInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = visible_case_or_404(request.user, case_id)
        change = get_object_or_404(ChangeRequest, pk=pk, case=case)
        is_approver(request.user, case).require()
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        change = services.decide_change(change=change, user=request.user, approve=v["approve"],
                                        decision_number=v.get("decision_number", ""),
                                        note=v.get("decision_note", ""))
        return Response(change_data(change))
