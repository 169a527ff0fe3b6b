"""Demo data for ``manage.py seed_demo``: people per role, organisations, calls and cases.

Idempotent: everything is looked up by a natural key (username, tax code, call
code, case title) and only created when missing, so a second run changes nothing.
Cases are driven through ``workflows.services.perform_transition`` by the demo
user who owns each step, uploading the documents the rule set requires, exactly
as the users of the web app would.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.services import close_round, decide, declare_conflict, form_council, submit_ballot
from tasks_kh_cn.councils.services.ballots import on_step
from tasks_kh_cn.funding.closing import register_results
from tasks_kh_cn.funding.models import IssuedDocument
from tasks_kh_cn.funding.signing import contract_of, sign_document
from tasks_kh_cn.models import (
    Call,
    CaseKind,
    DocumentKind,
    Organisation,
    RequiredDocument,
    RuleSet,
    TaskCase,
)
from tasks_kh_cn.pilots.models import Indicator, Milestone
from tasks_kh_cn.pilots.services import add_step_evidence, perform_step_transition, record_measurement
from tasks_kh_cn.plan.demo import seed_programme
from tasks_kh_cn.services.cases import create_case
from tasks_kh_cn.services.documents import upload_document
from tasks_kh_cn.services.organisations import add_member, create_organisation, set_profile
from tasks_kh_cn.slugs import ascii_text, slug
from tasks_kh_cn.support.models import SupportItem, SupportItemRequest
from tasks_kh_cn.support.services import add_support_item, record_evidence
from tasks_kh_cn.validators import tax_check_digit
from workflows.deadlines import end_of
from workflows.roles import Role
from workflows.services import perform_transition

PASSWORD = "demo12345"

# username → (role, full name, mobile, position)
PEOPLE = {
    "enterprise1": (Role.ENTERPRISE, "Lê Văn An", "0912345601", "Giám đốc"),
    "enterprise2": (Role.ENTERPRISE, "Trịnh Thị Bình", "0983456702", "Phó giám đốc"),
    **{f"reviewer{i}": (Role.REVIEWER, name, f"09041234{i:02d}", "Chuyên gia")
       for i, name in enumerate(["PGS.TS. Nguyễn Văn Hải", "TS. Lê Thị Hoa", "TS. Phạm Văn Khôi",
                                 "ThS. Đỗ Thị Lan", "TS. Hoàng Văn Minh", "PGS.TS. Vũ Thị Nga",
                                 "TS. Bùi Văn Phúc", "ThS. Mai Thị Quyên", "TS. Đặng Văn Sơn"],
                                start=1)},
    "secretary1": (Role.SECRETARY, "Nguyễn Thị Thu", "0356789012", "Thư ký khoa học"),
    "officer1": (Role.OFFICER, "Hoàng Minh Tuấn", "0867890123", "Chuyên viên Phòng QLKH"),
    "officer2": (Role.OFFICER, "Đỗ Thị Hằng", "0867890124", "Chuyên viên Phòng QLKH"),
    "lead1": (Role.LEAD_OFFICER, "Trần Văn Lực", "0867890125", "Trưởng phòng Quản lý khoa học"),
    "approver1": (Role.APPROVER, "Lê Quang Vinh", "0978901234", "Phó Giám đốc Sở KH&CN"),
    "finance1": (Role.FINANCE, "Phạm Thị Xuân", "0389012345", "Kế toán trưởng"),
    "admin": (Role.ADMIN, "Quản trị hệ thống", "0799123456", "Quản trị"),
}

# key → fields (the tax code is built from the first nine digits with its check digit)
ORGANISATIONS = {
    "lam_son": dict(name="Công ty Cổ phần Thực phẩm Lam Sơn", short_name="Lam Sơn Food",
                    kind="enterprise", tax_head="280120034", district="tho_xuan",
                    size_class="small", makes_key_product=True, members=["enterprise1"]),
    "nghi_son": dict(name="Công ty TNHH Cơ khí chính xác Nghi Sơn", short_name="NSM",
                     kind="enterprise", tax_head="280245671", district="tx_nghi_son",
                     size_class="medium", members=["enterprise2"]),
    "quang_phu": dict(name="Hợp tác xã Nông nghiệp Quảng Phú", kind="ocop_producer",
                      # Small (NĐ 80/2021 art. 5): its two support cases this year stay
                      # within a small firm's yearly cap (art. 13), not a micro firm's 50m.
                      tax_head="280377812", district="tp_thanh_hoa", size_class="small",
                      is_ocop_producer=True, ocop_stars=4, members=["enterprise2"]),
    "institute": dict(name="Viện Nông nghiệp Thanh Hóa", kind="research_institute",
                      tax_head="280011245", district="tp_thanh_hoa", size_class="medium",
                      members=["enterprise1"]),
    "hoang_hoa": dict(name="UBND huyện Hoằng Hóa", kind="authority", tax_head="280099871",
                      district="hoang_hoa", size_class="medium",
                      # Their staff file the district's pilot models (a proposer names only
                      # its own authority: services.cases.proposer_errors).
                      members=["enterprise1", "enterprise2"]),
}


def tax_code(head: str) -> str:
    """A valid 10-digit tax code: the first nine digits (bumped if needed) + the check digit."""
    number = int(head)
    while (digit := tax_check_digit(f"{number:09d}")) is None:
        number += 1
    return f"{number:09d}{digit}"


def demo_pdf(title: str, case_code: str) -> SimpleUploadedFile:
    ascii_title = ascii_text(title)  # the PDF's core font has no Vietnamese letters
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text=f"{case_code}: {ascii_title}")
    doc.ln(10)
    doc.set_font("helvetica", size=10)
    doc.cell(text="Tai lieu mau (seed_demo) - KH&CN Thanh Hoa")
    name = f"{case_code}-{slug(title, 40)}.pdf"
    return SimpleUploadedFile(name, bytes(doc.output()), content_type="application/pdf")


def path_for(case, today):
    """The happy path (transition, role of the actor, payload, dossier stage to upload first)."""
    budget = case.requested_budget
    approved = budget * 9 // 10
    start = today - datetime.timedelta(days=150)
    return [
        ("submit", "enterprise", {}, "proposal"),
        ("accept_proposal", "officer1", {}, None),
        ("list_task", "approver1", {"decision_number": "1234/QĐ-UBND",
                                    "decision_date": today.isoformat()}, None),
        ("submit_dossier", "enterprise", {}, "appraisal"),
        ("open_dossier", "officer1", {}, None),
        ("select", "approver1", {"comment": "Hội đồng đề nghị giao trực tiếp."}, None),
        ("submit_revision", "enterprise", {}, None),
        ("appraise_budget", "finance1", {"appraised_budget": budget * 95 // 100}, None),
        ("approve", "approver1", {"approved_budget": approved,
                                  "lump_sum_mode": "final_product", "duration_months": 18}, None),
        ("prepare_contract", "officer1", {"first_advance": approved * 2 // 5}, None),
        ("sign_contract", "enterprise", {}, None),
        ("countersign_contract", "approver1", {"start_date": start.isoformat()}, None),
        ("finish_implementation", "enterprise", {}, None),
        ("submit_acceptance", "enterprise", {}, "acceptance"),
        ("accept_acceptance_dossier", "officer1", {}, None),
        ("record_acceptance", "approver1", {"rating": "pass", "minutes_number": "BB-15"}, None),
        ("submit_final_revision", "enterprise", {}, None),
        ("recognise", "approver1", {}, None),
        ("settle", "finance1", {}, None),  # the tranche ledger's accounted total
        ("liquidate", "officer1", {}, None),
    ]


R, E, P = CaseKind.RESEARCH, CaseKind.ENTERPRISE_SUPPORT, CaseKind.PILOT_MODEL

# (title, kind, host, host user, budget, stop before this transition (None: to the end),
#  a side exit taken there (transition, actor, payload) or None, call code, proposer)
# The terminated case comes last: termination restricts its host and its leader for the
# rule's period (TT 20/2023 art. 4), and the cases after it would be refused at submission.
# Its host and leader (Nghi Sơn, enterprise2) are not the ones the tour and the browser
# stories use to file a new proposal (enterprise1).
CASES = [
    ("Nghiên cứu chọn tạo giống lúa chất lượng cao chịu mặn cho vùng ven biển", R,
     "institute", "enterprise1", 1_200_000_000, "submit", None, "01/TB-SKHCN", None),
    ("Ứng dụng công nghệ sinh học sản xuất chế phẩm vi sinh xử lý phụ phẩm nông nghiệp", R,
     "institute", "enterprise1", 950_000_000, "accept_proposal", None, "01/TB-SKHCN", None),
    ("Xây dựng mô hình trồng mía nguyên liệu cơ giới hóa đồng bộ", R, "lam_son", "enterprise1",
     800_000_000, "accept_proposal",
     ("return_proposal", "officer1", {"comment": "Bổ sung tính cấp thiết và địa chỉ áp dụng.",
                                      "due_working_days": 10}), "01/TB-SKHCN", None),
    ("Nghiên cứu quy trình bảo quản sau thu hoạch quả bưởi Luận Văn", R, "institute",
     "enterprise1", 700_000_000, "list_task", None, None, None),
    ("Phát triển sản phẩm nem chua Thanh Hóa đạt tiêu chuẩn xuất khẩu", R, "lam_son",
     "enterprise1", 850_000_000, "submit_dossier", None, None, None),
    ("Ứng dụng IoT giám sát môi trường nuôi tôm thẻ chân trắng", R, "institute", "enterprise1",
     1_100_000_000, "open_dossier", None, None, None),
    ("Nghiên cứu chế tạo máy sấy nông sản sử dụng năng lượng mặt trời", R, "nghi_son",
     "enterprise2", 900_000_000, "select", None, None, None),
    ("Hoàn thiện công nghệ sản xuất phân hữu cơ từ bã mía", R, "lam_son", "enterprise1",
     750_000_000, "appraise_budget", None, None, None),
    ("Nghiên cứu giải pháp giảm tổn thất điện năng lưới trung áp", R, "nghi_son", "enterprise2",
     1_000_000_000, "approve", None, None, None),
    ("Ứng dụng công nghệ in 3D trong chế tạo khuôn mẫu cơ khí", R, "nghi_son", "enterprise2",
     1_300_000_000, "sign_contract", None, None, None),
    ("Bảo tồn và phát triển nguồn gen quế Ngọc Lặc", R, "institute", "enterprise1",
     650_000_000, "finish_implementation", None, None, None),
    ("Nghiên cứu sản xuất nước mắm truyền thống theo tiêu chuẩn VietGAP", R, "lam_son",
     "enterprise1", 600_000_000, "record_acceptance", None, None, None),
    ("Ứng dụng tiến bộ kỹ thuật nuôi cá lồng trên hồ Cửa Đạt", R, "institute", "enterprise1",
     550_000_000, None, None, None, None),
    ("Đề xuất nghiên cứu trùng lặp với nhiệm vụ đã thực hiện", R, "lam_son", "enterprise1",
     400_000_000, "accept_proposal",
     ("reject_invalid", "officer1", {"comment": "Trùng với nhiệm vụ đã nghiệm thu năm 2023."}),
     None, None),
    ("Nghiên cứu sản xuất gạch không nung từ tro xỉ", R, "nghi_son", "enterprise2",
     700_000_000, "submit_dossier",
     ("withdraw", "enterprise", {"comment": "Doanh nghiệp thay đổi kế hoạch đầu tư."}),
     None, None),
    ("Hỗ trợ áp dụng hệ thống quản lý an toàn thực phẩm ISO 22000", E, "lam_son",
     "enterprise1", 250_000_000, "submit", None, "02/TB-SKHCN", None),
    ("Hỗ trợ áp dụng công cụ Lean và 5S tại xưởng gia công", E, "nghi_son", "enterprise2",
     300_000_000, "open_dossier", None, None, None),
    ("Hỗ trợ xây dựng hệ thống truy xuất nguồn gốc sản phẩm OCOP", E, "quang_phu",
     "enterprise2", 150_000_000, "finish_implementation", None, None, None),
    ("Hỗ trợ chứng nhận sản phẩm phù hợp tiêu chuẩn VietGAP", E, "quang_phu", "enterprise2",
     120_000_000, None, None, None, None),
    ("Hỗ trợ áp dụng TPM cho dây chuyền đóng gói", E, "lam_son", "enterprise1", 200_000_000,
     "list_task", ("reject", "approver1", {"comment": "Không thuộc danh mục ưu tiên năm 2026."}),
     None, None),
    ("Mô hình điểm nâng cao năng suất chất lượng sản phẩm chè Quảng Phú", P, "quang_phu",
     "enterprise2", 500_000_000, "accept_proposal", None, "03/TB-SKHCN", "hoang_hoa"),
    ("Mô hình điểm ứng dụng công cụ cải tiến Kaizen tại cơ sở cơ khí", P, "nghi_son",
     "enterprise2", 450_000_000, "prepare_contract", None, "03/TB-SKHCN", "hoang_hoa"),
    ("Mô hình điểm áp dụng đảm bảo đo lường trong chế biến thực phẩm", P, "lam_son",
     "enterprise1", 480_000_000, "finish_implementation", None, "03/TB-SKHCN", "hoang_hoa"),
    # Carried to the end: its six steps done, accepted and liquidated, so the plan's
    # "pilot models completed" shows a real figure (issue 14).
    ("Mô hình điểm quản lý chất lượng chuỗi rau an toàn", P, "quang_phu", "enterprise2",
     400_000_000, None, None, "03/TB-SKHCN", "hoang_hoa"),
    ("Ứng dụng công nghệ tưới tiết kiệm cho cây ăn quả vùng đồi", R, "nghi_son",
     "enterprise2", 800_000_000, "finish_implementation",
     ("terminate", "approver1", {"comment": "Tổ chức chủ trì không bảo đảm điều kiện thực hiện."}),
     None, None),
]


def ensure_people(out) -> dict:
    User = get_user_model()
    users = {}
    # One hash for the one published demo password: the hasher's work factor is there to slow
    # guessing, and spent 18 times it was a third of the seed's time.
    hashed = None
    for username, (role, full_name, mobile, position) in PEOPLE.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.khcn.thanhhoa.vn",
                        is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
            hashed = hashed or make_password(PASSWORD)
            user.password = hashed
            user.save()
            out.append(f"  + người dùng {username}")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        if not hasattr(user, "profile"):
            set_profile(user=user, full_name=full_name, mobile=mobile, position=position)
        users[username] = user
    return users


def ensure_organisations(users, out) -> dict:
    organisations = {}
    for key, spec in ORGANISATIONS.items():
        fields = dict(spec)
        members = fields.pop("members")
        code = tax_code(fields.pop("tax_head"))
        organisation = Organisation.objects.filter(tax_code=code).first()
        if organisation is None:
            organisation = create_organisation(tax_code=code, **fields)
            out.append(f"  + tổ chức {organisation.name} (MST {code})")
        for username in members:
            add_member(organisation=organisation, user=users[username])
        organisations[key] = organisation
    return organisations


def ensure_calls(out) -> dict:
    now = timezone.now()
    rule_set = RuleSet.current()
    specs = [
        ("01/TB-SKHCN", "Đề xuất đặt hàng nhiệm vụ KH&CN cấp tỉnh thực hiện từ năm 2027", R,
         now - datetime.timedelta(days=20), now + datetime.timedelta(days=40)),
        ("02/TB-SKHCN", "Hỗ trợ doanh nghiệp nâng cao năng suất chất lượng (Chương trình 1322)",
         E, now - datetime.timedelta(days=10), now + datetime.timedelta(days=50)),
        # Plan 3.4: pilot models are proposed by an agency in answer to a call.
        ("03/TB-SKHCN", "Đề xuất mô hình điểm nâng cao năng suất chất lượng", P,
         now - datetime.timedelta(days=10), now + datetime.timedelta(days=50)),
        ("09/TB-SKHCN-2025", "Đề xuất nhiệm vụ KH&CN cấp tỉnh năm 2026 (đã đóng)", R,
         now - datetime.timedelta(days=400), now - datetime.timedelta(days=300)),
    ]
    calls = {}
    for code, title, kind, opens, closes in specs:
        call, created = Call.objects.get_or_create(
            code=code, defaults=dict(title=title, kind=kind, opens_at=opens, closes_at=closes,
                                     rule_set=rule_set))
        if created:
            out.append(f"  + đợt thông báo {code}")
        calls[code] = call
    return calls


def upload_stage(case, stage, user):
    kinds = (RequiredDocument.objects.filter(rule_set=case.rule_set, stage=stage)
             .filter(case_kind__in=["", case.kind]).values_list("document_kind", flat=True))
    for kind in kinds:
        title = str(DocumentKind(kind).label)
        upload_document(case=case, kind=kind, title=title, uploaded=demo_pdf(title, case.code),
                        user=user)


# The approver's steps that follow a council, and the council that sits before each.
COUNCIL_STEPS = {"list_task": "identification", "select": "direct_assignment",
                 "record_acceptance": "acceptance"}
COUNCIL_SIZES = {"identification": 7, "direct_assignment": 7, "acceptance": 9}


def council_members(users, council_type):
    """Chair, the secretary, two reviewers (ủy viên phản biện), members: the demo experts."""
    size = COUNCIL_SIZES[council_type]
    experts = [users[f"reviewer{i}"] for i in range(1, size)]
    roles = ["chair", "reviewer", "reviewer"] + ["member"] * (size - 4)
    return ([{"user": users["secretary1"], "role": "secretary"}]
            + [{"user": u, "role": r} for u, r in zip(experts, roles, strict=True)])


def ballot(council, seat, rating="pass"):
    """A filled ballot; scores vary a little from member to member, as real ones do."""
    items = {}
    for criterion in council.criteria:
        scale = criterion["scale"]
        if scale == "points":
            items[criterion["code"]] = {"score": on_step(
                criterion, criterion["max_score"] * (76 + seat % 7) / 100)}
        elif scale == "pass_fail":
            items[criterion["code"]] = {"rating": "meets"}
        elif scale == "rating":
            items[criterion["code"]] = {"rating": rating}
        else:
            items[criterion["code"]] = {"score": council.case.requested_budget}
    return items


def run_council(case, users, council_type, decision, *, voters=None, rating="pass"):
    """The officer forms the council; members declare and vote; the secretary closes; the
    approver decides. ``voters`` < all leaves the round open, as it is mid-session."""

    members = council_members(users, council_type)
    council = form_council(case=case, council_type=council_type, members=members,
                           by=case.assigned_officer or users["officer1"], number=f"{case.pk:02d}/QĐ-SKHCN")
    # Mid-session, the first experts have yet to vote: reviewer1 (the chair) and reviewer2
    # find the ballot in their inbox, as a visitor trying the demo as a reviewer expects.
    voting = members if voters is None else [members[0], *members[len(members) - voters + 1:]]
    for seat, member in enumerate(voting):
        declare_conflict(council=council, user=member["user"], has_conflict=False)
        submit_ballot(council=council, user=member["user"], items=ballot(council, seat, rating),
                      overall=rating if council_type == "acceptance" else "")
    if voters is not None:
        return case
    close_round(council=council, by=users["secretary1"])
    decide(council=Council.objects.get(pk=council.pk), by=users["approver1"], data=decision)
    return TaskCase.objects.get(pk=case.pk)


def within_support(case, name, payload):
    """An enterprise-support case is approved at most its items' supportable total (TT 35/2021
    art. 11(1)); its advance and settlement follow the approved amount."""
    if case.kind != E or name not in ("approve", "prepare_contract"):
        return payload
    total = sum(SupportItemRequest.objects.filter(request__case=case)
                .values_list("requested_amount", flat=True))
    if name == "approve":
        return {**payload, "approved_budget": min(payload["approved_budget"], total)}
    approved = case.approved_budget or 0
    return {**payload, "first_advance": min(payload["first_advance"], approved * 2 // 5)}


def prepare_kind(case, name, enterprise, users, today):
    """What an enterprise-support or pilot-model case needs before some transitions."""
    if name in ("sign_contract", "countersign_contract"):
        # Each side's signed scan of the issued contract (tasks_kh_cn.funding.signing).

        signer = enterprise if name == "sign_contract" else users["approver1"]
        sign_document(document=contract_of(case), user=signer,
                      scan=demo_pdf("Hop dong da ky", case.code))
    elif name == "recognise":

        register_results(case=case, user=enterprise, certificate_number=f"{case.pk:02d}/GCN-KQNV",
                         certificate_date=today)
    elif name == "liquidate":

        minutes = IssuedDocument.objects.filter(case=case, kind="liquidation_minutes").last()
        for signer in (enterprise, users["approver1"]):
            sign_document(document=minutes, user=signer,
                          scan=demo_pdf("Bien ban thanh ly da ky", case.code))
    if case.kind == E and name == "submit_dossier":
        for code, cost in SUPPORT_ITEMS.get(case.title, (("iso-9001", 120_000_000),)):
            add_support_item(case=case, user=enterprise, item=SupportItem.objects.get(code=code),
                             cost_estimate=cost, quotation_file=demo_pdf("Bao gia", case.code))
    elif case.kind == E and name == "submit_acceptance":
        for item in SupportItemRequest.objects.filter(request__case=case):
            record_evidence(item_request=item, user=enterprise, certificate_number="QMS-26-0417",
                            certification_body="QUACERT", valid_from=today,
                            valid_until=today + datetime.timedelta(days=3 * 365),
                            audit_report_file=demo_pdf("Bao cao danh gia", case.code))
    elif case.kind == P and name == "finish_implementation":
        carry_out_pilot(case, enterprise, users, today, steps=6)


# What each demo enterprise-support case asks for (catalogue code, cost estimate in VND).
SUPPORT_ITEMS = {
    "Hỗ trợ áp dụng hệ thống quản lý an toàn thực phẩm ISO 22000": (("iso-22000", 160_000_000),),
    "Hỗ trợ áp dụng công cụ Lean và 5S tại xưởng gia công": (("lean", 180_000_000),
                                                              ("5s", 45_000_000)),
    "Hỗ trợ xây dựng hệ thống truy xuất nguồn gốc sản phẩm OCOP": (("traceability", 60_000_000),),
    "Hỗ trợ chứng nhận sản phẩm phù hợp tiêu chuẩn VietGAP": (("vietgap", 50_000_000),),
    "Hỗ trợ áp dụng TPM cho dây chuyền đóng gói": (("tpm", 150_000_000),),
}

PILOT_BEFORE = {"labour-productivity": 118_000_000, "defect-rate": 4.8, "on-time-delivery": 82}
PILOT_AFTER = {"labour-productivity": 141_000_000, "defect-rate": 2.1, "on-time-delivery": 95}


def carry_out_pilot(case, enterprise, users, today, steps):
    """The plan's six steps in order (plan 3.4); step 5 is recognised by the approver."""
    for n in range(1, steps + 1):
        step = Milestone.objects.get(case=case, step=n)
        if step.status in ("done", "recognised"):
            continue
        perform_step_transition(milestone=step, name="start", user=enterprise)
        add_step_evidence(milestone=Milestone.objects.get(pk=step.pk), user=enterprise,
                          uploaded=demo_pdf(f"Buoc {n}", case.code))
        for code, value in {1: PILOT_BEFORE, 6: PILOT_AFTER}.get(n, {}).items():
            record_measurement(milestone=Milestone.objects.get(pk=step.pk), user=enterprise,
                               indicator=Indicator.objects.get(code=code), value=value)
        perform_step_transition(milestone=Milestone.objects.get(pk=step.pk), name="complete",
                                user=enterprise)
        if n == 5:
            perform_step_transition(
                milestone=Milestone.objects.get(pk=step.pk), name="recognise",
                user=users["approver1"],
                data={"decision_number": "88/QĐ-SKHCN", "decision_date": today.isoformat()})


