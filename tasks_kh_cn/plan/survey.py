"""The enterprise survey (plan 3.5, appendix 5.2: a database of status and needs, updated
every 6 months): campaigns with a deadline and reminders, online answers, needs turned
into draft support proposals traced back to the answer.

A campaign's deadline is a ``notifications.Deadline`` per member of each invited
establishment (code ``plan-survey-<id>``), so the reminder policy applies; answering
meets the establishment's deadlines.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.deadline_titles import titled
from notifications.models import Deadline, DeadlineStatus, DueUnit
from tasks_kh_cn.models import CaseKind, Membership, OrganisationKind, RuleSet
from tasks_kh_cn.services.cases import create_case
from tasks_kh_cn.support.models import SupportItem
from workflows.deadlines import end_of
from workflows.roles import Role

from .models import SurveyNeed, SurveyResponse, SurveyRound

SURVEY_LEGAL_BASIS = "Kế hoạch nâng cao năng suất, chất lượng tỉnh Thanh Hóa 2021–2025"
SURVEY_ARTICLE = "Phụ lục mục 5.2: cập nhật 6 tháng/lần"
INTERVAL = relativedelta(months=6)  # appendix 5.2: "được cập nhật 6 tháng/lần"
SURVEYED_KINDS = [OrganisationKind.ENTERPRISE, OrganisationKind.OCOP_PRODUCER]
SURVEY_DEADLINE_PREFIX = "plan-survey-"


def deadline_code(survey_round) -> str:
    return f"{SURVEY_DEADLINE_PREFIX}{survey_round.pk}"


class CampaignForm(forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "opens_on", "closed_on"]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closed_on")
        if opens and closes and closes <= opens:
            self.add_error("closed_on", _("Hạn trả lời phải sau ngày mở khảo sát."))
        if opens and closes and closes > opens + INTERVAL:
            self.add_error("closed_on", _("Một đợt khảo sát kéo dài không quá 6 tháng."))
        return data


@transaction.atomic
def open_campaign(*, data) -> SurveyRound:
    """A campaign and the deadline of every member of every surveyed establishment."""
    form = CampaignForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    if form.cleaned_data.get("opens_on") is None:
        raise ValidationError({"opens_on": _("Cần ngày mở khảo sát.")})
    survey_round = form.save()
    due = survey_round.closed_on
    rule_set = RuleSet.current()
    members = Membership.objects.filter(organisation__kind__in=SURVEYED_KINDS,
                                        user__is_active=True).values_list("user_id", flat=True)
    Deadline.objects.bulk_create([Deadline(
        case=None, rule_set=rule_set, code=deadline_code(survey_round), sequence=1,
        **titled(gettext_lazy("Trả lời phiếu khảo sát “%(title)s”"),
                 {"title": survey_round.title}),
        owed_by_role=Role.ENTERPRISE, owed_by_user_id=user_id, due_at=end_of(due), due_on=due,
        amount=(due - survey_round.opens_on).days, unit=DueUnit.CALENDAR_DAYS,
        legal_basis=SURVEY_LEGAL_BASIS, legal_article=SURVEY_ARTICLE,
    ) for user_id in sorted(set(members))], batch_size=1000)
    return survey_round


class AnswerForm(forms.ModelForm):
    needs_items = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Nhu cầu hỗ trợ (danh mục TT 35/2021/TT-BTC)"), required=False,
        queryset=SupportItem.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SurveyResponse
        fields = ["management_systems", "productivity_tools", "standards", "measurement",
                  "technology", "applied_items", "needs"]
        widgets = {"applied_items": forms.CheckboxSelectMultiple,
                   "needs": forms.Textarea(attrs={"rows": 3})}


def is_member(user, organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation).exists()


@transaction.atomic
def answer(*, survey_round, organisation, user, data) -> SurveyResponse:
    """The establishment's answer (one per campaign, editable until the deadline)."""
    if not is_member(user, organisation):
        raise ValidationError({"organisation": _("Chỉ trả lời được cho tổ chức của mình.")})
    today = timezone.localdate()
    if today > survey_round.closed_on or (survey_round.opens_on and today < survey_round.opens_on):
        raise ValidationError({"survey_round": _("Đợt khảo sát không mở vào ngày này.")})
    existing = SurveyResponse.objects.filter(survey_round=survey_round,
                                             organisation=organisation).first()
    form = AnswerForm(data, instance=existing)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    response = form.save(commit=False)
    response.survey_round, response.organisation = survey_round, organisation
    response.respondent, response.submitted_at = user, timezone.now()
    response.save()
    form.save_m2m()
    chosen = set(form.cleaned_data["needs_items"])
    # A need already turned into a proposal stays: the proposal is traced back to it.
    response.stated_needs.filter(proposal__isnull=True).exclude(item__in=chosen).delete()
    have = set(response.stated_needs.values_list("item_id", flat=True))
    SurveyNeed.objects.bulk_create([SurveyNeed(response=response, item=item)
                                    for item in chosen if item.pk not in have])
    Deadline.objects.filter(
        code=deadline_code(survey_round), status=DeadlineStatus.OPEN,
        owed_by_user__in=organisation.memberships.values("user")).update(
        status=DeadlineStatus.SATISFIED, closed_at=timezone.now(),
        closed_by_transition="plan_survey_answered")
    return response


@transaction.atomic
def propose_from_need(*, need: SurveyNeed, user):
    """One click: a draft enterprise-support proposal prefilled from the stated need."""
    need = SurveyNeed.objects.select_for_update().select_related(
        "response__organisation", "response__survey_round", "item").get(pk=need.pk)
    organisation = need.response.organisation
    if not is_member(user, organisation):
        raise ValidationError({"need": _("Chỉ tổ chức đã nêu nhu cầu mới lập được đề xuất.")})
    if need.proposal_id:
        raise ValidationError({"need": _("Nhu cầu này đã có đề xuất %(code)s.") % {
            "code": need.proposal.code}})
    case = create_case(
        created_by=user, host=organisation, kind=CaseKind.ENTERPRISE_SUPPORT,
        title=_("Hỗ trợ %(org)s áp dụng %(item)s") % {"org": organisation.name, "item": need.item.name},
        summary=(_("Đề xuất lập từ phiếu khảo sát “%(round)s” (nhu cầu: %(item)s; nhóm %(group)s "
                   "Điều 9 TT 35/2021/TT-BTC). %(note)s") % {
            "round": need.response.survey_round.title, "item": need.item.name,
            "group": need.item.group, "note": need.note or need.response.needs}).strip())
    need.proposal = case
    need.save(update_fields=["proposal"])
    return case


def visible_responses(user):
    """An enterprise sees its own organisations' answers only."""
    return SurveyResponse.objects.filter(organisation__memberships__user=user)


def surveyed_organisations():
    return Q(kind__in=SURVEYED_KINDS)


def next_campaign_due(last_closed: datetime.date) -> datetime.date:
    return last_closed + INTERVAL
