"""Production settings pass `check --deploy` with no warning; the public built-in SECRET_KEY is
refused when DEBUG is off; pages and downloads for a signed-in user are never stored by a
browser or proxy, while static files keep their caching."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qz-production-key-for-the-check-only-9fJ2xWm4pLr8sTv1yB6nC3dE5gH0",
    "BEHIND_TLS_PROXY": "true",
    "ALLOWED_HOSTS": "partybloc.example.vn",
}


def manage(*args, **env):
    """manage.py in a process of its own, with the given environment over the current one
    (the test settings of this process do not leak into it)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_reports_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_without_the_tls_proxy_the_check_warns_about_https():
    result = manage("check", "--deploy", **{**PRODUCTION, "BEHIND_TLS_PROXY": "false"})
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_with_debug_off_and_no_key_the_portal_refuses_to_start(tmp_path):
    result = manage(
        "check", DEBUG="false", SECRET_KEY="", SECRET_KEY_FILE=str(tmp_path / "missing")
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "No SECRET_KEY" in result.stderr and "make setup" in result.stderr
    # A developer's DEBUG machine may still start on the built-in key.
    debug = manage("check", DEBUG="true", SECRET_KEY="", SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert debug.returncode == 0, debug.stderr


def test_the_key_file_written_by_setup_is_read_when_no_key_is_set(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("a-key-drawn-by-setup-sh-for-this-checkout-only-0123456789abcdef\n")
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        DEBUG="false",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(key_file),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key_file.read_text().strip()


def test_setup_writes_a_random_key_kept_from_git():
    key_file = ROOT / "var" / "secret_key"
    assert key_file.is_file(), "scripts/setup.sh (make setup) writes it"
    assert len(key_file.read_text().strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(key_file)], cwd=ROOT, capture_output=True
    )
    assert ignored.returncode == 0


# --- What browsers may keep --------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_and_downloads_for_a_signed_in_user_are_not_stored(world, as_user):
    client = as_user(world.office)
    for url in (
        reverse("home"),
        reverse("members:detail", args=[world.an.pk]),
        reverse("members:export"),
        reverse("accounts:profile"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
def test_static_files_keep_their_caching(world, as_user):
    client = as_user(world.office)
    response = client.get("/static/css/partybloc.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]
