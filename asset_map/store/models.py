"""SQLModel models: the one place where fields and their limits are stated.

`AssetFields` holds every scalar field with its limits; `Asset` is the table; `AssetIn` is
what an importer, the CLI or a form hands in, validated here once for all of them.
"""

import json
import uuid
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

from pydantic import ValidationInfo, field_validator, model_validator
from sqlalchemy import JSON, Column, Table, event, inspect
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Field, Relationship, SQLModel

from asset_map import validation
from asset_map.store.enums import DAYS as DAYS  # re-exported: the models' own words and vocabularies
from asset_map.store.enums import KIND_LABELS as KIND_LABELS
from asset_map.store.enums import Access as Access
from asset_map.store.enums import Audience as Audience
from asset_map.store.enums import Cost as Cost
from asset_map.store.enums import Day as Day
from asset_map.store.enums import Delivery as Delivery
from asset_map.store.enums import Kind as Kind
from asset_map.store.enums import Status as Status
from asset_map.store.enums import VerifiedHow as VerifiedHow
from asset_map.validation import PERSON_NAME_LENGTH


def utcnow() -> datetime:
    return datetime.now(UTC)


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Table, for Core statements (SQLModel sets `__table__` but does not type it)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):  # pragma: no cover - every table model maps one Table
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


def relation(attribute: object) -> QueryableAttribute[Any]:
    """A relationship as the class attribute it is, for loader options: SQLModel types
    `Asset.schedule` as the list it holds on an instance."""
    if not isinstance(attribute, QueryableAttribute):  # pragma: no cover - a slip in the code
        raise TypeError(f"{attribute!r} is not a mapped attribute")
    return attribute


FEED_EXTRA_LENGTH = 20_000  # Open Referral fields kept as they came, as JSON text
TAG_LENGTH = 40  # one language or need of an asset
GRACE = timedelta(days=1)  # clocks and time zones: "today" somewhere is tomorrow here


# ---------------------------------------------------------------- reference tables


class Area(SQLModel, table=True):
    """An integrated locality area (Primary Care Network geography)."""

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)


class Locality(SQLModel, table=True):
    name: str = Field(primary_key=True, max_length=60)
    area_id: str = Field(foreign_key="area.id", max_length=40)
    latitude: float
    longitude: float
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class PostcodeArea(SQLModel, table=True):
    """A postcode district ("RM18") or sector ("RM18 7") with its centroid."""

    code: str = Field(primary_key=True, max_length=8)
    level: str = Field(max_length=8)  # "district" | "sector"
    name: str = Field(default="", max_length=120)
    locality: str | None = Field(default=None, max_length=60)
    in_borough: bool = True
    latitude: float
    longitude: float


class Need(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=40)
    label: str = Field(max_length=80)
    synonyms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class GeocodeCache(SQLModel, table=True):
    """Answers from the opt-in online geocoder, so each place is asked for once."""

    query: str = Field(primary_key=True, max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    found: bool = True
    fetched_at: datetime = Field(default_factory=utcnow)


class SchemaMeta(SQLModel, table=True):
    __tablename__: ClassVar[str] = "schema_meta"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


# ---------------------------------------------------------------- assets


class AssetNeed(SQLModel, table=True):
    __tablename__: ClassVar[str] = "asset_need"

    asset_id: uuid.UUID = Field(foreign_key="asset.id", primary_key=True, ondelete="CASCADE")
    need_id: str = Field(foreign_key="need.id", primary_key=True, max_length=40)


class SlotFields(SQLModel):
    """One regular time: a weekday, start and end, optionally the nth weekday of a month."""

    day: Day
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)
    week: int | None = Field(default=None, ge=-1, le=4)

    @field_validator("start", "end")
    @classmethod
    def _time(cls, value: str) -> str:
        return validation.check_time(value)

    @field_validator("week")
    @classmethod
    def _week(cls, value: int | None) -> int | None:
        if value == 0:
            raise ValueError("week must be 1–4 (nth weekday of the month), -1 (last) or empty")
        return value

    @model_validator(mode="after")
    def _order(self) -> "SlotFields":
        if self.start >= self.end:
            raise ValueError(f"starts at {self.start} but ends at {self.end}; start must be earlier")
        return self


class ScheduleSlot(SlotFields, table=True):
    __tablename__: ClassVar[str] = "schedule_slot"

    id: int | None = Field(default=None, primary_key=True)
    asset_id: uuid.UUID = Field(foreign_key="asset.id", index=True, ondelete="CASCADE")
    asset: "Asset" = Relationship(back_populates="schedule")


