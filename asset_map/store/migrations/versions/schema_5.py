"""The baseline: today's tables, as `SQLModel.metadata.create_all` makes them in the release
that brought Alembic (a file from that release, schema_version 5, is stamped here unchanged).

From schema 4: how each entry is delivered (every entry so far has a place, so in person; at
home where a micro-enterprise said it comes to the home), needs guessed from the words, and
the Open Referral fields kept as they came.

Revision ID: schema_5
Revises: schema_4
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from asset_map.store.migrations.steps import add_missing_columns

revision = "schema_5"
down_revision = "schema_4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_missing_columns(
        "asset",
        [
            sa.Column("delivery", sa.JSON(), nullable=False, server_default="[]"),
            sa.Column("inferred_needs", sa.JSON(), nullable=False, server_default="[]"),
            sa.Column("feed_extra", sa.JSON(), nullable=False, server_default="{}"),
        ],
    )
    op.execute("""UPDATE asset SET delivery = '["in_person"]' WHERE comes_to_home IS NOT TRUE""")
    op.execute("""UPDATE asset SET delivery = '["home"]' WHERE comes_to_home IS TRUE""")


def downgrade() -> None:
    raise NotImplementedError("Asset Map does not downgrade: restore a backup instead")
