#!/usr/bin/env bash
# A restore drill: build a portal with data and stored files in a scratch folder, back it up
# the way README ("Back-up and restore") says, destroy it, restore it, and check that every
# row and every file came back. Nothing outside the scratch folder (and, for PostgreSQL, two
# scratch databases) is touched.
#
#   scripts/restore_drill.sh sqlite
#   scripts/restore_drill.sh postgres [postgres://postgres@127.0.0.1:5432]
#
# Prints the fingerprint before and after, and "restore drill: OK" when they are the same.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
KIND=${1:?"sqlite or postgres"}
SERVER=${2:-postgres://postgres@127.0.0.1:5432}
PY=.venv/bin/python
WORK=$(mktemp -d /tmp/partybloc-drill.XXXXXX)
say() { printf '\n== %s\n' "$*"; }

export PRIVATE_STORAGE_ROOT="$WORK/private"
case "$KIND" in
    sqlite) export DATABASE_URL="sqlite:///$WORK/db.sqlite3" ;;
    postgres)
        SOURCE_DB="drill_$(basename "$WORK" | tr -cd 'a-z0-9')"
        export DATABASE_URL="$SERVER/$SOURCE_DB"
        psql "$SERVER/postgres" -qc "CREATE DATABASE $SOURCE_DB" ;;
    *) echo "sqlite or postgres" >&2; exit 2 ;;
esac

# What must come back: the rows of every table that matters, and every stored file with the
# checksum of its content, listed from the rows that name it.
fingerprint() {
    $PY manage.py shell -v0 -c '
import hashlib
from django.apps import apps
from django.db import models
tables = ["organizations.Organization", "members.Member", "members.HistoricalMember",
          "audit.AccessRecord", "jobs.Job", "meetings.Meeting", "auth.User",
          "otp_totp.TOTPDevice"]
for label in tables:
    print(f"rows {label}: {apps.get_model(label).objects.count()}")
files = 0
for model in apps.get_models():
    for field in model._meta.fields:
        if isinstance(field, models.FileField):
            for name in model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                with field.storage.open(name, "rb") as stored:
                    digest = hashlib.sha256(stored.read()).hexdigest()[:16]
                print(f"file {model._meta.label}.{field.name} {name} {digest}")
                files += 1
print(f"files named by rows: {files}")
'
}

say "1. A portal with data: the demo, stored files (a report, a working regulation), a change, a reading"
$PY manage.py migrate -v0
$PY manage.py seed_demo >/dev/null
$PY manage.py render_report --scope bloc --period 2025 --out "$WORK/out" >/dev/null
$PY manage.py shell -v0 -c '
import datetime
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import RequestFactory
from members.models import Member
from organizations.models import Organization
from members.services import change_status
from partybloc.audit.models import AccessRecord
from partybloc.audit.services import record_access
office = get_user_model().objects.get(username="vanphong")
member = Member.objects.active().filter(status="official").order_by("pk").first()
change_status(member, to="exempt", on=datetime.date.today(), reason="Diễn tập khôi phục", by=office)
request = RequestFactory().get("/")
request.user = office
record_access(request, action=AccessRecord.Action.MEMBER_VIEWED, member=member)
bloc = Organization.objects.get(parent__isnull=True)
bloc.regulation_file.save("quy-che-lam-viec.pdf", ContentFile(b"%PDF-1.4 quy che lam viec"))
'
fingerprint | tee "$WORK/before.txt" | grep -v "^file "

say "2. Back-up: the database, then the private files"
mkdir -p "$WORK/backup"
if [[ $KIND == sqlite ]]; then
    # SQLite's online back-up: a consistent copy even while the portal writes (WAL).
    $PY -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))" \
        "$WORK/db.sqlite3" "$WORK/backup/db.sqlite3"
else
    pg_dump --format=custom --file="$WORK/backup/partybloc.dump" "$DATABASE_URL"
fi
tar -C "$PRIVATE_STORAGE_ROOT" -czf "$WORK/backup/private.tar.gz" .
ls -l "$WORK/backup"

say "3. The disaster: database and files gone"
if [[ $KIND == sqlite ]]; then
    rm -f "$WORK"/db.sqlite3*
else
    psql "$SERVER/postgres" -qc "DROP DATABASE $SOURCE_DB"
fi
rm -rf "$PRIVATE_STORAGE_ROOT"

say "4. Restore into a new database and a new files folder"
export PRIVATE_STORAGE_ROOT="$WORK/private-restored"
mkdir -p "$PRIVATE_STORAGE_ROOT"
tar -C "$PRIVATE_STORAGE_ROOT" -xzf "$WORK/backup/private.tar.gz"
if [[ $KIND == sqlite ]]; then
    cp "$WORK/backup/db.sqlite3" "$WORK/restored.sqlite3"
    export DATABASE_URL="sqlite:///$WORK/restored.sqlite3"
else
    RESTORED_DB="${SOURCE_DB}_restored"
    psql "$SERVER/postgres" -qc "CREATE DATABASE $RESTORED_DB"
    pg_restore --no-owner --exit-on-error --dbname="$SERVER/$RESTORED_DB" \
        "$WORK/backup/partybloc.dump"
    export DATABASE_URL="$SERVER/$RESTORED_DB"
fi
$PY manage.py migrate --check -v0 && echo "migrations: all applied"

say "5. Check: the same rows, every file back with the same content, the log still final"
fingerprint | tee "$WORK/after.txt" | grep -v "^file "
$PY manage.py shell -v0 -c '
from django.db import DatabaseError, connection, transaction
try:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessrecord SET reason = %s", ["changed"])
    print("access log: an UPDATE went through (the trigger is missing)")
except DatabaseError:
    print("access log: UPDATE refused by the database")
'
if diff "$WORK/before.txt" "$WORK/after.txt"; then
    echo "restore drill ($KIND): OK, $(grep -c '^file ' "$WORK/after.txt") files and every row count equal"
else
    echo "restore drill ($KIND): DIFFERENT" >&2
    exit 1
fi
if [[ $KIND == postgres ]]; then
    psql "$SERVER/postgres" -qc "DROP DATABASE $RESTORED_DB"
fi
rm -rf "$WORK"
