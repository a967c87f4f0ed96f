"""Import an Open Referral feed into the directory: one transaction, every record accounted for.

Each record is added, updated (only the fields the feed speaks for), left unchanged, merged
into an earlier record (the same service in another file of a folder) or skipped with its
reasons; a place the gazetteer does not know is kept, with a warning. Source ids are kept
(AssetSource), so importing the same feed again updates instead of duplicating; records
imported before and now gone are reported, never deleted. "Last verified" moves only when
the feed's assured_date is newer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from asset_map.checks import verification_moves_forward
from asset_map.directory.documents import service_term_names
from asset_map.directory.place_files import learn_places_of
from asset_map.directory.vocabulary import reference_checker
from asset_map.interop.errors import RecordError
from asset_map.interop.hsds.feeds import read_feed
from asset_map.interop.hsds.from_hsds import Context, Mapped, map_service
from asset_map.interop.hsds.mapping import org_key
from asset_map.interop.hsds.report import HsdsImportReport, MissingRecord
from asset_map.interop.hsds.taxonomy import stable_id
from asset_map.interop.hsds.terms import NeedWords
from asset_map.interop.hsds.text import as_text, tidy
from asset_map.interop.hsds.where import MappingProblem
from asset_map.startup import collector_paused
from asset_map.store import repo, sources
from asset_map.store.models import Asset, AssetIn, utcnow
from asset_map.store.sources import AssetSource
from asset_map.validation import PERSON_NAME_LENGTH, max_length, shortened

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory

Progress = Callable[[int, int], None]


def default_feed_name(path: Path) -> str:
    """A feed's name when none is given: its file name without extension, or its folder's."""
    base = path.parent if path.suffix.lower() == ".csv" else path
    return (base.stem if base.is_file() else base.name)[: max_length(AssetSource, "feed")] or "feed"


def _needs_after_update(current: AssetIn, feed: dict[str, Any]) -> dict[str, list[str]]:
    """Needs are local knowledge too: a feed adds the needs it gives, never takes one away,
    and never brings back a guess a person removed. Its guesses from words count only for an
    entry that has no needs at all (none given, none kept)."""
    guesses = list(feed.get("inferred_needs") or [])
    given = [n for n in feed.get("needs") or [] if n not in guesses]
    if current.needs or given:
        return {
            "needs": list(dict.fromkeys([*current.needs, *given])),
            "inferred_needs": current.inferred_needs,
        }
    return {"needs": guesses, "inferred_needs": guesses}


def _label(service: dict[str, Any]) -> str:
    name = as_text(service.get("name")).strip()
    return repr(name[:60]) if name else ""


def _split(index: int, text: str, label: str) -> RecordError:
    fieldname, _, message = text.partition(": ")
    return RecordError(index, fieldname if message else "", message or text, label)


def _model_errors(index: int, label: str, exc: ValidationError) -> list[RecordError]:
    return [
        RecordError(
            index,
            ".".join(str(p) for p in e["loc"]) or "record",
            e["msg"].removeprefix("Value error, "),
            label,
        )
        for e in exc.errors()
    ]


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


class _Run:
    """One import: the session, the directory and the report being filled.

    Links and the ids already present are read once; new entries are written together at
    the end with multi-row INSERTs, so a feed of thousands imports in seconds.
    """

    def __init__(self, directory: Directory, session: Session, report: HsdsImportReport, user: str) -> None:
        self.directory, self.session, self.report, self.user = directory, session, report, user
        self.links = {link.source_id: link for link in sources.links_for_feed(session, feed=report.feed)}
        self.present: dict[uuid.UUID, Asset] = {}
        self.fresh: list[AssetIn] = []
        self.fresh_links: list[dict[str, Any]] = []
        self.claimed: dict[uuid.UUID, int] = {}
        self.ids: dict[str, uuid.UUID] = {}  # source id -> the id of its new entry (new_id)
        self.touched: list[uuid.UUID] = []
        self.now = utcnow()
        # the directory's own check, made once for the whole feed (the forms and `add` share it)
        self.check_references = reference_checker(directory.gazetteer, set(directory.needs))

    def candidates(self, source_id: str) -> list[uuid.UUID]:
        """Which entry a record may already be: its link, its own UUID, the id derived from it."""
        link = self.links.get(source_id)
        return [link.asset_id, self.new_id(source_id)] if link else [self.new_id(source_id)]

    def look_up(self, source_ids: list[str]) -> None:
        wanted = [c for s in source_ids for c in self.candidates(s)]
        if not self.links and repo.count_assets(self.session) == 0:
            return  # a first import into an empty directory: nothing to look for, asked at once
        self.present = sources.load_assets(self.session, ids=wanted)

    def existing(self, source_id: str) -> Asset | None:
        asset = next((self.present[c] for c in self.candidates(source_id) if c in self.present), None)
        for _ in range(5):  # a merged duplicate: the entry it was merged into
            if asset is None or asset.merged_into is None:
                break
            asset = (
                self.present.get(asset.merged_into)
                or repo.get_asset(self.session, asset.merged_into)
                or asset
            )
        return asset

    def new_id(self, source_id: str) -> uuid.UUID:
        """The source's own id when it is a UUID (ids survive a round trip), else one derived from it."""
        found = self.ids.get(source_id)
        if found is None:
            found = _as_uuid(source_id) or uuid.UUID(stable_id("feed", self.report.feed, source_id))
            self.ids[source_id] = found
        return found

    def verified(self, mapped: Mapped) -> dict[str, Any]:
        if mapped.own:
            by, how = mapped.values.get("verified_by") or "", mapped.values.get("verified_how")
        else:
            by, how = (
                (shortened(f"feed: {self.report.feed}", PERSON_NAME_LENGTH) if mapped.assured else ""),
                None,
            )
        return {"verified_on": mapped.assured, "verified_by": by, "verified_how": how}

    def validated(self, index: int, label: str, mapped: Mapped, current: AssetIn | None) -> AssetIn | None:
        try:
            if current is None:
                fresh = mapped.values | self.verified(mapped) | {"id": self.new_id(mapped.source_id)}
                asset_in = AssetIn.model_validate(fresh)
            else:
                merged = current.model_dump()
                merged.update({k: v for k, v in mapped.values.items() if k in mapped.provided})
                if not mapped.own:
                    merged |= _needs_after_update(current, mapped.values)
                asset_in = AssetIn.model_validate(merged)
        except ValidationError as exc:
            self.report.skipped += _model_errors(index, label, exc)
            return None
        checked = asset_in
        if asset_in.locality and self.directory.gazetteer.canonical_locality(asset_in.locality) is None:
            checked = asset_in.model_copy(update={"locality": ""})  # a place we do not know is kept
            if not any(w.startswith("locality:") for w in mapped.warnings):
                message = f"{asset_in.locality!r} is not a place the gazetteer knows; kept as written"
                self.report.warnings.append(RecordError(index, "locality", message, label))
        problems = self.check_references(checked)
        self.report.skipped += [RecordError(index, f, m, label) for f, m in problems]
        return None if problems else asset_in

    def store(self, index: int, label: str, mapped: Mapped) -> None:
        existing = self.existing(mapped.source_id)
        current = repo.asset_to_in(existing) if existing is not None else None
        asset_in = self.validated(index, label, mapped, current)
        if asset_in is None:
            return
        target = existing.id if existing is not None else self.new_id(mapped.source_id)
        if target in self.claimed:
            message = f"the same entry as record {self.claimed[target]}; left out"
            self.report.skipped.append(RecordError(index, "id", message, label))
            return
        self.claimed[target] = index
        if existing is not None and existing.archived_at is not None:
            message = "the entry is archived here: it is updated and stays archived"
            self.report.warnings.append(RecordError(index, "", message, label))
        if existing is None:
            self.fresh.append(asset_in)
            self.report.added += 1
        else:
            newer = verification_moves_forward(existing.verified_on, mapped.assured)
            if current is not None and repo.same_content(current, asset_in) and not newer:
                self.report.unchanged += 1
            else:
                repo.update_asset(
                    self.session,
                    asset=existing,
                    asset_in=asset_in,
                    user=self.user,
                    also=self.verified(mapped) if newer else None,
                    action="imported",
                )
                self.report.updated += 1
        self.touched.append(target)
        self.link(target, mapped)

    def link(self, asset_id: uuid.UUID, mapped: Mapped) -> None:
        link = self.links.get(mapped.source_id)
        if link is None:
            self.fresh_links.append(
                {
                    "asset_id": asset_id,
                    "feed": self.report.feed,
                    "source_id": mapped.source_id,
                    "terms": mapped.kept_terms,
                    "first_seen_at": self.now,
                    "last_seen_at": self.now,
                }
            )
            return
        link.asset_id, link.terms, link.last_seen_at = asset_id, mapped.kept_terms, self.now
        self.session.add(link)

    def finish(self, seen: set[str] | None) -> None:
        """Write the new entries and links; list the linked records the feed no longer has."""
        repo.create_assets(self.session, assets_in=self.fresh, user=self.user)
        sources.add_links(self.session, rows=self.fresh_links)
        if seen is None:
            return
        for source_id, link in sorted(self.links.items()):
            if source_id not in seen:
                asset = self.session.get(Asset, link.asset_id)
                name = asset.name if asset else "(entry no longer in the directory)"
                self.report.missing_from_feed.append(MissingRecord(link.asset_id, source_id, name))


