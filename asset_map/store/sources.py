"""Where an imported asset came from: a feed's own id for it, so a re-import updates it.

One row per (feed, source id). A feed is a name the importer is given (or the file's name);
a source id is the feed's id for the record (an Open Referral service id). Terms from
taxonomies we do not know are kept here with their vocabulary, so nothing the feed said is
lost and a re-export can publish them again. No Textual, no I/O besides the session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Engine, UniqueConstraint
from sqlalchemy.orm import selectinload
from sqlmodel import Field, Session, SQLModel, col, select

from asset_map.store.db import insert_columns
from asset_map.store.models import Asset, relation, table_of, utcnow

TERM_NAME_LENGTH = 200  # a feed's term we have no field for, kept on its source record
TERM_CODE_LENGTH = 120  # its vocabulary's name, and its code


class AssetSource(SQLModel, table=True):
    """An asset's id in one feed, and what the feed said that we had no field for."""

    __tablename__: ClassVar[str] = "asset_source"
    __table_args__ = (UniqueConstraint("feed", "source_id", name="uq_asset_source_feed_id"),)

    id: int | None = Field(default=None, primary_key=True)
    asset_id: uuid.UUID = Field(foreign_key="asset.id", index=True, ondelete="CASCADE")
    feed: str = Field(max_length=200, index=True)
    source_id: str = Field(max_length=200)
    # [{"vocabulary": ..., "name": ..., "code": ...}]: terms of taxonomies we do not map
    # terms: [{vocabulary, name, code?}], within TERM_NAME_LENGTH and TERM_CODE_LENGTH
    terms: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


def ensure_table(engine: Engine) -> None:
    """Create the table in a database made before it existed (cheap when it is there)."""
    table_of(AssetSource).create(engine, checkfirst=True)


def find_link(session: Session, *, feed: str, source_id: str) -> AssetSource | None:
    query = select(AssetSource).where(AssetSource.feed == feed, AssetSource.source_id == source_id)
    return session.exec(query).first()


def links_for_feed(session: Session, *, feed: str) -> Sequence[AssetSource]:
    query = select(AssetSource).where(AssetSource.feed == feed).order_by(col(AssetSource.source_id))
    return session.exec(query).all()


def save_link(
    session: Session,
    *,
    asset_id: uuid.UUID,
    feed: str,
    source_id: str,
    terms: list[dict[str, Any]],
    seen_at: datetime | None = None,
) -> AssetSource:
    """Record (or refresh) that this feed's record `source_id` is this asset."""
    now = seen_at or utcnow()
    link = find_link(session, feed=feed, source_id=source_id)
    if link is None:
        link = AssetSource(asset_id=asset_id, feed=feed, source_id=source_id, first_seen_at=now)
    link.asset_id = asset_id
    link.terms = list(terms)
    link.last_seen_at = now
    session.add(link)
    return link


def load_assets(session: Session, *, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Asset]:
    """Many assets with their schedules and needs, a few hundred per query."""
    wanted = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, Asset] = {}
    loads = (selectinload(relation(Asset.schedule)), selectinload(relation(Asset.needs)))
    for start in range(0, len(wanted), 500):
        query = select(Asset).where(col(Asset.id).in_(wanted[start : start + 500])).options(*loads)
        found.update((asset.id, asset) for asset in session.exec(query).all())
    return found


def add_links(session: Session, *, rows: list[dict[str, Any]]) -> None:
    """Insert many new links at once (rows with asset_id, feed, source_id, terms, *_seen_at)."""
    names = ("asset_id", "feed", "source_id", "terms", "first_seen_at", "last_seen_at")
    columns = {name: [row[name] for row in rows] for name in names}
    insert_columns(session.connection(), table_of(AssetSource), columns)


def kept_terms(
    session: Session, *, asset_ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Terms kept from feeds, by asset (for publishing them again on export)."""
    query = select(AssetSource.asset_id, AssetSource.terms).order_by(
        col(AssetSource.feed), col(AssetSource.source_id)
    )
    if asset_ids is not None:
        query = query.where(col(AssetSource.asset_id).in_(list(asset_ids)))
    found: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for asset_id, terms in session.exec(query).all():
        for term in terms or []:
            if term not in found.setdefault(asset_id, []):
                found[asset_id].append(term)
    return found
