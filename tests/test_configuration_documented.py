"""Every setting read from the environment is documented where an operator looks for it."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _variables_read() -> set[str]:
    settings = (BASE_DIR / "partybloc" / "settings.py").read_text()
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", settings))


def test_settings_reads_some_variables():
    assert {"DATABASE_URL", "SECRET_KEY", "DOCUMENT_PLACE"} <= _variables_read()


def test_every_variable_read_is_in_the_readme_and_the_example_env():
    readme = (BASE_DIR / "README.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    assert sorted(v for v in _variables_read() if f"`{v}`" not in readme) == []
    assert sorted(v for v in _variables_read() if v not in example) == []
