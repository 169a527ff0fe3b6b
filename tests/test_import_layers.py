"""Imports stay at the top of their modules: a project import hidden inside a function is how
an import loop hides (the lifecycle used to import the councils', pilots' and support's
conditions while the case model loaded, and ~100 imports moved into functions to dodge it).

Allowed inside a function: ``AppConfig.ready()`` (it runs once every model is loaded, which
is its job), and the few real cycles named below, each with its reason at the import.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from workflows.lifecycle import CaseLifecycle
from workflows.named_conditions import Named, registered_conditions

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("config", "notifications", "tasks_kh_cn", "workflows")

# (module path, imported module) -> why the import waits for the call.
ALLOWED = {
    # The council flow calls the round services; the services drive the flow (complete_task).
    ("workflows/councils/base.py", "tasks_kh_cn.councils.services.rounds"),
    # The Celery task module runs the sweep; the sweep enqueues the task.
    ("notifications/services/sweep.py", "..tasks"),
}


def local_project_imports(source: str) -> list[tuple[str, str, int]]:
    """``(function, module, line)`` for each import of a project module inside a function,
    except in ``ready()``."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
            elif function and function != "ready" and isinstance(child, ast.ImportFrom):
                module = "." * child.level + (child.module or "")
                if child.level or module.split(".")[0] in PROJECT:
                    found.append((function, module, child.lineno))
            elif function and function != "ready" and isinstance(child, ast.Import):
                found.extend((function, alias.name, child.lineno) for alias in child.names
                             if alias.name.split(".")[0] in PROJECT)
            else:
                visit(child, function)

    visit(ast.parse(source), None)
    return found


def test_no_project_import_hides_inside_a_function():
    found = {}
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = str(path.relative_to(ROOT))
            hits = [hit for hit in local_project_imports(path.read_text(encoding="utf-8"))
                    if (name, hit[1]) not in ALLOWED]
            if hits:
                found[name] = hits
    assert found == {}


def test_the_check_sees_local_imports_and_passes_ready_and_libraries():
    source = (
        "from tasks_kh_cn.models import TaskCase\n"
        "def f():\n"
        "    from workflows.services import perform_transition\n"
        "    import decimal\n"
        "    class Inner:\n"
        "        def g(self):\n"
        "            from .models import Council\n"
        "class Config:\n"
        "    def ready(self):\n"
        "        from . import receivers\n"
    )
    assert local_project_imports(source) == [("f", "workflows.services", 3),
                                             ("g", ".models", 7)]


def lifecycle_conditions():
    model = apps.get_model("tasks_kh_cn", "TaskCase")
    assert issubclass(model, CaseLifecycle)
    field = model._meta.get_field("status")
    return [(spec.name, condition) for spec in field.get_all_transitions(model)
            for condition in spec.conditions]


def test_every_condition_the_lifecycle_names_is_registered():
    named = [(name, c) for name, c in lifecycle_conditions() if isinstance(c, Named)]
    assert named, "the lifecycle names its conditions"
    assert {c.name for _name, c in named} <= registered_conditions()
    for _name, condition in named:
        assert callable(condition.target) and hasattr(condition.target, "reason")


def test_the_lifecycle_imports_no_app_built_on_the_case_model():
    source = (ROOT / "workflows" / "lifecycle.py").read_text(encoding="utf-8")
    modules = [node.module for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.ImportFrom) and node.module]
    assert not [m for m in modules if m.startswith("tasks_kh_cn")]
    assert "conditions" not in modules  # workflows/conditions.py reads tasks_kh_cn's models


def test_an_unregistered_name_says_where_to_register_it():
    with pytest.raises(ImproperlyConfigured, match="AppConfig.ready"):
        Named("no_such_condition")(object())
