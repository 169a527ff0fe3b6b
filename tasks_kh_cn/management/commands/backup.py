"""`manage.py backup [--dir FOLDER]`: the database and the dossier files (``make backup``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks_kh_cn.backups import BackupError, backup, default_folder


class Command(BaseCommand):
    help = "Back up the database (DATABASE_URL) and the files (DJANGO_MEDIA_ROOT) into a folder."
    requires_system_checks = []  # a backup must run even when a check fails

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder to create (default: backups/<date-time>/)")

    def handle(self, *args, **options):
        folder = Path(options["dir"]) if options["dir"] else default_folder()
        try:
            manifest = backup(folder, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {folder.resolve()}: {manifest['engine']} database "
            f"{manifest['database']}, {manifest['media_files']} files "
            f"({manifest['media_bytes']} bytes)."))
