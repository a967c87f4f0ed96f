"""Alembic revisions, one file per schema version (`schema_N`), loaded by Alembic by path."""
