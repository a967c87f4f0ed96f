"""Printed connection lists: every field of every connection is on the page, in every format."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from rich.console import Console

from asset_map.checks import is_stale
from asset_map.cli.output import format_asset
from asset_map.config import printouts_dir
from asset_map.directory.facade import Directory
from asset_map.lists.document import ListDocument, PrintedConnection, changes, printed_connection
from asset_map.lists.pdf import BODY_PT, ZWSP, to_pdf
from asset_map.lists.printing import file_name, print_list, write_file
from asset_map.lists.render import footer, rows, to_html, to_text
from asset_map.lists.service import ConnectionLists, ListError
from asset_map.store import repo
from asset_map.store.enums import Status, cost_words
from asset_map.store.models import Asset
from asset_map.widgets.asset_card import asset_renderable
from tests.conftest import FIXED_NOW, MINI_LUNCH_CLUB, TODAY, asset_in

NAMES = ["Café Zoë", "Łukasz's Repair Café", "Siobhán's Walking Group"]


@pytest.fixture
def lists(directory: Directory) -> Iterator[ConnectionLists]:
    opened = ConnectionLists.open(directory)
    yield opened
    opened.close()


def make_list(lists: ConnectionLists, directory: Directory, count: int) -> uuid.UUID:
    """A list of `count` connections to full entries, names and notes with accents."""
    made = lists.new_list(
        {
            "resident_ref": "Zoë Ł.",
            "home": "RM18 7",
            "what_matters": "Siobhán at the café said I should get out more.",
            "practitioner_contact": "01375 652000, sam@example.org",
        },
        practitioner="Łukasz K",
    )
    for n in range(count):
        asset = directory.add(
            asset_in(
                name=f"{NAMES[n % 3]} number {n + 1}",
                summary="A friendly group that meets every week in the hall.",
                address=f"{n + 1} High Street",
                postcode="RM18 7NR",
                latitude=51.463,
                longitude=0.362,
                phone="01375 000123",
                email=f"group{n}@example.org",
                website=f"example.org/group-{n}",
                schedule=[{"day": "wed", "start": "10:00", "end": "12:00"}],
                how_to_join="Just turn up.",
                getting_there="Bus 99 to Civic Square.",
                cost="low_cost",
                cost_note="£2 with tea",
                accessibility=["step_free", "hearing_loop"],
                verified_on="2026-10-01",
            ),
            user="Jo",
        )
        lists.add(made.id, asset.id, note=f"Zoë likes singing ({n + 1})")
    return made.id


def squashed(text: str) -> str:
    """Text with all white space removed: lines wrap anywhere on the page (and at ZWSP)."""
    return re.sub(rf"[\s{ZWSP}]+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def expected_values(item: PrintedConnection) -> list[str]:
    return [item.name, *(value for _, value in rows(item)), item.note]


@pytest.mark.parametrize("count", [0, 1, 20])
def test_every_field_of_every_connection_is_in_the_pdf(
    lists: ConnectionLists, directory: Directory, count: int
) -> None:
    document = lists.document(make_list(lists, directory, count))
    data = to_pdf(document)
    assert data.startswith(b"%PDF")
    text = squashed(pdf_text(data))
    for value in ["Connections for Zoë Ł.", document.made_on_words, document.what_matters]:
        assert squashed(value) in text
    assert squashed("Your contact is Łukasz K: 01375 652000, sam@example.org") in text
    for item in document.connections:
        for value in expected_values(item):
            assert squashed(value) in text, value
    if count == 0:
        assert "Noconnections" in text
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= (4 if count == 20 else 1)
    assert PdfReader(io.BytesIO(data)).pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_a_long_name_wraps_rather_than_being_cut(lists: ConnectionLists, directory: Directory) -> None:
    list_id = make_list(lists, directory, 0)
    long_name = "Thurrock " + "Very Long Community Garden and Allotment Friends " * 2 + "Group"
    asset = directory.add(asset_in(name=long_name[:120], website="example.org"), user="Jo")
    lists.add(list_id, asset.id)
    text = squashed(pdf_text(to_pdf(lists.document(list_id))))
    assert squashed(long_name[:120]) in text


def test_a_website_gets_a_qr_code(lists: ConnectionLists, directory: Directory) -> None:
    with_site = to_pdf(lists.document(make_list(lists, directory, 1)))
    list_id = make_list(lists, directory, 0)
    lists.add(list_id, MINI_LUNCH_CLUB)  # no website
    without = to_pdf(lists.document(list_id))
    drawn = [_squares(data) for data in (with_site, without)]
    assert drawn[0] > 100 > drawn[1]


def _squares(data: bytes) -> int:
    contents = PdfReader(io.BytesIO(data)).pages[0].get_contents()
    assert contents is not None  # a printed page draws something
    return contents.get_data().count(b" re")


def test_a_closed_asset_is_printed_with_a_warning(lists: ConnectionLists, directory: Directory) -> None:
    list_id = make_list(lists, directory, 0)
    lists.add(list_id, MINI_LUNCH_CLUB)
    asset = directory.get(MINI_LUNCH_CLUB)
    directory.update(
        asset.id, repo.asset_to_in(asset).model_copy(update={"status": Status.CLOSED}), user="Jo"
    )
    document = lists.document(list_id)
    for text in (pdf_text(to_pdf(document)), to_text(document), to_html(document)):
        assert "This has closed." in text


@pytest.mark.parametrize("render", [to_text, to_html])
def test_text_and_html_carry_every_field(
    lists: ConnectionLists, directory: Directory, render: Callable[[ListDocument], str]
) -> None:
    document = lists.document(make_list(lists, directory, 3))
    out = render(document)
    flat = squashed(out.replace("&#x27;", "'"))
    for item in document.connections:
        for value in expected_values(item):
            assert squashed(value) in flat, value


def test_html_shows_markup_and_tags_as_text(lists: ConnectionLists, directory: Directory) -> None:
    made = lists.new_list({"resident_ref": "<script>x</script>"}, practitioner="[bold]Sam[/]")
    asset = directory.add(asset_in(name="<b>Bold</b> [link=x]club[/]"), user="Jo")
    lists.add(made.id, asset.id, note="<img src=x onerror=alert(1)>")
    out = to_html(lists.document(made.id))
    assert "<script>" not in out and "<img src=x" not in out and "<b>Bold" not in out
    assert "&lt;script&gt;" in out and "[link=x]club[/]" in out
    assert "[bold]Sam[/]" in to_text(lists.document(made.id))


# ---------------------------------------------------------------- where it goes


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fails: bool = False) -> Path:
    """An `lp` that records its arguments (and optionally refuses), first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "lp.log"
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        # the file handed over (the last argument): its mode and its folder's, and its name
        f'for last; do :; done; stat -c "%a %n" "$last" "$(dirname "$last")" >> "{log}.modes"\n'
        + ('echo "lp: The printer or class does not exist." >&2; exit 1\n' if fails else "echo request id\n")
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PRINTER", "hub-office")
    return log


