"""The printed list prints every alphabet (issue 14, item 9): read back from the PDF.

What reading a PDF back can and cannot show, honestly:
- pypdf gives each run of text with the font that drew it and where it starts, so these tests
  check that every word comes back, from the font made for its script, and where it sits
  (a right-to-left paragraph's first word is its rightmost and it ends at the right margin).
- Text extraction maps each drawn glyph back to its letters, so a joined Arabic letter reads
  back as the plain letter: joining is checked in the embedded font instead, which holds the
  contextual forms (initial, medial, final: named after their presentation-form code points)
  only when the text was shaped. Indic vowel signs may come back out of order or split by a
  stray control character; words are compared after removing those.
- How it looks was checked by eye on a page rendered with pdftoppm (see the report).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import fields
from typing import Any, TypeVar

import pytest
import segno
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject, StreamObject

from asset_map.lists import scripts
from asset_map.lists.document import ListDocument, PrintedConnection
from asset_map.lists.pdf import _ListPdf, qr_address, to_pdf
from asset_map.lists.render import STYLE, to_html, to_text

P = TypeVar("P", bound=PdfObject)

# A sample of each writing system, with the font that must draw it.
SAMPLES = {
    "Polish": ("Klub Seniora Łódź — żurek i pierogi", "DejaVuSans"),
    "Greek": ("Ελληνική κοινότητα", "DejaVuSans"),
    "Ukrainian": ("Українська громада Грейс", "DejaVuSans"),
    "Arabic": ("مركز الجالية العربية", "NotoSansArabic"),
    "Urdu": ("اردو بزم ٹلبری", "NotoSansArabic"),
    "Hebrew": ("קהילה יהודית", "NotoSansHebrew"),
    "Nepali": ("नेपाली समुदाय केन्द्र", "NotoSansDevanagari"),
    "Punjabi": ("ਪੰਜਾਬੀ ਸੱਥ ਗ੍ਰੇਜ਼", "NotoSansGurmukhi"),
    "Bengali": ("বাংলা সমাজ", "NotoSansBengali"),
    "Gujarati": ("ગુજરાતી સમાજ", "NotoSansGujarati"),
    "Tamil": ("தமிழ் சங்கம்", "NotoSansTamil"),
    "Chinese (simplified)": ("社区午餐俱乐部", "DroidSansFallback"),
    "Chinese (traditional)": ("社區午餐俱樂部", "DroidSansFallback"),
    "emoji": ("🧶 🍵 👍", "NotoEmoji"),
}
RIGHT_TO_LEFT = {"Arabic", "Urdu", "Hebrew"}


def bare(**values: str) -> PrintedConnection:
    empty = dict.fromkeys((f.name for f in fields(PrintedConnection)), "")
    return PrintedConnection(**empty | {"asset_id": str(uuid.uuid4())} | values)


def document(*connections: PrintedConnection, **top: Any) -> ListDocument:
    values: dict[str, Any] = {
        "resident_ref": "AB 1234",
        "made_on": "2026-11-23",
        "practitioner": "Sam K",
        "practitioner_contact": "01375 000 100",
        "home": "",
        "what_matters": "",
    }
    return ListDocument(**values | top, connections=list(connections))


def clean(text: str) -> str:
    """Extracted text without control and format characters (stray ones come with Indic
    vowel signs; direction marks are invisible), compatibility forms folded (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch in "\n " or unicodedata.category(ch) not in {"Cc", "Cf"})


def runs(data: bytes) -> list[tuple[str, str, float, int]]:
    """Each run of text drawn: its text, the font that drew it, where it starts, its page."""
    found: list[tuple[str, str, float, int]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, number: int = number) -> None:
            if text.strip():
                name = str(font.get("/BaseFont", "")).split("+")[-1] if font else ""
                found.append((clean(text).strip(), name, float(tm[4]), number))

        page.extract_text(visitor_text=visit)
    return found


