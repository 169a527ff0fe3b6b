"""manage.py send_reminders [--now ISO-DATETIME] [--dry-run] — one sweep, as beat runs it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notifications.services.sweep import BrokerUnavailable, run_sweep


class Command(BaseCommand):
    help = "Quét các thời hạn đến mốc nhắc, ghi hàng đợi thông báo và gửi (như lịch Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Thời điểm quét, ISO 8601 (mặc định: bây giờ).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ đếm, không ghi hàng đợi và không gửi.")

    def handle(self, *args, now=None, dry_run=False, **options):
        moment = timezone.now()
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError(f"--now: not an ISO datetime: {now!r}")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        try:
            result = run_sweep(now=moment, dry_run=dry_run)
        except BrokerUnavailable as exc:
            # The sweep's rows are committed and ready: the next sweep sends them at once.
            # One line for the operator (CommandError prints no traceback), exit status 3.
            raise CommandError(f"send_reminders: {exc}", returncode=3) from exc
        prefix = "dry-run: " if dry_run else ""
        self.stdout.write(f"{prefix}{result.as_text}")
