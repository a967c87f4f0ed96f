"""Printed connection lists: every field of every connection is on the page, in every format."""

from __future__ import annotations

import io
import os
import re
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from asset_map.directory import Directory
from asset_map.lists.document import ListDocument, PrintedConnection
from asset_map.lists.pdf import to_pdf
from asset_map.lists.printing import file_name, print_list, printouts_dir, write_file
from asset_map.lists.render import rows, to_html, to_text
from asset_map.lists.service import ConnectionLists, ListError
from asset_map.store import repo
from asset_map.store.models import Status
from tests.conftest import MINI_LUNCH_CLUB, asset_in

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
    """Text with all white space removed: lines wrap anywhere on the page."""
    return re.sub(r"\s+", "", text)


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
    page = PdfReader(io.BytesIO(data)).pages[0]
    return page.get_contents().get_data().count(b" re")


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
    lists: ConnectionLists, directory: Directory, render: object
) -> None:
    document = lists.document(make_list(lists, directory, 3))
    out = render(document)  # type: ignore[operator]
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
    assert log.read_text().startswith("-d hub-office -t connections-Zoe-2026-11-23.pdf ")
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
    assert done.path == printouts_dir() / file_name(done.document, "txt")
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


def test_file_names_are_safe_whatever_the_reference() -> None:
    document = ListDocument("../../etc/Zoë Ł passwd", "2026-11-24", "Sam", "", "", "")
    assert file_name(document, "pdf") == "connections-etc-Zoe-passwd-2026-11-24.pdf"