class AssetFields(SQLModel):
    """Every scalar field of an asset, with its limits (the one source of truth)."""

    kind: Kind
    name: str = Field(min_length=1, max_length=120)
    summary: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000)
    organisation: str = Field(default="", max_length=120)
    locality: str = Field(default="", max_length=60, index=True)  # "" when it has no fixed place
    address: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=10)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=300)
    schedule_note: str = Field(default="", max_length=300)
    how_to_join: str = Field(default="", max_length=200)
    getting_there: str = Field(default="", max_length=300)
    cost: Cost = Cost.FREE
    cost_note: str = Field(default="", max_length=200)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    status: Status = Field(default=Status.ACTIVE, index=True)
    verified_on: date | None = None
    verified_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    verified_how: VerifiedHow | None = None
    source: str = Field(default="", max_length=200)
    # micro-enterprise
    price: str = Field(default="", max_length=120)
    area_served: str = Field(default="", max_length=200)
    comes_to_home: bool | None = None
    registration: str = Field(default="", max_length=120)
    dbs_checked_on: date | None = None
    insurance_expires_on: date | None = None
    safeguarding_trained_on: date | None = None
    # time bank offer
    skill: str = Field(default="", max_length=120)
    availability: str = Field(default="", max_length=200)
    hours: float | None = Field(default=None, ge=0, le=1000)
    # community hub
    help_offered: str = Field(default="", max_length=500)
    drop_in_sessions: str = Field(default="", max_length=500)
    # community group
    audience_note: str = Field(default="", max_length=200)
    frequency: str = Field(default="", max_length=120)

    @property
    def where_text(self) -> str:
        """Address, locality and postcode, without saying the locality twice."""
        parts = [self.address]
        if self.locality.casefold() not in self.address.casefold():
            parts.append(self.locality)
        parts.append(self.postcode)
        return ", ".join(p for p in parts if p)


DETAIL_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.MICRO_ENTERPRISE: (
        "price",
        "area_served",
        "comes_to_home",
        "registration",
        "dbs_checked_on",
        "insurance_expires_on",
        "safeguarding_trained_on",
    ),
    Kind.TIME_BANK: ("skill", "availability", "hours"),
    Kind.HUB: ("help_offered", "drop_in_sessions"),
    Kind.GROUP: ("audience_note", "frequency"),
}
# The lists of values an asset holds as JSON, each written and read the same way.
LIST_FIELDS = ("accessibility", "audience", "languages", "delivery", "inferred_needs")
ALL_DETAIL_FIELDS: tuple[str, ...] = tuple(f for fields in DETAIL_FIELDS.values() for f in fields)
MULTILINE_FIELDS = {"description", "help_offered", "drop_in_sessions"}