def page_text(data: bytes) -> str:
    return clean("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def resolved(obj: PdfObject, kind: type[P]) -> P:
    """`obj`, through its reference if it is one, which the test knows is a `kind`."""
    target = obj.get_object()
    assert isinstance(target, kind), f"{type(target).__name__}, not {kind.__name__}"
    return target


def embedded_fonts(data: bytes) -> dict[str, TTFont]:
    fonts: dict[str, TTFont] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = resolved(page["/Resources"], DictionaryObject)
        for ref in resolved(resources["/Font"], DictionaryObject).values():
            font = resolved(ref, DictionaryObject)
            name = str(font["/BaseFont"]).split("+")[-1]
            descendant = resolved(resolved(font["/DescendantFonts"], ArrayObject)[0], DictionaryObject)
            descriptor = resolved(descendant["/FontDescriptor"], DictionaryObject)
            fonts[name] = TTFont(io.BytesIO(resolved(descriptor["/FontFile2"], StreamObject).get_data()))
    return fonts


def _words(text: str) -> list[str]:
    return clean(text).split()


# ---------------------------------------------------------------- each script comes back
@pytest.fixture(scope="module")
def every_script() -> bytes:
    """One list with each sample as a name, a row and a note (one PDF for all the checks)."""
    connections = [
        bare(name=text, what=f"{script}: {text}", where="Grays RM17 6SL", note=text)
        for script, (text, _) in SAMPLES.items()
    ]
    return to_pdf(document(*connections, resident_ref="陈 🧶", what_matters="مرحبا بكم"))


@pytest.mark.parametrize("script", list(SAMPLES))
def test_each_script_comes_back_from_its_own_font(every_script: bytes, script: str) -> None:
    text, family = SAMPLES[script]
    drawn = runs(every_script)
    for word in _words(text):
        fonts = {font for run, font, _, _ in drawn if word in run.replace(" ", "")}  # 'के न्द्र'
        assert fonts, f"{script}: {word!r} is not in the PDF"
        assert all(font.startswith(family) for font in fonts), (script, word, fonts)


def test_the_title_names_the_resident_in_any_script(every_script: bytes) -> None:
    """The tester's 'Connections for 陈 🧶' printed as 'Connections for '."""
    first_line = page_text(every_script).splitlines()[0]
    assert first_line.strip() == "Connections for 陈 🧶"


def test_an_internationalised_website_prints_whole_and_its_qr_code_carries_it() -> None:
    url = "https://社区.example"
    data = to_pdf(document(bare(name="A", website=url)))
    assert url in page_text(data)  # the tester saw 'https://.example'
    assert qr_address(url) == "https://xn--dkrp89f.example"
    contents = PdfReader(io.BytesIO(data)).pages[0].get_contents()
    assert contents is not None  # a printed page draws something
    content = contents.get_data()
    dark = sum(sum(row) for row in segno.make(qr_address(url), error="m").matrix)
    assert content.count(b" re") == dark  # the QR code drawn is the punycode address's


def test_a_web_address_path_is_percent_encoded_in_the_qr_code() -> None:
    assert qr_address("https://社区.example/午餐?q=茶") == (
        "https://xn--dkrp89f.example/%E5%8D%88%E9%A4%90?q=%E8%8C%B6"
    )
    assert qr_address("https://example.org/group-1") == "https://example.org/group-1"


# ---------------------------------------------------------------- shaping and direction
def test_arabic_letters_are_joined() -> None:
    """Only shaped text draws the contextual forms (initial, medial, final glyphs)."""
    data = to_pdf(document(bare(name="مرحبا بكم", note="خوش آمدید ٹیلبری")))
    font = embedded_fonts(data)["NotoSansArabic"]
    forms = [
        code
        for code in font.getBestCmap()
        if 0xFE70 <= code <= 0xFEFF or 0xFB50 <= code <= 0xFDFF  # presentation forms
    ]
    assert len(forms) >= 5, forms


def test_indic_conjuncts_are_shaped() -> None:
    """'स्व' and 'न्द्र' are single conjunct glyphs that no code point maps to: drawn only when
    the text was shaped (unshaped, the virama shows and the letters stand apart)."""
    data = to_pdf(document(bare(name="A", note="नेपाली समुदाय केन्द्र स्वागत")))
    font = embedded_fonts(data)["NotoSansDevanagari"]
    mapped = set(font.getBestCmap().values())
    unmapped = [glyph for glyph in font.getGlyphOrder() if glyph not in mapped and glyph != ".notdef"]
    assert unmapped, "no conjunct glyph: the Devanagari was not shaped"


@pytest.mark.parametrize("script", sorted(RIGHT_TO_LEFT))
def test_a_right_to_left_paragraph_reads_from_the_right_margin(script: str) -> None:
    text, _ = SAMPLES[script]
    data = to_pdf(document(bare(name="Plain name", note=text)))
    words = _words(text)
    drawn = {run: x for run, _, x, _ in runs(data) if run in words}
    assert set(drawn) == set(words)
    xs = [drawn[word] for word in words]
    assert xs == sorted(xs, reverse=True), f"{script} is not laid out right to left: {xs}"
    page_width = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)
    assert xs[0] > page_width / 2, "a right-to-left paragraph is set against the right margin"


def test_a_left_to_right_paragraph_stays_at_the_left_margin(every_script: bytes) -> None:
    x = next(x for run, _, x, _ in runs(every_script) if run.startswith("Connections for"))
    assert x < 60


