"""Pairs the review queue is told are not the same entry (store/decisions.py).

Revision ID: schema_4
Revises: schema_3
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from asset_map.store.migrations.steps import has_table

revision = "schema_4"
down_revision = "schema_3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("not_duplicates"):
        return
    op.create_table(
        "not_duplicates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_id", sa.Uuid(), sa.ForeignKey("asset.id", ondelete="CASCADE"), nullable=False),
        sa.Column("second_id", sa.Uuid(), sa.ForeignKey("asset.id", ondelete="CASCADE"), nullable=False),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("second_name", sa.String(200), nullable=False),
        sa.Column("decided_by", sa.String(80), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("first_id", "second_id", name="uq_not_duplicates_pair"),
    )
    op.create_index("ix_not_duplicates_first_id", "not_duplicates", ["first_id"])
    op.create_index("ix_not_duplicates_second_id", "not_duplicates", ["second_id"])


def downgrade() -> None:
    raise NotImplementedError("Asset Map does not downgrade: restore a backup instead")
