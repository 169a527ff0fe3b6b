"""Desk operations over the API: claim, release, reassign (a lead, with a reason), and the
delegations that let someone act for a colleague who is away."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_kh_cn.models import Delegation
from tasks_kh_cn.people import person_name
from tasks_kh_cn.selectors import visible_desk_task_or_404
from tasks_kh_cn.services import delegations, desks

from .views import api_exception_handler


class DeskTaskSerializer(serializers.Serializer):
    task_id = serializers.IntegerField(source="pk")
    desk = serializers.CharField(source="flow_task.name")
    status = serializers.CharField()
    owner_id = serializers.IntegerField(allow_null=True)
    owner_name = serializers.SerializerMethodField()

    def get_owner_name(self, task) -> str | None:
        return person_name(task.owner) if task.owner_id else None


class ReassignSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(
        is_active=True))
    reason = serializers.CharField(max_length=2000)


RESPONSES = {200: DeskTaskSerializer, 403: OpenApiResponse(description="Not yours, with why"),
             404: OpenApiResponse(description="No such desk task on a case you may see")}


class DeskActionView(APIView):
    operation = None

    def get_exception_handler(self):
        return api_exception_handler

    def act(self, request, task):
        raise NotImplementedError

    def post(self, request, task_id):
        task = visible_desk_task_or_404(request.user, task_id)
        task = self.act(request, task)
        task.refresh_from_db()
        return Response(DeskTaskSerializer(task).data)


@extend_schema_view(post=extend_schema(request=None, responses=RESPONSES,
                                       summary="Take a queue's desk task"))
class ClaimView(DeskActionView):
    def act(self, request, task):
        return desks.claim(task=task, user=request.user)


@extend_schema_view(post=extend_schema(request=None, responses=RESPONSES,
                                       summary="Hand a claimed desk task back to its queue"))
class ReleaseView(DeskActionView):
    def act(self, request, task):
        return desks.release(task=task, user=request.user)


@extend_schema_view(post=extend_schema(
    request=ReassignSerializer, responses=RESPONSES,
    summary="A lead gives the desk task to someone else (reason required)"))
class ReassignView(DeskActionView):
    def act(self, request, task):
        data = ReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return desks.reassign(task=task, by=request.user, to=data.validated_data["user"],
                              reason=data.validated_data["reason"])


class DelegationSerializer(serializers.ModelSerializer):
    principal_name = serializers.SerializerMethodField()
    delegate_name = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = ["id", "principal", "principal_name", "delegate", "delegate_name", "starts_on",
                  "ends_on", "reason", "revoked_at"]
        read_only_fields = ["id", "principal_name", "delegate_name", "revoked_at"]

    def get_principal_name(self, row) -> str:
        return person_name(row.principal)

    def get_delegate_name(self, row) -> str:
        return person_name(row.delegate)


class DelegationListCreateView(generics.ListCreateAPIView):
    """The delegations the caller gives or receives; POST lays one (the caller away, or a
    lead naming who is away)."""

    serializer_class = DelegationSerializer
    pagination_class = None

    def get_exception_handler(self):
        return api_exception_handler

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return Delegation.objects.none()
        user = self.request.user
        return (Delegation.objects.filter(Q(principal=user) | Q(delegate=user))
                .select_related("principal__profile", "delegate__profile"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = delegations.delegate(by=self.request.user, **data)