def test_a_configured_printer_gets_the_pdf(
    lists: ConnectionLists, directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_lp(tmp_path, monkeypatch)
    list_id = make_list(lists, directory, 1)
    done = print_list(lists, list_id, user="Sam K")
    assert done.printer == "hub-office" and done.path is None
    # the queue (and its job history, seen by everyone) gets the list's id, never the resident
    assert log.read_text().startswith(f"-d hub-office -t connections-{list_id.hex[:8]}-2026-11-23.pdf ")
    assert "Zoe" not in log.read_text() and "Zoë" not in log.read_text()
    if sys.platform.startswith("linux") and shutil.which("stat"):  # GNU stat -c
        handed, folder = log.with_name("lp.log.modes").read_text().splitlines()
        assert handed.startswith("600 ") and folder.startswith("700 ")  # a private temporary file
        assert Path(handed.split(" ", 1)[1]).name == "list.pdf"
        assert not Path(handed.split(" ", 1)[1]).exists()  # and removed once handed over
    assert len(lists.printed_copies(list_id)) == 1


def test_a_refusing_printer_is_reported_and_nothing_is_recorded(
    lists: ConnectionLists, directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_lp(tmp_path, monkeypatch, fails=True)
    list_id = make_list(lists, directory, 1)
    with pytest.raises(ListError, match="hub-office did not take the list: lp: The printer"):
        print_list(lists, list_id, user="Sam K")
    assert lists.printed_copies(list_id) == []


def test_without_a_printer_the_file_is_saved_and_named(
    lists: ConnectionLists, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    list_id = make_list(lists, directory, 1)
    done = print_list(lists, list_id, fmt="txt", user="Sam K")
    assert done.path == printouts_dir() / file_name(list_id, done.document, "txt")
    assert done.path is not None and "Zoë Ł." in done.path.read_text("utf-8")
    assert str(done) == f"The list for Zoë Ł. was saved to {done.path}."


def test_an_unwritable_file_is_a_clear_message(
    lists: ConnectionLists, directory: Directory, tmp_path: Path
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with pytest.raises(ListError, match="cannot save the list to"):
        print_list(lists, make_list(lists, directory, 1), output=blocked / "list.pdf", user="Sam K")


def test_a_link_is_written_through_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_file(b"new", link)
    assert link.is_symlink() and target.read_text() == "new"


def test_file_names_are_safe_and_never_name_the_resident() -> None:
    list_id = uuid.UUID("0f67873a-0000-4000-8000-000000000000")
    document = ListDocument("../../etc/Zoë Ł passwd", "2026-11-24", "Sam", "", "", "")
    assert file_name(list_id, document, "pdf") == "connections-0f67873a-2026-11-24.pdf"
    forged = ListDocument("AB", "../../x", "Sam", "", "", "")  # a frozen copy's date is not trusted
    assert file_name(list_id, forged, "txt") == "connections-0f67873a-undated.txt"


# ---------------------------------------------------------------- what a tester saw (issue 13)


def bare(**values: str) -> PrintedConnection:
    """A printed connection with only the values given (what no entry could hold, too)."""
    empty = dict.fromkeys((f.name for f in fields(PrintedConnection)), "")
    return PrintedConnection(**empty | {"asset_id": str(uuid.uuid4())} | values)


def page_texts(data: bytes) -> list[str]:
    return [squashed(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_four_connections_flow_onto_two_pages(lists: ConnectionLists, directory: Directory) -> None:
    document = lists.document(make_list(lists, directory, 4))
    pages = page_texts(to_pdf(document))
    assert 1 <= len(pages) <= 2
    for item in document.connections:
        holding = [n for n, text in enumerate(pages) if squashed(item.name) in text]
        assert len(holding) == 1, item.name
        assert squashed(item.note) in pages[holding[0]], f"{item.name} was split across pages"


def test_a_connection_longer_than_a_page_flows_on_under_its_name() -> None:
    long = {
        name: " ".join(f"{name} {n}: a long line about this connection." for n in range(9))
        for name in ("what", "times", "where", "getting_there", "how_to_join", "cost", "access", "note")
    }
    item = bare(name="Long One", **long)
    short = bare(name="Short One", phone="01375 000123")
    document = ListDocument("AB", "2026-11-23", "Sam", "", "", "", connections=[short, item])
    pages = page_texts(to_pdf(document))
    assert len(pages) >= 2
    assert "1.ShortOne" in pages[0] and "2.LongOne" in pages[0]  # starts where it is, not on a new page
    assert all(page.startswith("2.LongOne(continued)") for page in pages[1:])
    for value in long.values():  # every row whole, on one page or the next
        assert any(squashed(value) in page for page in pages), value


def test_a_connection_that_would_leave_much_of_a_page_blank_carries_on_overleaf() -> None:
    """Paper: a connection is moved to the next page only when less than a fifth of this one
    would be left blank; otherwise it starts here and carries on under its name."""
    names = ("what", "times", "where", "getting_there", "how_to_join", "cost", "access", "note")
    line = "a line or two about this connection, as the directory has it. "
    first = bare(name="First One", **dict.fromkeys(names, line))  # about a third of a page
    second = bare(name="Second One", **dict.fromkeys(names, line * 3))  # most of one
    document = ListDocument("AB", "2026-11-23", "Sam", "", "", "", connections=[first, second])
    pages = page_texts(to_pdf(document))
    assert len(pages) == 2
    assert "1.FirstOne" in pages[0] and "2.SecondOne" in pages[0]
    assert pages[1].startswith("2.SecondOne(continued)")


@pytest.mark.parametrize(
    "contact, expected",
    [
        ("Jo Tester, 01375 000 100", "Your contact is Jo Tester, 01375 000 100"),
        ("jo tester (Tilbury Hub) 01375 000 100", "Your contact is jo tester (Tilbury Hub) 01375 000 100"),
        ("01375 000 100", "Your contact is Jo Tester: 01375 000 100"),
        ("", "Your contact is Jo Tester"),
    ],
)
def test_the_contact_line_names_the_practitioner_once(contact: str, expected: str) -> None:
    document = ListDocument("AB", "2026-11-23", "Jo Tester", contact, "", "")
    assert footer(document) == expected
    role = ListDocument("AB", "2026-11-23", "Jo Tester, Local Area Coordinator", contact, "", "")
    assert footer(role).lower().count("jo tester") == 1


def test_the_contact_line_is_printed_at_body_size(lists: ConnectionLists, directory: Directory) -> None:
    document = lists.document(make_list(lists, directory, 1))
    sizes: dict[str, float] = {}

    def size_of(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        sizes.setdefault(text.strip(), size)

    for page in PdfReader(io.BytesIO(to_pdf(document))).pages:
        page.extract_text(visitor_text=size_of)
    contact = [size for text, size in sizes.items() if text.startswith("Your contact is")]
    assert sizes[document.connections[0].phone] == BODY_PT  # a value in the body of the list
    assert contact and min(contact) >= BODY_PT


def added(directory: Directory, **fields: object) -> Asset:
    """An entry in the directory, with a weekly session, lat/long in Tilbury and a phone."""
    base: dict[str, object] = {
        "latitude": 51.463,
        "longitude": 0.362,
        "phone": "01375 000123",
        "schedule": [{"day": "wed", "start": "10:00", "end": "12:00"}],
        "verified_on": "2026-10-01",
    }
    return directory.add(asset_in(**base | fields), user="Jo")


def all_formats(document: ListDocument) -> list[str]:
    return [
        squashed(pdf_text(to_pdf(document))),
        squashed(to_text(document)),
        squashed(to_html(document)),
    ]


@pytest.mark.parametrize("days_ago", [None, 30, 365, 366, 800])
def test_an_entry_not_checked_for_a_while_says_phone_before_you_go(
    lists: ConnectionLists, directory: Directory, days_ago: int | None
) -> None:
    verified = None if days_ago is None else (TODAY - timedelta(days=days_ago)).isoformat()
    asset = added(directory, verified_on=verified)
    item = printed_connection(asset, "", None, FIXED_NOW)
    stale = is_stale(asset.verified_on, TODAY)  # the one rule, wherever it draws the line
    assert bool(item.check_first) is stale
    assert ("phone before you go" in item.check_first.lower()) is stale
    made = lists.new_list({"resident_ref": "AB"}, practitioner="Sam")
    lists.add(made.id, asset.id)
    for text in all_formats(lists.document(made.id)):
        assert (squashed("Please phone before you go") in text) is stale


def test_without_a_phone_it_says_check_and_a_warning_box_is_not_repeated(directory: Directory) -> None:
    no_phone = printed_connection(added(directory, phone="", verified_on=None), "", None, FIXED_NOW)
    assert no_phone.check_first == "Please check before you go: these details have not been checked yet."
    paused = printed_connection(added(directory, status="paused", verified_on=None), "", None, FIXED_NOW)
    assert paused.notice and not paused.check_first


@pytest.mark.parametrize(
    "area, expected",
    [("Grays and Tilbury", "Comes to your home in Grays and Tilbury"), ("", "Comes to your home")],
)
def test_a_service_that_comes_to_the_home_gives_no_distance(
    lists: ConnectionLists, directory: Directory, area: str, expected: str
) -> None:
    made = lists.new_list({"resident_ref": "AB", "home": "RM16 4"}, practitioner="Sam")
    asset = added(
        directory,
        kind="micro_enterprise",
        name="Far Away Foot Care",
        address="Unit 4, Purfleet Industrial Park",
        locality="Purfleet-on-Thames",
        latitude=51.481,
        longitude=0.237,
        comes_to_home=True,
        area_served=area,
        accessibility=["parking"],
    )
    lists.add(made.id, asset.id)
    document = lists.document(made.id)
    item = document.connections[0]
    assert item.where == expected and item.distance == "" and item.getting_there == ""
    for text in all_formats(document):
        assert "miles" not in text and "km)" not in text
        assert squashed(expected) in text


def test_html_links_websites_and_emails_and_escapes_them(
    lists: ConnectionLists, directory: Directory
) -> None:
    document = lists.document(make_list(lists, directory, 1))
    out = to_html(document)
    assert '<a href="https://example.org/group-0">https://example.org/group-0</a>' in out
    assert '<a href="mailto:group0@example.org">group0@example.org</a>' in out


def test_html_never_links_anything_but_a_web_address_or_an_email() -> None:
    hostile = [
        bare(name='"><b>x</b>', website="javascript:alert(1)", email="not an email"),
        bare(name="B", website='https://x.org/"onmouseover="alert(1)', email="a@b"),
        bare(name="C", website="ftp://files.example.org", email="x?cc=y@example.org"),
    ]
    document = ListDocument("AB", "2026-11-23", "Sam", "", "", "", hostile)
    out = to_html(document)
    assert out.count("<a ") == 1  # only the last email, with its "?" made harmless
    assert '<a href="mailto:x%3Fcc%3Dy@example.org">x?cc=y@example.org</a>' in out
    assert "<dd>javascript:alert(1)</dd>" in out and "<dd>ftp://files.example.org</dd>" in out
    assert '"onmouseover' not in out and "&quot;onmouseover=&quot;" in out
    assert "<b>x</b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out
    assert "<img" not in out  # no QR code for something that is not a web address


@pytest.mark.parametrize(
    "change, runs",
    [
        ({}, True),
        ({"status": Status.PAUSED}, False),
        ({"status": Status.CLOSED}, False),
        ({"flagged_at": FIXED_NOW}, False),
        ({"archived_at": FIXED_NOW}, False),
    ],
)
def test_only_an_entry_running_as_usual_has_a_next_on_time(
    directory: Directory, change: dict[str, object], runs: bool
) -> None:
    asset = added(directory)
    for name, value in change.items():
        setattr(asset, name, value)
    item = printed_connection(asset, "", None, FIXED_NOW)
    assert bool(item.next_on) is runs
    assert item.times  # the usual times are still there, under the warning


@pytest.mark.parametrize("note", ["free", "Free.", "FREE", " free! ", "Free"])
def test_a_cost_note_that_repeats_the_label_is_not_printed_twice(directory: Directory, note: str) -> None:
    assert cost_words("free", note) == "Free"
    asset = added(directory, cost="free", cost_note=note)
    assert printed_connection(asset, "", None, FIXED_NOW).cost == "Free"
    shown = format_asset(asset, directory)
    assert re.search(r"^Cost:?\s+Free$", shown, re.MULTILINE), shown
    card = Console(width=100, record=True, file=io.StringIO())
    card.print(asset_renderable(asset, today=TODAY))
    text = card.export_text()
    assert "Free" in text and "Free — " not in text


def test_a_cost_note_that_says_more_is_kept() -> None:
    assert cost_words("free", "Free; donations welcome") == "Free — donations welcome"
    assert cost_words("free", "Free trial session") == "Free — Free trial session"
    assert cost_words("free", "Free-ish") == "Free — Free-ish"
    assert cost_words("low_cost", "£2 with tea") == "Low cost — £2 with tea"
    assert cost_words("low_cost", "") == "Low cost"


def test_a_copy_printed_before_costs_were_reworded_shows_no_change() -> None:
    before = ListDocument(
        "AB", "2026-11-01", "Sam", "", "", "", [bare(asset_id="1", name="A", cost="Low cost: £2")]
    )
    same = ListDocument(
        "AB", "2026-11-23", "Sam", "", "", "", [bare(asset_id="1", name="A", cost="Low cost — £2")]
    )
    dearer = ListDocument(
        "AB", "2026-11-23", "Sam", "", "", "", [bare(asset_id="1", name="A", cost="Low cost — £3")]
    )
    assert changes(before, same) == []
    assert changes(before, dearer) == ["A: cost was “Low cost: £2”, now “Low cost — £3”"]


def test_a_long_email_or_web_address_wraps_at_a_dot_or_slash_not_inside_a_word() -> None:
    email = "bookings@mobilehairdressingbyjolanta.example.org"
    website = "https://mobilehairdressingbyjolanta.example.org/book"
    document = ListDocument(
        "AB", "2026-11-23", "Sam", "", "", "", [bare(name="A", email=email, website=website)]
    )
    text = pdf_text(to_pdf(document)).replace(ZWSP, "")
    for value in (email, website):
        found = re.search("\n?".join(map(re.escape, value)), text)
        assert found is not None and "\n" in found.group(0), value  # beside the QR code, it wraps
        printed = found.group(0)
        breaks = [n for n, ch in enumerate(printed) if ch == "\n"]
        assert all(printed[n + 1] == "." or printed[n - 1] in "@/" for n in breaks), printed
