"""Which fonts a printout needs, and what no bundled font can print.

The printout's main font (DejaVu Sans) covers Latin, Greek and Cyrillic. Other writing systems
come from fonts bundled in `asset_map/data/fonts/`, loaded only when a list uses them, so a
Latin-only list costs what it always did. The bundle, not the machine, decides what prints:
a list reprinted on another laptop (a frozen copy, `--copy N`) comes out the same.

A character no bundled font has is never left as a blank or a box: it is printed as a visible
substitute ("[Ethiopic text]", "[face with bags under eyes]"), and `unprintable` tells the
practitioner before printing which fields that touches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from fontTools.ttLib import TTFont

from asset_map.lists.document import ListDocument
from asset_map.lists.render import (
    NOTE_LABEL,
    byline,
    changes_heading,
    footer,
    sections,
    title,
)

MAIN_REGULAR = "DejaVuSans.ttf"
MAIN_BOLD = "DejaVuSans-Bold.ttf"
ZWJ = "\u200d"
LRM = "\u200e"  # a left-to-right mark: ends a right-to-left run inside a left-to-right line


@dataclass(frozen=True)
class Face:
    """A bundled fallback font: the family name fpdf2 knows it by and its files."""

    family: str
    regular: str
    bold: str | None = None  # None: bold text (names, headings) uses the regular weight
    takes_over: tuple[tuple[int, int], ...] = ()  # blocks printed with this font, not DejaVu


# In the order fpdf2 tries them. DejaVu has some Arabic and Hebrew letters but not all (Urdu's
# are missing) and no joining rules worth the name, so those blocks are handed over whole.
ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
HEBREW_BLOCKS = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
FACES: tuple[Face, ...] = (
    Face("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", ARABIC_BLOCKS),
    Face("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", HEBREW_BLOCKS),
    Face("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    Face("NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    Face("NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    Face("NotoSansGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
    Face("NotoSansTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    Face("NotoEmoji", "NotoEmoji-Regular.ttf"),  # before the CJK font: emoji look alike
    Face("DroidSansFallback", "DroidSansFallback.ttf"),  # Chinese, Japanese, Korean
)


def font_file(name: str) -> str:
    return str(files("asset_map") / "data" / "fonts" / name)


@cache
def _cmap(name: str) -> frozenset[int]:
    return frozenset(TTFont(font_file(name), lazy=True).getBestCmap())


@cache
def main_coverage() -> frozenset[int]:
    """What DejaVu prints, in both weights, less the blocks a dedicated font takes over (that
    font has every letter DejaVu has there; read from the ranges, so a Latin-only list opens
    no other font)."""
    blocks = [block for face in FACES for block in face.takes_over]
    return frozenset(
        code
        for code in _cmap(MAIN_REGULAR) & _cmap(MAIN_BOLD)
        if code != ord(ZWJ) and not any(low <= code <= high for low, high in blocks)
    )


def _ignorable(ch: str) -> bool:
    """Invisible by definition (joiners, direction marks, variation selectors, flag tags)."""
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or ch in "\n\r\t"
    )


@dataclass(frozen=True)
class Plan:
    """What a printout needs: the fallback fonts to load and the characters none of them has."""

    faces: tuple[Face, ...]
    missing: frozenset[str]
    hidden: frozenset[str]  # invisible characters no font has: left out, nothing is lost

    @property
    def plain(self) -> bool:
        """DejaVu alone prints it: no fallback fonts and no shaping (the fast, usual case)."""
        return not self.faces and not self.missing


def plan(texts: Iterable[str]) -> Plan:
    """The fallback fonts the characters of `texts` need, first match in `FACES` order."""
    main = main_coverage()
    chars = {ch for text in texts for ch in text}
    wanted = {ch for ch in chars if ord(ch) not in main and not _ignorable(ch)}
    faces: list[Face] = []
    if wanted:
        left = set(wanted)
        for face in FACES:
            found = {ch for ch in left if ord(ch) in _cmap(face.regular)}
            if found:
                faces.append(face)
                left -= found
        wanted = left
    covered = main.union(*(_cmap(face.regular) for face in faces)) if faces else main
    hidden = {ch for ch in chars if _ignorable(ch) and ch not in "\n" and ord(ch) not in covered}
    if not faces:  # DejaVu alone, without shaping, draws a zero-width joiner it has
        hidden -= {ch for ch in hidden if ord(ch) in _cmap(MAIN_REGULAR)}
    return Plan(tuple(faces), frozenset(wanted), frozenset(hidden))


# ---------------------------------------------------------------- a visible substitute
_SCRIPT_WORD = re.compile(
    r"^(.*?) (?:LETTER|SYLLABLE|SIGN|VOWEL|DIGIT|NUMBER|CHARACTER|IDEOGRAPH|CONSONANT|MARK|"
    r"PUNCTUATION|SYMBOL|LIGATURE|FRACTION|SEPARATOR|WORD|INDEPENDENT|DEPENDENT|TONE|COMBINING)\b"
)


def _script(ch: str) -> str:
    """ "Ethiopic" for ሰ, "Chinese" for a rare ideograph: the first words of its Unicode name."""
    name = unicodedata.name(ch, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "Chinese"
    found = _SCRIPT_WORD.match(name)
    return (found.group(1) if found else name.split(" ")[0]).title()


def _symbol(ch: str) -> bool:
    return unicodedata.category(ch) in {"So", "Sk", "Sm", "Sc"}


def substitute(text: str, missing: frozenset[str], hidden: frozenset[str] = frozenset()) -> str:
    """`text` with each run of unprintable letters as "[Ethiopic text]" and each unprintable
    symbol as its name in brackets ("[face with bags under eyes]"); invisible characters that
    no font has are left out. Marks and joiners inside a run stay with it."""
    if not missing and not hidden:
        return text
    out: list[str] = []
    run_script: str | None = None
    for ch in text:
        if ch in hidden:
            continue
        if ch not in missing:
            if run_script is not None and (unicodedata.category(ch).startswith("M") or _ignorable(ch)):
                continue  # a mark or joiner of the run being replaced
            run_script = None
            out.append(ch)
            continue
        if _symbol(ch):
            out.append(f"[{unicodedata.name(ch).lower()}]")
            run_script = ""
            continue
        script = _script(ch)
        if script != run_script or not out or not out[-1].endswith(" text]"):
            out.append(f"[{script} text]" if script else "[?]")
        run_script = script
    return re.sub(r"\[([^\]]+) text\](?:\s+\[\1 text\])+", r"[\1 text]", "".join(out))


# ---------------------------------------------------------------- what is printed, by name
def printed_texts(document: ListDocument) -> list[tuple[str, str]]:
    """Every piece of text the printout holds, each with where it is, in the practitioner's words."""
    found = [
        ("the heading", title(document)),
        ("the line under the heading", byline(document)),
        ("what matters", document.what_matters),
        ("the contact line", footer(document)),
    ]
    if document.changes:
        found.append(("what has changed", "\n".join([changes_heading(document), *document.changes])))
    for section in sections(document):
        where = f"connection {section.number}"
        found.append((f"{where}'s name", section.name))
        found += [(f"{where}: {label.lower()}", value) for label, value in section.rows]
        found += [
            (f"{where}: {what}", value)
            for what, value in (("warning", section.notice), ("check first", section.check_first))
        ]
        found.append((f"{where}: {NOTE_LABEL.lower()}", section.note))
    return [(where, text) for where, text in found if text]


