"""Issue 11: the five council flows became one (workflows.councils.flow.CouncilFlow).

viewflow stores each process's flow class and each task's node as a dotted path
("workflows/councils.selection.SelectionCouncilFlow", "….cast_ballot"); the old modules
are gone, so the rows of councils already under way are moved to the new path. The
diagram is node for node the same, so a process carries on where it stood.
"""

from django.db import migrations

OLD_FLOWS = [
    "councils.identification.IdentificationCouncilFlow",
    "councils.selection.SelectionCouncilFlow",
    "councils.direct_assignment.DirectAssignmentCouncilFlow",
    "councils.budget_appraisal.BudgetAppraisalFlow",
    "councils.acceptance.AcceptanceCouncilFlow",
]
NEW_FLOW = "councils.flow.CouncilFlow"
NODES = [
    "start", "open_round", "seats", "seat_check", "conflict_check", "declare_conflict",
    "replace_member", "cast_ballot", "close_round", "round_done", "aggregate", "tie",
    "decide", "second_round", "end",
]


def _ref(path):
    return f"workflows/{path}"


def move(apps, old_flows, new_flow):
    """Rewrite the stored references with plain UPDATEs on strings (loading the rows
    would import the flow class each one names, and the old ones no longer exist)."""
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    for old in old_flows:
        Process.objects.filter(flow_class=_ref(old)).update(flow_class=_ref(new_flow))
        for node in NODES:
            Task.objects.filter(flow_task=_ref(f"{old}.{node}")).update(
                flow_task=_ref(f"{new_flow}.{node}"))


def forwards(apps, schema_editor):
    move(apps, OLD_FLOWS, NEW_FLOW)


class Migration(migrations.Migration):
    dependencies = [("councils", "0002_default_council_rules"),
                    ("viewflow", "0015_task_scheduled")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
