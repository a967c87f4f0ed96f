"""Form text to an `AssetIn`, with one message per field — the rules stay on the model.

A form holds text: "" for empty, "Mon, Wed 10-12" for a schedule, "English, Polish" for
languages. This module turns that text into model values and lets `AssetIn` judge them, so
the form, the CLI and every importer refuse exactly the same things. No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from asset_map import schedule
from asset_map.store.enums import Delivery, Kind
from asset_map.store.models import (
    ALL_DETAIL_FIELDS,
    DETAIL_FIELDS,
    AssetFields,
    AssetIn,
    ReferenceCheck,
    SlotFields,
)

# "Last verified" is a person's statement, made with its own action, never typed in a form.
NOT_IN_FORM = frozenset({"verified_on", "verified_by", "verified_how"})
LIST_FIELDS = ("schedule", "accessibility", "audience", "needs", "languages", "delivery")
FORM_FIELDS: tuple[str, ...] = (
    *(name for name in AssetFields.model_fields if name not in NOT_IN_FORM),
    *LIST_FIELDS,
)
# Fields where an empty box means "not known" (None) rather than an empty string.
_NONE_WHEN_EMPTY = frozenset(
    name for name, field in AssetIn.model_fields.items() if field.default is None and name != "id"
)
_DATE_FIELDS = frozenset(
    name for name, field in AssetIn.model_fields.items() if field.annotation in (date, date | None)
)
# What the duplicate check looks at; everything else about a half-typed entry is irrelevant.
DUPLICATE_FIELDS = ("name", "locality", "postcode", "latitude", "longitude", "phone", "email", "website")
_TEMPLATE_VALUES: dict[str, Any] = {"kind": Kind.GROUP, "name": "Template", "locality": "Template"}
_TEMPLATE = AssetIn(**_TEMPLATE_VALUES)
# Rules that span fields report no field of their own; say which field to show them under.
_MODEL_RULES = (("latitude", "longitude"), ("age_min", "age_max"), ("time_credits", "cost"))

_TIME = r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm)?"
_RANGE = rf"(?P<start>{_TIME})\s*-\s*(?P<end>{_TIME})"
_RANGES = _RANGE.replace("?P<start>", "").replace("?P<end>", "")
_SEGMENT = re.compile(
    rf"^(?P<days>.*?)\s*(?P<times>{_RANGES}(?:\s*(?:,|&|\band\b)\s*{_RANGES})*)$", re.IGNORECASE
)
_DASHES = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.IGNORECASE)
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_ORDINAL_WORDS |= {word: week for week, word in schedule.ORDINALS.items()}
_DAY_GROUPS = {
    "daily": schedule.DAY_CODES,
    "weekdays": schedule.DAY_CODES[:5],
    "weekends": schedule.DAY_CODES[5:],
    "weekend": schedule.DAY_CODES[5:],
}
_FILLERS = frozenset({"of", "the", "month", "each", "every", "and"})
_UK_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


# ---------------------------------------------------------------- messages
def error_message(error: ErrorDetails) -> str:
    """A pydantic error in words a volunteer can act on."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        return str(ctx["error"])
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "Required"
    if kind == "string_too_long":
        return f"At most {ctx['max_length']} characters"
    if kind == "too_long":
        return f"At most {ctx['max_length']} entries"
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return "A whole number, like 65"
    if kind in {"float_parsing", "float_type"}:
        return "A number, like 2.5"
    if kind.startswith("date"):
        return "A date, like 2025-03-31 or 31/03/2025"
    if kind == "greater_than_equal":
        return f"At least {ctx['ge']:g}"
    if kind == "less_than_equal":
        return f"At most {ctx['le']:g}"
    if kind == "enum":
        return "Choose one of the options"
    return str(error["msg"]).removeprefix("Value error, ")


def _field_of(error: ErrorDetails) -> str:
    if error["loc"]:
        return str(error["loc"][0])
    message = error_message(error)
    return next((field for word, field in _MODEL_RULES if word in message), "")


# ---------------------------------------------------------------- text to values
def parse_list(text: str) -> list[str]:
    """ "English, Polish; BSL" → ["English", "Polish", "BSL"] (no blanks, no repeats)."""
    return list(dict.fromkeys(p.strip() for p in re.split(r"[,;\n]", text) if p.strip()))


