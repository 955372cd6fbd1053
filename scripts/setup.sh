#!/usr/bin/env bash
# Prepare a checkout of partybloc to run: system packages, a Python >= 3.12 virtualenv in .venv
# with requirements.txt installed, a random secret key of its own (var/secret_key) and compiled
# translation catalogues.
#
# Idempotent and quiet: a second run only checks, prints one line per step and takes a few
# seconds. Used by `make setup`, `make run` and `make test`; works as root on a fresh Debian 12
# machine (CI starts from a clean clone). Not as root, it says what is missing and stops.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT_DIR=$(pwd)
VENV="$ROOT_DIR/.venv"
STAMP="$VENV/.requirements.sha256"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# --- 1. A Python >= 3.12 -------------------------------------------------------------------
# Prints the interpreter's own path when "$1" runs and is >= 3.12; pyenv shims exist on PATH
# but fail unless PYENV_VERSION is set, so every candidate is actually run.
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local cand path pyenv_root
    for cand in python3.13 python3.12 python3; do
        path=$(command -v "$cand" 2>/dev/null) || continue
        if python_ok "$path"; then
            echo "$path"
            return 0
        fi
    done
    pyenv_root=$(pyenv root 2>/dev/null || true)
    shopt -s nullglob
    local globs=()
    if [[ -n "$pyenv_root" ]]; then
        globs+=("$pyenv_root"/versions/3.1[2-9]*/bin/python3)
    fi
    globs+=(/root/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9])
    shopt -u nullglob
    for path in "${globs[@]}"; do
        if [[ -x "$path" ]] && python_ok "$path"; then
            echo "$path"
            return 0
        fi
    done
    return 1
}

PYTHON=$(find_python) || die "no Python >= 3.12 found (Django 6 needs it; tried python3.13, \
python3.12, python3 on PATH, pyenv's versions/3.1[2-9]*, /usr/local/bin/python3.1[2-9]). \
Install one, e.g. 'pyenv install 3.12', and run this again."
say "python: $PYTHON ($("$PYTHON" -c 'import platform; print(platform.python_version())'))"

# --- 2. System packages ----------------------------------------------------------------------
# gettext: msgfmt for compilemessages; poppler-utils: pdftotext/pdffonts in tests;
# fonts-noto-core: Vietnamese glyphs; harfbuzz-subset/pango: WeasyPrint; chromium: the browser
# tests (Playwright cannot download its own browser on these networks).
APT_PACKAGES=(gettext poppler-utils fonts-noto-core libharfbuzz-subset0 libpango-1.0-0
    libpangoft2-1.0-0 chromium)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
    say "system packages: present"
elif [[ $(id -u) -ne 0 ]]; then
    die "missing system packages: ${missing[*]}. Install them as root:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
else
    say "system packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_log=$(mktemp)
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
        >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        die "apt-get could not install: ${missing[*]}"
    fi
    rm -f "$apt_log"
fi

# --- 3. Virtualenv and Python packages --------------------------------------------------------
if [[ -x "$VENV/bin/python" ]] && python_ok "$VENV/bin/python"; then
    say "venv: .venv present"
else
    if [[ -e "$VENV" ]]; then
        say "venv: .venv is broken or older than Python 3.12, recreating it"
        rm -rf "$VENV"
    else
        say "venv: creating .venv"
    fi
    "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed (on Debian's own Python, \
install python3-venv)"
fi

want_sha=$(sha256sum requirements.txt | cut -d' ' -f1)
have_sha=$(cat "$STAMP" 2>/dev/null || true)
if [[ "$want_sha" == "$have_sha" ]]; then
    say "requirements: up to date"
else
    say "requirements: installing requirements.txt"
    pip_log="$VENV/pip-install.log"
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -r requirements.txt \
        >"$pip_log" 2>&1; then
        tail -n 40 "$pip_log" >&2
        die "pip install -r requirements.txt failed (full log: $pip_log)"
    fi
    echo "$want_sha" >"$STAMP"
fi

# --- 4. A secret key for this checkout -------------------------------------------------------
# Settings read SECRET_KEY from the environment, else from var/secret_key (git-ignored), and
# refuse to start with DEBUG off and neither (partybloc/settings.py says why). Written once, then
# kept: a new key would end every session and invalidate password-reset links.
KEY_FILE="$ROOT_DIR/var/secret_key"
if [[ -s "$KEY_FILE" ]]; then
    say "secret key: var/secret_key present"
else
    mkdir -p "$ROOT_DIR/var"
    (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' \
        >"$KEY_FILE.tmp" && mv "$KEY_FILE.tmp" "$KEY_FILE")
    say "secret key: generated var/secret_key"
fi

# --- 5. Translations --------------------------------------------------------------------------
# Catalogues live in locale/ (and possibly in apps); .mo files are not committed.
if find . -path ./.venv -prune -o -name '*.po' -path '*/locale/*' -print -quit | grep -q .; then
    "$VENV/bin/python" manage.py compilemessages --ignore=.venv --verbosity 0
    say "translations: compiled"
else
    say "translations: no .po catalogue yet, nothing to compile"
fi
