"""The printable gaps page (issue 19): HTML and PDF say the same things, from the sample
directory and from hand-made matrices, escape whatever the data holds, and are written whole."""

from __future__ import annotations

import io
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from asset_map.directory.facade import Directory
from asset_map.directory.gaps import DEFAULT_RADIUS_KM, ROWS_BY, Asked, GapFilters, GapMatrix, GapRow, RowsBy
from asset_map.reports.gaps_page import PageError, html_page, pdf_page, write_page
from asset_map.reports.gaps_words import (
    ASKED_MARK,
    NONE_ASKED,
    filter_phrases,
    made_words,
    shown,
    step_ranges,
)
from asset_map.store.files import partial_files
from tests.conftest import FIXED_NOW

MADE = "Monday 23 November 2026 at 09:30"
# Every tag the page itself writes: anything else in it came from the data, unescaped.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "dl", "dt", "dd",
    "section", "ul", "li", "table", "caption", "thead", "tbody", "tr", "th", "td", "span",
    "main", "p", "code", "footer",
}  # fmt: skip
OUR_ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "class", "scope", "title"}
HOSTILE = (
    "<script>alert(1)</script>",
    'Tom & Jerry\'s "Place"',
    "<img src=x onerror=alert(1)>",
    "a < b > c &amp; d",
    "</td></tr></table><h1>",
)


# ---------------------------------------------------------------- helpers
def squashed(text: str) -> str:
    return " ".join(text.split())


def page_text(page: str) -> str:
    """The HTML page's words as a reader sees them (not its style sheet)."""
    body = HTMLParser(page).body
    assert body is not None
    return squashed(body.text(separator=" "))