def _time(text: str, segment: str) -> str:
    match = re.fullmatch(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(am|pm)?", text.strip(), re.IGNORECASE)
    if match is None:  # the segment pattern only lets times through
        raise ValueError(f"“{segment}”: {text!r} is not a time")
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hours <= 12:
            raise ValueError(f"“{segment}”: {text!r} is not a time (1–12 with am/pm)")
        hours = hours % 12 + (12 if half == "pm" else 0)
    return f"{hours:02d}:{minutes:02d}"


def _day(word: str, segment: str) -> str:
    # parse_day takes any prefix of a day name; "s" or "ss" would otherwise read as Monday.
    if len(word.rstrip(".").rstrip("s")) < 2 or not word.rstrip(".").isalpha():
        raise ValueError(f"“{segment}”: {word!r} is not a day (mon, tue, wed, thu, fri, sat, sun)")
    try:
        return schedule.DAY_CODES[schedule.parse_day(word)]
    except ValueError as exc:
        raise ValueError(f"“{segment}”: {exc}") from None


def _days(text: str, segment: str) -> tuple[int | None, list[str]]:
    week: int | None = None
    days: list[str] = []
    for word in (w for w in re.split(r"[\s,/&+]+", text.lower()) if w):
        if word in _ORDINAL_WORDS:
            if week is not None or days:
                raise ValueError(f"“{segment}”: put one of 1st, 2nd, 3rd, 4th or last before the days")
            week = _ORDINAL_WORDS[word]
        elif re.fullmatch(r"[0-9]+(st|nd|rd|th)", word):
            raise ValueError(f"“{segment}”: a monthly pattern is 1st, 2nd, 3rd, 4th or last")
        elif word in _FILLERS:
            continue
        elif word in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[word])
        elif "-" in word:
            first, last = (_day(part, segment) for part in word.split("-", 1))
            a, b = schedule.DAY_CODES.index(first), schedule.DAY_CODES.index(last)
            if b < a:
                raise ValueError(f"“{segment}”: a range of days runs forwards, like Mon-Fri")
            days.extend(schedule.DAY_CODES[a : b + 1])
        else:
            days.append(_day(word, segment))
    if not days:
        raise ValueError(f"“{segment}”: say which day, like Mon 10:00-12:00 or 1st Tue 14:00-16:00")
    return week, list(dict.fromkeys(days))


def _slot(day: str, start: str, end: str, week: int | None, segment: str) -> SlotFields:
    try:
        return SlotFields.model_validate({"day": day, "start": start, "end": end, "week": week})
    except ValidationError as exc:
        error = exc.errors()[0]
        message = error_message(error)
        start_hour, end_hour = int(start[:2]), int(end[:2])
        twelve_hour = 1 <= end_hour <= 11 and end_hour < start_hour < end_hour + 12
        if not error["loc"] and twelve_hour and not re.search(r"[ap]m", segment, re.IGNORECASE):
            message += f" (use 24-hour times: {end_hour + 12}:{end[3:]} for {end_hour}pm)"
        raise ValueError(f"“{segment}”: {message}") from None


def parse_schedule_text(text: str) -> list[SlotFields]:
    """ "Mon, Wed 10:00-12:00; 1st Tue 14:00-16:00; last Fri 9-11" → slots.

    Patterns are separated by ";" or new lines; one pattern may have several times ("Mon
    10-12, 14-16"); days may be ranges ("Mon-Fri", "weekdays"); times are 24-hour ("9-11",
    "9:30–11.15") or with am/pm. Raises ValueError naming the part that could not be read.
    """
    slots: list[SlotFields] = []
    for part in re.split(r"[;\n]", text):
        segment = " ".join(part.split())
        if not segment:
            continue
        match = _SEGMENT.match(_DASHES.sub("-", segment))
        if match is None:
            raise ValueError(f"“{segment}”: give the day(s) and times, like Mon, Wed 10:00-12:00")
        week, days = _days(match["days"], segment)
        for times in re.finditer(_RANGE, match["times"], re.IGNORECASE):
            start, end = _time(times["start"], segment), _time(times["end"], segment)
            for day in days:
                slots.append(_slot(day, start, end, week, segment))
    unique: dict[tuple[str, str, str, int | None], SlotFields] = {}
    for slot in slots:
        unique.setdefault((str(slot.day), slot.start, slot.end, slot.week), slot)
    return list(unique.values())  # the same time said twice is one time


