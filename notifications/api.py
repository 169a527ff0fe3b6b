"""GET /api/deadlines/ — deadlines on the cases the caller may see (CONTRACT.md)."""

from rest_framework import generics, serializers

from .selectors import visible_deadlines


class DeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_code = serializers.CharField(source="case.code")
    code = serializers.CharField()
    title = serializers.CharField()
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


class DeadlineListView(generics.ListAPIView):
    serializer_class = DeadlineSerializer

    def get_queryset(self):
        overdue = self.request.query_params.get("overdue", "").lower() in {"1", "true", "yes"}
        qs = visible_deadlines(self.request.user, overdue=overdue or None)
        status = self.request.query_params.get("status")
        if status:
            qs = qs.filter(status=status)
        return qs
