"""Read shapes of the council API (writes go through the services)."""

from rest_framework import serializers

from tasks_kh_cn.people import person_name

from .models import Ballot, BallotItem, Council, CouncilMember, Outcome


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    role_label = serializers.CharField(source="get_role_display")
    conflict_label = serializers.CharField(source="get_conflict_display")

    class Meta:
        model = CouncilMember
        fields = ["id", "seat", "role", "role_label", "authorised_vice_chair", "name",
                  "conflict", "conflict_label", "present"]

    def get_name(self, member):
        return person_name(member.user)


class OutcomeSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display")

    class Meta:
        model = Outcome
        fields = ["round", "result", "result_label", "winner", "appraised_amount", "details",
                  "rule_set_code", "rule_version", "created_at"]


class CouncilSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code")
    type_label = serializers.CharField(source="get_council_type_display")
    status_label = serializers.CharField(source="get_status_display")
    members = serializers.SerializerMethodField()

    class Meta:
        model = Council
        fields = ["id", "case", "case_code", "council_type", "type_label", "status",
                  "status_label", "round", "number", "ballots_due", "criteria", "members"]

    def get_members(self, council) -> list[dict]:
        active = [m for m in council.members.all() if m.replaced_by_id is None]
        return MemberSerializer(active, many=True).data


class CouncilDetailSerializer(CouncilSerializer):
    outcomes = serializers.SerializerMethodField()

    class Meta(CouncilSerializer.Meta):
        fields = [*CouncilSerializer.Meta.fields, "outcomes"]

    def get_outcomes(self, council) -> list[dict]:
        # Outcomes exist only for closed rounds, so showing them never breaks blindness.
        return OutcomeSerializer(council.outcomes.all(), many=True).data


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = BallotItem
        fields = ["criterion", "score", "rating", "comment"]


class BallotSerializer(serializers.ModelSerializer):
    seat = serializers.IntegerField(source="member.seat")
    role = serializers.CharField(source="member.role")
    case = serializers.IntegerField(source="dossier.case_id")
    items = ItemSerializer(many=True)

    class Meta:
        model = Ballot
        fields = ["id", "seat", "role", "case", "round", "status", "overall", "comment",
                  "submitted_at", "items"]


class BallotWriteSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    items = serializers.DictField(child=serializers.DictField(), required=False)
    overall = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ConflictSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReplaceSerializer(serializers.Serializer):
    """Typed only: who may take the seat is the service's rule (forming.seat_errors)."""

    user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class PresenceSerializer(serializers.Serializer):
    present = serializers.BooleanField(default=False)


class DecideSerializer(serializers.Serializer):
    """The decision's payload (checked by the case transition it takes), or a second round."""

    second_round = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    decision_date = serializers.CharField(required=False, allow_blank=True, max_length=32)
    minutes_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
