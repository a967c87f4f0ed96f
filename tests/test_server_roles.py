"""A team's server: `asset-map server init` and `add-user`, and who may do what, enforced by
PostgreSQL itself (raw SQL included), with the history's "who" the database's login."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text

from asset_map.store.db import make_engine
from tests.conftest import MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, CliRun
from tests.postgres import fresh_database
from tests.test_judged_feeds import feeds_or_skip

LUNCH, CAFE = MINI_LUNCH_CLUB[:8], MINI_DEMENTIA_CAFE[:8]


def as_login(url: str, login: str) -> str:
    """The same database, signed in as another login (the throwaway server trusts its socket)."""
    return url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://{login}@")


@pytest.fixture
def team(postgres_server: str, tmp_path: Path, cli: CliRun) -> Iterator[dict[str, str]]:
    """A server set up by its owner, the mini directory copied in, a coordinator (cora), an
    editor (ed) and a reader (rita), each login's URL by those names. Logins are the whole
    server's (PostgreSQL's roles are not a database's), so each test's carry a suffix."""
    owner = fresh_database(postgres_server)
    tag = uuid.uuid4().hex[:6]
    mini = tmp_path / "mini.db"
    assert cli("search", "x", "--db", str(mini))[0] == 0  # a file with the mini directory
    code, out, err = cli("server", "init", owner, "--coordinator", f"cora_{tag}")
    assert code == 0, err
    assert f"password for cora_{tag}" in out
    assert cli("copy", str(mini), owner)[0] == 0
    urls = {"owner": owner, "cora": as_login(owner, f"cora_{tag}"), "tag": tag}
    for login, role in (("ed", "editor"), ("rita", "reader")):
        code, out, err = cli("server", "add-user", f"{login}_{tag}", "--role", role, "--db", urls["cora"])
        assert code == 0, err
        urls[login] = as_login(owner, f"{login}_{tag}")
    yield urls


def test_a_reader_searches_but_changes_nothing_even_with_raw_sql(team: dict[str, str], cli: CliRun) -> None:
    code, out, _ = cli("search", "lunch club", "--db", team["rita"])
    assert code == 0 and "Tilbury Lunch Club" in out
    code, _, err = cli("edit", LUNCH, "--set", "phone=01375 999999", "--db", team["rita"])
    assert code == 1 and "the server does not let your login do this, so nothing was saved" in err
    engine = make_engine(team["rita"])
    try:
        for sql in (
            "UPDATE asset SET phone = '0'",
            "DELETE FROM asset_change",
            f"INSERT INTO asset_need (asset_id, need_id) VALUES ('{MINI_LUNCH_CLUB}', 'pets')",
        ):
            with (
                pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"),
                engine.begin() as conn,
            ):
                conn.execute(text(sql))
    finally:
        engine.dispose()


def test_an_editor_edits_under_their_own_login_but_cannot_archive_merge_or_import(
    team: dict[str, str], cli: CliRun, tmp_path: Path
) -> None:
    code, out, err = cli(
        "edit", LUNCH, "--set", "phone=01375 999999", "--user", "Typed Name", "--db", team["ed"]
    )
    assert code == 0, err
    history = json.loads(cli("history", LUNCH, "--json", "--db", team["ed"])[1])
    assert history[0]["by"] == f"ed_{team['tag']}"  # the database's login, not the typed name
    new = tmp_path / "new.json"
    new.write_text('{"kind": "group", "name": "Orsett Quoits Club", "locality": "Orsett"}', "utf-8")
    code, out, err = cli("add", "--from-json", str(new), "--db", team["ed"])
    assert code == 0 and "Orsett Quoits Club" in out, err  # editors add entries
    added = json.loads(cli("search", "quoits", "--json", "--db", team["ed"])[1])[0]["id"][:8]
    assert cli("edit", added, "--set", "phone=01375 222333", "--db", team["ed"])[0] == 0
    assert cli("archive", LUNCH, "--db", team["ed"])[0] == 1
    feed = feeds_or_skip() / "northlincs-oruk1" / "services.json"
    code, _, err = cli("import", str(feed), "--db", team["ed"])
    assert code == 1 and "does not let your login" in err
    code, out, _ = cli("search", "Baysgarth", "--db", team["ed"])
    assert "NL Active" not in out  # nothing of the refused import came in


def test_a_coordinator_archives_imports_and_adds_people(team: dict[str, str], cli: CliRun) -> None:
    assert cli("archive", CAFE, "--db", team["cora"])[0] == 0
    assert cli("archive", CAFE, "--undo", "--db", team["cora"])[0] == 0
    feed = feeds_or_skip() / "northlincs-oruk1" / "services.json"
    code, out, err = cli("import", str(feed), "--db", team["cora"])
    assert code == 0 and "738 added" in out, err
    history = json.loads(cli("history", CAFE, "--json", "--db", team["cora"])[1])
    assert [c["by"] for c in history[:2]] == [f"cora_{team['tag']}"] * 2
    code, _, err = cli("server", "add-user", "Ann Smith", "--role", "editor", "--db", team["cora"])
    assert code == 1 and "cannot be a login name" in err
    code, _, err = cli("server", "add-user", f"ed_{team['tag']}", "--role", "editor", "--db", team["cora"])
    assert code == 1 and "already has a login" in err


def test_setting_up_again_grants_again_and_keeps_the_coordinator(team: dict[str, str], cli: CliRun) -> None:
    code, out, err = cli("server", "init", team["owner"], "--coordinator", f"cora_{team['tag']}")
    assert code == 0, err
    assert "already had a login: its password is unchanged" in out
    assert cli("edit", LUNCH, "--set", "phone=01375 777777", "--db", team["ed"])[0] == 0


@pytest.fixture
def lists_team(
    postgres_server: str, tmp_path: Path, cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """A server keeping its people's lists (`--lists-on-server`), with two social workers, sam and
    tess, each an editor, and a team (north) that only tess is in."""
    owner = fresh_database(postgres_server)
    tag = uuid.uuid4().hex[:6]
    mini = tmp_path / "mini.db"
    assert cli("search", "x", "--db", str(mini))[0] == 0
    assert cli("copy", str(mini), owner)[0] == 0
    code, _, err = cli("server", "init", owner, "--coordinator", f"cora_{tag}", "--lists-on-server")
    assert code == 0, err
    urls = {"owner": owner, "tag": tag, "cora": as_login(owner, f"cora_{tag}")}
    for login in ("sam", "tess"):
        assert cli("server", "add-user", f"{login}_{tag}", "--role", "editor", "--db", urls["cora"])[0] == 0
        urls[login] = as_login(owner, f"{login}_{tag}")
    assert cli("server", "add-team", f"north_{tag}", f"tess_{tag}", "--db", urls["cora"])[0] == 0
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "nowhere"))  # nothing falls back to a file
    return urls


def new_list(cli: CliRun, url: str, resident: str) -> str:
    code, out, err = cli("list", "new", "--resident", resident, "--home", "RM18 7", "--db", url)
    assert code == 0, err
    list_id = out.split()[2]  # "new list 1a2b3c4d for SK 1"
    assert cli("list", "add", list_id, LUNCH, "--db", url)[0] == 0, out
    return list_id


def test_residents_lists_on_the_server_are_their_makers_alone_even_with_raw_sql(
    lists_team: dict[str, str], cli: CliRun, tmp_path: Path
) -> None:
    """sam's list: tess sees nothing of it through the app or with raw SQL, cannot change or
    delete it, and it is on the server (no lists file was made on this computer)."""
    new_list(cli, lists_team["sam"], "SK 1")
    (mine,) = json.loads(cli("list", "show", "--json", "--db", lists_team["sam"])[1])
    assert mine["resident_ref"] == "SK 1" and mine["practitioner"] == f"sam_{lists_team['tag']}"
    assert json.loads(cli("list", "show", "--json", "--db", lists_team["tess"])[1]) == []
    engine = make_engine(lists_team["tess"])
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM connection_list")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM connection")).scalar_one() == 0
            assert conn.execute(text("UPDATE connection_list SET resident_ref = 'x'")).rowcount == 0
            assert conn.execute(text("DELETE FROM connection")).rowcount == 0
            with pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"):
                conn.execute(
                    text(
                        "INSERT INTO connection (list_id, position, asset_id, asset_name, note, added_at) "
                        "SELECT id, 9, id, 'x', '', now() FROM (SELECT gen_random_uuid() AS id) AS made"
                    )
                )
    finally:
        engine.dispose()
    owner = make_engine(lists_team["owner"])
    try:
        with owner.connect() as conn:  # the owner (a superuser here) sees that it is there
            assert conn.execute(text("SELECT count(*) FROM connection_list")).scalar_one() == 1
    finally:
        owner.dispose()
    assert not list((tmp_path / "nowhere").rglob("*.lists.db"))


def test_a_list_shared_with_a_team_is_seen_by_its_members_only(
    lists_team: dict[str, str], cli: CliRun
) -> None:
    list_id = new_list(cli, lists_team["sam"], "SK 2")
    code, out, err = cli("list", "share", list_id, f"north_{lists_team['tag']}", "--db", lists_team["sam"])
    assert code == 0, err
    seen = json.loads(cli("list", "show", "--json", "--db", lists_team["tess"])[1])
    assert [s["resident_ref"] for s in seen] == ["SK 2"]  # tess is in north
    code, out, _ = cli("list", "show", list_id, "--db", lists_team["tess"])
    assert code == 0 and "Tilbury Lunch Club" in out
    assert json.loads(cli("list", "show", "--json", "--db", lists_team["cora"])[1]) == []  # not in north
    assert cli("list", "share", list_id, "--db", lists_team["sam"])[0] == 0  # sam's alone again
    assert json.loads(cli("list", "show", "--json", "--db", lists_team["tess"])[1]) == []


def test_a_server_from_an_earlier_release_is_upgraded_by_its_owner(team: dict[str, str], cli: CliRun) -> None:
    """As the release before Alembic left a schema-4 server: no alembic_version, no delivery
    columns. A reader's app may not change the tables and says who can; the owner's server
    init upgrades it (PostgreSQL's ALTER TABLE, in one transaction), then everyone opens it."""
    engine = make_engine(team["owner"])
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
            for column in ("delivery", "inferred_needs", "feed_extra"):
                conn.execute(text(f"ALTER TABLE asset DROP COLUMN {column}"))
            conn.execute(text("UPDATE schema_meta SET value = '4' WHERE key = 'schema_version'"))
    finally:
        engine.dispose()
    for login in ("rita", "ed", "cora"):
        code, _, err = cli("search", "lunch club", "--db", team[login])
        assert code == 1 and "the server's owner upgrades it once with asset-map server init" in err
    code, _, err = cli("server", "init", team["owner"], "--coordinator", f"cora_{team['tag']}")
    assert code == 0, err
    code, out, err = cli("search", "lunch club", "--db", team["rita"])
    assert code == 0 and "Tilbury Lunch Club" in out, err
    assert cli("edit", LUNCH, "--set", "phone=01375 666666", "--db", team["ed"])[0] == 0
    engine = make_engine(team["owner"])
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "schema_5"
            delivery = conn.execute(text("SELECT DISTINCT delivery::text FROM asset")).scalars().all()
            version = conn.execute(
                text("SELECT value FROM schema_meta WHERE key = 'schema_version'")
            ).scalar()
    finally:
        engine.dispose()
    assert version == "5" and set(delivery) <= {'["in_person"]', '["home"]'}


def test_on_a_server_fruitless_searches_count_for_all_and_a_list_only_for_its_maker(
    lists_team: dict[str, str], cli: CliRun
) -> None:
    """The gaps matrix's "asked for": sam's search that found nothing is a count everyone's
    matrix shows (no words, no login kept); what sam's list tried and did not work out counts
    in sam's matrix alone (the lists' row-level security)."""
    sam, tess = lists_team["sam"], lists_team["tess"]
    code, _out, err = cli("search", "llama lonely", "--near", "Bulphan", "--radius-km", "0.5", "--db", sam)
    assert code == 0 and err == "", err
    list_id = new_list(cli, sam, "SK 3")  # at home in RM18 7 (Tilbury), the lunch club tried
    assert cli("list", "outcome", list_id, "1", "not_suitable", "--db", sam)[0] == 0

    def asked(url: str, place: str) -> dict[str, int]:
        code, out, err = cli("gaps", "--json", "--db", url)
        assert code == 0, err
        return dict(next(r for r in json.loads(out)["rows"] if r["place"] == place)["asked"])

    assert asked(sam, "Bulphan") == asked(tess, "Bulphan") == {"company": 1}
    assert asked(sam, "Tilbury") and not asked(tess, "Tilbury")
    engine = make_engine(lists_team["owner"])
    try:
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT * FROM unmet_search")).all()
    finally:
        engine.dispose()
    assert len(kept) == 1 and "llama" not in repr(kept) and "sam" not in repr(kept)
