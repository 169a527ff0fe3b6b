"""OCOP and key products (plan 2.2, appendix 3): the province's list imported from Excel.

Columns (header row 1, any order, diacritics optional): "Tên sản phẩm" and "Mã số thuế"
(of the producer) required; "Hạng sao", "Sản phẩm chủ lực" (x / có), "Số hiệu tiêu chuẩn"
(a declared standard: the product counts as declared). A product is updated when its
producer already has one of that name, so a list imported again changes nothing twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Organisation

from .excel_import import ImportResult, positive_int, read_rows, tax_code_of
from .models import OcopProduct

COLUMNS = {
    "name": ("tensanpham", "sanpham", "name"),
    "tax_code": ("masothue", "mst", "masothuechuthe", "taxcode"),
    "stars": ("hangsao", "sao", "stars"),
    "key": ("sanphamchuluc", "chuluc"),
    "standard": ("sohieutieuchuan", "tieuchuancongbo", "tieuchuan", "standard"),
}
YES = {"x", "co", "có", "1", "true", "yes"}
MAX_STARS = 5


def _yes(value) -> bool:
    return str(value or "").strip().lower() in YES


@transaction.atomic
def import_products(*, upload) -> ImportResult:
    result = ImportResult()
    rows, first_row = [], {}
    for number, v in read_rows(upload, COLUMNS, required=("name", "tax_code")):
        name = str(v.get("name") or "").strip()[:255]
        if not name:
            result.refuse(number, _("Thiếu tên sản phẩm."))
            continue
        try:
            tax_code = tax_code_of(v["tax_code"])
        except ValidationError as error:
            result.refuse(number, error.messages[0])
            continue
        stars = None
        if v.get("stars") not in (None, ""):
            try:
                stars = positive_int(v["stars"])
            except ValueError:
                stars = 0
            if not 1 <= stars <= MAX_STARS:
                result.refuse(number, _("Hạng sao phải từ 1 đến 5."))
                continue
        key = _yes(v.get("key"))
        if stars is None and not key:
            result.refuse(number, _("Sản phẩm phải có hạng sao OCOP hoặc là sản phẩm chủ lực."))
            continue
        if (tax_code, name.lower()) in first_row:
            result.refuse(number, _("Trùng sản phẩm với dòng %(row)s.") % {
                "row": first_row[(tax_code, name.lower())]})
            continue
        first_row[(tax_code, name.lower())] = number
        standard = str(v.get("standard") or "").strip()[:128]
        rows.append((number, tax_code, name, stars, key, standard))
    producers = dict(Organisation.objects.filter(tax_code__in={r[1] for r in rows}).values_list(
        "tax_code", "id"))
    existing = {(p.producer_id, p.name.lower()): p for p in OcopProduct.objects.filter(
        producer_id__in=producers.values())}
    new, changed = [], []
    for number, tax_code, name, stars, key, standard in rows:
        producer = producers.get(tax_code)
        if producer is None:
            result.refuse(number, _("Không có chủ thể mã số thuế %(code)s trong hệ thống.") % {
                "code": tax_code})
            continue
        fields = dict(ocop_stars=stars, is_key_product=key, standard_declared=bool(standard),
                      standard_code=standard)
        product = existing.get((producer, name.lower()))
        if product is None:
            new.append(OcopProduct(producer_id=producer, name=name, **fields))
        else:
            for attr, value in fields.items():
                setattr(product, attr, value)
            changed.append(product)
    OcopProduct.objects.bulk_create(new, batch_size=1000)
    OcopProduct.objects.bulk_update(changed, list(fields_of()), batch_size=1000)
    result.imported = len(new) + len(changed)
    result.errors.sort(key=lambda e: e.row)
    return result


def fields_of():
    return ("ocop_stars", "is_key_product", "standard_declared", "standard_code")


def declared_share(products=None):
    """(declared, total) of OCOP and key products: the plan's 100% indicator."""
    products = OcopProduct.objects.all() if products is None else products
    counts = products.aggregate(total=Count("id"), declared=Count("id", filter=Q(
        standard_declared=True)))
    return counts["declared"], counts["total"]
