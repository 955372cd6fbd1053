"""The shape of the code that the rest relies on: every right decided in one access package,
which imports no model module, so that the models can use it for their `visible_to` doors."""

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ("partybloc", "organizations", "members", "meetings", "inspections", "reports")
ACCESS = BASE_DIR / "organizations" / "access"
RIGHT_NAME = re.compile(r"^_?(can|may)_")


def _sources():
    for app in APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            yield path, ast.parse(path.read_text(), filename=str(path))


def test_no_module_outside_the_access_package_defines_a_right():
    defined_elsewhere = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno} {node.name}"
        for path, tree in _sources()
        if not path.is_relative_to(ACCESS)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and RIGHT_NAME.match(node.name)
    ]
    assert defined_elsewhere == []


def test_the_access_package_imports_no_model_module():
    imported = [
        f"{path.relative_to(BASE_DIR)}: {node.module}"
        for path, tree in _sources()
        if path.is_relative_to(ACCESS)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.split(".")[0] in APPS
        and not node.module.startswith("organizations.access")
        and not node.module.endswith(".choices")
    ]
    assert imported == []


def test_the_access_package_reexports_every_rule_of_its_modules():
    from organizations import access

    for module in ACCESS.glob("*.py"):
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text())
        public = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        ]
        missing = [name for name in public if not hasattr(access, name)]
        assert missing == [], f"{module.name}: {missing}"
