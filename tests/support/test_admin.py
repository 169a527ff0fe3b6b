"""The administrator maintains the catalogue and levels; shipped defaults are visibly marked."""

import pytest
from django.contrib.auth import get_user_model

from tasks_kh_cn.support.models import SupportPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    client.force_login(user)
    return client


def test_default_policy_is_marked_in_admin(admin_client):
    body = admin_client.get("/admin/support/supportpolicy/").content.decode()
    assert "MẶC ĐỊNH GIẢ ĐỊNH — chưa có nghị quyết HĐND tỉnh" in body
    policy = SupportPolicy.objects.get()
    detail = admin_client.get(f"/admin/support/supportpolicy/{policy.pk}/change/")
    assert detail.status_code == 200
    assert "Siêu nhỏ" in detail.content.decode()


def test_catalogue_and_indicators_pages_render(admin_client):
    assert "ISO 22000" in admin_client.get("/admin/support/supportitem/").content.decode()
    assert "Tỷ lệ sản phẩm lỗi" in admin_client.get("/admin/pilots/indicator/").content.decode()
    assert admin_client.get("/admin/support/supportitem/add/").status_code == 200
