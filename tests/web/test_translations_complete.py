"""Every interface string has its English (issue 13, point 3).

The English catalogue is kept by hand (``locale/en/LC_MESSAGES/django.po``), so a string added
to a template or a module without its entry showed in Vietnamese on English pages (the case
page's "Công việc của giai đoạn này…" hint did, for a session). Django's own
``makemessages`` extracts every string the project marks, in a copy of the project so the
catalogue on disk is not touched; any string it had to add, or could only match fuzzily, is
an untranslated one.
"""

import shutil
import subprocess
import sys

from babel.messages.pofile import read_po
from django.conf import settings

from tests.conftest import require_service

SOURCES = ["manage.py", "config", "tasks_kh_cn", "notifications", "workflows", "templates",
           "locale"]


def untranslated(catalogue) -> list[str]:
    out = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
            out.append(f"{message.id!r} ({where})")
    return out


def test_every_marked_string_has_its_english(tmp_path):
    require_service("xgettext", shutil.which("xgettext") is not None,
                    "apt-get install gettext (Django's makemessages runs xgettext)")
    base = settings.BASE_DIR
    for name in SOURCES:
        source = base / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete",
                    "-v0"], cwd=tmp_path, check=True, capture_output=True)
    with open(tmp_path / "locale/en/LC_MESSAGES/django.po", "rb") as handle:
        missing = untranslated(read_po(handle))
    assert not missing, "\n".join(missing)


def test_the_check_finds_a_string_without_english():
    """The check itself: a message with no English, or a fuzzy guess, is reported."""
    from babel.messages.catalog import Catalog

    catalogue = Catalog(locale="en")
    catalogue.add("Đã dịch", "Translated")
    catalogue.add("Chưa dịch", "", locations=[("templates/x.html", 3)])
    catalogue.add("Đoán", "Guess", flags=["fuzzy"])
    assert untranslated(catalogue) == ["'Chưa dịch' (templates/x.html:3)", "'Đoán' ()"]
