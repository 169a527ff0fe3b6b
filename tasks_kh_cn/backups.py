"""Back up and restore the database and the dossier files (``make backup`` / ``make restore``).

A backup is one folder: ``database.dump`` (``pg_dump --format=custom``) or ``database.sqlite3``
(SQLite's online backup), ``media.tar.gz`` (the folder DJANGO_MEDIA_ROOT) and ``backup.json``
(what was saved, with the SHA-256 of both files, checked again before a restore).
A restore goes into the database DATABASE_URL names and the folder DJANGO_MEDIA_ROOT names,
and refuses targets that already hold data unless told to replace them.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

MANIFEST = "backup.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP, SQLITE_COPY = "database.dump", "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; its message says what to do."""


def _database():
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine not in {"postgresql", "sqlite3"}:
        raise BackupError(f"Unsupported database engine {db['ENGINE']}: PostgreSQL or SQLite.")
    return engine, db


def _pg_env(db, name=None) -> dict:
    # Connection settings travel in the environment, so a password never shows in `ps`.
    env = dict(os.environ, PGDATABASE=name or db["NAME"])
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_connect(db, name):
    return psycopg.connect(dbname=name, host=db.get("HOST") or None,
                           port=db.get("PORT") or None, user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None, autocommit=True)


def _run(command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_folder() -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / stamp


def backup(folder: Path, say=print) -> dict:
    """Write a backup into ``folder`` (created; it must be empty); return its manifest."""
    engine, db = _database()
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder (BACKUP_DIR).")
    folder.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        say(f"Database: pg_dump of {db['NAME']} on {db.get('HOST') or 'local socket'} …")
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={folder / PG_DUMP}"], _pg_env(db))
        database_file = PG_DUMP
    else:
        say(f"Database: SQLite online backup of {db['NAME']} …")
        if not Path(db["NAME"]).exists():
            raise BackupError(f"No SQLite database at {db['NAME']}.")
        source, target = sqlite3.connect(db["NAME"]), sqlite3.connect(folder / SQLITE_COPY)
        with target:
            source.backup(target)
        source.close(), target.close()
        database_file = SQLITE_COPY
    media = Path(settings.MEDIA_ROOT)
    say(f"Files: {media} …")
    count = size = 0
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
                    count, size = count + 1, size + path.stat().st_size
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine, "database": str(db["NAME"]), "database_file": database_file,
        "media_root": str(media), "media_files": count, "media_bytes": size,
        "sha256": {name: _sha256(folder / name) for name in (database_file, MEDIA_ARCHIVE)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _check(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{folder} has no {MANIFEST}: not a folder made by `make backup`.") from None
    for name, expected in manifest["sha256"].items():
        if not (folder / name).exists() or _sha256(folder / name) != expected:
            raise BackupError(f"{folder / name} is missing or damaged (SHA-256 differs).")
    return manifest


def _pg_ready(db, force: bool) -> None:
    """Create the target database if missing; refuse one holding tables unless ``force``."""
    name = db["NAME"]
    with _pg_connect(db, "postgres") as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return
    with _pg_connect(db, name) as target:
        tables = target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    if tables and not force:
        raise BackupError(f"Database {name} already has {tables} tables: restore into a new "
                          "database, or pass FORCE=1 (make) / --force to replace its content.")


def restore(folder: Path, *, force: bool = False, say=print) -> dict:
    """Restore the backup in ``folder`` into DATABASE_URL and DJANGO_MEDIA_ROOT."""
    engine, db = _database()
    folder = Path(folder)
    manifest = _check(folder)
    if manifest["engine"] != engine:
        raise BackupError(f"The backup is of a {manifest['engine']} database; DATABASE_URL "
                          f"names a {engine} one.")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()) and not force:
        raise BackupError(f"{media} is not empty: restore into a new DJANGO_MEDIA_ROOT, or pass "
                          "FORCE=1 (make) / --force to add the backup's files to it.")
    if engine == "postgresql":
        _pg_ready(db, force)
        say(f"Database: pg_restore into {db['NAME']} …")
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              *(["--clean", "--if-exists"] if force else []), f"--dbname={db['NAME']}",
              str(folder / PG_DUMP)], _pg_env(db))
    else:
        target = Path(db["NAME"])
        if target.exists() and target.stat().st_size and not force:
            raise BackupError(f"{target} exists: restore into a new DATABASE_URL file, or pass "
                              "FORCE=1 (make) / --force to replace it.")
        say(f"Database: SQLite copy into {target} …")
        shutil.copyfile(folder / SQLITE_COPY, target)
    say(f"Files: into {media} …")
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        archive.extractall(media, filter="data")
    return manifest
