"""Queries and writes. Small keyword-only functions; callers own the transaction."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Annotated, Any

from pydantic import TypeAdapter
from sqlalchemy import Engine, func, text
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from asset_map.store import db, history
from asset_map.store.changes import notify_others
from asset_map.store.models import (
    ALL_DETAIL_FIELDS,
    LIST_FIELDS,
    Area,
    Asset,
    AssetFields,
    AssetIn,
    AssetNeed,
    Day,
    Locality,
    Need,
    PostcodeArea,
    ScheduleSlot,
    SchemaMeta,
    SlotFields,
    VerifiedHow,
    relation,
    table_of,
    utcnow,
)
from asset_map.validation import shortened

_LOADS = (selectinload(relation(Asset.schedule)), selectinload(relation(Asset.needs)))
SCALAR_FIELDS: tuple[str, ...] = tuple(AssetFields.model_fields)
SLOT_FIELDS: tuple[str, ...] = tuple(SlotFields.model_fields)


class ConflictError(Exception):
    """Somebody else saved the asset since it was opened."""


def _local(moment: datetime) -> datetime:
    """A stored (UTC) time in the user's own time zone, for messages."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(SchemaMeta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(SchemaMeta, key) or SchemaMeta(key=key, value=value)
    row.value = value
    session.add(row)


def get_asset(session: Session, asset_id: uuid.UUID) -> Asset | None:
    return session.exec(select(Asset).where(Asset.id == asset_id).options(*_LOADS)).first()


def find_by_id_prefix(session: Session, prefix: str) -> list[Asset]:
    """Assets whose id starts with a prefix (people type the first 8 characters)."""
    ids = session.exec(select(Asset.id)).all()
    wanted = prefix.lower().replace("-", "")
    return [a for a in (get_asset(session, i) for i in ids if i.hex.startswith(wanted)) if a is not None]


def list_assets(session: Session, *, include_archived: bool = False) -> Sequence[Asset]:
    query = select(Asset).options(*_LOADS).order_by(Asset.name)
    if not include_archived:
        query = query.where(col(Asset.archived_at).is_(None))
    return session.exec(query).all()


def count_assets(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Asset)).one()


def list_needs(session: Session) -> Sequence[Need]:
    return session.exec(select(Need).order_by(Need.label)).all()


def list_areas(session: Session) -> Sequence[Area]:
    return session.exec(select(Area).order_by(Area.name)).all()


def list_localities(session: Session) -> Sequence[Locality]:
    return session.exec(select(Locality).order_by(Locality.name)).all()


def list_postcode_areas(session: Session) -> Sequence[PostcodeArea]:
    return session.exec(select(PostcodeArea).order_by(PostcodeArea.code)).all()


def _lists(data: AssetIn) -> dict[str, list[str]]:
    """The JSON list columns of a record, as the plain strings stored."""
    return {name: [str(v) for v in getattr(data, name)] for name in LIST_FIELDS}


def _apply(session: Session, asset: Asset, data: AssetIn) -> None:
    for name in SCALAR_FIELDS:
        setattr(asset, name, getattr(data, name))
    for name, values in _lists(data).items():
        setattr(asset, name, values)
    asset.feed_extra = dict(data.feed_extra)
    asset.schedule = [ScheduleSlot(**slot.model_dump()) for slot in data.schedule]
    needs = {n.id: n for n in session.exec(select(Need).where(col(Need.id).in_(data.needs))).all()}
    asset.needs = [needs[n] for n in data.needs if n in needs]


def create_asset(session: Session, *, asset_in: AssetIn, user: str) -> Asset:
    """Add an asset. Timestamps and authorship from the record are kept when present (imports)."""
    now = utcnow()
    asset = Asset(
        kind=asset_in.kind,
        name=asset_in.name,
        locality=asset_in.locality,
        id=asset_in.id or uuid.uuid4(),
        created_at=asset_in.created_at or now,
        created_by=asset_in.created_by or user,
        updated_at=asset_in.updated_at or now,
        updated_by=asset_in.updated_by or user,
        archived_at=asset_in.archived_at,
    )
    _apply(session, asset, asset_in)
    session.add(asset)
    history.record(session, asset, action="added", user=user, before=None)
    return asset


