"""docs/rules.md is the output of ``print_rules`` over the seeded data: it cannot drift."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "rules.md"


def test_docs_rules_md_is_what_print_rules_prints():
    out = io.StringIO()
    call_command("print_rules", "--stdout-only", stdout=out)
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/rules.md is out of date: run `python manage.py print_rules`")


def test_every_rule_row_shows_its_article_version_and_flag():
    text = DOC.read_text(encoding="utf-8")
    for needle in ("TTLT 27/2015/TTLT-BKHCN-BTC | Điều 13", "NĐ 80/2021/NĐ-CP | Điều 5",
                   "Bộ luật Dân sự 2015 Điều 148", "**giả định mặc định**", "đã kiểm chứng",
                   "council_round_closed:identification", "NĐ 80/2021/NĐ-CP Điều 13"):
        assert needle in text, needle
    rows = [line for line in text.splitlines() if line.startswith("| ") and "27/11/2023" in line]
    assert rows and all("kiểm chứng" in row or "giả định" in row for row in rows)


def test_readme_links_the_rules_doc():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "(docs/rules.md)" in readme
