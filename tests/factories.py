"""Factories per role and helpers that walk a case through its lifecycle via the services."""

import datetime
import io
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tasks_kh_cn.models import CaseKind, DocumentKind, RequiredDocument, RuleSet
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
        if digit is not None:
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


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
    return create_case(**fields)


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
        ("approve", cast.approver, {"decision_number": "456/QĐ-UBND",
                                    "decision_date": today.isoformat(),
                                    "approved_budget": 800_000_000,
                                    "lump_sum_mode": "final_product", "duration_months": 18},
         None),
        ("prepare_contract", cast.officer, {"contract_number": "01/2026/HĐ-KHCN",
                                            "first_advance": 400_000_000}, None),
        ("sign_contract", cast.host, {}, None),
        ("countersign_contract", cast.approver, {"start_date": today.isoformat()}, None),
        ("finish_implementation", cast.host, {}, None),
        ("submit_acceptance", cast.host, {}, "acceptance"),
        ("accept_acceptance_dossier", cast.officer, {}, None),
        ("record_acceptance", cast.approver, {"rating": "pass"}, None),
        ("submit_final_revision", cast.host, {}, None),
        ("recognise", cast.approver, {"decision_number": "789/QĐ-SKHCN",
                                      "decision_date": today.isoformat()}, None),
        ("settle", cast.finance, {"settled_amount": 790_000_000}, None),
    ]


# The approver's steps that follow a council: the council runs through its services and its
# decision takes the transition (tasks_kh_cn.councils.conditions make them wait for it).
COUNCIL_STEPS = {"list_task": "identification", "select": "direct_assignment",
                 "record_acceptance": "acceptance"}


def walk(case, cast, until=None):
    """Drive ``case`` along the research path, uploading dossiers as a host would."""
    from tests.councils.helpers import run_council

    for name, user, data, stage in research_path(cast):
        if until is not None and name == until:
            return case
        if stage:
            upload_required(case, stage, cast.host)
        if name in COUNCIL_STEPS:
            case = run_council(case, cast, COUNCIL_STEPS[name], decision=data,
                               rating=data.get("rating", "pass"))
            continue
        case = perform_transition(case=case, name=name, user=user, data=data)
    return case


__all__ = ["Cast", "RuleSet", "act", "make_case", "walk", "pdf", "io", "datetime"]
