"""Survey pages: officers open campaigns, read coverage, compare, export; enterprises answer
their own establishment's form and turn a need into a draft support proposal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks_kh_cn.views.sections import date_inputs, is_department

from .models import SurveyNeed, SurveyResponse, SurveyRound
from .survey import (
    AnswerForm,
    CampaignForm,
    answer,
    next_campaign_due,
    open_campaign,
    propose_from_need,
)
from .survey_stats import AREAS, campaign_figures, coverage_by_district, export_campaign
from .web_common import XLSX, forbidden


def _form_errors(form, error):
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def campaigns(request):
    if not is_department(request.user):
        return forbidden(request)
    form = date_inputs(CampaignForm())
    if request.method == "POST":
        form = date_inputs(CampaignForm(request.POST))
        try:
            created = open_campaign(data=request.POST)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã mở đợt khảo sát."))
            return redirect("plan:survey-campaign", created.pk)
    rounds = list(SurveyRound.objects.order_by("-closed_on")[:12])
    # Appendix 5.2: the database is updated every 6 months after the last campaign closed.
    next_due = next_campaign_due(rounds[0].closed_on) if rounds else None
    return render(request, "plan/survey_campaigns.html", {
        "form": form, "figures": campaign_figures(rounds), "areas": AREAS, "next_due": next_due,
        "next_late": next_due is not None and next_due < timezone.localdate(),
    }, status=400 if form.errors else 200)


@login_required
def campaign(request, pk):
    if not is_department(request.user):
        return forbidden(request)
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    previous = SurveyRound.objects.filter(closed_on__lt=survey_round.closed_on).order_by(
        "-closed_on").first()
    figures = campaign_figures([r for r in (survey_round, previous) if r])
    responses = survey_round.responses.select_related("organisation").prefetch_related(
        "stated_needs__item", "stated_needs__proposal").order_by("organisation__name")
    return render(request, "plan/survey_campaign.html", {
        "round": survey_round, "figures": figures, "areas": AREAS,
        "districts": coverage_by_district(survey_round),
        "page": Paginator(responses, 50).get_page(request.GET.get("page")),
    })


@login_required
def campaign_export(request, pk):
    if not is_department(request.user):
        return forbidden(request)
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    response = HttpResponse(export_campaign(survey_round), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="khao-sat-{survey_round.pk}.xlsx"'
    return response


@login_required
def mine(request):
    """An enterprise's open campaigns and its own answers (nobody else's)."""
    organisations = list(request.user.organisations.order_by("name"))
    if not organisations:
        return forbidden(request)
    today = timezone.localdate()
    open_rounds = SurveyRound.objects.filter(opens_on__lte=today, closed_on__gte=today).order_by(
        "closed_on")
    answers = SurveyResponse.objects.filter(organisation__in=organisations).select_related(
        "survey_round", "organisation").prefetch_related("stated_needs__item",
                                                         "stated_needs__proposal").order_by(
        "-survey_round__closed_on")[:50]
    return render(request, "plan/survey_mine.html", {
        "organisations": organisations, "open_rounds": open_rounds, "answers": answers})


@login_required
def answer_view(request, pk, organisation_id):
    organisation = request.user.organisations.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404  # another establishment's answer does not exist for this user
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    existing = SurveyResponse.objects.filter(survey_round=survey_round,
                                             organisation=organisation).first()
    initial = {"needs_items": [n.item_id for n in existing.stated_needs.all()]} if existing else {}
    form = AnswerForm(instance=existing, initial=initial)
    if request.method == "POST":
        form = AnswerForm(request.POST, instance=existing)
        try:
            answer(survey_round=survey_round, organisation=organisation, user=request.user,
                   data=request.POST)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã gửi phiếu khảo sát."))
            return redirect("plan:survey-mine")
    return render(request, "plan/survey_answer.html", {
        "round": survey_round, "organisation": organisation, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def propose(request, pk):
    need = get_object_or_404(SurveyNeed.objects.filter(
        response__organisation__memberships__user=request.user), pk=pk)
    try:
        case = propose_from_need(need=need, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plan:survey-mine")
    messages.success(request, _("Đã lập đề xuất hỗ trợ %(code)s từ nhu cầu đã nêu.") % {
        "code": case.code})
    return redirect("web:case-detail", case.pk)
