"""`manage.py print_rules [--stdout-only]`: the whole rule set with its articles, as Markdown.

Prints it and writes ``docs/rules.md`` (linked from the README); ``--stdout-only`` leaves
the file alone. The text comes from the data (``tasks_kh_cn.rules_doc``), so it cannot drift.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tasks_kh_cn.rules_doc import render_rules

DOC = Path(settings.BASE_DIR) / "docs" / "rules.md"


class Command(BaseCommand):
    help = "Print every rule (councils, deadlines, changes, figures, support) with its article."

    def add_arguments(self, parser):
        parser.add_argument("--stdout-only", action="store_true",
                            help="print without writing docs/rules.md")

    def handle(self, *args, **options):
        text = render_rules()
        self.stdout.write(text, ending="")
        if not options["stdout_only"]:
            DOC.parent.mkdir(parents=True, exist_ok=True)
            DOC.write_text(text, encoding="utf-8")
