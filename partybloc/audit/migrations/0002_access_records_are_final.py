"""Access records cannot be changed, even by SQL that goes around the model.

PostgreSQL: a trigger refuses every UPDATE, and every DELETE except inside a transaction that
set `partybloc.audit_prune` (the pruning of records past the retention period does). A
database owner can still drop the trigger: in production the portal's database role should
not own the tables (README, "Security"). SQLite: a trigger refuses UPDATE; deleting is refused
by the model and its queryset. (A later migration that rebuilds this table on SQLite drops its
trigger: such a migration must create it again.)"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION audit_accessrecord_is_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('partybloc.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'access records are final: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessrecord_is_final
    BEFORE UPDATE OR DELETE ON audit_accessrecord
    FOR EACH ROW EXECUTE FUNCTION audit_accessrecord_is_final();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS audit_accessrecord_is_final ON audit_accessrecord;
DROP FUNCTION IF EXISTS audit_accessrecord_is_final();
"""
SQLITE_CREATE = """
CREATE TRIGGER audit_accessrecord_is_final BEFORE UPDATE ON audit_accessrecord
BEGIN SELECT RAISE(ABORT, 'access records are final: UPDATE refused'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_accessrecord_is_final;"


def _run(statements):
    def run(apps, schema_editor):
        sql = statements.get(schema_editor.connection.vendor)
        if sql:
            # Straight to the cursor, without parameters: the function's body holds a `%`.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
