"""The shape of the code that the rest relies on: every right decided in one access package,
which imports no model module, so that the models can use it for their `visible_to` doors; and
the demo kept apart, used by nothing but its command."""

import ast
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ("partybloc", "organizations", "members", "meetings", "inspections", "reports")
ACCESS = BASE_DIR / "organizations" / "access"
RIGHT_NAME = re.compile(r"^_?(can|may)_")
DEMO = BASE_DIR / "partybloc" / "demo"
SEED_DEMO = BASE_DIR / "partybloc" / "management" / "commands" / "seed_demo.py"


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


def _runtime_imports(tree: ast.Module):
    """The module's import statements, leaving out those only a type checker runs."""
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING",):
            continue
        yield from (n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom))


def test_the_access_package_imports_no_model_module():
    """The models import access for their `visible_to` doors: access importing a model module
    back would be a cycle. It names kinds, roles and states from the apps' `choices` modules."""
    imported = [
        f"{path.relative_to(BASE_DIR)}: {node.module}"
        for path, tree in _sources()
        if path.is_relative_to(ACCESS)
        for node in _runtime_imports(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.split(".")[0] in APPS
        and not node.module.startswith("organizations.access")
        and not node.module.endswith(".choices")
        and node.module != "partybloc.types"
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


def _imported_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def test_no_module_outside_the_demo_imports_it_but_its_command():
    importing = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno} {name}"
        for path, tree in _sources()
        if not path.is_relative_to(DEMO) and path != SEED_DEMO
        for node in ast.walk(tree)
        for name in _imported_names(node)
        if name == "partybloc.demo" or name.startswith("partybloc.demo.")
    ]
    assert importing == []


def test_no_module_imports_our_code_inside_a_function():
    """An import of our own code inside a function is an import cycle in disguise. The only lazy
    imports are third-party heavy ones where they are used (WeasyPrint and python-docx inside the
    renderers), and an app's `ready()`, where Django wants signal receivers connected."""
    hidden = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno} {module}"
        for path, tree in _sources()
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        and not (path.name == "apps.py" and function.name == "ready")
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for module in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [n.name for n in node.names]
        )
        if module.split(".")[0] in APPS
    ]
    assert hidden == []


def test_starting_django_does_not_load_the_pdf_and_word_libraries():
    """WeasyPrint alone took half of every start (commands, workers, the web process): it is
    imported where a document is printed, not when the project loads."""
    run_check = (
        "import runpy, sys; sys.argv = ['manage.py', 'check']; "
        "runpy.run_path('manage.py', run_name='__main__'); print(*sorted(sys.modules))"
    )
    started = subprocess.run(
        [sys.executable, "-c", run_check], cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    loaded = set(started.stdout.split())
    assert {"reports.tasks", "members.tasks"} <= loaded  # the tasks load (JobsConfig.ready) …
    assert not {name for name in loaded if name.split(".")[0] in ("weasyprint", "docx")}
