"""A stored file follows its row: written inside the transaction, removed if the row is not.

The file is written before the row commits, so a disk error aborts the transaction and a
committed row always has its file. The other order of failure — the transaction rolls back
(a later validation error, a conflict) after the file was written — would leave a file no
row names. Django has no rollback hook, so each write is remembered until its commit
(``transaction.on_commit``) confirms it; at the end of the request, with no transaction open
any more, a file still unconfirmed was rolled back and is deleted. (When a transaction is still
open there — a test's — the row's existence decides.) Outside requests (commands, tasks), call
``remove_orphan_files`` after the work.
"""

import threading

from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.dispatch import receiver

_written = threading.local()


def _unconfirmed() -> dict:
    if not hasattr(_written, "files"):
        _written.files = {}
    return _written.files


def store_file(field_file, content, *, name: str = "upload") -> None:
    """Write ``content`` into the model's ``field_file`` (its row not yet saved)."""
    field_file.save(name, content, save=False)
    stored, storage = field_file.name, field_file.storage
    model, field = type(field_file.instance), field_file.field.name
    pending = _unconfirmed()
    pending[stored] = (storage, model, field)
    transaction.on_commit(lambda: pending.pop(stored, None))


def remove_orphan_files() -> list[str]:
    """Delete the files written on this thread whose row did not survive; return their names."""
    pending = _unconfirmed()
    written = list(pending.items())
    pending.clear()
    if not connection.in_atomic_block:
        # Every transaction has ended, and on_commit did not confirm these: they rolled back.
        for stored, (storage, _model, _field) in written:
            storage.delete(stored)
        return [stored for stored, _where in written]
    groups = {}
    for stored, where in written:
        groups.setdefault(where, []).append(stored)
    removed = []
    for (storage, model, field), names in groups.items():
        # A transaction still open (a test's) shows its uncommitted rows: the row decides.
        kept = set(model._default_manager.filter(**{f"{field}__in": names})
                   .values_list(field, flat=True))
        for stored in names:
            if stored not in kept:
                storage.delete(stored)
                removed.append(stored)
    return removed


@receiver(request_started, dispatch_uid="tasks_kh_cn.forget_files_written_elsewhere")
def _forget_files_written_elsewhere(sender, **kwargs):
    # Files written on this thread outside a request (a command, a test's setup) are not this
    # request's to judge; their own code calls remove_orphan_files.
    _unconfirmed().clear()


@receiver(request_finished, dispatch_uid="tasks_kh_cn.remove_orphan_files")
def _remove_orphans_after_request(sender, **kwargs):
    if _unconfirmed():
        remove_orphan_files()
