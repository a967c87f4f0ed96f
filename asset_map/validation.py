"""Field checks shared by the models, the forms and every importer.

Each check returns the cleaned value or raises `ValueError` with a message a volunteer can
act on; callers add the record and field names. No I/O, no Textual.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

import phonenumbers

if TYPE_CHECKING:
    from pydantic import BaseModel

PERSON_NAME_LENGTH = 80  # who made a change or a list, as every table records it

# UK postcode: outward code (area + district) and inward code (sector digit + unit).
_POSTCODE = re.compile(
    r"^(?P<area>[A-Z]{1,2})(?P<district>\d[A-Z\d]?)\s*(?P<sector>\d)(?P<unit>[ABD-HJLNP-UW-Z]{2})$"
)
_OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_SECTOR = re.compile(r"^(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)\s*(?P<sector>\d)$")
_EMAIL = re.compile(
    r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
# A host name with at least one dot: labels of letters, digits and hyphens (IDNs as typed).
_HOST = re.compile(r"^(?=.{1,253}$)(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$")
_UNSAFE_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069<>\"]")
# What a URI's path, query and fragment may hold besides letters of other alphabets (which are
# percent-encoded): RFC 3986's unreserved characters, sub-delims, ":", "@", "/", "?" and
# percent-encodings.
_URI_SAFE = "-._~!$&'()*+,;=:@/?%"
_NOT_IN_URI = re.compile(r"%(?![0-9A-Fa-f]{2})|[^\x80-\U0010ffffA-Za-z0-9\-._~!$&'()*+,;=:@/?%]")
# "0" and ten digits, spaced any way: the usual written UK number. Every such number is a
# possible GB number (national numbers of ten digits), so it skips the parse, which was a
# tenth of an import's time; tests/test_validation.py checks the library agrees.
_NATIONAL_10 = re.compile(r"^ *0 ?[1-9](?: ?[0-9]){9} *$")  # "00" dials abroad
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_SPACES = re.compile(r"\s+")
_INWARD_START = re.compile(r"\d[A-Z]{0,2}")

# Characters that could move the cursor, recolour the terminal or reorder text on screen:
# C0 and C1 controls (Unicode category Cc), bidi embeddings/overrides/isolates, lone surrogates.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Also refused: line and paragraph separators outside a multi-line field, and Unicode "tag"
# characters (invisible text riding along).
_HIDDEN = "\U000e0000-\U000e007f"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff{_HIDDEN}]")
_CONTROL_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff{_HIDDEN}]")
# Invisible at the ends of a text (zero-width spaces and joiners, the byte-order mark): trimmed
# like spaces. Inside a word they are kept: Persian, Indic scripts and emoji need them.
_EDGES = re.compile("^[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+|[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+$")


@lru_cache(maxsize=512)
def max_length(model: type[BaseModel], field: str) -> int:
    """A model field's own limit (characters of a text, items of a list): read from the
    model wherever a value is written without it, so no limit is restated by hand."""
    for meta in model.model_fields[field].metadata:
        most = getattr(meta, "max_length", None)
        if most is not None:
            return int(most)
    raise LookupError(f"{model.__name__}.{field} has no length limit")


def shortened(text: str, most: int) -> str:
    """Text we write ourselves (a history line, a label from a feed) within `most` characters,
    cut at a word with an ellipsis. What a person typed is refused when too long, never cut."""
    if len(text) <= most:
        return text
    cut = text[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-") or text[: most - 1]
    return cut + "…"


def visible(text: str) -> str:
    """Text safe to print to a terminal: control and bidi characters shown as escapes (\\x1b)."""
    return _CONTROL_MULTILINE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def needs_escaping(text: str) -> bool:
    """Whether `visible` would change the text (checked first: nearly all text is clean)."""
    return _CONTROL_MULTILINE.search(text) is not None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Refuse control characters (escape sequences, NUL, bidi overrides); trim the ends.

    Markup such as "[bold]" is allowed: it is stored as typed and always shown literally.
    """
    if value.isprintable() and value[:1] != " " and value[-1:] != " ":
        return value  # the usual case, at once: every character refused or trimmed is unprintable
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
        value = value.replace("\u2029", "\n\n")
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if found:
        char = found.group()
        raise ValueError(f"contains a control character (U+{ord(char):04X}); remove it")
    cleaned = _EDGES.sub("", value)
    if not cleaned and value.strip():
        raise ValueError("holds nothing visible (only invisible characters); type it again")
    return cleaned


