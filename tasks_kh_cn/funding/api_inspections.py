"""/api/funding/cases/<id>/inspections/…: inspections during implementation (TT 04/2015)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView
from workflows.permissions import is_assigned_officer, is_host_member

from . import inspections
from .api import readable_case
from .inspection_models import Inspection, InspectionAction, InspectionKind


def inspections_data(case):
    return [{
        "id": i.pk, "kind": i.kind, "inspect_on": i.inspect_on, "notified_on": i.notified_on,
        "notice_working_days": i.notice_working_days, "legal_basis": i.legal_basis,
        "legal_article": i.legal_article, "status": i.status, "note": i.note,
        "planned_by": person_name(i.planned_by), "findings": i.findings,
        "minutes": i.minutes_id, "recorded_by": i.recorded_by and person_name(i.recorded_by),
        "actions": [{
            "id": a.pk, "number": a.number, "description": a.description, "due_on": a.due_on,
            "confirm_by": a.deadline.due_on if a.deadline_id else None, "status": a.status,
            "confirmation": a.confirmation,
            "confirmed_by": a.confirmed_by and person_name(a.confirmed_by),
            "accepted_by": a.accepted_by and person_name(a.accepted_by)}
            for a in i.actions.all()],
    } for i in inspections.inspection_rows(case)]


class InspectionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    inspect_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class InspectionListView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        return Response(inspections_data(readable_case(request, case_id)))

    @extend_schema(request=InspectionInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        """The case's officer plans an inspection; the host is told at once."""
        case = readable_case(request, case_id)
        is_assigned_officer(request.user, case).require()
        data = InspectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspections.plan_inspection(case=case, user=request.user, **data.validated_data)
        return Response(inspections_data(case), status=status.HTTP_201_CREATED)


class ActionInput(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    due_on = serializers.DateField()


class MinutesInput(serializers.Serializer):
    findings = serializers.CharField(max_length=20000)
    actions = ActionInput(many=True, required=False)


class MinutesView(ServiceAPIView):
    @extend_schema(request=MinutesInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        inspection = get_object_or_404(Inspection, pk=pk, case=case)
        is_assigned_officer(request.user, case).require()
        data = MinutesInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspections.record_minutes(inspection=inspection, user=request.user,
                                   findings=data.validated_data["findings"],
                                   actions=data.validated_data.get("actions", []))
        return Response(inspections_data(case))


class ConfirmInput(serializers.Serializer):
    confirmation = serializers.CharField(max_length=4000)


class ActionConfirmView(ServiceAPIView):
    """The host confirms a required action."""

    @extend_schema(request=ConfirmInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        action = get_object_or_404(InspectionAction, pk=pk, inspection__case=case)
        is_host_member(request.user, case).require()
        data = ConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspections.confirm_action(action=action, user=request.user, **data.validated_data)
        return Response(inspections_data(case))


class ActionAcceptView(ServiceAPIView):
    """The case's officer accepts a confirmation."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        action = get_object_or_404(InspectionAction, pk=pk, inspection__case=case)
        is_assigned_officer(request.user, case).require()
        inspections.accept_action(action=action, user=request.user)
        return Response(inspections_data(case))