def format_schedule(slots: Iterable[schedule.SlotLike]) -> str:
    """The text `parse_schedule_text` reads back to the same slots (so editing round-trips)."""
    grouped: dict[tuple[str, str, int | None], list[str]] = {}
    order = sorted(slots, key=lambda s: (schedule.DAY_CODES.index(str(s.day)), s.start, s.end, s.week or 0))
    for slot in order:
        grouped.setdefault((slot.start, slot.end, slot.week), []).append(str(slot.day).capitalize())
    parts = []
    for (start, end, week), days in grouped.items():
        prefix = f"{schedule.ORDINALS[week]} " if week is not None else ""
        parts.append(f"{prefix}{', '.join(dict.fromkeys(days))} {start}-{end}")
    return "; ".join(parts)


def to_model_value(name: str, value: object) -> object:
    """What the model expects for a field, from what the form holds (ValueError if unreadable)."""
    if not isinstance(value, str):
        return value
    if name == "schedule":
        return parse_schedule_text(value)
    if name in {"languages", "needs", "accessibility", "audience", "delivery"}:
        return parse_list(value)
    if name in _NONE_WHEN_EMPTY and not value.strip():
        return None
    if name in _DATE_FIELDS:
        uk = _UK_DATE.match(value.strip())
        return f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}" if uk else value.strip()
    return value


# ---------------------------------------------------------------- checking
def _check(name: str, value: object) -> tuple[object, str | None]:
    """(the cleaned value, None) or (None, what is wrong), judged by AssetIn's own rules."""
    if name not in AssetIn.model_fields:
        raise KeyError(name)
    try:
        model_value = to_model_value(name, value)
    except ValueError as exc:
        return None, str(exc)
    probe = _TEMPLATE.model_copy()
    try:
        setattr(probe, name, model_value)  # validate_assignment runs the field's validators
    except ValidationError as exc:
        own = [e for e in exc.errors() if e["loc"][:1] == (name,)]
        if own:
            return None, error_message(own[0])
        # only a rule between fields broke (a latitude without its longitude): the value as
        # its own type and limits make it ("51.47" is the number 51.47, never the text)
        try:
            return _field_type(name).validate_python(model_value), None
        except ValidationError as alone:
            return None, error_message(alone.errors()[0])
    return getattr(probe, name), None


@cache
def _field_type(name: str) -> TypeAdapter[Any]:
    """One field's type with its limits (range, length), apart from the model's other rules."""
    info = AssetIn.model_fields[name]
    annotated: Any = Annotated[info.annotation, info]  # a type made at run time: mypy cannot follow
    return TypeAdapter(annotated)


def field_value(name: str, value: object) -> object:
    """The value as the model would store it ("rm18 7nr" → "RM18 7NR"), or as given if invalid."""
    clean, error = _check(name, value)
    return value if error else clean


def field_error(name: str, value: object) -> str | None:
    """What is wrong with one field's value on its own, or None (other fields are not consulted)."""
    return _check(name, value)[1]


def reference_errors(check: ReferenceCheck, values: Mapping[str, object]) -> dict[str, str]:
    """Problems only the directory can see (unknown locality, unknown need) in the given fields."""
    present: dict[str, object] = {}
    for name in ("locality", "needs"):
        if name in values:
            clean, error = _check(name, values[name])
            if error is None:
                present[name] = clean
    if not present:
        return {}
    probe = AssetIn.model_construct(**{**_TEMPLATE_VALUES, **present})
    problems: dict[str, str] = {}
    for field, message in check(probe):
        if field in present:
            problems.setdefault(field, message)
    return problems


def kind_of(value: object) -> Kind | None:
    """The kind a form's choice names, or None."""
    return Kind(value) if isinstance(value, str) and value in {k.value for k in Kind} else None


def build_asset(values: Mapping[str, object]) -> tuple[AssetIn | None, dict[str, str]]:
    """The whole form as an `AssetIn`, or None and every problem found, keyed by field.

    Details of a kind other than the chosen one are dropped. Rules that span fields (ages,
    time credits) are checked once every field is valid on its own. A person adding an entry
    met in person says where (an import may keep one whose feed did not).
    """
    errors: dict[str, str] = {}
    data: dict[str, object] = {}
    for name, value in values.items():
        if name not in FORM_FIELDS:
            raise KeyError(name)
        try:
            data[name] = to_model_value(name, value)
        except ValueError as exc:
            errors[name] = str(exc)
    kind = kind_of(data.get("kind"))
    kept = DETAIL_FIELDS[kind] if kind else ()
    for name in ALL_DETAIL_FIELDS:
        if name not in kept:
            data[name] = AssetIn.model_fields[name].default
    try:
        asset = AssetIn.model_validate({k: v for k, v in data.items() if k not in errors})
    except ValidationError as exc:
        for error in exc.errors():
            errors.setdefault(_field_of(error), error_message(error))
        return None, errors
    placed = asset.locality or asset.postcode or asset.latitude is not None
    if Delivery.IN_PERSON in asset.delivery and not placed:
        errors["locality"] = "say where people go (a locality or a postcode), or untick In person"
    return (None, errors) if errors else (asset, {})


