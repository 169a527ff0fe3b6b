"""The council API: thin views over selectors and services.

A council the caller is not on answers 404; ballots are blind until the round closes
(``selectors.visible_ballots``); every refusal carries its reason.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_kh_cn.api.views import api_exception_handler
from tasks_kh_cn.models import Document
from workflows.services import TransitionError

from . import minutes, selectors, services
from .errors import CouncilError
from .models import Ballot, Council, CouncilMember
from .permissions import can_open_dossier, can_read_results, can_view_council
from .serializers import (
    BallotSerializer,
    BallotWriteSerializer,
    ConflictSerializer,
    CouncilDetailSerializer,
    CouncilSerializer,
    DecideSerializer,
    PresenceSerializer,
    ReplaceSerializer,
)


def members_with_people():
    """Prefetch the members with their users' profiles: the API names them (people.person_name)."""
    return Prefetch("members", queryset=CouncilMember.objects.select_related("user__profile"))


class CouncilAPIView(APIView):
    """Bad input answers 400 in the API's one error shape ({"detail", "errors"})."""

    def get_exception_handler(self):
        return api_exception_handler


def council_or_404(request, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("case"), pk=pk)
    if not can_view_council(request.user, council):
        raise Http404(_("Không tìm thấy hội đồng."))
    return council


