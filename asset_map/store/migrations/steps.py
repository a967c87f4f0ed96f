"""What the revisions share: add a table's columns that it lacks (a file upgraded by hand, or
half-way by a release before Alembic, may have some already)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def add_missing_columns(table: str, columns: list[sa.Column[object]]) -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [column for column in columns if column.name not in have]
    if missing:
        with op.batch_alter_table(table) as batch:  # SQLite: ALTER TABLE ADD COLUMN, no copy
            for column in missing:
                batch.add_column(column)


def has_table(name: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(name)
