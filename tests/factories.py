"""Factories per role and helpers that walk a case through its lifecycle via the services."""

import datetime
import io
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document as DocxDocument
from openpyxl import Workbook
from pypdf import PdfWriter

from tasks_kh_cn.councils.models import Expert, ExpertiseField
from tasks_kh_cn.models import CaseKind, DocumentKind, Organisation, Profile, RequiredDocument
from tasks_kh_cn.services.cases import assign_officer, create_case
from tasks_kh_cn.services.documents import upload_document
from tasks_kh_cn.services.organisations import add_member, create_organisation
from tasks_kh_cn.validators import tax_check_digit
from workflows.roles import Role
from workflows.services import perform_transition

User = get_user_model()
_tax_seq = itertools.count(1)


def valid_tax_code() -> str:
    """A fresh 10-digit tax code with a correct check digit."""
    while True:
        head = f"28{next(_tax_seq):07d}"
        digit = tax_check_digit(head)
        if digit is not None and not Organisation.objects.filter(tax_code=f"{head}{digit}").exists():
            return f"{head}{digit}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        self.save()


def user_with_role(role, **kwargs):
    return UserFactory(roles=[role], **kwargs)


def make_organisation(**overrides):
    fields = dict(
        name=f"Công ty TNHH Thử nghiệm {next(_tax_seq)}", kind="enterprise",
        tax_code=valid_tax_code(), district="tp_thanh_hoa", size_class="small",
    )
    fields.update(overrides)
    return create_organisation(**fields)


def make_enterprise_user(organisation=None, **kwargs):
    organisation = organisation or make_organisation()
    user = UserFactory(**kwargs)
    add_member(organisation=organisation, user=user)
    return User.objects.get(pk=user.pk)


def productivity_quality_field():
    return ExpertiseField.objects.get_or_create(
        code="nang-suat-chat-luong", defaults={"name": "Năng suất, chất lượng",
                                               "productivity_quality": True})[0]


def make_registry_expert(full_name="Nguyễn Văn Chuyên", *, fields=None, entered=None, **extra):
    """An expert of the councils' registry (the one registry the plan counts too); by default
    in the productivity and quality field, entered on ``entered`` (a date)."""
    user = UserFactory()
    Profile.objects.create(user=user, full_name=full_name)
    if entered is not None:
        extra["created_at"] = timezone.make_aware(datetime.datetime.combine(entered,
                                                                            datetime.time(8)))
    expert = Expert.objects.create(user=user, degree="master", **extra)
    expert.fields.set(fields if fields is not None else [productivity_quality_field()])
    return expert