def acting(case, actor, enterprise, users):
    """Who takes a step: the host's user, the case's own officer (cases are spread over the
    officers by workload), or the named demo user."""
    if actor == "enterprise":
        return enterprise
    if actor == "officer1" and case.assigned_officer_id is not None:
        return case.assigned_officer
    return users[actor]


def build_case(spec, users, organisations, calls):
    title, kind, host_key, host_user, budget, stop, exit_step, call_code, proposer = spec
    enterprise = users[host_user]
    with transaction.atomic():
        case = create_case(
            created_by=enterprise, host=organisations[host_key], title=title, kind=kind,
            requested_budget=budget, co_funding=budget // 5, leader=enterprise,
            call=calls.get(call_code), proposer=organisations.get(proposer),
            summary="Mục tiêu: " + title[0].lower() + title[1:] + ".",
        )
        today = timezone.localdate()
        for name, actor, payload, stage in path_for(case, today):
            if name == stop:
                if name in COUNCIL_STEPS and exit_step is None:
                    # Mid-session: the council sits, five members have voted, the rest have
                    # a ballot in their inbox.
                    run_council(case, users, COUNCIL_STEPS[name], payload, voters=5)
                elif kind == P and name == "finish_implementation" and exit_step is None:
                    carry_out_pilot(case, enterprise, users, today, steps=3)
                break
            user = acting(case, actor, enterprise, users)
            if stage:
                upload_stage(case, stage, enterprise)
            prepare_kind(case, name, enterprise, users, today)
            if name in COUNCIL_STEPS:
                case = run_council(case, users, COUNCIL_STEPS[name], payload,
                                   rating=payload.get("rating", "pass"))
                continue
            case = perform_transition(case=case, name=name, user=user,
                                      data=within_support(case, name, payload))
        if exit_step is not None:
            name, actor, payload = exit_step
            user = acting(case, actor, enterprise, users)
            case = perform_transition(case=case, name=name, user=user, data=payload)
        # Deadlines due, overdue and upcoming are added here by the reminders engineer.
    return case