def create_assets(
    session: Session, *, assets_in: Iterable[AssetIn], user: str, action: str = "imported"
) -> int:
    """Add many new assets at once (100k in seconds, not minutes): each table's rows gathered
    column by column and written with one executemany (store/db.py `insert_columns`)."""
    now = utcnow()
    assets = list(assets_in)
    ids = [asset_in.id or uuid.uuid4() for asset_in in assets]
    known_needs = set(session.exec(select(Need.id)).all())
    columns: dict[str, list[Any]] = {name: list(map(attrgetter(name), assets)) for name in SCALAR_FIELDS}
    for name in LIST_FIELDS:
        columns[name] = [[str(v) for v in values] for values in map(attrgetter(name), assets)]
    columns |= {
        "id": ids,
        "feed_extra": [dict(asset_in.feed_extra) for asset_in in assets],
        "created_at": [asset_in.created_at or now for asset_in in assets],
        "created_by": [asset_in.created_by or user for asset_in in assets],
        "updated_at": [asset_in.updated_at or now for asset_in in assets],
        "updated_by": [asset_in.updated_by or user for asset_in in assets],
        "archived_at": [asset_in.archived_at for asset_in in assets],
        "version": [1] * len(assets),
        "flagged_at": [None] * len(assets),
        "flagged_by": [""] * len(assets),
        "flag_reason": [""] * len(assets),
        "merged_into": [None] * len(assets),
    }
    slots = [
        (asset_id, slot) for asset_id, asset_in in zip(ids, assets, strict=True) for slot in asset_in.schedule
    ]
    slot_columns: dict[str, list[Any]] = {"asset_id": [asset_id for asset_id, _ in slots]}
    slot_columns |= {name: [getattr(slot, name) for _, slot in slots] for name in SLOT_FIELDS}
    needs = [
        (i, n) for i, asset_in in zip(ids, assets, strict=True) for n in asset_in.needs if n in known_needs
    ]
    connection = session.connection()
    db.insert_columns(connection, table_of(Asset), columns)
    db.insert_columns(connection, table_of(ScheduleSlot), slot_columns)
    need_columns: dict[str, list[Any]] = {"asset_id": [i for i, _ in needs], "need_id": [n for _, n in needs]}
    db.insert_columns(connection, table_of(AssetNeed), need_columns)
    history.record_added(session, ids, action=action, user=user)
    return len(assets)


