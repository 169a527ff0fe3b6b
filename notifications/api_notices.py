"""The notification centre over the API: GET /api/notices/ (the caller's own, with the
unread count), POST /api/notices/{id}/read/ and POST /api/notices/read-all/."""

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_kh_cn.api.filters import StrictBooleanFilter, StrictFilterSet

from .models import Notice
from .services.centre import mark_all_read, mark_read, notices_of, unread_count


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField(source="event.code")
    case = serializers.IntegerField(source="case_id", allow_null=True)
    case_code = serializers.CharField(source="case.code", default=None)
    subject = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_subject(self, notice) -> str:
        return notice.subject(translation.get_language() or "vi")

    def get_body(self, notice) -> str:
        return notice.body(translation.get_language() or "vi")


class NoticeFilter(StrictFilterSet):
    unread = StrictBooleanFilter(method="filter_unread", label=gettext_lazy("Chỉ chưa đọc"))

    class Meta(StrictFilterSet.Meta):
        model = Notice
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at=None) if value else queryset


class NoticeListView(generics.ListAPIView):
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    queryset = Notice.objects.none()  # the schema's model; each caller sees only their own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return notices_of(self.request.user).select_related("event")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = unread_count(request.user)
        return response


READ = inline_serializer("NoticeRead", {"read": serializers.IntegerField()})


class NoticeReadView(APIView):
    @extend_schema(request=None, responses=READ)
    def post(self, request, pk):
        if not mark_read(user=request.user, notice_id=pk):
            raise Http404  # someone else's notice does not exist for the caller
        return Response({"read": 1})


class NoticeReadAllView(APIView):
    @extend_schema(request=None, responses=READ)
    def post(self, request):
        return Response({"read": mark_all_read(user=request.user)})
