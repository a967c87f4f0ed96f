"""Alembic's environment for Asset Map, run by `alembic.command` from `migrate()` on the
connection (and transaction) it hands over in the Config's attributes: never on an engine of
its own, never from an alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "Asset Map's migrations run on a connection: asset_map.store.migrations.migrate(engine), "
        "or alembic_config(conn) for alembic.command"
    )
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
)
with context.begin_transaction():  # the caller's transaction when it has one: nothing commits here
    context.run_migrations()