def normalise_postcode(value: str) -> str:
    """Return a full UK postcode in standard form ("RM18 7NR") or raise ValueError."""
    compact = _SPACES.sub("", value.upper())
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"{value!r} is not a UK postcode (like RM18 7NR)")
    return f"{match['area']}{match['district']} {match['sector']}{match['unit']}"


def postcode_parts(value: str) -> tuple[str, str | None] | None:
    """Split a full or partial postcode into (outward, sector) — e.g. ("RM18", "RM18 7").

    Returns None when the text is not shaped like any part of a postcode.
    """
    compact = _SPACES.sub("", value.upper())
    full = _POSTCODE.match(compact)
    if full:
        outward = f"{full['area']}{full['district']}"
        return outward, f"{outward} {full['sector']}"
    spaced = value.upper().split()
    if len(spaced) == 2 and _OUTWARD.match(spaced[0]) and _INWARD_START.fullmatch(spaced[1]):
        return spaced[0], f"{spaced[0]} {spaced[1][0]}"
    if _OUTWARD.match(compact):
        return compact, None
    sector = _SECTOR.match(compact)
    if sector:
        return sector["outward"], f"{sector['outward']} {sector['sector']}"
    return None


def looks_like_postcode(value: str) -> bool:
    """True when the text has the shape of a full or partial UK postcode."""
    return postcode_parts(value) is not None and any(ch.isdigit() for ch in value)


@lru_cache(maxsize=4096)  # an import checks each number twice (its reader, then the model)
def normalise_phone(value: str) -> str:
    """Return the UK phone number as typed (trimmed) if it is a whole number, else raise ValueError.

    An area code alone ("01375") is refused: phonenumbers calls it possible only for local
    dialling, which on a printed list would leave a resident unable to call.
    """
    if _NATIONAL_10.match(value):
        return value.strip()
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{value!r} is not a phone number") from exc
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValueError(f"{value!r} is not a whole UK phone number (like 01375 000 123)")
    return value.strip()


def check_email(value: str) -> str:
    """Return the email address trimmed, or raise ValueError."""
    value = value.strip()
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address (like name@example.org)")
    return value


def _as_uri(value: str) -> str:
    """A web address as a URI (RFC 3986), which is what Open Referral's `uri` format is: a
    name in another alphabet as its ASCII form (IDNA), other letters in the path, query and
    fragment percent-encoded (UTF-8). Characters no URI may hold ({, }, |, \\, ^, `, [ or ]
    outside the host, a second #, a % not followed by two hex digits) raise ValueError."""
    parts = urlsplit(value)
    for where, text in (("path", parts.path), ("query", parts.query), ("fragment", parts.fragment)):
        bad = _NOT_IN_URI.search(text)
        if bad and bad.group() == "%":
            raise ValueError(f"{visible(value)!r} has a '%' in its {where} not followed by two hex digits")
        if bad:
            char = bad.group()
            shown = f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"
            raise ValueError(
                f"{visible(value)!r} has {shown} in its {where}, which a web address cannot hold"
                + (f"; write it as %{ord(char):02X} if the site needs it" if char.isprintable() else "")
            )
    host = parts.netloc
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValueError(f"{visible(value)!r} is not a web address (like https://example.org)") from exc
    return urlunsplit(
        (parts.scheme, host, *(quote(t, safe=_URI_SAFE) for t in (parts.path, parts.query, parts.fragment)))
    )


@lru_cache(maxsize=4096)  # an import checks each address twice (its reader, then the model)
def check_website(value: str) -> str:
    """Return an http(s) web address, adding https:// when it was left off; always a valid
    URI (see `_as_uri`), so that every export passes the `uri` format of HSDS and ORUK."""
    value = value.strip()
    if "://" not in value:
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises for a port out of range)
    except ValueError:  # a malformed port or IPv6 address
        host, parts = "", urlsplit("")
    well_formed = parts.scheme in {"http", "https"} and _HOST.match(host) and not _UNSAFE_URL.search(value)
    if not well_formed:
        raise ValueError(f"{visible(value)!r} is not a web address (like https://example.org)")
    if "@" in parts.netloc:  # https://www.thurrock.gov.uk@evil.example/ opens evil.example
        raise ValueError(f"{visible(value)!r} would really open {host}: give the site's own address")
    return _as_uri(value)


def check_time(value: str) -> str:
    """Return a 24-hour HH:MM time or raise ValueError."""
    value = value.strip()
    if len(value) == 4 and value[1] == ":":
        value = f"0{value}"
    if not _TIME.match(value):
        raise ValueError(f"{value!r} is not a time (use 24-hour HH:MM, like 09:30)")
    return value