def partial_asset(values: Mapping[str, object]) -> AssetIn:
    """A half-typed entry for the duplicate check: only the values that are valid so far."""
    clean: dict[str, Any] = {}
    for name in DUPLICATE_FIELDS:
        if name in values:
            value, error = _check(name, values[name])
            if error is None and value not in (None, ""):
                clean[name] = value
    if ("latitude" in clean) != ("longitude" in clean):
        clean.pop("latitude", None)
        clean.pop("longitude", None)
    return AssetIn.model_construct(**{"kind": Kind.GROUP, "name": "", "locality": "", **clean})


# ---------------------------------------------------------------- values to text
def _as_form_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_values(asset: object) -> dict[str, object]:
    """What a form shows for a stored asset (or an `AssetIn`): text, choices and lists.

    Reads attributes only, so an entry stored before a rule tightened still opens (and the
    form then says what to fix) instead of failing to load.
    """
    values: dict[str, object] = {}
    for name in FORM_FIELDS:
        if name in LIST_FIELDS:
            continue
        raw = getattr(asset, name)
        values[name] = raw if name == "comes_to_home" else _as_form_value(raw)
    values["schedule"] = format_schedule(getattr(asset, "schedule", []))
    values["accessibility"] = [str(a) for a in getattr(asset, "accessibility", [])]
    values["audience"] = [str(a) for a in getattr(asset, "audience", [])]
    values["delivery"] = [str(d) for d in getattr(asset, "delivery", None) or [Delivery.IN_PERSON]]
    need_ids = getattr(asset, "need_ids", None)
    values["needs"] = list(need_ids if need_ids is not None else getattr(asset, "needs", []))
    values["languages"] = ", ".join(getattr(asset, "languages", []))
    return values


# ---------------------------------------------------------------- a few fields set from text
# what an entry says of itself apart from who made, changed and checked it when
_NOT_SAID = frozenset({"id", "created_at", "created_by", "updated_at", "updated_by", *NOT_IN_FORM})
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def edited_asset(asset: object, changes: Mapping[str, str]) -> tuple[AssetIn | None, dict[str, str]]:
    """A stored entry with some fields set from text, checked exactly as the edit form checks
    it ("phone" = "01375 111111", "needs" = "food, company", "schedule" = "Wed 12-2"): the
    entry, or None and every problem by field. An unknown field is named with the known ones."""
    values = form_values(asset)
    errors: dict[str, str] = {}
    for name, text in changes.items():
        if name not in FORM_FIELDS:
            errors[name] = f"no such field (fields: {', '.join(sorted(FORM_FIELDS))})"
        elif name == "comes_to_home":
            if text.strip().lower() not in _YES | _NO:
                errors[name] = "say yes or no"
            values[name] = text.strip().lower() in _YES
        else:
            values[name] = text
    asset_in, problems = build_asset(values)
    errors |= {name: message for name, message in problems.items() if name not in errors}
    return (None, errors) if errors else (asset_in, {})


def says_the_same(one: AssetIn, other: AssetIn) -> bool:
    """Whether an edit would change nothing an entry says (a save would only make a version)."""
    return one.model_dump(exclude=set(_NOT_SAID)) == other.model_dump(exclude=set(_NOT_SAID))


# ---------------------------------------------------------------- two people's edits, merged
def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> set[str]:
    """The form's fields whose values differ between two versions of an entry."""
    return {name for name in FORM_FIELDS if before.get(name) != after.get(name)}


def merge_plan(
    opened: Mapping[str, object], theirs: Mapping[str, object], mine_changed: set[str]
) -> tuple[dict[str, object], list[str]]:
    """Merging my edit into what someone saved meanwhile: the fields to take from theirs (they
    changed them and I did not), and the fields we both changed (mine stand unless the person
    chooses theirs)."""
    theirs_changed = changed_fields(opened, theirs)
    take = {name: theirs.get(name) for name in sorted(theirs_changed - mine_changed)}
    return take, sorted(theirs_changed & mine_changed)