def pdf_pages(data: bytes) -> list[str]:
    return [squashed(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def made(
    labels: list[str],
    needs: list[str],
    supply: list[list[int]] | None = None,
    asked: list[list[int]] | None = None,
    *,
    by: RowsBy = "locality",
    radius_km: float | None = None,
    filters: GapFilters | None = None,
    notes: tuple[str, ...] = (),
    radii: list[float] | None = None,
) -> GapMatrix:
    """A matrix by hand: `labels` rows against `needs`, counts given or 1 everywhere."""
    supply = supply if supply is not None else [[1] * len(needs) for _ in labels]
    asked = asked if asked is not None else [[0] * len(needs) for _ in labels]
    reach = radii or [radius_km or DEFAULT_RADIUS_KM[by]] * len(labels)
    return GapMatrix(
        by,
        tuple(
            GapRow(f"L:{i}", label, label, r) for i, (label, r) in enumerate(zip(labels, reach, strict=True))
        ),
        tuple((f"need-{j}", label) for j, label in enumerate(needs)),
        tuple(tuple(r) for r in supply),
        tuple(tuple(r) for r in asked),
        filters or {},
        radius_km,
        FIXED_NOW,
        notes,
    )


def heat_rows(page: str) -> list[Node]:
    return HTMLParser(page).css("table.heat tbody tr")


def assert_html_holds(page: str, matrix: GapMatrix) -> None:
    """Every place, need and count of the matrix, in its row and column of the heat map."""
    tree = HTMLParser(page)
    heads = [span.text() for span in tree.css("table.heat thead th.need span")]
    assert heads == [shown(label) for _need, label in matrix.needs]
    body = heat_rows(page)
    assert len(body) == len(matrix.rows) + 1  # and the places-with-nothing row
    for tr, row, supply, asked in zip(body, matrix.rows, matrix.supply, matrix.asked, strict=False):
        place = tr.css_first("th")
        assert place is not None and place.text().startswith(shown(row.label))
        cells = [td.text() for td in tr.css("td")][: len(matrix.needs)]
        expected = [f"{n} {ASKED_MARK}{a}" if a else str(n) for n, a in zip(supply, asked, strict=True)]
        assert cells == expected


def assert_only_our_markup(page: str) -> None:
    """No tag, attribute or script but the page's own: nothing from the data is markup."""
    tags = {m.group(1).lower() for m in re.finditer(r"<\s*/?\s*([A-Za-z][^\s/>]*)", page)}
    assert tags <= OUR_TAGS, tags - OUR_TAGS
    tree = HTMLParser(page)
    assert {node.tag for node in tree.root.traverse() if not node.tag.startswith("-")} <= OUR_TAGS  # type: ignore[union-attr]
    attributes = {name for node in tree.css("*") for name in node.attributes}
    assert attributes <= OUR_ATTRIBUTES, attributes - OUR_ATTRIBUTES
    assert not tree.css("script") and "<!--" not in page


# ---------------------------------------------------------------- from the sample directory
@pytest.fixture(scope="module")
def seeded_matrix(seeded_directory: Directory) -> GapMatrix:
    """The sample directory by locality, with a few gaps asked for and one place asked twice."""
    first = seeded_directory.gap_matrix()
    gaps = first.gaps
    asked = [
        Asked(frozenset({gaps[0][0].key}), gaps[0][1], 4),
        Asked(frozenset({gaps[-1][0].key}), gaps[-1][1], 1),
        Asked(frozenset({first.rows[5].key}), first.needs[2][0], 2),  # found, yet asked for
    ]
    return seeded_directory.gap_matrix(asked=asked)


def test_html_page_holds_every_place_need_count_and_the_facts(seeded_matrix: GapMatrix) -> None:
    page = html_page(seeded_matrix)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert_html_holds(page, seeded_matrix)
    text = page_text(page)
    assert MADE in text
    assert "22 localities against 16 needs" in text
    assert "2 km from each locality (the usual reach; no radius was chosen)" in text
    assert "Filters none" in text
    assert f"44 of {22 * 16} places and needs have nothing within reach" in text
    assert "asset-map search --need NEED --near PLACE --radius-km R" in text
    assert_only_our_markup(page)


def test_html_asked_for_and_missing_stand_out_and_are_listed(seeded_matrix: GapMatrix) -> None:
    page = html_page(seeded_matrix)
    tree = HTMLParser(page)
    standing_out = [td.text() for td in tree.css("table.heat td.ag")]
    assert standing_out == ["0 ▲4", "0 ▲1"]  # the asked-for gaps, in the table's order
    listed = [[td.text() for td in tr.css("td")] for tr in tree.css("table.asked-list tbody tr")]
    (place, need), (last_place, last_need) = (
        (r.label, n) for r, n in (seeded_matrix.gaps[0], seeded_matrix.gaps[-1])
    )
    labels = dict(seeded_matrix.needs)
    assert listed == [[place, labels[need], "4"], [last_place, labels[last_need], "1"]]
    found_yet_asked = tree.css("table.heat td.s1, table.heat td.s2, table.heat td.s3, table.heat td.s4")
    assert any(td.text().endswith(f"{ASKED_MARK}2") for td in found_yet_asked)
    assert "@media print" in page and "size: A4 landscape" in page  # prints as the PDF does


def test_pdf_page_holds_the_same(seeded_matrix: GapMatrix) -> None:
    data = pdf_page(seeded_matrix)
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data)
    text = " ".join(pages)
    assert f"Made {MADE}" in text
    for fact in (
        "22 localities against 16 needs",
        "2 km from each locality (the usual reach; no radius was chosen)",
        "none (everything open, any kind)",
        "Key",
        "Asked for and missing",
        "How the counts are made",
    ):
        assert fact in text
    for _need, label in seeded_matrix.needs:
        assert label in pages[0]
    # each row as read across the page: the place, each count (▲ asked), its gaps
    for row, supply, asked in zip(seeded_matrix.rows, seeded_matrix.supply, seeded_matrix.asked, strict=True):
        counts = " ".join(f"{n} {ASKED_MARK}{a}" if a else str(n) for n, a in zip(supply, asked, strict=True))
        assert f"{row.label} {counts} {sum(n == 0 for n in supply)}" in text


def test_the_sample_table_fits_on_the_first_page(seeded_matrix: GapMatrix) -> None:
    """22 localities and their totals on one sheet; what follows (the list, the method) after."""
    first = pdf_pages(pdf_page(seeded_matrix))[0]
    assert seeded_matrix.rows[-1].label in first and "Places with nothing" in first


def test_the_pdf_is_the_same_for_the_same_matrix(seeded_matrix: GapMatrix) -> None:
    assert pdf_page(seeded_matrix) == pdf_page(seeded_matrix)
    assert html_page(seeded_matrix) == html_page(seeded_matrix)


def test_filters_and_a_chosen_radius_are_said_in_words(seeded_directory: Directory) -> None:
    matrix = seeded_directory.gap_matrix(
        "district",
        radius_km=3.5,
        free_only=True,
        step_free_only=True,
        open_on="wed",
        delivery=["home"],
        verified_recently=True,
        kinds=["group", "hub"],
    )
    said = (
        "free only; step-free; on Wednesdays; comes to the home; verified in the last 12 months; "
        "only community groups or community hubs"
    )
    for text in (page_text(html_page(matrix)), pdf_text(pdf_page(matrix))):
        assert said in text
        assert "3.5 km from each postcode district (the radius chosen)" in text
        assert (
            "--free --step-free --verified-recently --open wed --delivery home --kind group --kind hub"
            in text
        )
    assert_html_holds(html_page(matrix), matrix)


def test_an_empty_directory_is_all_gaps(empty_directory: Directory) -> None:
    matrix = empty_directory.gap_matrix("area")
    page = html_page(matrix)
    assert_html_holds(page, matrix)
    text = page_text(page)
    cells = len(matrix.rows) * len(matrix.needs)
    assert f"{cells} of {cells} places and needs have nothing within reach." in text
    assert "none anywhere on this page" in text and NONE_ASKED in text
    assert len(HTMLParser(page).css("table.heat td.s0")) == cells
    pdf = pdf_text(pdf_page(matrix))
    assert f"{cells} of {cells} places" in pdf and "nothing was found anywhere" in pdf


def test_no_asked_counts_says_so(seeded_directory: Directory) -> None:
    matrix = seeded_directory.gap_matrix("area")
    assert not any(any(row) for row in matrix.asked)
    assert NONE_ASKED in page_text(html_page(matrix))
    assert NONE_ASKED in pdf_text(pdf_page(matrix))
    assert ASKED_MARK not in "".join(td.text() for td in HTMLParser(html_page(matrix)).css("table.heat td"))


# ---------------------------------------------------------------- hand-made matrices
def test_hostile_names_are_escaped_and_shown_as_written() -> None:
    notes = ("<b>note</b> & more",)
    matrix = made(list(HOSTILE), list(HOSTILE), notes=notes)
    page = html_page(matrix, title="<i>Gaps</i> & more")
    assert_only_our_markup(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert_html_holds(page, matrix)
    text = page_text(page)
    assert "<b>note</b> & more" in text and "<i>Gaps</i> & more" in text
    pdf = pdf_text(pdf_page(matrix, title="<i>Gaps</i> & more"))
    for name in HOSTILE:
        assert squashed(name) in pdf


def test_control_and_bidi_characters_are_shown_not_obeyed() -> None:
    matrix = made(["Grays\u202e evil", "Line\nbreak"], ["Food\x1b[31m"])
    page = html_page(matrix)
    assert "\u202e" not in page and "\x1b" not in page
    assert "Grays\\u202e evil" in page and "Line break" in page and "Food\\x1b[31m" in page
    assert "Grays\\u202e evil" in pdf_text(pdf_page(matrix))


def test_many_rows_carry_on_overleaf_under_the_heading_row() -> None:
    labels = [f"Place {i:02d}" for i in range(70)]
    needs = ["Food and meals", "Company and friendship", "Housing"]
    supply = [[i % 4, (i * 7) % 5, 0] for i in range(70)]
    data = pdf_page(made(labels, needs, supply))
    pages = pdf_pages(data)
    table_pages = [p for p in pages if "Place " in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "Locality" in page and "Needs with nothing" in page
        for need in needs:
            assert need in page
    for page in table_pages[1:]:
        assert "Where the gaps are (continued)" in page
    everything = " ".join(pages)
    assert all(f"{label} " in everything for label in labels)
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_a_long_place_name_is_set_smaller_or_wrapped_never_cut() -> None:
    long_name = "The Very Long Name of a Village Hall Partnership Covering Several Parishes and Hamlets " * 2
    matrix = made([long_name.strip(), "Grays"], ["Food and meals", "Housing"])
    assert squashed(long_name) in pdf_text(pdf_page(matrix))


def test_other_writing_systems_print_in_the_bundled_fonts() -> None:
    matrix = made(["گریز", "格雷斯", "Zoë’s Łąka"], ["طعام", "Food"])
    text = pdf_text(pdf_page(matrix))
    # each in its row with its counts (fpdf2 once drew what followed Arabic in the wrong font)
    for row in ("گریز 1 1 0", "格雷斯 1 1 0", "Zoë’s Łąka 1 1 0"):
        assert row in text
    assert "text]" not in text  # no substitute: every letter has a font


def test_each_rows_own_reach_shows_beside_it_when_they_differ() -> None:
    matrix = made(["Grays", "Orsett"], ["Food"], radii=[2.0, 4.0])
    text = page_text(html_page(matrix))
    assert "Grays (2 km)" in text and "Orsett (4 km)" in text
    assert "each place's own reach, 2 to 4 km" in text


@pytest.mark.parametrize(
    ("open_on", "said"),
    [
        ("wed", "on Wednesdays"),
        ("Thursday 10:30", "on Thursdays at 10:30"),
        ("today", "open on the day the page was made (Monday)"),
        ("now", "open when the page was made (Monday 09:30)"),
    ],
)
def test_the_day_in_words(open_on: str, said: str) -> None:
    assert filter_phrases({"open_on": open_on}, FIXED_NOW) == [said]


def test_the_key_steps_are_the_heat_maps_own() -> None:
    assert step_ranges(3) == [(1, "1"), (2, "2"), (3, "3")]
    assert step_ranges(27) == [(1, "1–6"), (2, "7–13"), (3, "14–20"), (4, "21–27")]
    assert step_ranges(0) == []
    assert made_words(datetime(2027, 1, 5, 8, 5)) == "Tuesday 5 January 2027 at 08:05"


# ---------------------------------------------------------------- writing the file
@pytest.mark.parametrize("name", ["gaps.pdf", "gaps.html", "gaps.htm", "GAPS.PDF"])
def test_write_page_by_its_suffix(tmp_path: Path, name: str) -> None:
    matrix = made(["Grays"], ["Food"])
    path = write_page(matrix, tmp_path / "out" / name)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") if name.lower().endswith(".pdf") else data.startswith(b"<!DOCTYPE html>")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # counts only: shared as any document
    assert not partial_files(path)


def test_write_page_refuses_another_suffix(tmp_path: Path) -> None:
    with pytest.raises(PageError, match=r"\.pdf or \.html"):
        write_page(made(["Grays"], ["Food"]), tmp_path / "gaps.txt")
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gaps.pdf"
    path.write_text("the page of last week")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(PageError, match="No space left on device"):
        write_page(made(["Grays"], ["Food"]), path)
    assert path.read_text() == "the page of last week" and not partial_files(path)


def test_a_folder_that_cannot_be_made_is_a_page_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(PageError, match="cannot save the gaps page"):
        write_page(made(["Grays"], ["Food"]), tmp_path / "a-file" / "gaps.html")


# ---------------------------------------------------------------- any matrix at all
names = st.text(min_size=0, max_size=24)
markupish = st.sampled_from(["<", ">", "&", '"', "'", "<script>", "</td>", "&amp;", "<!--"])
label = st.one_of(names, st.lists(st.one_of(names, markupish), min_size=1, max_size=4).map("".join))


@st.composite
def matrices(draw: st.DrawFn) -> GapMatrix:
    rows = draw(st.lists(label, min_size=1, max_size=8))
    needs = draw(st.lists(label, min_size=1, max_size=6))
    supply = [[draw(st.integers(0, 60)) for _ in needs] for _ in rows]
    asked = [[draw(st.integers(0, 9)) for _ in needs] for _ in rows]
    by = draw(st.sampled_from(ROWS_BY))
    radius = draw(st.one_of(st.none(), st.floats(0.5, 50).map(lambda f: round(f, 1))))
    filters = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "free_only": st.booleans(),
                "step_free_only": st.booleans(),
                "open_on": st.sampled_from(["wed", "now", "today", "sun 09:00"]),
                "kinds": st.lists(st.sampled_from(["hub", "group", "time_bank"]), max_size=2),
            },
        )
    )
    return made(
        rows,
        needs,
        supply,
        asked,
        by=by,
        radius_km=radius,
        filters=cast(GapFilters, filters),
        notes=(draw(label),),
    )


@given(matrices())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_html_page_holds_every_count_and_no_markup_from_the_data(matrix: GapMatrix) -> None:
    page = html_page(matrix, title=matrix.notes[0])
    assert_only_our_markup(page)
    assert_html_holds(page, matrix)


@given(matrices())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_pdf_page_builds(matrix: GapMatrix) -> None:
    data = pdf_page(matrix)
    assert data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) >= 1
