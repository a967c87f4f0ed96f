"""How to join a group, and how to get there.

Revision ID: schema_3
Revises: schema_2
"""

from __future__ import annotations

import sqlalchemy as sa

from asset_map.store.migrations.steps import add_missing_columns

revision = "schema_3"
down_revision = "schema_2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_missing_columns(
        "asset",
        [
            sa.Column("how_to_join", sa.String(200), nullable=False, server_default=""),
            sa.Column("getting_there", sa.String(300), nullable=False, server_default=""),
        ],
    )


def downgrade() -> None:
    raise NotImplementedError("Asset Map does not downgrade: restore a backup instead")
