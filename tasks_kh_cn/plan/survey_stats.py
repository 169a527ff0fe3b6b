"""What officers read from the survey: coverage, campaigns side by side, the Excel export."""

import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tasks_kh_cn.bilingual import shown
from tasks_kh_cn.models import Organisation

from .models import SurveyNeed, SurveyResponse, SurveyRound
from .statistics import district_names
from .survey import surveyed_organisations

AREAS = ["management_systems", "productivity_tools", "standards", "measurement", "technology"]


@dataclass
class CampaignFigures:
    survey_round: SurveyRound
    respondents: int = 0
    surveyed: int = 0
    areas: dict = field(default_factory=dict)  # area → establishments applying something
    needs: dict = field(default_factory=dict)  # item's name (page's language) → in need
    proposals: int = 0

    @property
    def coverage(self) -> int:
        return round(self.respondents * 100 / self.surveyed) if self.surveyed else 0


def campaign_figures(rounds) -> list[CampaignFigures]:
    """Figures of several campaigns in a fixed number of queries (3 whatever their number)."""
    rounds = list(rounds)
    surveyed = Organisation.objects.filter(surveyed_organisations()).count()
    out = {r.pk: CampaignFigures(r, surveyed=surveyed) for r in rounds}
    aggregates = {area: Count("id", filter=~Q(**{area: ""})) for area in AREAS}
    for row in SurveyResponse.objects.filter(survey_round__in=rounds).values(
            "survey_round").annotate(n=Count("id"), **aggregates).order_by():
        figures = out[row["survey_round"]]
        figures.respondents = row["n"]
        figures.areas = {area: row[area] for area in AREAS}
    for row in SurveyNeed.objects.filter(response__survey_round__in=rounds).values(
            "response__survey_round", "item__name", "item__name_en").annotate(
            n=Count("id"), proposed=Count("proposal")).order_by("item__name"):
        figures = out[row["response__survey_round"]]
        figures.needs[shown(row["item__name"], row["item__name_en"])] = row["n"]
        figures.proposals += row["proposed"]
    return [out[r.pk] for r in rounds]


def coverage_by_district(survey_round) -> list[tuple[str, int, int]]:
    """(district, answered, surveyed) for one campaign."""
    surveyed = dict(Organisation.objects.filter(surveyed_organisations()).values("district").annotate(
        n=Count("id")).order_by().values_list("district", "n"))
    answered = dict(survey_round.responses.values("organisation__district").annotate(
        n=Count("id")).order_by().values_list("organisation__district", "n"))
    names = district_names()
    return sorted(((names.get(d, d), answered.get(d, 0), n) for d, n in surveyed.items()),
                  key=lambda row: row[0])


def export_campaign(survey_round) -> bytes:
    with translation.override("vi"):
        wb = Workbook()
        ws = wb.active
        ws.title = _("Phiếu khảo sát")[:31]
        ws.append([_("Cơ sở"), _("Mã số thuế"), _("Huyện, thị xã, thành phố"),
                   _("Hệ thống quản lý"), _("Công cụ cải tiến năng suất"), _("Tiêu chuẩn, quy chuẩn"),
                   _("Đảm bảo đo lường"), _("Công nghệ cao, công nghệ số"), _("Đang áp dụng"),
                   _("Nhu cầu hỗ trợ"), _("Đề xuất đã lập"), _("Thời điểm trả lời")])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        names = district_names()
        responses = survey_round.responses.select_related("organisation").prefetch_related(
            "applied_items", "stated_needs__item", "stated_needs__proposal").order_by(
            "organisation__name")
        for r in responses:
            needs = list(r.stated_needs.all())
            ws.append([
                r.organisation.name, r.organisation.tax_code, names.get(r.organisation.district, ""),
                r.management_systems, r.productivity_tools, r.standards, r.measurement, r.technology,
                "; ".join(i.name for i in r.applied_items.all()),
                "; ".join(n.item.name for n in needs) + (f" — {r.needs}" if r.needs else ""),
                "; ".join(n.proposal.code for n in needs if n.proposal_id),
                timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M") if r.submitted_at else "",
            ])
        buffer = io.BytesIO()
        wb.save(buffer)
    return buffer.getvalue()
