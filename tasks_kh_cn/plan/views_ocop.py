"""OCOP and key products (staff only): the list, its share with a declared standard, the import."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tasks_kh_cn.views.sections import is_department

from .models import OcopProduct
from .ocop import declared_share, import_products
from .web_common import forbidden


class ProductImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Danh sách sản phẩm của tỉnh (Excel .xlsx)"))


@login_required
def products(request):
    if not is_department(request.user):
        return forbidden(request)
    form, result = ProductImportForm(), None
    if request.method == "POST":
        form = ProductImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_products(upload=form.cleaned_data["file"])
            except ValidationError as error:
                for errors in error.message_dict.values():
                    form.add_error("file", errors)
    listing = OcopProduct.objects.select_related("producer").order_by("producer__name", "name")
    if request.GET.get("declared") in ("0", "1"):
        listing = listing.filter(standard_declared=request.GET["declared"] == "1")
    declared, total = declared_share()
    return render(request, "plan/products.html", {
        "form": form, "result": result, "declared": declared, "total": total,
        "page": Paginator(listing, 100).get_page(request.GET.get("page")),
    }, status=400 if form.errors else 200)
