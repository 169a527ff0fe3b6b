"""/api/funding/cases/<id>/reports/…: periodic reports (TT 09/2014 art. 9)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView
from workflows.permissions import is_assigned_officer, is_host_member

from . import monitoring
from .api import readable_case
from .models import MAX_VND
from .monitoring_models import PeriodicReport, ReportItem, WorkItemKind


def reports_data(case):
    """Every period due or reported, one query for the periods and one for the reports."""
    reports = {r.sequence: r for r in PeriodicReport.objects.filter(case=case)
               .select_related("author__profile", "reviewed_by__profile")
               .prefetch_related(Prefetch("items", queryset=ReportItem.objects.order_by(
                   "work_item__position", "work_item_id")))}
    rows = []
    for deadline in monitoring.report_deadlines(case).order_by("sequence"):
        r = reports.get(deadline.sequence)
        rows.append({"sequence": deadline.sequence, "due_on": deadline.due_on,
                     "deadline_status": deadline.status, "report": r and {
                         "id": r.pk, "status": r.status, "progress": r.progress,
                         "spending": r.spending, "problems": r.problems,
                         "proposals": r.proposals, "attachment": r.attachment_id,
                         "author": person_name(r.author), "submitted_at": r.submitted_at,
                         "reviewed_by": r.reviewed_by and person_name(r.reviewed_by),
                         "return_reason": r.return_reason,
                         "items": [{"work_item": i.work_item_id, "percent": i.percent,
                                    "note": i.note} for i in r.items.all()]}})
    return rows


def work_items_data(case):
    return [{"id": w.pk, "kind": w.kind, "title": w.title, "expected": w.expected,
             "position": w.position} for w in monitoring.work_items(case)]


class WorkItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkItemKind.choices)
    title = serializers.CharField(max_length=500)
    expected = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    position = serializers.IntegerField(required=False, min_value=0, max_value=32767)


class WorkItemListView(ServiceAPIView):
    """The case's content items and products (the host or the case's officer adds them)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        return Response(work_items_data(readable_case(request, case_id)))

    @extend_schema(request=WorkItemInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = readable_case(request, case_id)
        monitoring.may_edit_work_items(request.user, case).require()
        data = WorkItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        monitoring.add_work_item(case=case, user=request.user, **data.validated_data)
        return Response(work_items_data(case), status=status.HTTP_201_CREATED)


class ReportItemInput(serializers.Serializer):
    """Only the types here: the range (0–100) and the item's case are the service's checks."""

    work_item = serializers.IntegerField()
    percent = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReportInput(serializers.Serializer):
    sequence = serializers.IntegerField(min_value=1, max_value=999)
    progress = serializers.CharField(max_length=20000)
    spending = serializers.IntegerField(min_value=0, max_value=MAX_VND)
    problems = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    attachment = serializers.FileField(required=False, allow_null=True)
    submit = serializers.BooleanField(required=False, default=False)
    items = ReportItemInput(many=True, required=False)


class ReportListView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        return Response(reports_data(readable_case(request, case_id)))

    @extend_schema(request=ReportInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        """The host saves a period's report as a draft, or saves and submits it."""
        case = readable_case(request, case_id)
        is_host_member(request.user, case).require()
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        submit = fields.pop("submit")
        report = monitoring.save_report(case=case, user=request.user, **fields)
        if submit:
            monitoring.submit_report(report=report, user=request.user)
        return Response(reports_data(case), status=status.HTTP_201_CREATED)


class ReviewInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReportReviewView(ServiceAPIView):
    """The case's officer accepts or returns a submitted report."""

    @extend_schema(request=ReviewInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        report = get_object_or_404(PeriodicReport, pk=pk, case=case)
        is_assigned_officer(request.user, case).require()
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        monitoring.review_report(report=report, user=request.user, **data.validated_data)
        return Response(reports_data(case))