def refusal(exc) -> Response:
    return Response({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)


class CouncilList(ListAPIView):
    serializer_class = CouncilSerializer

    def get_queryset(self):
        return selectors.visible_councils(self.request.user).prefetch_related(members_with_people())


class CouncilDetail(CouncilAPIView):
    serializer_class = CouncilDetailSerializer  # the OpenAPI schema's hint
    def get(self, request, pk):
        council = council_or_404(request, pk)
        council = Council.objects.prefetch_related(members_with_people(), "outcomes").get(pk=council.pk)
        return Response(CouncilDetailSerializer(council).data)


class DeclareConflict(CouncilAPIView):
    serializer_class = ConflictSerializer  # the OpenAPI schema's hint
    def post(self, request, pk):
        council = council_or_404(request, pk)
        form = ConflictSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            services.declare_conflict(council=council, user=request.user, **form.validated_data)
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã ghi nhận khai báo.")})


class BallotList(CouncilAPIView):
    serializer_class = BallotSerializer  # the OpenAPI schema's hint
    def get(self, request, pk):
        council = council_or_404(request, pk)
        ballots = selectors.visible_ballots(council, request.user)
        return Response(BallotSerializer(ballots, many=True).data)


class MyBallot(CouncilAPIView):
    """GET: my ballots of the current round; PUT: save a draft; POST (…/submit/): submit."""
    serializer_class = BallotWriteSerializer  # the OpenAPI schema's hint

    submit = False

    def get(self, request, pk):
        council = council_or_404(request, pk)
        ballots = Ballot.objects.filter(council=council, member__user=request.user,
                                        round=council.round).prefetch_related("items") \
            .select_related("member", "dossier")
        return Response(BallotSerializer(ballots, many=True).data)

    def put(self, request, pk):
        return self._write(request, pk, services.save_ballot)

    def post(self, request, pk):
        if not self.submit:
            return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
        return self._write(request, pk, services.submit_ballot)

    def _write(self, request, pk, service):
        council = council_or_404(request, pk)
        form = BallotWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        dossier = data.pop("case", None)
        if dossier is not None:
            dossier = council.dossiers.filter(case_id=dossier).first()
            if dossier is None:
                raise Http404(_("Hồ sơ không thuộc hội đồng này."))
        try:
            ballot = service(council=council, user=request.user, dossier=dossier,
                             items=data.get("items") or {}, overall=data.get("overall", ""),
                             comment=data.get("comment"))
        except CouncilError as exc:
            return refusal(exc)
        ballot = Ballot.objects.select_related("member", "dossier").prefetch_related(
            "items").get(pk=ballot.pk)
        return Response(BallotSerializer(ballot).data)


class Presence(CouncilAPIView):
    """The secretary records a member as present or absent: {"present": false}."""
    serializer_class = PresenceSerializer  # the OpenAPI schema's hint

    def post(self, request, pk, member_pk):
        council = council_or_404(request, pk)
        member = get_object_or_404(council.members, pk=member_pk)
        form = PresenceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            services.mark_absent(council=council, member=member, by=request.user,
                                 present=form.validated_data["present"])
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã ghi nhận.")})


class Replace(CouncilAPIView):
    """The officer seats another person in an excluded or absent member's seat: {"user": id}."""
    serializer_class = ReplaceSerializer  # the OpenAPI schema's hint

    def post(self, request, pk, member_pk):
        council = council_or_404(request, pk)
        member = get_object_or_404(council.members, pk=member_pk)
        form = ReplaceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(pk=form.validated_data["user"]).first()
        if user is None:
            message = _("Không tìm thấy người thay thế.")
            return Response({"detail": message, "errors": {"user": [message]}},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            replacement = services.replace_member(council=council, member=member, user=user,
                                                  by=request.user)
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã thay thế thành viên."), "member": replacement.pk})


class CloseRound(CouncilAPIView):
    serializer_class = CouncilDetailSerializer  # the OpenAPI schema's hint
    def post(self, request, pk):
        council = council_or_404(request, pk)
        try:
            services.close_round(council=council, by=request.user)
        except CouncilError as exc:
            return refusal(exc)
        return Response({"detail": _("Đã kết thúc phiên bỏ phiếu.")})


class Decide(CouncilAPIView):
    serializer_class = DecideSerializer  # the OpenAPI schema's hint
    def post(self, request, pk):
        council = council_or_404(request, pk)
        form = DecideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        second_round, reason = data.pop("second_round"), data.pop("reason")
        try:
            if second_round:
                services.request_second_round(council=council, by=request.user, reason=reason)
            else:
                services.decide(council=council, by=request.user, data=data)
        except (CouncilError, TransitionError) as exc:
            return refusal(exc)
        return Response({"detail": _("Đã ghi nhận quyết định.")})


class Dossier(CouncilAPIView):
    """The documents of the dossiers the council reviews: only after declaring no conflict."""
    serializer_class = CouncilDetailSerializer  # the OpenAPI schema's hint

    def get(self, request, pk):
        council = council_or_404(request, pk)
        decision = can_open_dossier(request.user, council)
        if not decision:
            return Response({"detail": decision.reason}, status=status.HTTP_403_FORBIDDEN)
        documents = Document.objects.filter(case__council_dossiers__council=council) \
            .select_related("case", "current_version").order_by("case_id", "kind", "id")
        return Response([{"case": d.case.code, "kind": d.kind, "title": d.title,
                          "version": d.current_version_id} for d in documents])


class Minutes(CouncilAPIView):
    """Biên bản of the latest closed round, as DOCX or PDF."""
    serializer_class = CouncilDetailSerializer  # the OpenAPI schema's hint

    def get(self, request, pk, fmt):
        council = council_or_404(request, pk)
        if fmt not in ("docx", "pdf"):
            raise Http404(_("Định dạng không hỗ trợ."))
        if selectors.latest_outcome(council) is None:
            return Response({"detail": _("Chưa có kết quả để lập biên bản.")},
                            status=status.HTTP_409_CONFLICT)
        decision = can_read_results(request.user, council)
        if not decision:
            return Response({"detail": decision.reason}, status=status.HTTP_403_FORBIDDEN)
        if fmt == "docx":
            content, mime = minutes.as_docx(council), minutes.DOCX
        else:
            content, mime = minutes.as_pdf(council), "application/pdf"
        response = HttpResponse(content, content_type=mime)
        response["Content-Disposition"] = (
            f'attachment; filename="bien-ban-hoi-dong-{council.pk}.{fmt}"')
        return response
