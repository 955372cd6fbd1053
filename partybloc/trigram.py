"""Trigram indexes for search (pg_trgm, GIN) on PostgreSQL only: SQLite has no such index and
searches its small databases by scanning. Used by migrations, so it must stay importable and
keep its behaviour: a migration once run must mean the same thing later."""


def trigram_index(table: str, column: str, name: str):
    """A RunPython operation pair creating (and dropping) the index when on PostgreSQL."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return create, drop
