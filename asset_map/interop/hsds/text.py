"""Text from other people's feeds made fit for our fields: HTML to plain text, no control
characters, lengths within the model's limits, languages by name.

HTML is read by lexbor (through selectolax), a browser's HTML5 parser in C: the standard
library's `html.parser` read Bristol's 769 descriptions in a sixth of its whole import. A
browser's tree builder looks back over the elements still open at every tag, so deeply nested
markup costs it the square of its length (20,000 nested `<div>`s: 2 s); text with more tags
than any description has is read by `html.parser`, which keeps no tree (the same text either
way: tests/test_hsds_properties.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from asset_map.store.models import AssetIn
from asset_map.validation import max_length, shortened

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}
_SKIP = {"script", "style", "head", "title", "template"}
MOST_TAGS_FOR_TREE = 2_000  # Bristol's longest description has 190; 2,000 nested tags take lexbor 40 ms
_BLOCK_SELECTOR = ",".join(sorted(_BLOCK))
_SKIP_SELECTOR = ",".join(sorted(_SKIP))
_TAG_HINT = re.compile(r"</?[a-zA-Z][^>]*>|&[a-zA-Z#0-9]+;")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Control characters (Unicode category Cc, but the line break), lone surrogates (Cs) and bidi
# embeddings and overrides: dropped from a feed's text.
_DROPPED = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}]")
_BLANK_LINES = re.compile(r"\n{3,}")
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)")


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment; block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return ("<" in text or "&" in text) and _TAG_HINT.search(text) is not None


def strip_html(text: str) -> str:
    """Plain text of a description that may hold HTML (tags dropped, entities decoded)."""
    if not looks_like_html(text):
        return text
    if text.count("<") > MOST_TAGS_FOR_TREE:
        return text_by_html_parser(text)
    # "<body>" first: before it, an HTML5 parser drops the spaces a fragment begins with
    tree = LexborHTMLParser(f"<body>{text}")
    for node in tree.css(_SKIP_SELECTOR):
        node.decompose()
    for node in tree.css(_BLOCK_SELECTOR):  # block elements become line breaks, items bullets
        node.insert_before("\n• " if node.tag == "li" else "\n")
        if node.tag != "br":
            node.insert_after("\n")
    body = tree.body
    return body.text(deep=True, separator="") if body is not None else ""


def text_by_html_parser(text: str) -> str:
    """The same plain text as `strip_html`, read without building a tree (any length of markup
    in time proportional to it)."""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def without_controls(text: str, *, multiline: bool) -> str:
    """Drop the characters our model refuses (terminal escapes, NUL, bidi overrides)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _DROPPED.sub("", text)


def tidy(text: str, *, multiline: bool = False) -> str:
    """Whitespace collapsed (keeping paragraph breaks when multiline), ends trimmed."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the usual case, at once: nothing to drop (isprintable: no controls, bidi marks, breaks)
    text = without_controls(text, multiline=multiline)
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean(value: Any, *, multiline: bool = False, raw: bool = False) -> str:
    """Feed text made plain (HTML out, spacing tidied); `raw` keeps our own text exactly."""
    text = as_text(value)
    if not text:  # a field the feed left out (nearly half of those read)
        return text
    if raw:
        return text.strip()
    if "\\n" in text and "\n" not in text:  # line breaks written as "\n" (Miami's 211 export)
        text = text.replace("\\r\\n", "\n").replace("\\n", "\n")
    if looks_like_html(text):
        text = strip_html(text)
    return tidy(text, multiline=multiline)


def as_dict(value: Any) -> dict[str, Any]:
    """A feed's object, or an empty one when the feed put something else there."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A feed's list, or an empty one when the feed put something else there (`True` is no list)."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """A feed value as text: numbers as written, None and containers as nothing."""
    if type(value) is str:
        return value
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fit(field: str, text: str, warnings: list[str]) -> str:
    """Cut text to the model's limit at a word boundary, saying so."""
    most = max_length(AssetIn, field)
    if len(text) <= most:
        return text
    warnings.append(f"{field}: {len(text)} characters, cut to {most}")
    return shortened(text, most)


def first_sentence(text: str, most: int = 200) -> str:
    """A one-line summary from a description: its first sentence, within `most` characters."""
    line = " ".join(text.split())
    match = _FIRST_SENTENCE.match(line)
    sentence = match.group(1) if match else line
    if len(sentence) <= most:
        return sentence
    return sentence[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# ISO 639-1 codes (and BSL's ISO 639-3) for the languages people list most in the UK.
LANGUAGE_CODES = {
    "English": "en", "Welsh": "cy", "Polish": "pl", "Romanian": "ro", "Lithuanian": "lt",
    "Latvian": "lv", "Bulgarian": "bg", "Portuguese": "pt", "Spanish": "es", "French": "fr",
    "Italian": "it", "German": "de", "Russian": "ru", "Ukrainian": "uk", "Turkish": "tr",
    "Kurdish": "ku", "Arabic": "ar", "Farsi": "fa", "Persian": "fa", "Pashto": "ps", "Urdu": "ur",
    "Punjabi": "pa", "Hindi": "hi", "Gujarati": "gu", "Bengali": "bn", "Tamil": "ta",
    "Somali": "so", "Tigrinya": "ti", "Amharic": "am", "Yoruba": "yo", "Igbo": "ig",
    "Twi": "tw", "Shona": "sn", "Swahili": "sw", "Chinese": "zh", "Cantonese": "yue",
    "Mandarin": "cmn", "Vietnamese": "vi", "Tagalog": "tl", "Albanian": "sq", "Greek": "el",
    "BSL": "bfi", "British Sign Language": "bfi", "Nepali": "ne", "Hungarian": "hu",
    "Czech": "cs", "Slovak": "sk", "Dutch": "nl",
}  # fmt: skip
LANGUAGE_NAMES = {code: name for name, code in reversed(list(LANGUAGE_CODES.items()))}
LANGUAGE_NAMES.update({"eng": "English", "pol": "Polish", "urd": "Urdu", "ron": "Romanian", "sgn": "BSL"})


def language_code(name: str) -> str:
    return LANGUAGE_CODES.get(name, "")


def language_name(name: str, code: str) -> str:
    """A language's name from a feed's name or ISO code ("ur" -> "Urdu")."""
    if name:
        return name
    return LANGUAGE_NAMES.get(code.lower(), code)
