"""/api/pilots/…: thin views over the pilot-model services and selectors."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView, visible_case_or_404

from . import services
from .conditions import PilotStepsComplete
from .models import Indicator, Milestone
from .selectors import active_indicators, before_after, case_milestones


class IndicatorSerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)

    class Meta:
        model = Indicator
        # ``name``/``unit`` are the catalogue's Vietnamese; ``*_en`` blank when not given.
        fields = ["id", "code", "name", "name_en", "unit", "unit_en", "direction",
                  "direction_label", "description"]


def change_data(change):
    return {"indicator": change.indicator.pk, "name": change.indicator.name,
            "name_en": change.indicator.name_en, "unit": change.indicator.unit,
            "unit_en": change.indicator.unit_en, "direction": change.indicator.direction,
            "before": change.before, "after": change.after, "change": change.absolute,
            "change_percent": change.percent, "improved": change.improved}


def step_data(milestone, user):
    return {
        "step": milestone.step, "label": milestone.get_step_display(),
        "status": milestone.status, "status_label": milestone.get_status_display(),
        "is_complete": milestone.is_complete,
        "owner": milestone.owner.get_username() if milestone.owner else None,
        "owner_name": person_name(milestone.owner) if milestone.owner else None,
        "started_at": milestone.started_at, "completed_at": milestone.completed_at,
        "decision_number": milestone.decision_number, "decision_date": milestone.decision_date,
        "evidence": [{"document": e.document_id, "title": e.document.title}
                     for e in milestone.evidence.all()],
        "measurements": [{"indicator": m.indicator_id, "name": m.indicator.name,
                          "name_en": m.indicator.name_en, "unit": m.indicator.unit,
                          "unit_en": m.indicator.unit_en, "value": m.value}
                         for m in milestone.measurements.all()],
        "transitions": [{"name": spec.name, "label": str(spec.custom["label"]),
                         "allowed": decision.allowed, "reason": decision.reason}
                        for spec, decision
                        in services.available_step_transitions(milestone, user)],
    }


def pilot_case(user, case_id):
    return visible_case_or_404(user, case_id, kind=CaseKind.PILOT_MODEL)


def pilot_step(case, step):
    milestone = get_object_or_404(Milestone.objects.select_related("owner"), case=case, step=step)
    milestone.case = case
    return milestone


class IndicatorListView(generics.ListAPIView):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return active_indicators()


class PilotCaseView(ServiceAPIView):
    """The six steps: status, owner, evidence, what the caller may do next; and the result."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case = pilot_case(request.user, case_id)
        steps = case_milestones(case)
        for milestone in steps:
            milestone.case = case
        return Response({
            "case": case.pk, "code": case.code, "status": case.status,
            "host": case.host.name, "proposer": case.proposer.name if case.proposer_id else None,
            "steps": [step_data(m, request.user) for m in steps],
            "comparison": [change_data(c) for c in before_after(case)],
            "ready_for_acceptance": PilotStepsComplete()(case),
        })


class ComparisonView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case = pilot_case(request.user, case_id)
        return Response([change_data(c) for c in before_after(case)])


class StepTransitionView(ServiceAPIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, step, name):
        case = pilot_case(request.user, case_id)
        milestone = services.perform_step_transition(
            milestone=pilot_step(case, step), name=name, user=request.user, data=request.data)
        milestone.case = case
        return Response({"step": milestone.step, "status": milestone.status})


class StepEvidenceInput(serializers.Serializer):
    file = serializers.FileField(required=False, allow_null=True)
    document = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)


class StepEvidenceView(ServiceAPIView):
    """Only the host enterprise's members enter a step's evidence."""

    @extend_schema(request=StepEvidenceInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, step):
        case = pilot_case(request.user, case_id)
        data = StepEvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.add_step_evidence(
            milestone=pilot_step(case, step), user=request.user,
            uploaded=data.validated_data.get("file"), document=data.validated_data.get("document"),
            title=data.validated_data.get("title", ""))
        return Response({"document": evidence.document_id, "title": evidence.document.title},
                        status=status.HTTP_201_CREATED)


class MeasurementInput(serializers.Serializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)


class StepMeasurementView(ServiceAPIView):
    @extend_schema(request=MeasurementInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, step):
        case = pilot_case(request.user, case_id)
        data = MeasurementInput(data=request.data)
        data.is_valid(raise_exception=True)
        measurement = services.record_measurement(milestone=pilot_step(case, step),
                                                  user=request.user, **data.validated_data)
        return Response({"indicator": measurement.indicator_id, "value": measurement.value},
                        status=status.HTTP_201_CREATED)


class OwnerInput(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())


class StepOwnerView(ServiceAPIView):
    @extend_schema(request=OwnerInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, step):
        case = pilot_case(request.user, case_id)
        data = OwnerInput(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.set_step_owner(milestone=pilot_step(case, step), user=request.user,
                                            owner=data.validated_data["owner"])
        return Response({"step": milestone.step, "owner": milestone.owner.get_username()})
