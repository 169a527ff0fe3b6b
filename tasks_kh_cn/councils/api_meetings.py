"""The API of the experts registry and of council meetings: thin views over
``councils.experts`` and ``services.meetings`` (the same paths as the pages).

The registry is the department's (officers form councils from it): anyone else gets a
403. A council the caller is not on answers 404, as everywhere in the council API.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from tasks_kh_cn.api.views import api_exception_handler
from tasks_kh_cn.people import person_name

from .api import CouncilAPIView, council_or_404, refusal
from .errors import CouncilError
from .experts import search_experts
from .models import Council
from .models import SiteTeam as Team
from .permissions import can_view_council, is_department
from .services import meetings, site_teams


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
        return api_exception_handler

    @extend_schema(parameters=[OpenApiParameter(
        "field", str, description="Mã lĩnh vực chuyên môn (field of expertise code)")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

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
    online_link = serializers.URLField(required=False, allow_blank=True, default="",
                                       max_length=200)
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
    papers_sent_at = serializers.DateTimeField(allow_null=True)
    papers_sent_by = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()

    def get_papers_sent_by(self, meeting) -> str:
        return person_name(meeting.papers_sent_by) if meeting.papers_sent_by_id else ""

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


class PapersSent(CouncilAPIView):
    """POST: the officer records that the meeting's papers went out to the members (the
    papers deadline before the meeting is met)."""

    @extend_schema(request=None, responses=MeetingOutSerializer)
    def post(self, request, pk):
        council = council_or_404(request, pk)
        try:
            meeting = meetings.record_papers_sent(council=council, by=request.user)
        except CouncilError as exc:
            return refusal(exc)
        return Response(MeetingOutSerializer(meeting).data)


class SiteTeamSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    visit_on = serializers.DateField()


class SiteReportSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=20000, allow_blank=True)


class SiteTeam(CouncilAPIView):
    """POST: the officer forms the on-site expert team (user ids, visit date)."""

    serializer_class = SiteTeamSerializer  # the OpenAPI schema's hint

    def post(self, request, pk):
        from django.contrib.auth import get_user_model

        council = council_or_404(request, pk)
        form = SiteTeamSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ids = form.validated_data["members"]
        users = list(get_user_model().objects.filter(pk__in=ids))
        if len(users) != len(set(ids)):
            message = _("Có người không tồn tại trong danh sách.")
            return Response({"detail": message, "errors": {"members": [message]}},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            team = site_teams.form_site_team(council=council, by=request.user, members=users,
                                             visit_on=form.validated_data["visit_on"])
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã thành lập tổ chuyên gia kiểm tra."),
                         "report_due": team.report_due}, status=status.HTTP_201_CREATED)


class SiteReport(CouncilAPIView):
    """POST: a member of the on-site team files its report. The council is a 404 to anyone
    who neither sees it nor is on its team."""

    serializer_class = SiteReportSerializer  # the OpenAPI schema's hint

    def post(self, request, pk):
        council = Council.objects.filter(pk=pk).first()
        on_team = council is not None and council_has_team_member(council, request.user)
        if council is None or not (on_team or can_view_council(request.user, council)):
            raise Http404(_("Không tìm thấy hội đồng."))
        form = SiteReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            site_teams.record_site_report(council=council, by=request.user,
                                          report=form.validated_data["report"])
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã nộp báo cáo kiểm tra.")})


def council_has_team_member(council, user) -> bool:
    return bool(user.is_authenticated and Team.objects.filter(
        council=council, members=user).exists())