def pdf_bytes(pages=1, size=72) -> bytes:
    """A real PDF (pypdf opens it) of ``pages`` blank pages."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=size, height=size)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text="Biên bản") -> bytes:
    out = io.BytesIO()
    document = DocxDocument()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def xlsx_bytes(value="Dự toán") -> bytes:
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = value
    workbook.save(out)
    return out.getvalue()


PDF_BYTES = pdf_bytes()


def pdf(name="tai-lieu.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload_required(case, stage, user):
    kinds = RequiredDocument.objects.filter(rule_set=case.rule_set, stage=stage).filter(
        case_kind__in=["", case.kind]).values_list("document_kind", flat=True)
    for kind in kinds:
        upload_document(case=case, kind=kind, title=str(DocumentKind(kind).label),
                        uploaded=pdf(f"{kind}.pdf"), user=user)


def make_case(host_user, kind=CaseKind.RESEARCH, **overrides):
    organisation = host_user.organisations.first()
    fields = dict(created_by=host_user, host=organisation, title="Nghiên cứu ứng dụng ISO 9001",
                  kind=kind, requested_budget=900_000_000)
    fields.update(overrides)
    if kind == CaseKind.PILOT_MODEL and "proposer" not in overrides:
        # Plan 3.4: a pilot model has its proposing agency and answers a call.
        fields["proposer"], fields["call"] = pilot_proposer_and_call(host_user)
    return create_case(**fields)


def pilot_proposer_and_call(user):
    authority = make_organisation(name="UBND huyện Thọ Xuân", kind="authority")
    authority.memberships.create(user=user)
    return authority, make_pilot_call()


def make_pilot_call():
    """An open call for pilot models (plan 3.4: a pilot model answers a call)."""
    from tasks_kh_cn.models import Call, RuleSet

    now = timezone.now()
    return Call.objects.create(
        code=f"TB-MHD-{Call.objects.count() + 1}", title="Mô hình điểm", kind="pilot_model",
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=30),
        rule_set=RuleSet.current())


class Cast:
    """One user per role, as in seed_demo: the people a case story needs."""

    def __init__(self):
        self.host = make_enterprise_user(username="ent")
        self.other_host = make_enterprise_user(username="ent_other")
        self.officer = user_with_role(Role.OFFICER, username="off")
        self.other_officer = user_with_role(Role.OFFICER, username="off_other")
        self.approver = user_with_role(Role.APPROVER, username="appr")
        self.finance = user_with_role(Role.FINANCE, username="fin")
        self.reviewer = user_with_role(Role.REVIEWER, username="rev")


def act(case, name, user, **data):
    return perform_transition(case=case, name=name, user=user, data=data)


TODAY = lambda: timezone.localdate()  # noqa: E731


# The research happy path: (transition, who acts, payload, documents to upload first).
def research_path(cast):
    today = TODAY()
    return [
        ("submit", cast.host, {}, "proposal"),
        ("accept_proposal", cast.officer, {}, None),
        ("list_task", cast.approver, {"decision_number": "123/QĐ-UBND",
                                      "decision_date": today.isoformat()}, None),
        ("submit_dossier", cast.host, {}, "appraisal"),
        ("open_dossier", cast.officer, {}, None),
        ("select", cast.approver, {"comment": "Hội đồng đề nghị giao trực tiếp"}, None),
        ("submit_revision", cast.host, {}, None),
        ("appraise_budget", cast.finance, {"appraised_budget": 850_000_000}, None),
        ("approve", cast.approver, {"approved_budget": 800_000_000,
                                    "lump_sum_mode": "final_product", "duration_months": 18},
         None),
        ("prepare_contract", cast.officer, {"first_advance": 400_000_000}, None),
        ("sign_contract", cast.host, {}, None),
        ("countersign_contract", cast.approver, {"start_date": today.isoformat()}, None),
        ("finish_implementation", cast.host, {}, None),
        ("submit_acceptance", cast.host, {}, "acceptance"),
        ("accept_acceptance_dossier", cast.officer, {}, None),
        ("record_acceptance", cast.approver, {"rating": "pass", "minutes_number": "05/BB-HĐNT"},
         None),
        ("submit_final_revision", cast.host, {}, None),
        ("recognise", cast.approver, {}, None),
        ("settle", cast.finance, {}, None),  # the ledger's accounted total
        ("liquidate", cast.officer, {}, None),
    ]


# The approver's steps that follow a council: the council runs through its services and its
# decision takes the transition (tasks_kh_cn.councils.conditions make them wait for it).
COUNCIL_STEPS = {"list_task": "identification", "select": "direct_assignment",
                 "record_acceptance": "acceptance"}


def take_step(case, cast, name, user, data, stage=None, host=None, prepare=True):
    """One step of a case's story as its people take it: the host uploads the dossier a
    transition needs; a council decides the steps that follow one; others act directly."""
    from tests.councils.helpers import run_council

    host = host or cast.host
    if user == cast.host:
        user = host
    if stage:
        upload_required(case, stage, host)
    prepare_documents(case, name, cast, host)
    if prepare:
        prepare_kind_specifics(case, name, cast, host)
    data = support_amounts(case, name, data)
    if name in COUNCIL_STEPS:
        return run_council(case, cast, COUNCIL_STEPS[name], decision=data,
                           rating=data.get("rating", "pass"))
    case = perform_transition(case=case, name=name, user=user, data=data)
    if name == "submit" and case.assigned_officer_id != cast.officer.pk:
        # Submission went to the least-loaded officer; the story follows cast.officer.
        case = assign_officer(case=case, officer=cast.officer)
    return case


def support_amounts(case, name, data):
    """An enterprise-support case is approved at most its supportable total (TT 35/2021
    art. 11(1)), so the story's research figures shrink to it."""
    if case.kind != CaseKind.ENTERPRISE_SUPPORT:
        return data
    from tasks_kh_cn.support.models import SupportItemRequest

    total = sum(SupportItemRequest.objects.filter(request__case=case)
                .values_list("requested_amount", flat=True))
    approved = type(case).objects.get(pk=case.pk).approved_budget or 0
    if name == "approve":
        return {**data, "approved_budget": min(data["approved_budget"], total)}
    if name == "prepare_contract":
        return {**data, "first_advance": min(data["first_advance"], approved // 2)}
    return data


def walk(case, cast, until=None, host=None):
    """Drive ``case`` along the research path up to (not including) ``until``.

    ``host`` acts for the host organisation when the case is not ``cast.host``'s.
    """
    for name, user, data, stage in research_path(cast):
        if until is not None and name == until:
            return case
        case = take_step(case, cast, name, user, data, stage, host)
    return case


def prepare_kind_specifics(case, name, cast, host):
    """What an enterprise-support or pilot-model case needs before some transitions."""
    from tasks_kh_cn.models import CaseKind

    if case.kind == CaseKind.ENTERPRISE_SUPPORT and name == "submit_dossier":
        from tasks_kh_cn.support.models import SupportItem, SupportItemRequest
        from tasks_kh_cn.support.services import add_support_item

        if not SupportItemRequest.objects.filter(request__case=case).exists():
            # The first catalogue item the enterprise has not had within the repeat window.
            from django.core.exceptions import ValidationError

            for item in SupportItem.objects.order_by("pk"):
                try:
                    add_support_item(case=case, user=host, item=item, cost_estimate=80_000_000,
                                     quotation_file=pdf("bao-gia.pdf"))
                    break
                except ValidationError:
                    continue
    elif case.kind == CaseKind.ENTERPRISE_SUPPORT and name == "submit_acceptance":
        from tasks_kh_cn.support.models import SupportItemRequest
        from tasks_kh_cn.support.services import record_evidence

        today = TODAY()
        for item in SupportItemRequest.objects.filter(request__case=case, evidence__isnull=True):
            record_evidence(item_request=item, user=host, certificate_number="QMS-2026-01",
                            certification_body="QUACERT", valid_from=today,
                            valid_until=today + datetime.timedelta(days=3 * 365),
                            audit_report_file=pdf("danh-gia.pdf"))
    elif case.kind == CaseKind.PILOT_MODEL and name == "finish_implementation":
        carry_out_pilot_steps(case, cast, host)


def prepare_documents(case, name, cast, host):
    """What every kind of case needs before some transitions (tasks_kh_cn.funding): each
    side's signed scan of the contract and of the liquidation minutes, the results'
    registration certificate before the recognition."""
    if name in ("sign_contract", "countersign_contract"):
        sign_contract_scan(case, host if name == "sign_contract" else cast.approver)
    elif name == "recognise":
        register_results(case, host)
    elif name == "liquidate":
        sign_liquidation_minutes(case, host, cast.approver)


def sign_contract_scan(case, user):
    """The signed scan (PDF) of the issued contract, by the host or the department
    (tasks_kh_cn.funding.signing); once per side."""
    from tasks_kh_cn.funding.signing import contract_of, side_of, sign_document

    contract = contract_of(case)
    if not contract.signatures.filter(side=side_of(user, case)).exists():
        sign_document(document=contract, user=user, scan=pdf("hop-dong-da-ky.pdf"))


def register_results(case, user):
    """The registration certificate of the results (NĐ 11/2014), once."""
    from tasks_kh_cn.funding.closing import register_results as register
    from tasks_kh_cn.funding.models import ResultsRegistration

    if not ResultsRegistration.objects.filter(case=case).exists():
        register(case=case, user=user, certificate_number="15/2026/GCN-KQNV",
                 certificate_date=TODAY())


def sign_liquidation_minutes(case, host, approver):
    """Both sides' signed scans of the liquidation minutes issued at the settlement."""
    from tasks_kh_cn.funding.models import IssuedDocument
    from tasks_kh_cn.funding.signing import sign_document

    minutes = IssuedDocument.objects.filter(case=case, kind="liquidation_minutes").last()
    done = set(minutes.signatures.values_list("side", flat=True))
    for side, user in (("host", host), ("department", approver)):
        if side not in done:
            sign_document(document=minutes, user=user, scan=pdf("thanh-ly-da-ky.pdf"))


PILOT_BASELINE = {"labour-productivity": 120_000_000, "defect-rate": 5}
PILOT_AFTER = {"labour-productivity": 150_000_000, "defect-rate": 2}


def carry_out_pilot_steps(case, cast, host):
    """The plan's six steps in order; step 5 recognised by the approver (plan 3.4)."""
    from tasks_kh_cn.pilots.models import Indicator, Milestone
    from tasks_kh_cn.pilots.services import (
        add_step_evidence,
        perform_step_transition,
        record_measurement,
    )

    def step(n):
        return Milestone.objects.get(case=case, step=n)

    for n in range(1, 7):
        if step(n).status in ("done", "recognised"):
            continue
        perform_step_transition(milestone=step(n), name="start", user=host)
        add_step_evidence(milestone=step(n), user=host, uploaded=pdf(f"buoc-{n}.pdf"))
        for code, value in {1: PILOT_BASELINE, 6: PILOT_AFTER}.get(n, {}).items():
            record_measurement(milestone=step(n), user=host,
                               indicator=Indicator.objects.get(code=code), value=value)
        perform_step_transition(milestone=step(n), name="complete", user=host)
        if n == 5:
            perform_step_transition(milestone=step(5), name="recognise", user=cast.approver,
                                    data={"decision_number": "15/QĐ-SKHCN",
                                          "decision_date": TODAY().isoformat()})
