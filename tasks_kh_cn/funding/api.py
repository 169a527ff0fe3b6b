"""/api/funding/…: the tranche ledger, thin over the services and selectors.

A case the caller may not see is a 404; seen but not theirs to act on, a 403 with the
reason; bad input, field errors in the user's language (tasks_kh_cn.support.api_base).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView, visible_case_or_404

from . import services
from .models import MAX_VND, Tranche, TrancheSettlement
from .permissions import may_read_ledger
from .selectors import accounted_of, balance, ledger_rows


def _person(user):
    return person_name(user) if user is not None else None


def settlement_data(s):
    return {"id": s.pk, "amount": s.amount, "description": s.description,
            "status": s.status, "status_label": s.get_status_display(),
            "evidence": s.evidence_id, "recorded_by": _person(s.recorded_by),
            "recorded_at": s.recorded_at, "reviewed_by": _person(s.reviewed_by),
            "reviewed_at": s.reviewed_at, "review_note": s.review_note}


def tranche_data(t):
    return {"id": t.pk, "number": t.number, "amount": t.amount, "status": t.status,
            "status_label": t.get_status_display(), "note": t.note,
            "requested_by": _person(t.requested_by), "requested_at": t.requested_at,
            "checked_by": _person(t.checked_by), "checked_at": t.checked_at,
            "paid_by": _person(t.paid_by), "paid_on": t.paid_on,
            "payment_reference": t.payment_reference, "refusal_reason": t.refusal_reason,
            "confirm_by": t.deadline.due_on if t.deadline_id else None,
            "accounted": accounted_of(t),
            "settlements": [settlement_data(s) for s in t.settlements.all()]}


def ledger_data(case):
    b = balance(case)
    return {"case": case.pk, "balance": {
        "approved": b.approved, "advanced": b.advanced, "pending": b.pending,
        "accounted": b.accounted, "awaiting_review": b.awaiting_review,
        "remaining": b.remaining, "unaccounted": b.unaccounted},
        "tranches": [tranche_data(t) for t in ledger_rows(case)]}


def readable_case(request, case_id):
    case = visible_case_or_404(request.user, case_id)
    may_read_ledger(request.user, case).require()
    return case


class LedgerView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        return Response(ledger_data(readable_case(request, case_id)))


class TrancheInput(serializers.Serializer):
    amount = serializers.IntegerField(max_value=MAX_VND)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TrancheListView(ServiceAPIView):
    """The host asks for an advance."""

    @extend_schema(request=TrancheInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = readable_case(request, case_id)
        services.may_request(request.user, case).require()  # the door before the input
        data = TrancheInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_tranche(case=case, user=request.user, **data.validated_data)
        return Response(ledger_data(case), status=status.HTTP_201_CREATED)


def _tranche(case, pk):
    tranche = get_object_or_404(Tranche, pk=pk, case=case)
    tranche.case = case
    return tranche


class TrancheDecisionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["check", "pay", "refuse"])
    paid_on = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=64)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TrancheDecisionView(ServiceAPIView):
    """Finance checks, pays or refuses an advance."""

    @extend_schema(request=TrancheDecisionInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        tranche = _tranche(case, pk)
        services.may_confirm(request.user, case).require()
        data = TrancheDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        if action == "check":
            services.check_tranche(tranche=tranche, user=request.user)
        elif action == "pay":
            services.pay_tranche(tranche=tranche, user=request.user,
                                 paid_on=data.validated_data.get("paid_on"),
                                 reference=data.validated_data.get("reference", ""))
        else:
            services.refuse_tranche(tranche=tranche, user=request.user,
                                    reason=data.validated_data.get("reason", ""))
        return Response(ledger_data(case))


class SettlementInput(serializers.Serializer):
    amount = serializers.IntegerField(max_value=MAX_VND)
    description = serializers.CharField(max_length=500)
    evidence = serializers.FileField()


class SettlementListView(ServiceAPIView):
    """The host accounts for money of a paid advance, with its evidence."""

    @extend_schema(request=SettlementInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        tranche = _tranche(case, pk)
        services.may_request(request.user, case).require()
        data = SettlementInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_settlement(tranche=tranche, user=request.user, **data.validated_data)
        return Response(ledger_data(case), status=status.HTTP_201_CREATED)


class SettlementReviewInput(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SettlementReviewView(ServiceAPIView):
    """Finance confirms (or not) a settlement."""

    @extend_schema(request=SettlementReviewInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        settlement = get_object_or_404(TrancheSettlement, pk=pk, tranche__case=case)
        services.may_confirm(request.user, case).require()
        data = SettlementReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_settlement(settlement=settlement, user=request.user,
                                   **data.validated_data)
        return Response(ledger_data(case))
