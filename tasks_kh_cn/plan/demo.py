"""Demo data of the plan's programme (``seed_demo`` calls ``seed_programme`` in one line):
establishments across districts, the appendix's classes with attendance, OCOP products,
publicity and awards, the advisory unit and experts, survey campaigns, the yearly report.

Idempotent: nothing is added twice (the classes' titles mark a seeded database).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from tasks_kh_cn.councils.models import Expert, ExpertiseField
from tasks_kh_cn.models import Membership, Organisation, Profile
from tasks_kh_cn.support.models import SupportItem
from tasks_kh_cn.validators import tax_check_digit

from .models import (
    AdvisoryUnit,
    OcopProduct,
    Publicity,
    QualityAward,
    SurveyNeed,
    SurveyResponse,
    SurveyRound,
    TrainingAttendance,
    TrainingClass,
    TrainingRegistration,
)
from .reporting import open_yearly_report
from .survey import open_campaign

DISTRICTS = ["tp_thanh_hoa", "tho_xuan", "tx_nghi_son", "hoang_hoa", "nga_son", "yen_dinh",
             "quang_xuong", "ha_trung", "thieu_hoa", "trieu_son"]
CLASSES = [  # the appendix: 2 classes on each of the four subjects, 2022–2024
    ("Áp dụng ISO 9001:2015 cho doanh nghiệp nhỏ và vừa", "management_systems", (2022, 6, 15)),
    ("Hệ thống quản lý an toàn thực phẩm ISO 22000, HACCP", "management_systems", (2023, 9, 20)),
    ("Công cụ 5S, Kaizen tại nơi làm việc", "productivity_tools", (2022, 10, 12)),
    ("Lean, TPM và quản lý bằng KPI", "productivity_tools", (2024, 4, 18)),
    ("Xây dựng và công bố tiêu chuẩn cơ sở cho sản phẩm OCOP", "standards", (2023, 5, 10)),
    ("Áp dụng quy chuẩn kỹ thuật quốc gia về nhãn hàng hóa", "standards", (2024, 8, 22)),
    ("Chương trình đảm bảo đo lường tại doanh nghiệp (QĐ 510)", "measurement", (2023, 11, 8)),
    ("Kiểm định, hiệu chuẩn phương tiện đo trong sản xuất", "measurement", (2024, 10, 16)),
]
PRODUCTS = ["Nem chua", "Chè lam", "Mắm tép", "Bánh gai", "Gạo hữu cơ", "Mật ong", "Nước mắm",
            "Chiếu cói", "Rượu cần", "Cam Vân Du"]


def _codes(prefix: int, n: int) -> list[str]:
    out, number = [], prefix
    while len(out) < n:
        number += 1
        digit = tax_check_digit(f"{number:09d}")
        if digit is not None:
            out.append(f"{number:09d}{digit}")
    return out


def _establishments(out) -> list[Organisation]:
    codes = _codes(281500000, 60)
    have = set(Organisation.objects.filter(tax_code__in=codes).values_list("tax_code", flat=True))
    Organisation.objects.bulk_create([Organisation(
        name=(f"Hợp tác xã sản xuất {i + 1} {DISTRICTS[i % 10].replace('_', ' ').title()}"
              if i % 3 == 0 else f"Công ty TNHH Sản xuất Thương mại số {i + 1}"),
        kind="ocop_producer" if i % 3 == 0 else "enterprise", tax_code=code,
        district=DISTRICTS[i % len(DISTRICTS)], size_class="small" if i % 4 else "micro",
        is_ocop_producer=i % 3 == 0, makes_key_product=i % 5 == 0,
    ) for i, code in enumerate(codes) if code not in have])
    out.append(f"  + {len(codes) - len(have)} cơ sở của chương trình năng suất, chất lượng")
    return list(Organisation.objects.filter(tax_code__in=codes).order_by("tax_code"))


def _training(orgs, today):
    for n, (title, topic, (y, m, d)) in enumerate(CLASSES):
        c = TrainingClass.objects.create(title=title, topic=topic, held_on=datetime.date(y, m, d),
                                         location="Hội trường Sở KH&CN Thanh Hóa", capacity=50,
                                         trainers="Chuyên gia Tổng cục TCĐLCL", registration_open=False)
        # Overlapping lists: some establishments come to several classes (counted once).
        TrainingAttendance.objects.bulk_create([
            TrainingAttendance(training_class=c, organisation=o, participants=1 + i % 3)
            for i, o in enumerate(orgs[n * 5: n * 5 + 22])])
    upcoming = TrainingClass.objects.create(
        title="Năng suất xanh và chuyển đổi số trong sản xuất", topic="productivity_tools",
        held_on=today + datetime.timedelta(days=21), location="Trung tâm Hội nghị tỉnh",
        trainers="TS. Nguyễn Văn Hải", capacity=50)
    return upcoming


def _products(orgs):
    producers = [o for o in orgs if o.is_ocop_producer or o.makes_key_product]
    OcopProduct.objects.bulk_create([OcopProduct(
        name=f"{PRODUCTS[i % len(PRODUCTS)]} {p.name.split()[-1]}", producer=p,
        ocop_stars=3 + i % 3, is_key_product=p.makes_key_product,
        standard_declared=i % 5 != 4, standard_code="" if i % 5 == 4 else f"TCCS {i + 1:02d}:2024",
    ) for i, p in enumerate(producers)])


def _publicity_and_awards(orgs):
    channels = ["Đài PT-TH Thanh Hóa", "Báo Thanh Hóa", "Cổng thông tin điện tử tỉnh"]
    Publicity.objects.bulk_create([Publicity(
        organisation=o, published_on=datetime.date(2022 + i % 4, 3 + i, 10),
        channel=channels[i % 3], title=f"Mô hình năng suất, chất lượng tại {o.name}",
        link=f"https://baothanhhoa.vn/mo-hinh-nang-suat-{i + 1}") for i, o in enumerate(orgs[:9])])
    QualityAward.objects.create(organisation=orgs[1], year=2023, level="award",
                                decision="QĐ trao Giải thưởng Chất lượng quốc gia 2023")
    QualityAward.objects.create(organisation=orgs[4], year=2024, level="gold",
                                decision="QĐ trao Giải thưởng Chất lượng quốc gia 2024")


def _advisory(out):
    code = _codes(281490000, 1)[0]
    centre = Organisation.objects.filter(tax_code=code).first() or Organisation.objects.create(
        name="Trung tâm Dịch vụ Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Thanh Hóa",
        kind="public_unit", tax_code=code, district="tp_thanh_hoa", size_class="small")
    AdvisoryUnit.objects.get_or_create(organisation=centre, defaults=dict(
        recognised_on=datetime.date(2023, 10, 15), can_consult=True, can_certify=True,
        can_train=True, accreditations="VILAS; chỉ định tổ chức chứng nhận"))
    # One registry (issue 14): the centre's experts join the councils' experts registry in
    # the productivity and quality field; the plan counts them from there.
    field, _created = ExpertiseField.objects.get_or_create(
        code="nang-suat-chat-luong", defaults={"name": "Năng suất, chất lượng",
                                               "productivity_quality": True})
    names = ["Nguyễn Thị Mai", "Lê Văn Hùng", "Trần Thị Lan", "Phạm Văn Đức", "Hoàng Thị Thu",
             "Vũ Văn Nam", "Đỗ Thị Ngọc"]
    User = get_user_model()
    for i, name in enumerate(names):
        user, created = User.objects.get_or_create(username=f"chuyengia{i + 1}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Profile.objects.create(user=user, full_name=name, position="Chuyên gia tư vấn",
                                   mobile=f"+8498765432{i}")
        expert, _created = Expert.objects.get_or_create(user=user, defaults=dict(
            degree="master", organisation=centre, created_at=timezone.make_aware(
                datetime.datetime(2022 + i % 3, 6, 1, 8))))
        expert.fields.add(field)


def _survey(orgs, today):
    demo_enterprises = list(Organisation.objects.filter(memberships__isnull=False,
                                                        kind__in=["enterprise", "ocop_producer"]))
    items = list(SupportItem.objects.filter(is_active=True)[:6])
    for title, closed, share in (("Khảo sát lập cơ sở dữ liệu năm 2022", datetime.date(2022, 11, 30), 30),
                                 ("Cập nhật 6 tháng đầu năm 2025", datetime.date(2025, 6, 30), 45)):
        survey_round = SurveyRound.objects.create(title=title, opens_on=closed - datetime.timedelta(
            days=45), closed_on=closed)
        for i, org in enumerate(orgs[:share]):
            response = SurveyResponse.objects.create(
                survey_round=survey_round, organisation=org,
                management_systems="ISO 9001" if i % 2 else "", productivity_tools="5S" if i % 3 else "",
                standards="TCCS" if i % 4 else "", measurement="" if i % 5 else "Hiệu chuẩn cân",
                technology="Phần mềm quản lý kho" if i % 6 == 0 else "",
                submitted_at=timezone.make_aware(datetime.datetime.combine(closed, datetime.time(9))))
            if items:
                SurveyNeed.objects.create(response=response, item=items[i % len(items)])
    campaign = open_campaign(data={"title": f"Cập nhật 6 tháng cuối năm {today.year}",
                                   "opens_on": today - datetime.timedelta(days=5),
                                   "closed_on": today + datetime.timedelta(days=25)})
    return campaign, demo_enterprises


def seed_programme(out) -> None:
    if TrainingClass.objects.filter(title=CLASSES[0][0]).exists():
        return
    today = timezone.localdate()
    orgs = _establishments(out)
    upcoming = _training(orgs, today)
    _products(orgs)
    _publicity_and_awards(orgs)
    _advisory(out)
    campaign, demo_enterprises = _survey(orgs, today)
    for org in demo_enterprises[:1]:
        member = Membership.objects.filter(organisation=org).first()
        TrainingRegistration.objects.create(training_class=upcoming, organisation=org,
                                            participants=3, registered_by=member.user)
    officer = get_user_model().objects.filter(username="officer1").first()
    if officer is not None:
        open_yearly_report(year=today.year, officer=officer)
    out.append(f"  + chương trình: {len(CLASSES) + 1} lớp tập huấn, sản phẩm OCOP, tuyên truyền, "
               f"đợt khảo sát “{campaign.title}”, báo cáo năm {today.year}")
