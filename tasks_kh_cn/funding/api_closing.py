"""/api/funding/cases/<id>/…: results registration, refund decisions and their payments."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tasks_kh_cn.people import person_name
from tasks_kh_cn.support.api_base import ServiceAPIView

from . import closing
from .api import readable_case
from .closing_models import Refund, Restriction, ResultsRegistration
from .models import MAX_VND
from .permissions import may_confirm, may_register_results


def closing_rows(case):
    """Refunds (with payments) and restrictions of the case: three queries."""
    refunds = list(Refund.objects.filter(case=case).select_related("decision")
                   .prefetch_related("payments").order_by("pk"))
    restrictions = list(Restriction.objects.filter(case=case)
                        .select_related("organisation", "person__profile").order_by("pk"))
    registration = ResultsRegistration.objects.filter(case=case).first()
    return refunds, restrictions, registration


def closing_data(case):
    refunds, restrictions, registration = closing_rows(case)
    return {
        "results_registration": registration and {
            "certificate_number": registration.certificate_number,
            "certificate_date": registration.certificate_date},
        "refunds": [{"id": r.pk, "amount": r.amount, "due_on": r.due_on, "status": r.status,
                     "decision": r.decision.register_number, "reason": r.reason,
                     "paid": sum(p.amount for p in r.payments.all()),
                     "payments": [{"amount": p.amount, "paid_on": p.paid_on,
                                   "reference": p.reference} for p in r.payments.all()]}
                    for r in refunds],
        "restrictions": [{"who": r.organisation.name if r.organisation_id
                          else person_name(r.person), "starts_on": r.starts_on,
                          "ends_on": r.ends_on, "lifted_on": r.lifted_on, "reason": r.reason,
                          "legal_basis": r.legal_basis,
                          "is_default_assumption": r.is_default_assumption}
                         for r in restrictions],
    }


class ClosingView(ServiceAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        return Response(closing_data(readable_case(request, case_id)))


class RegistrationInput(serializers.Serializer):
    certificate_number = serializers.CharField(max_length=64)
    certificate_date = serializers.DateField()


class RegistrationView(ServiceAPIView):
    @extend_schema(request=RegistrationInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = readable_case(request, case_id)
        may_register_results(request.user, case).require()
        data = RegistrationInput(data=request.data)
        data.is_valid(raise_exception=True)
        closing.register_results(case=case, user=request.user, **data.validated_data)
        return Response(closing_data(case), status=status.HTTP_201_CREATED)


class RefundInput(serializers.Serializer):
    amount = serializers.IntegerField(max_value=MAX_VND)
    due_on = serializers.DateField()
    reason = serializers.CharField(max_length=4000)


class RefundListView(ServiceAPIView):
    """The approver decides a refund after Không đạt or termination."""

    @extend_schema(request=RefundInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id):
        case = readable_case(request, case_id)
        closing.is_approver(request.user, case).require()
        data = RefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        closing.decide_refund(case=case, user=request.user, **data.validated_data)
        return Response(closing_data(case), status=status.HTTP_201_CREATED)


class RefundPaymentInput(serializers.Serializer):
    amount = serializers.IntegerField(max_value=MAX_VND)
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=64)


class RefundPaymentView(ServiceAPIView):
    """Finance records money paid back."""

    @extend_schema(request=RefundPaymentInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, case_id, pk):
        case = readable_case(request, case_id)
        refund = get_object_or_404(Refund, pk=pk, case=case)
        may_confirm(request.user, case).require()
        data = RefundPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        closing.record_refund_payment(refund=refund, user=request.user, **data.validated_data)
        return Response(closing_data(case), status=status.HTTP_201_CREATED)
