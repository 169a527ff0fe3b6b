"""File names from Vietnamese text keep every letter: đ and Đ become d and D (Django's slugify
alone dropped them: "hoạt động" → "hoat-ong")."""

import pytest

from tasks_kh_cn.demo import demo_pdf
from tasks_kh_cn.slugs import ascii_text, slug


@pytest.mark.parametrize(("text", "expected"), [
    ("Tóm tắt hoạt động của tổ chức", "tom-tat-hoat-dong-cua-to-chuc"),
    ("ĐỀ XUẤT ĐẶT HÀNG", "de-xuat-dat-hang"),
    ("Đơn đăng ký chủ trì", "don-dang-ky-chu-tri"),
    ("Báo cáo tài chính 2 năm gần nhất", "bao-cao-tai-chinh-2-nam-gan-nhat"),
])
def test_a_slug_keeps_d_and_the_other_letters(text, expected):
    assert slug(text) == expected


def test_a_cut_slug_ends_on_a_letter_and_text_keeps_its_case():
    assert slug("Lý lịch chủ nhiệm nhiệm vụ", 12) == "ly-lich-chu"
    assert ascii_text("Hoạt động Đông Sơn") == "Hoat dong Dong Son"


def test_the_demo_files_are_named_with_their_d():
    upload = demo_pdf("Tóm tắt hoạt động của tổ chức", "TH-2026-0022")
    assert upload.name == "TH-2026-0022-tom-tat-hoat-dong-cua-to-chuc.pdf"