def seed(out=None) -> list[str]:
    out = out if out is not None else []
    users = ensure_people(out)
    organisations = ensure_organisations(users, out)
    calls = ensure_calls(out)
    existing = set(TaskCase.objects.filter(title__in=[c[0] for c in CASES])
                   .values_list("title", flat=True))
    for spec in CASES:
        if spec[0] in existing:
            continue
        case = build_case(spec, users, organisations, calls)
        out.append(f"  + nhiệm vụ {case.code} [{case.get_status_display()}] {case.title}")
    if len(existing) < len(CASES):
        spread_demo_deadlines(out)
    seed_programme(out)  # the plan's programme: training, survey, products, publicity, report
    return out


def spread_demo_deadlines(out):
    """The demo cases were all driven today, so every deadline lies ahead; date a few as a
    real portfolio has them: overdue, due today, due in three days (reminders then fire)."""

    today = timezone.localdate()
    open_ones, cases = [], set()
    for deadline in (Deadline.objects.filter(status=DeadlineStatus.OPEN,
                                             case__title__in=[c[0] for c in CASES])
                     .exclude(code__endswith="-ballot").order_by("due_at", "id")):
        if deadline.case_id not in cases:  # one per case, so four cases show it
            cases.add(deadline.case_id)
            open_ones.append(deadline)
        if len(open_ones) == 4:
            break
    for deadline, days in zip(open_ones, (-10, -2, 0, 3), strict=False):
        day = today + datetime.timedelta(days=days)
        Deadline.objects.filter(pk=deadline.pk).update(due_on=day, due_at=end_of(day))
        out.append(f"  ~ thời hạn {deadline.title} ({deadline.case.code}): {day:%d/%m/%Y}")
