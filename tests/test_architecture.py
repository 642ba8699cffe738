"""Imports run one way: workspace → applications, meetings → members (docs/architecture.md).

Every .py file of the apps is parsed, so an import inside a function, a module named in a
string (`import_module`, `include`) or a lazy model reference ("app.Model") counts as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

# What each app must not depend on.
FORBIDDEN: dict[str, frozenset[str]] = {
    "members": frozenset({"applications", "meetings", "workspace"}),
    "applications": frozenset({"workspace"}),
    "meetings": frozenset({"workspace"}),
}
# Calls whose first argument names a module or an app.
NAMING_CALLS = frozenset({"import_module", "__import__", "include", "get_model", "get_app_config"})
RELATION_FIELDS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    if isinstance(function, ast.Name):
        return function.id
    return ""


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def dependencies(source: str, package: str) -> list[tuple[int, str]]:
    """(line, top-level package) for everything `source` (a module of `package`) depends on."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside the package.
            found.append((node.lineno, package if node.level else (node.module or "").split(".")[0]))
        elif isinstance(node, ast.Call):
            name, value = _called_name(node), _first_string(node)
            if value and (name in NAMING_CALLS or (name in RELATION_FIELDS and "." in value)):
                found.append((node.lineno, value.split(".")[0]))
    return found


def _modules(app: str) -> list[Path]:
    return sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))


def test_every_app_is_scanned():
    for app in FORBIDDEN:
        assert len(_modules(app)) > 5, app


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_import_against_the_direction(app):
    wrong = []
    for path in _modules(app):
        for line, target in dependencies(path.read_text(encoding="utf-8"), app):
            if target in FORBIDDEN[app]:
                wrong.append(f"{path.relative_to(settings.BASE_DIR)}:{line} depends on {target}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(
    "source",
    [
        "from workspace.views import dashboard",
        "import workspace.rights",
        "def f():\n    from workspace import rights\n",
        "class A:\n    def f(self):\n        import workspace\n",
        "from importlib import import_module\nimport_module('workspace.exports')",
        "path('x/', include('workspace.urls'))",
        "apps.get_model('workspace', 'Thing')",
        "models.ForeignKey('workspace.Thing', on_delete=models.CASCADE)",
    ],
)
def test_the_scan_finds_every_kind_of_dependency(source):
    assert "workspace" in {target for _line, target in dependencies(source, "members")}


def test_the_scan_leaves_alone_what_is_not_a_dependency():
    source = (
        "from . import views\nfrom .models import Thing\n"
        "x = 'workspace.urls'\nmodels.ForeignKey(Thing, on_delete=models.CASCADE, verbose_name='workspace')\n"
        "render(request, 'workspace/base.html')\n"
    )
    assert {target for _line, target in dependencies(source, "members")} == {"members"}
