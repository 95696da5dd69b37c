"""The engine stays free of Flask and the database, so it can be benchmarked and tested alone."""

import ast
from pathlib import Path

import pytest

import matchmaker.match

ENGINE = (
    "records",
    "geo",
    "features",
    "nearest",
    "shortlist",
    "scoring",
    "learning",
    "assignment",
    "engine",
    "explain",
)
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "werkzeug", "matchmaker.extensions")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against matchmaker.match
                parent = ["matchmaker", "match"][: 3 - node.level]
                base = ".".join([*parent, base] if base else parent)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", ENGINE)
def test_engine_module_imports_no_web_or_database_code(module):
    path = Path(matchmaker.match.__file__).parent / f"{module}.py"
    for name in imported_modules(path):
        assert not name.lower().startswith(FORBIDDEN), f"{module}.py imports {name}"
        if name.startswith("matchmaker."):
            allowed = ("matchmaker.core.availability", *(f"matchmaker.match.{m}." for m in ENGINE))
            assert name.startswith(allowed), f"{module}.py imports {name}"
