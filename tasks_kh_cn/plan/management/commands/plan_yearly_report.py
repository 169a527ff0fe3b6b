"""manage.py plan_yearly_report --year 2025 [--out DIR] [--officer USERNAME]

Writes the yearly report to the Chairman of UBND tỉnh (DOCX) and its annex (XLSX) for any
year; with --officer, also puts that officer in charge and opens the year's deadline.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tasks_kh_cn.plan.reporting import open_yearly_report
from tasks_kh_cn.plan.yearly import yearly_figures
from tasks_kh_cn.plan.yearly_docx import yearly_docx
from tasks_kh_cn.plan.yearly_xlsx import yearly_xlsx


class Command(BaseCommand):
    help = "Write the plan's yearly report (DOCX) and its annex (XLSX) for a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=datetime.date.today().year)
        parser.add_argument("--out", default=".", help="directory for the two files")
        parser.add_argument("--officer", help="username of the officer in charge (opens the deadline)")

    def handle(self, *args, year, out, officer=None, **options):
        if not 2021 <= year <= 2100:
            raise CommandError("--year must be between 2021 and 2100")
        if officer:
            user = get_user_model().objects.filter(username=officer).first()
            try:
                report = open_yearly_report(year=year, officer=user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(f"deadline {report.deadline.due_on:%d/%m/%Y} → {officer}")
        figures = yearly_figures(year)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for extension, build in (("docx", yearly_docx), ("xlsx", yearly_xlsx)):
            path = folder / f"bao-cao-nam-{year}.{extension}"
            path.write_bytes(build(figures))
            self.stdout.write(f"→ {path}")
