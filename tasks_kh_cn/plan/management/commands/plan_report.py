"""manage.py plan_report [--as-of YYYY-MM-DD] [--xlsx FILE]: the plan's progress table."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks_kh_cn.plan.export import progress_workbook
from tasks_kh_cn.plan.selectors import plan_progress


class Command(BaseCommand):
    help = "Print the progress of the plan's targets (the yearly report due before 15 December)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date of the figures, YYYY-MM-DD (default: today)")
        parser.add_argument("--xlsx", help="also write the report as an Excel workbook")

    def handle(self, *args, as_of=None, xlsx=None, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"--as-of must be YYYY-MM-DD: {exc}") from exc
        rows = plan_progress(day)
        for row in rows:
            self.stdout.write(f"{row.label}: {row.value_display}/{row.target_display} {row.unit} "
                              f"({row.percent}%, {row.status_label}) {row.detail}")
        if xlsx:
            with open(xlsx, "wb") as handle:
                handle.write(progress_workbook(rows, day or timezone.localdate()))
            self.stdout.write(f"→ {xlsx}")