class Asset(AssetFields, table=True):
    """A community asset as stored. `version` increases on every save (conflict checks)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    accessibility: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    audience: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    archived_at: datetime | None = Field(default=None, index=True)
    version: int = Field(default=1)
    # schema 2: "possibly closed" flags and merged duplicates
    flagged_at: datetime | None = Field(default=None)
    flagged_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    flag_reason: str = Field(default="", max_length=300)
    merged_into: uuid.UUID | None = Field(default=None)
    # schema 3: how_to_join and getting_there (on AssetFields)
    # schema 5: how it is delivered, which needs were guessed from its words, and the Open
    # Referral fields the app does not model (kept so that an export gives them back)
    delivery: list[str] = Field(
        default_factory=lambda: [Delivery.IN_PERSON.value], sa_column=Column(JSON, nullable=False)
    )
    inferred_needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    feed_extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    schedule: list[ScheduleSlot] = Relationship(
        back_populates="asset",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "ScheduleSlot.id"},
    )
    needs: list[Need] = Relationship(link_model=AssetNeed)

    @property
    def need_ids(self) -> list[str]:
        return sorted(n.id for n in self.needs)


def _stored(info: ValidationInfo) -> bool:
    """Validating what is already stored (to export or edit it), not what is handed in: a
    rule added since (no future dates) must not make an older entry impossible to export;
    restoring and upgrading say which entries break it (store/contents.py)."""
    return bool(info.context and info.context.get("stored"))


def _shown_escaped(target: Asset, *_: object) -> None:
    """An entry read from the file is shown escaped, however its text got there (a backup
    restored by an older release, the file edited by hand): a control character in it is
    turned into its visible escape (\\x1b) as it is loaded, never sent to a terminal."""
    for name, value in list(target.__dict__.items()):
        if isinstance(value, str) and validation.needs_escaping(value):
            set_committed_value(target, name, validation.visible(value))


event.listen(Asset, "load", _shown_escaped)
event.listen(Asset, "refresh", _shown_escaped)


class AssetIn(AssetFields):
    """An asset as handed in by an importer, the CLI or a form — validated on creation."""

    id: uuid.UUID | None = None
    schedule: list[SlotFields] = Field(default_factory=list, max_length=50)
    accessibility: list[Access] = Field(default_factory=list)
    audience: list[Audience] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list, max_length=20)
    languages: list[str] = Field(default_factory=list, max_length=20)
    delivery: list[Delivery] = Field(default_factory=lambda: [Delivery.IN_PERSON], min_length=1, max_length=4)
    inferred_needs: list[str] = Field(default_factory=list, max_length=20)
    feed_extra: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None
    created_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    updated_at: datetime | None = None
    updated_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    archived_at: datetime | None = None

    model_config = {"validate_assignment": True}

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            return validation.clean_text(value, multiline=info.field_name in MULTILINE_FIELDS)
        return value

    @field_validator("created_at", "updated_at", "archived_at")
    @classmethod
    def _aware_utc(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        """Times are kept in UTC; a time given without a zone is taken as UTC. Never later
        than now (a day's grace for clocks and time zones): these record what happened."""
        if value is None:
            return None
        try:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError as exc:  # a time at the very edge of the calendar
            raise ValueError("is outside the range of dates that can be stored") from exc
        if value > utcnow() + GRACE and not _stored(info):
            raise ValueError(f"{value:%Y-%m-%d} is in the future")
        return value

    @field_validator("verified_on", "dbs_checked_on", "safeguarding_trained_on")
    @classmethod
    def _not_yet(cls, value: date | None, info: ValidationInfo) -> date | None:
        """A check is made on a day that has come (an insurance *expiry* may be ahead)."""
        if value is not None and value > date.today() + GRACE and not _stored(info):
            raise ValueError(f"{value} is in the future: a check is dated the day it was made")
        return value

    @field_validator("latitude", "longitude", "hours", "age_min", "age_max", mode="before")
    @classmethod
    def _number_not_true_or_false(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a number, not true or false")
        return value

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return validation.normalise_postcode(value) if value else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return validation.normalise_phone(value) if value else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return validation.check_email(value) if value else value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str, info: ValidationInfo) -> str:
        """Always a valid URI when handed in. One stored before that rule (a "{" in it) is
        kept as it is, so that the entry can still be opened, edited and put right."""
        try:
            return validation.check_website(value) if value else value
        except ValueError:
            if _stored(info):
                return value
            raise

    @field_validator("delivery")
    @classmethod
    def _each_once(cls, values: list[Delivery]) -> list[Delivery]:
        return list(dict.fromkeys(values))

    @field_validator("feed_extra")
    @classmethod
    def _extra_bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(value, default=str))
        if size > FEED_EXTRA_LENGTH:
            raise ValueError(
                f"the fields kept from the feed take {size} characters; at most {FEED_EXTRA_LENGTH}"
            )
        return value

    @field_validator("languages", "needs", "inferred_needs")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        cleaned = [validation.clean_text(v) for v in values]
        for v in cleaned:
            if not v or len(v) > TAG_LENGTH:
                raise ValueError(f"each entry must be 1–{TAG_LENGTH} characters")
        return list(dict.fromkeys(cleaned))

    @model_validator(mode="before")
    @classmethod
    def _said_once(cls, data: Any) -> Any:
        """Facts said in two fields never disagree. Guessed needs are some of its needs.
        `comes_to_home` (a micro-enterprise's detail, older than delivery) says it is delivered
        at home; said alone, it is how the entry works, as the printout has always read it (no
        address to go to, no distance)."""
        said = data if isinstance(data, dict) else {}
        guessed, needs = said.get("inferred_needs"), said.get("needs", [])
        if isinstance(guessed, list) and isinstance(needs, list | tuple):  # else the fields say what is wrong
            # a guess is about one of its needs: a need removed (by a person, by a feed) takes
            # the guess with it, rather than leaving a mark on nothing (a list or an object where
            # a need belongs is left for the field to refuse)
            named = {str(x) for x in needs}
            kept = [n for n in guessed if not isinstance(n, Hashable) or n in named]
            data = {**data, "inferred_needs": kept}
        if isinstance(data, dict) and data.get("comes_to_home") is True:
            ways = [str(w) for w in data.get("delivery") or []]
            if Delivery.HOME not in ways:
                data = {**data, "delivery": [*ways, Delivery.HOME.value]}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "AssetIn":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}")
        if self.cost == Cost.TIME_CREDITS and self.kind != Kind.TIME_BANK:
            raise ValueError("cost 'time_credits' is only for time bank offers")
        return self


# (field, problem) for each reference an entry makes that the directory does not hold
# (a locality, a need): the one check the forms, `add` and every import share.
ReferenceCheck = Callable[[AssetIn], list[tuple[str, str]]]
