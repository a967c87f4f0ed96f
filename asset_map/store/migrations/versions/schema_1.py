"""Release 1's tables: where a file made by the first release starts.

Revisions never build a database from nothing: a new one gets today's tables from the models
(`SQLModel.metadata.create_all`) and is stamped at head. So this revision changes nothing.

Revision ID: schema_1
Revises:
"""

from __future__ import annotations

revision = "schema_1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError("Asset Map does not downgrade: restore a backup instead")
