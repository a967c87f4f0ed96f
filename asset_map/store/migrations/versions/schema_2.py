"""Flags and merges: an entry can be flagged for review, and merged into another.

Revision ID: schema_2
Revises: schema_1
"""

from __future__ import annotations

import sqlalchemy as sa

from asset_map.store.migrations.steps import add_missing_columns

revision = "schema_2"
down_revision = "schema_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_missing_columns(
        "asset",
        [
            sa.Column("flagged_at", sa.DateTime(), nullable=True),
            sa.Column("flagged_by", sa.String(80), nullable=False, server_default=""),
            sa.Column("flag_reason", sa.String(300), nullable=False, server_default=""),
            sa.Column("merged_into", sa.Uuid(), nullable=True),
        ],
    )


def downgrade() -> None:
    raise NotImplementedError("Asset Map does not downgrade: restore a backup instead")
