"""`make backup` then `make restore` into a fresh database and media folder: the same cases,
the same transition history, the same file bytes (PostgreSQL, as deployed)."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from psycopg import sql

from tasks_kh_cn.models import DocumentVersion
from tasks_kh_cn.services.documents import upload_document
from tests.conftest import require_service
from tests.factories import make_case, pdf, pdf_bytes, upload_required, walk

ROOT = Path(settings.BASE_DIR)
CASES = "SELECT code, kind, status, title FROM tasks_kh_cn_taskcase ORDER BY code"
HISTORY = """SELECT c.code, h.transition, h.from_status, h.to_status, h.at, h.comment, u.username
             FROM tasks_kh_cn_transitionlog h JOIN tasks_kh_cn_taskcase c ON c.id = h.case_id
             LEFT JOIN auth_user u ON u.id = h.actor_id ORDER BY c.code, h.at, h.id"""
FILES = """SELECT v.file, v.sha256, v.size, v.number, d.title FROM tasks_kh_cn_documentversion v
           JOIN tasks_kh_cn_document d ON d.id = v.document_id ORDER BY v.file"""


def admin_connection():
    db = connection.settings_dict
    return psycopg.connect(dbname="postgres", host=db["HOST"] or None, port=db["PORT"] or None,
                           user=db["USER"] or None, password=db["PASSWORD"] or None,
                           autocommit=True)


def url_of(name):
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def rows(name, query):
    db = connection.settings_dict
    with psycopg.connect(dbname=name, host=db["HOST"] or None, port=db["PORT"] or None,
                         user=db["USER"] or None, password=db["PASSWORD"] or None) as conn:
        return conn.execute(query).fetchall()


def make(target, **env):
    # Run as an operator would: not as a sub-make of `make test` (whose MAKEFLAGS carry its
    # command-line variables), and with only the variables given here.
    inherited = {key: value for key, value in os.environ.items()
                 if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BACKUP_DIR", "FORCE"}}
    return subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, text=True,
                          capture_output=True, timeout=300, env={**inherited, **env})


def drop(*names):
    with admin_connection() as admin:
        for name in names:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_the_same_cases_history_and_files(cast, tmp_path):
    require_service("PostgreSQL", settings.IS_POSTGRES,
                    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn")
    # The story: cases at several points of their lives, with their dossiers.
    walk(make_case(cast.host, title="Ứng dụng IoT trong nuôi tôm"), cast, until="approve")
    contracted = walk(make_case(cast.host, title="Sản xuất phân bón hữu cơ"), cast,
                      until="sign_contract")
    upload_required(contracted, "contract", cast.host)
    make_case(cast.host, title="Nháp chưa nộp")
    upload_document(case=contracted, kind="other", title="Ảnh hiện trường",
                    uploaded=pdf("hien-truong.pdf", pdf_bytes(pages=4)), user=cast.host)

    # A scratch copy of that data, so pytest's own test database is never the one backed up.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    source, target = f"khcn_backup_src_{worker}", f"khcn_backup_dst_{worker}"
    drop(source, target)
    connections.close_all()  # a template database must have no other session
    with admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(source), sql.Identifier(connection.settings_dict["NAME"])))
    folder, restored_media = tmp_path / "backup", tmp_path / "restored-media"
    try:
        made = make("backup", DATABASE_URL=url_of(source), BACKUP_DIR=str(folder),
                    DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT))
        assert made.returncode == 0, made.stderr
        assert "Backup written to" in made.stdout
        assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz",
                                                       "backup.json"}

        into = dict(DATABASE_URL=url_of(target), BACKUP_DIR=str(folder),
                    DJANGO_MEDIA_ROOT=str(restored_media))
        done = make("restore", **into)
        assert done.returncode == 0, done.stderr
        assert "Restored the backup" in done.stdout

        cases = rows(target, CASES)
        assert len(cases) == 3 and cases == rows(source, CASES)
        history = rows(target, HISTORY)
        assert len(history) >= 10 and history == rows(source, HISTORY)
        files = rows(target, FILES)
        assert files == rows(source, FILES)
        assert len(files) == DocumentVersion.objects.count() >= 5
        for name, sha256, size, _number, _title in files:
            restored = (restored_media / name).read_bytes()
            assert restored == (Path(settings.MEDIA_ROOT) / name).read_bytes()
            assert hashlib.sha256(restored).hexdigest() == sha256 and len(restored) == size

        # A second restore onto data is refused, with words, and changes nothing.
        again = make("restore", **into)
        assert again.returncode != 0
        assert "already has" in again.stderr or "not empty" in again.stderr
        assert rows(target, CASES) == cases
    finally:
        drop(source, target)


def test_restore_says_what_it_needs(tmp_path):
    """No database needed: the folder is checked first."""
    missing = make("restore")
    assert missing.returncode != 0 and "BACKUP_DIR" in missing.stderr
    not_a_backup = make("restore", BACKUP_DIR=str(tmp_path))
    assert not_a_backup.returncode != 0 and "backup.json" in not_a_backup.stderr
