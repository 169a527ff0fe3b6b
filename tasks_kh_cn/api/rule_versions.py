"""POST /api/tasks/{id}/rule-version/: move a running case to a newer rule-set version.

Thin: the checks and the history row are ``services.rule_versions`` (the admin action
calls the same function). A case you may not see is a 404; seeing it without being an
administrator is a 403; bad input is a field-level 400.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.models import RuleSet
from tasks_kh_cn.services.rule_versions import move_case_to_rule_version

from .views import CaseAPIMixin


class RuleVersionSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Lý do"), allow_blank=True)
    as_of = serializers.DateField(label=_("Áp dụng quy tắc có hiệu lực ngày"), required=False)
    rule_set = serializers.PrimaryKeyRelatedField(
        label=_("Bộ quy tắc"), queryset=RuleSet.objects.all(), required=False)


class RuleVersionOutSerializer(serializers.Serializer):
    rule_set = serializers.CharField()
    rules_as_of = serializers.DateField()


class RuleVersionView(CaseAPIMixin, APIView):
    @extend_schema(request=RuleVersionSerializer, responses={
        200: RuleVersionOutSerializer, 400: OpenApiResponse(description="Field errors"),
        403: OpenApiResponse(description="Administrators only"),
        404: OpenApiResponse(description="No such case")})
    def post(self, request, pk):
        case = self.get_case()
        data = RuleVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = move_case_to_rule_version(case=case, by=request.user, **data.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response({"rule_set": case.rule_set.code,
                         "rules_as_of": case_rules.rules_date(case)})