def test_an_arabic_name_with_a_latin_address_and_a_phone_number_reads_in_order() -> None:
    """The contact line: the colon and the number stay after the name, in reading order;
    an Arabic address with a Latin postcode keeps the postcode at the end (the left)."""
    data = to_pdf(
        document(
            bare(name="مركز الجالية العربية", where="١٢ شارع الملك، Grays RM17 6SL"),
            practitioner="أحمد",
            practitioner_contact="01375 000 100",
        )
    )
    text = page_text(data)
    assert re.search(r"Your contact is أحمد\s*:\s*01375 000 100", text), text
    line = next(line for line in text.splitlines() if "Grays" in line)
    # Laid out right to left, the postcode (last) is leftmost and the house number rightmost.
    assert line.index("Grays RM17 6SL") < line.index("الملك،") < line.index("شارع")


def test_a_latin_only_list_is_neither_shaped_nor_given_other_fonts() -> None:
    """The usual list costs what it did: DejaVu alone, no shaping engine."""
    plain = document(bare(name="Café Zoë", where="12 High Street", note="Łukasz said so"))
    pdf = _ListPdf(plain)
    assert pdf.text_shaping is None
    assert {key.rstrip("B") for key in pdf.fonts} == {"dejavu"}
    assert set(embedded_fonts(to_pdf(plain))) == {"DejaVuSansBook", "DejaVuSansBold"}


# ---------------------------------------------------------------- nothing silently dropped
def _letters(text: str) -> Counter[str]:
    return Counter(ch for ch in clean(text) if not ch.isspace())


def test_no_character_of_any_field_is_dropped(every_script: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        to_pdf(document(*(bare(name=text, note=text) for text, _ in SAMPLES.values())))
    assert "missing the following glyphs" not in caplog.text  # fpdf2's word for a gap
    printed = _letters(page_text(every_script))
    for script, (text, _) in SAMPLES.items():
        wanted = Counter({ch: 3 * n for ch, n in _letters(text).items()})  # name, row and note
        short = wanted - printed
        assert not short, f"{script}: {dict(short)} missing"


UNPRINTABLE = "ሰላም ዓለም"  # Ethiopic (Amharic, Tigrinya): no bundled font has it


def test_a_script_no_font_has_prints_a_visible_substitute_and_is_named_before_printing() -> None:
    item = bare(name=f"Habesha café {UNPRINTABLE}", note="Knit 🧶 and natter")
    listed = document(item)
    text = page_text(to_pdf(listed))
    assert "Habesha café [Ethiopic text]" in text
    assert "Knit 🧶 and natter" in text  # what can be printed is printed
    warned = scripts.unprintable(listed)
    assert warned == [
        "⚠ Cannot print every character of connection 1's name: it will read “Habesha café [Ethiopic text]”"
    ]
    assert scripts.unprintable(document(bare(name="社区午餐俱乐部 🧶"))) == []
    from asset_map.screens.list_dialogs import print_detail

    assert warned[0] in print_detail(listed)  # the print dialog says so before printing


@pytest.mark.parametrize(
    "text, shown",
    [
        ("ሰላም ዓለም and more", "[Ethiopic text] and more"),
        ("A \U00013000 B", "A [Egyptian text] B"),  # a hieroglyph
        ("Tea \U0001d11e time", "Tea [musical symbol g clef] time"),
        ("Zoë\u2066 x", "Zoë x"),  # an invisible isolate no font has: left out, nothing lost
    ],
)
def test_each_unprintable_character_has_a_documented_substitute(
    text: str, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    found = scripts.plan([text])
    assert scripts.substitute(text, found.missing, found.hidden) == shown
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        printed = page_text(to_pdf(document(bare(name=text))))
    assert shown in printed
    assert "missing the following glyphs" not in caplog.text


# ---------------------------------------------------------------- text and web page
def test_text_and_html_keep_every_script_and_html_sets_each_paragraphs_direction() -> None:
    listed = document(*(bare(name=text, note=text) for text, _ in SAMPLES.values()))
    plain, page = to_text(listed), to_html(listed)
    for text, _ in SAMPLES.values():
        assert text in plain and text in page
    assert "unicode-bidi: plaintext" in STYLE  # each value takes its own direction, as dir="auto"


def test_joiners_and_shared_signs_stay_with_the_letters_before_them() -> None:
    """A danda ('।', shared by Devanagari and Gurmukhi) ends a Punjabi sentence in the Punjabi
    font, and an emoji sequence joined by ZWJ stays one run of the emoji font (not split by a
    joiner taken from another font)."""
    data = to_pdf(document(bare(name="A", note="नमस्ते। ਸਤ ਸ੍ਰੀ ਅਕਾਲ। 👨\u200d👩\u200d👧")))
    drawn = runs(data)
    assert ("ਅਕਾਲ।", "NotoSansGurmukhi") in {(run, font) for run, font, _, _ in drawn}
    assert ("👨👩👧", "NotoEmoji") in {(run, font) for run, font, _, _ in drawn}
