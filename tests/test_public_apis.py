"""The project speaks to Django, viewflow, guardian and the other libraries through their
public names only: an upgrade that changes a library's internals cannot break it silently."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("django", "viewflow", "guardian", "rest_framework", "django_fsm", "knox", "axes",
             "csp", "drf_spectacular", "django_filters", "celery", "django_celery_beat")
PROJECT = ("config", "notifications", "tasks_kh_cn", "workflows", "bench", "tests")


def project_modules():
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def private_imports(source: str) -> list[str]:
    """``module:name`` for each import of a private name (or from a private module) of a
    library."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] not in LIBRARIES:
                continue
            for alias in node.names:
                if alias.name.startswith("_") or any(p.startswith("_") for p in parts):
                    found.append(f"{node.lineno}:{node.module}:{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in LIBRARIES and any(p.startswith("_") for p in parts):
                    found.append(f"{node.lineno}:{alias.name}")
    return found


def test_no_module_imports_a_private_name_of_a_library():
    found = {str(path.relative_to(ROOT)): hits for path in project_modules()
             if (hits := private_imports(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_check_sees_private_imports_and_passes_public_ones():
    private = "_chain"  # spelled apart so that no checker of this repository sees an import
    source = ("from django.db.models.query import " + private + "\n"
              "import viewflow._private.thing\n"
              "from guardian._internal import helper\n"
              "from guardian.shortcuts import get_objects_for_user\n"
              "from ._local import mine\n")
    assert private_imports(source) == [
        "1:django.db.models.query:_chain", "2:viewflow._private.thing",
        "3:guardian._internal:helper"]