def import_hsds(
    directory: Directory,
    path: Path,
    *,
    user: str,
    feed: str | None = None,
    progress: Progress | None = None,
) -> HsdsImportReport:
    """Import an HSDS 3.0/3.1, ORUK 3.0 or ORUK 1.0 feed (file or folder), all or nothing.

    The cyclic collector is paused meanwhile: a feed's records are hundreds of thousands of
    objects that live until the end, and it scanned them again and again (a fifth of the time
    on Miami's 4,089 records); reference counting still frees what is let go."""
    with collector_paused():
        return _import(directory, path, user=user, feed=feed, progress=progress)


def _import(
    directory: Directory, path: Path, *, user: str, feed: str | None, progress: Progress | None
) -> HsdsImportReport:
    data = read_feed(path)
    report = HsdsImportReport(
        feed=(feed or default_feed_name(path))[: max_length(AssetSource, "feed")],
        shapes=sorted(data.shapes),
        records=len(data.services),
    )
    report.warnings += [RecordError(None, "", note) for note in data.notes]
    if not data.complete:
        report.warnings.append(
            RecordError(None, "", "only some pages of a paginated feed: none is reported as missing")
        )
    sources.ensure_table(directory.engine)
    directory.backup_before("import")
    total = len(data.services)
    if progress:
        progress(0, total)
    with directory.writing() as session:  # the one way in, as every import
        names = session.exec(select(Asset.organisation).distinct().where(col(Asset.organisation) != "")).all()
        ctx = Context(
            gazetteer=directory.gazetteer,
            need_words=NeedWords(directory.needs.values()),
            feed=report.feed,
            today=directory.today(),
            org_names={org_key(n): n for n in sorted(names)},
        )
        run = _Run(directory, session, report, user)
        seen = {tidy(as_text(service.get("id"))) for service in data.services}
        run.look_up(sorted(seen - {""}))
        for index, service in enumerate(data.services, start=1):
            label = _label(service)
            report.warnings += [_split(index, w, label) for w in data.record_notes.get(index - 1, [])]
            if index - 1 in data.problems:
                fieldname, message = data.problems[index - 1]
                report.skipped.append(RecordError(index, fieldname, message, label))
            elif index - 1 in data.merged:
                earlier = data.merged[index - 1]
                message = (
                    f"the same service as record {earlier + 1} ({data.origins[earlier]}); merged into it"
                )
                report.warnings.append(RecordError(index, "id", message, label))
                report.merged += 1
            else:
                try:
                    mapped = map_service(service, ctx)
                except MappingProblem as problem:
                    report.skipped.append(RecordError(index, problem.field, problem.message, label))
                    report.warnings += [_split(index, w, label) for w in problem.warnings]
                else:
                    report.warnings += [_split(index, w, label) for w in mapped.warnings]
                    run.store(index, label, mapped)
            if progress:
                progress(index, total)
        run.finish(seen if data.complete else None)
    # New entries are indexed as written, not read back (in id order, as a rebuild reads them,
    # so that entries of the same name rank alike either way); the others as now stored.
    fresh = sorted(run.fresh, key=lambda asset_in: str(asset_in.id))
    written = {asset_in.id for asset_in in fresh}
    # their feed's terms as written beside them (a new entry's one link is this import's)
    terms = {link["asset_id"]: service_term_names(link["terms"]) for link in run.fresh_links}
    directory.reindex_many(
        [t for t in dict.fromkeys(run.touched) if t not in written],
        fresh,
        {asset_id: names for asset_id, names in terms.items() if asset_id in written},
    )
    learn_places_of(directory, run.touched)  # places learned from the feed (directory/place_files.py)
    return report
