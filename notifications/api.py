"""GET /api/deadlines/ — deadlines on the cases the caller may see (CONTRACT.md)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import generics, serializers

from tasks_kh_cn.api.filters import StrictBooleanFilter, StrictFilterSet

from .models import Deadline, DeadlineStatus
from .selectors import visible_deadlines


class DeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_code = serializers.CharField(source="case.code")
    code = serializers.CharField()
    title = serializers.CharField()  # Vietnamese, as documents cite it
    title_en = serializers.CharField()  # blank when the rule gives no English
    owed_by_role = serializers.CharField()
    owed_by_user = serializers.IntegerField(source="owed_by_user_id", allow_null=True)
    due_at = serializers.DateTimeField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    legal_basis = serializers.CharField()
    legal_article = serializers.CharField()
    is_default_assumption = serializers.BooleanField()
    status = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")


class DeadlineFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=DeadlineStatus.choices)
    overdue = StrictBooleanFilter(method="filter_overdue",
                                  label=gettext_lazy("Chỉ hạn đã quá"))

    class Meta(StrictFilterSet.Meta):
        model = Deadline
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=DeadlineStatus.OPEN, due_at__lt=timezone.now())


class DeadlineListView(generics.ListAPIView):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return visible_deadlines(self.request.user)