def existing_ids(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these ids are already in the directory (asked in chunks, not one by one)."""
    wanted = list(ids)
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), BULK_CHUNK):
        chunk = wanted[start : start + BULK_CHUNK]
        found.update(session.exec(select(Asset.id).where(col(Asset.id).in_(chunk))).all())
    return found


BULK_CHUNK = 500


def update_asset(
    session: Session,
    *,
    asset: Asset,
    asset_in: AssetIn,
    user: str,
    expected_version: int | None = None,
    also: Mapping[str, object] | None = None,
    action: str = "edited",
) -> Asset:
    """Save an edit. "Last verified" is a person's statement: a plain save keeps it as it was;
    only `also` (a newer check brought in by an import, or a restored version) moves it."""
    if expected_version is not None and asset.version != expected_version:
        raise ConflictError(
            f"{asset.name!r} was changed by {asset.updated_by or 'someone'} at "
            f"{_local(asset.updated_at):%H:%M} since you opened it"
        )
    before = history.snapshot(asset)
    kept: dict[str, object] = {
        "verified_on": asset.verified_on,
        "verified_by": asset.verified_by,
        "verified_how": asset.verified_how,
    }
    _apply(session, asset, asset_in)
    kept.update(also or {})
    for name, value in kept.items():
        setattr(asset, name, value)
    _stamp(session, asset, user)
    history.record(session, asset, action=action, user=user, before=before)
    return asset


def mark_verified(
    session: Session, *, asset: Asset, user: str, how: VerifiedHow, on: date | None = None
) -> Asset:
    return set_fields(
        session, asset=asset, user=user, action="verified", verified_on=on or date.today(),
        verified_by=user, verified_how=how,
    )  # fmt: skip


def set_fields(session: Session, *, asset: Asset, user: str, action: str, **values: object) -> Asset:
    """Change some fields (flags, archive, verification) with authorship, version and history.
    Each value is checked against the model's own field (type and limit), as a form would be:
    a table model does not validate what is set on it."""
    checked = {name: _field_checker(name).validate_python(value) for name, value in values.items()}
    before = history.snapshot(asset)
    for name, value in checked.items():
        setattr(asset, name, value)
    _stamp(session, asset, user)
    history.record(session, asset, action=action, user=user, before=before)
    return asset


@functools.cache
def _field_checker(name: str) -> TypeAdapter[Any]:
    """A validator for one of the asset's own fields, with its limits (ValueError when broken)."""
    field = Asset.model_fields[name]  # KeyError: not a field an asset has
    checked: Any = Annotated[field.annotation, field]  # built at run time: no static type
    return TypeAdapter(checked)


def _stamp(session: Session, asset: Asset, user: str) -> None:
    asset.updated_at = utcnow()
    asset.updated_by = user
    asset.version += 1
    session.add(asset)


def merge_assets(session: Session, *, keep: Asset, other: Asset, user: str) -> None:
    """Fold a duplicate into the entry kept: fill its gaps, then archive the duplicate."""
    before = history.snapshot(keep)
    for name in (
        "summary",
        "description",
        "organisation",
        "address",
        "postcode",
        "phone",
        "email",
        "website",
        "schedule_note",
        "how_to_join",
        "getting_there",
        "cost_note",
    ):
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    keep.accessibility = sorted(set(keep.accessibility) | set(other.accessibility))
    keep.audience = sorted(set(keep.audience) | set(other.audience))
    keep.languages = list(dict.fromkeys([*keep.languages, *other.languages]))
    have = {n.id for n in keep.needs}
    keep.needs = [*keep.needs, *(n for n in other.needs if n.id not in have)]
    if not keep.schedule and other.schedule:
        keep.schedule = [
            ScheduleSlot(asset_id=keep.id, day=s.day, start=s.start, end=s.end, week=s.week)
            for s in other.schedule
        ]
    if other.verified_on and (keep.verified_on is None or other.verified_on > keep.verified_on):
        keep.verified_on, keep.verified_by = other.verified_on, other.verified_by
        keep.verified_how = other.verified_how
    _stamp(session, keep, user)
    merged = shortened(f"merged with {other.name}", history.ACTION_LENGTH)
    history.record(session, keep, action=merged, user=user, before=before)
    set_fields(
        session,
        asset=other,
        user=user,
        action="merged into another",
        archived_at=utcnow(),
        merged_into=keep.id,
    )


def asset_to_in(asset: Asset) -> AssetIn:
    """The editable/exportable form of a stored asset (round-trips exactly)."""
    data = {name: getattr(asset, name) for name in SCALAR_FIELDS}
    return AssetIn.model_validate(
        {
            **data,
            "id": asset.id,
            "schedule": [
                {"day": s.day, "start": s.start, "end": s.end, "week": s.week} for s in asset.schedule
            ],
            **{name: list(getattr(asset, name)) for name in LIST_FIELDS},
            "feed_extra": dict(asset.feed_extra),
            "needs": asset.need_ids,
            "created_at": asset.created_at,
            "created_by": asset.created_by,
            "updated_at": asset.updated_at,
            "updated_by": asset.updated_by,
            "archived_at": asset.archived_at,
        },
        context={"stored": True},
    )


__all__ = ["ALL_DETAIL_FIELDS", "ConflictError"]


def generation(session: Session) -> str:
    """Which version of the data this is; it moves on with every write (see bump_generation)."""
    return get_meta(session, "generation") or "0"


_GENERATION = select(SchemaMeta.value).where(SchemaMeta.key == "generation")


def generation_now(engine: Engine) -> str:
    """The same as `generation`, read on a plain connection: asked before every search, and
    an ORM session cost four times as much (0.18 ms against 0.045)."""
    with engine.connect() as connection:
        value = connection.execute(_GENERATION).scalar()
    return value or "0"


def bump_generation(session: Session) -> str:
    """Record, inside the writing transaction, that the data has changed."""
    value = uuid.uuid4().hex
    set_meta(session, "generation", value)
    notify_others(session, value)
    return value


INDEX_PAGE = 2_000  # small pages: a page's passing objects fragment the heap they leave

SlotRow = tuple[Day, str, str, int | None]  # a time's day, start, end and week
IndexRow = Sequence[Any]  # an asset's INDEX_COLUMNS, in that order
IndexPage = tuple[list[IndexRow], dict[uuid.UUID, list[str]], dict[uuid.UUID, list[SlotRow]]]


def _index_query() -> Select[*tuple[Any, ...]]:
    """Live assets' INDEX_COLUMNS (sqlmodel's select() is typed for four columns at most)."""
    return Select(*(getattr(Asset, n) for n in INDEX_COLUMNS)).where(col(Asset.archived_at).is_(None))


def _slot_query() -> Select[uuid.UUID, Day, str, str, int | None]:
    """Every time's asset, day, start, end and week (more columns than select() is typed for)."""
    slot = ScheduleSlot
    return Select(col(slot.asset_id), col(slot.day), col(slot.start), col(slot.end), col(slot.week))


def index_pages(session: Session) -> Iterator[IndexPage]:
    """Every live asset's index row with its needs and times, a page at a time in id order
    (keyset paging, and the needs and times of a page read as one id range)."""
    last: uuid.UUID | None = None
    while True:
        query = _index_query()
        if last is not None:
            query = query.where(col(Asset.id) > last)
        rows: list[IndexRow] = list(session.exec(query.order_by(col(Asset.id)).limit(INDEX_PAGE)).all())
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        needs: dict[uuid.UUID, list[str]] = {}
        in_range = col(AssetNeed.asset_id).between(first, last)
        for asset_id, need_id in session.exec(select(AssetNeed.asset_id, AssetNeed.need_id).where(in_range)):
            needs.setdefault(asset_id, []).append(need_id)
        slots: dict[uuid.UUID, list[SlotRow]] = {}
        slot_query = _slot_query().where(col(ScheduleSlot.asset_id).between(first, last))
        for asset_id, day, start, end, week in session.exec(slot_query.order_by(col(ScheduleSlot.id))):
            slots.setdefault(asset_id, []).append((day, start, end, week))
        yield rows, needs, slots


def index_rows(session: Session, ids: list[uuid.UUID] | None = None) -> IndexPage:
    """Plain rows for building the search index — no ORM objects, so 250k assets load quickly.

    With `ids`, only those assets (in chunks), for bringing the index up to date after an import.
    """
    chunks = [ids[i : i + BULK_CHUNK] for i in range(0, len(ids), BULK_CHUNK)] if ids is not None else [None]
    rows: list[IndexRow] = []
    needs: dict[uuid.UUID, list[str]] = {}
    slots: dict[uuid.UUID, list[SlotRow]] = {}
    for chunk in chunks:
        asset_query = _index_query()
        need_query = select(AssetNeed.asset_id, AssetNeed.need_id)
        slot_query = _slot_query().order_by(col(ScheduleSlot.id))
        if chunk is not None:
            asset_query = asset_query.where(col(Asset.id).in_(chunk))
            need_query = need_query.where(col(AssetNeed.asset_id).in_(chunk))
            slot_query = slot_query.where(col(ScheduleSlot.asset_id).in_(chunk))
        rows += session.exec(asset_query).all()
        for asset_id, need_id in session.exec(need_query).all():
            needs.setdefault(asset_id, []).append(need_id)
        for asset_id, day, start, end, week in session.exec(slot_query).all():
            slots.setdefault(asset_id, []).append((day, start, end, week))
    return rows, needs, slots


# The kinds' own text fields, searched as one "details" field.
DETAIL_TEXT_FIELDS = (
    "skill",
    "help_offered",
    "drop_in_sessions",
    "audience_note",
    "area_served",
    "availability",
    "price",
)
INDEX_COLUMNS = (
    "id",
    "name",
    "kind",
    "locality",
    "status",
    "latitude",
    "longitude",
    "postcode",
    "cost",
    "accessibility",
    "delivery",
    "schedule_note",
    "verified_on",
    "summary",
    "organisation",
    "description",
    "phone",
    "email",
    "website",
    *DETAIL_TEXT_FIELDS,
    "version",
    "flagged_at",
)


def ids_serving_an_area(session: Session) -> list[uuid.UUID]:
    """Live entries that name the area they serve (read as places: places/coverage.py)."""
    query = select(Asset.id).where(col(Asset.archived_at).is_(None), col(Asset.area_served) != "")
    return list(session.exec(query).all())


def versions_as_stored(session: Session) -> list[Any]:
    """(id, version, archived) of every asset, the id as the database holds it (text in a file,
    a UUID on a server): read raw, as 100,000 rows made UUIDs cost a second."""
    query = text("SELECT id, version, archived_at IS NOT NULL FROM asset")
    return list(session.connection().execute(query).all())


# Who changed a record and when, and a person's word that it is true: not its content.
BOOKKEEPING = frozenset(
    {"created_at", "created_by", "updated_at", "updated_by", "verified_on", "verified_by", "verified_how"}
)


def same_content(a: AssetIn, b: AssetIn) -> bool:
    """Do two versions of an asset say the same thing (so an import leaves it unchanged)?"""
    return a.model_dump(exclude=set(BOOKKEEPING)) == b.model_dump(exclude=set(BOOKKEEPING))
