"""The API of the experts registry and of council meetings: thin views over
``councils.experts`` and ``services.meetings`` (the same paths as the pages).

The registry is the department's (officers form councils from it): anyone else gets a
403. A council the caller is not on answers 404, as everywhere in the council API.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from tasks_kh_cn.people import person_name

from .api import CouncilAPIView, council_or_404, refusal
from .errors import CouncilError
from .experts import search_experts
from .permissions import is_department
from .services import meetings


class ExpertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()
    degree = serializers.CharField(source="get_degree_display")
    academic_rank = serializers.CharField(source="get_academic_rank_display")
    organisation = serializers.SerializerMethodField()
    expertise = serializers.SerializerMethodField()
    councils_served = serializers.IntegerField()
    council_conflicts = serializers.IntegerField()

    def get_name(self, expert) -> str:
        return person_name(expert.user)

    def get_organisation(self, expert) -> str:
        return expert.organisation.name if expert.organisation_id else expert.workplace

    def get_expertise(self, expert) -> list[dict]:
        return [{"code": f.code, "name": f.name} for f in expert.fields.all()]


class ExpertList(ListAPIView):
    """GET /api/councils/experts/?field=<code>: the registry, by field of expertise."""

    serializer_class = ExpertSerializer

    def get_exception_handler(self):
        from tasks_kh_cn.api.views import api_exception_handler

        return api_exception_handler

    def list(self, request, *args, **kwargs):
        if not is_department(request.user):
            return Response({"detail": _("Chỉ cán bộ của Sở xem được danh sách chuyên gia.")},
                            status=status.HTTP_403_FORBIDDEN)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return search_experts(field=self.request.query_params.get("field", "").strip())


class MeetingSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    online_link = serializers.URLField(required=False, allow_blank=True, default="")
    agenda = serializers.CharField(max_length=4000)


class MeetingOutSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    online_link = serializers.CharField()
    agenda = serializers.CharField()
    papers_due = serializers.DateField()
    decision_due = serializers.DateField(allow_null=True)
    attendance_recorded_at = serializers.DateTimeField(allow_null=True)
    basis = serializers.SerializerMethodField()

    def get_basis(self, meeting) -> dict:
        return {"papers": meeting.rule_snapshot.get("papers_article", ""),
                "decision": meeting.rule_snapshot.get("decision_article", "")}


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class Meeting(CouncilAPIView):
    """GET: the meeting of the current round; PUT: the officer schedules or moves it."""

    serializer_class = MeetingSerializer  # the OpenAPI schema's hint

    def get(self, request, pk):
        council = council_or_404(request, pk)
        meeting = meetings.current_meeting(council)
        if meeting is None:
            return Response({"detail": _("Hội đồng chưa có lịch họp.")},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(MeetingOutSerializer(meeting).data)

    def put(self, request, pk):
        council = council_or_404(request, pk)
        form = MeetingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            meeting = meetings.schedule_meeting(council=council, by=request.user,
                                                **form.validated_data)
        except CouncilError as exc:
            return refusal(exc)
        return Response(MeetingOutSerializer(meeting).data)


class Attendance(CouncilAPIView):
    """POST: the secretary records who is present at the meeting (member ids)."""

    serializer_class = AttendanceSerializer  # the OpenAPI schema's hint

    def post(self, request, pk):
        council = council_or_404(request, pk)
        form = AttendanceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            meetings.record_attendance(council=council, by=request.user,
                                       present=form.validated_data["present"])
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã điểm danh tại phiên họp.")})
