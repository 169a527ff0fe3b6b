"""OCOP and key products: the province's Excel list, row errors, the 100% indicator from data."""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tasks_kh_cn.models import Organisation
from tasks_kh_cn.plan.models import OcopProduct, PlanTarget
from tasks_kh_cn.plan.ocop import import_products
from tasks_kh_cn.plan.selectors import plan_progress
from tasks_kh_cn.plan.statistics import plan_statistics
from tests.factories import make_organisation
from tests.plan.test_training import codes

pytestmark = pytest.mark.django_db
HEADER = ("STT", "Tên sản phẩm", "Mã số thuế", "Hạng sao", "Sản phẩm chủ lực", "Số hiệu tiêu chuẩn")


def xlsx(rows):
    wb = Workbook()
    wb.active.append(list(HEADER))
    for row in rows:
        wb.active.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("ocop.xlsx", buffer.getvalue())


def share():
    return next(r for r in plan_progress() if r.measure == PlanTarget.Measure.OCOP_STANDARD_SHARE)


def test_import_keeps_good_rows_refuses_bad_ones_and_the_share_follows(client, cast):
    a = make_organisation(district="nga_son")
    b = make_organisation(district="ha_trung")
    upload = xlsx([
        (1, "Nem chua Thanh Hóa", a.tax_code, 4, "", "TCCS 01:2024/NC"),  # row 2: good, declared
        (2, "Chè lam Phủ Quảng", b.tax_code, "", "x", ""),                # row 3: good, key product
        (3, "", a.tax_code, 3, "", ""),                                    # row 4: no name
        (4, "Mắm tép", "0100109106", 3, "", ""),                           # row 5: unknown producer
        (5, "Bánh gai", a.tax_code, 7, "", ""),                            # row 6: 7 stars
        (6, "Rượu", a.tax_code, "", "", ""),                               # row 7: neither OCOP nor key
        (7, "Nem chua Thanh Hóa", a.tax_code, 5, "", "TCCS 01"),           # row 8: duplicate of row 2
    ])
    client.force_login(cast.officer)
    response = client.post(reverse("plan:products"), {"file": upload})
    result = response.context["result"]
    assert result.imported == 2
    assert [e.row for e in result.errors] == [4, 5, 6, 7, 8]
    assert "dòng 2" in result.errors[-1].reason
    row = share()
    assert str(row.value) == "50.0" and "1/2" in row.detail
    stats = next(s for s in plan_statistics(datetime.date.today())[0] if s.measure == row.measure)
    assert stats.by_district == {"nga_son": 100, "ha_trung": 0}
    # The province's next list: the key product now has its standard; nothing is duplicated.
    import_products(upload=xlsx([(1, "Chè lam Phủ Quảng", b.tax_code, "", "x", "TCCS 05:2025")]))
    assert OcopProduct.objects.count() == 2 and share().value == 100 and share().status == "met"


def test_products_page_is_staff_only_and_its_queries_fixed(client, cast, django_assert_max_num_queries):
    client.force_login(cast.host)
    assert client.get(reverse("plan:products")).status_code == 403
    assert client.post(reverse("plan:products"), {"file": xlsx([])}).status_code == 403
    producer = make_organisation()
    for i in range(3):
        OcopProduct.objects.create(name=f"SP {i}", producer=producer, ocop_stars=3)
    client.force_login(cast.officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plan:products")).status_code == 200
    for i in range(3, 30):
        OcopProduct.objects.create(name=f"SP {i}", producer=make_organisation(), ocop_stars=3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plan:products")).status_code == 200


def test_a_10000_row_product_import_finishes_within_30_seconds():
    tax_codes = codes(2_000)
    Organisation.objects.bulk_create([
        Organisation(name=f"Chủ thể {i}", kind="ocop_producer", tax_code=code, district="nga_son",
                     size_class="small") for i, code in enumerate(tax_codes)], batch_size=2000)
    upload = xlsx([(i, f"Sản phẩm {i}", tax_codes[i % 2000], 3 + i % 3, "", "TCCS" if i % 2 else "")
                   for i in range(10_000)])
    started = time.perf_counter()
    result = import_products(upload=upload)
    elapsed = time.perf_counter() - started
    print(f"BENCH OCOP product import 10000 rows: {elapsed:.2f} s")
    assert result.imported == 10_000 and not result.errors and elapsed < 30
