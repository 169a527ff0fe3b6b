"""`manage.py restore FOLDER [--force]`: a backup into DATABASE_URL and DJANGO_MEDIA_ROOT."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks_kh_cn.backups import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a folder made by `backup` into the database DATABASE_URL names (created "
            "if missing) and the folder DJANGO_MEDIA_ROOT; targets holding data are refused.")
    # The target database may not exist yet: nothing may connect to it before the restore.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that has tables; add to a non-empty media")

    def handle(self, *args, folder, force, **options):
        try:
            manifest = restore(Path(folder), force=force, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created_at']} ({manifest['media_files']} files) "
            f"into database {settings.DATABASES['default']['NAME']} and {settings.MEDIA_ROOT}. "
            "Run `manage.py migrate` if this code is newer than the backup."))