def unprintable(document: ListDocument) -> list[str]:
    """Lines for the print dialog: each field with characters no bundled font has, and what
    the paper will show instead. Empty when everything prints (nearly always)."""
    texts = printed_texts(document)
    found = plan(text for _, text in texts)
    if not found.missing:
        return []
    lines = []
    for where, text in texts:
        if found.missing.intersection(text):
            shown = substitute(text, found.missing, found.hidden)
            lines.append(f"⚠ Cannot print every character of {where}: it will read “{_short(shown)}”")
    return lines


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- direction
def _strong(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    return "R" if kind in {"R", "AL"} else "L" if kind == "L" else ""


def right_to_left(text: str) -> bool:
    """A paragraph's direction as a browser's dir="auto" finds it: its first strong letter."""
    for ch in text:
        if kind := _strong(ch):
            return kind == "R"
    return False


def has_right_to_left(text: str) -> bool:
    return any(_strong(ch) == "R" for ch in text)


def end_right_to_left_runs(text: str) -> str:
    """In a left-to-right line, a left-to-right mark straight after each right-to-left run.

    "Your contact is أحمد: 01375 000 100" then keeps the colon and the phone number after the
    name, as the sentence means them (without the mark they join the Arabic run and print
    before it). fpdf2 lays out two levels of direction, not three, so a number *inside* a
    right-to-left run of a left-to-right line still follows that run's order; right-to-left
    paragraphs (an Arabic address with a Latin postcode) are exact.
    """
    out: list[str] = []
    run_end: int | None = None  # where the current right-to-left run ends in `out`
    for ch in text:
        kind = _strong(ch)
        if kind == "L" and run_end is not None:
            out.insert(run_end, LRM)
            run_end = None
        out.append(ch)
        if kind == "R" or (run_end == len(out) - 1 and unicodedata.category(ch).startswith("M")):
            run_end = len(out)
    if run_end is not None and run_end < len(out):
        out.insert(run_end, LRM)
    return "".join(out)
