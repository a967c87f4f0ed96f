"""Every change to the directory: add, edit, verify, flag, archive, merge, import (`Writer`).

Each runs in one transaction (all or nothing), records who made it, moves the directory's
generation on (so a saved search index is known to be out of date) and then brings the
in-memory search index up to date with the assets it touched.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import event

from asset_map.checks import verification_moves_forward
from asset_map.directory.vocabulary import reference_checker, with_own_locality
from asset_map.errors import DirectoryError, EditConflict
from asset_map.store import decisions, history, repo
from asset_map.store.backup import automatic_backup
from asset_map.store.db import sqlite_path, transaction
from asset_map.store.enums import VerifiedHow
from asset_map.store.history import AssetChange
from asset_map.store.integrity import check_sound, remember_sound
from asset_map.store.models import Asset, AssetIn, utcnow
from asset_map.validation import clean_text, max_length

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from asset_map.directory.finder import Finder
    from asset_map.directory.live_index import LiveIndex


class Writer:
    """Every change to the directory, and the one way into it for an importer (`writing`):
    in one transaction, into a file found sound, moving the directory's generation on, and
    then bringing the search index up to date with what it touched."""

    def __init__(self, engine: Engine, finder: Finder, live: LiveIndex) -> None:
        self.engine, self.finder, self.live = engine, finder, live
        self.wrote = False  # this process wrote: the file, as it closes, is as sound as it was

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction to write in: the file is sound first (damage never spreads into an
        import or an edit), the generation moves on, and the file is known sound after it."""
        file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        with transaction(self.engine) as session:
            if file is not None:
                check_sound(file, doing="the change")
                event.listen(session, "after_commit", lambda _: remember_sound(file), once=True)
                self.wrote = True
            self.live.written(session)
            yield session

    def ensure_sound(self, doing: str) -> None:
        """DatabaseDamaged unless the file is sound (before an export: damage is not copied)."""
        file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        if file is not None:
            check_sound(file, doing=doing)

    def today(self) -> date:
        return self.finder.today()

    # ------------------------------------------------------------ writing
    def check_references(self, asset: AssetIn) -> list[tuple[str, str]]:
        return reference_checker(self.finder.gazetteer, set(self.finder.needs))(asset)

    def _canonical(self, asset_in: AssetIn) -> AssetIn:
        """Check locality and needs, then store the locality under its own name."""
        problems = self.check_references(asset_in)
        if problems:
            raise DirectoryError("; ".join(f"{f}: {m}" for f, m in problems))
        return with_own_locality(asset_in, self.finder.gazetteer)

    def add(self, asset_in: AssetIn, *, user: str) -> Asset:
        asset_in = self._canonical(asset_in)
        with self.writing() as session:
            if asset_in.id is not None and repo.get_asset(session, asset_in.id) is not None:
                raise DirectoryError(f"an asset with id {asset_in.id} already exists")
            asset = repo.create_asset(session, asset_in=asset_in, user=user)
            session.flush()
            asset = repo.get_asset(session, asset.id) or asset
        self.live.reindex(asset)
        return asset

    def update(
        self, asset_id: uuid.UUID, asset_in: AssetIn, *, user: str, expected_version: int | None = None
    ) -> Asset:
        asset_in = self._canonical(asset_in)
        with self.writing() as session:
            asset = _existing(session, asset_id)
            try:
                repo.update_asset(
                    session, asset=asset, asset_in=asset_in, user=user, expected_version=expected_version
                )
            except repo.ConflictError as exc:
                raise EditConflict(str(exc)) from exc
        self.live.reindex(asset)
        return asset

    def verify(self, asset_id: uuid.UUID, *, user: str, how: VerifiedHow) -> Asset:
        with self.writing() as session:
            asset = _existing(session, asset_id)
            repo.mark_verified(session, asset=asset, user=user, how=how, on=self.today())
        self.live.reindex(asset)
        return asset

    def flag(self, asset_id: uuid.UUID, *, reason: str, user: str) -> Asset:
        """Mark as possibly closed: it goes to the review queue until someone checks."""
        reason = clean_text(reason)
        if not reason:
            raise DirectoryError("say why you think it may have closed")
        most = max_length(Asset, "flag_reason")
        if len(reason) > most:
            raise DirectoryError(f"the reason is {len(reason)} characters; say it in {most} or fewer")
        return self._change(
            asset_id, user, "flagged", flagged_at=utcnow(), flagged_by=user, flag_reason=reason
        )

    def clear_flag(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self._change(asset_id, user, "flag cleared", flagged_at=None, flagged_by="", flag_reason="")

    def archive(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        """Take out of search and lists; nothing is deleted and it can be restored."""
        return self._change(asset_id, user, "archived", archived_at=utcnow())

    def restore(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self._change(asset_id, user, "restored", archived_at=None, merged_into=None)

    def merge(self, keep_id: uuid.UUID, other_id: uuid.UUID, *, user: str) -> Asset:
        """Keep one of a duplicate pair; the other is archived with a pointer to it, so the
        history of both stays. The kept entry gains needs, access and contact details it lacked."""
        if keep_id == other_id:
            raise DirectoryError("an asset cannot be merged with itself")
        with self.writing() as session:
            keep, other = _existing(session, keep_id), _existing(session, other_id)
            repo.merge_assets(session, keep=keep, other=other, user=user)
        self.live.reindex(keep)
        self.live.reindex(other)
        return keep

    def mark_not_duplicates(self, a_id: uuid.UUID, b_id: uuid.UUID, *, user: str, undo: bool = False) -> None:
        """Say a likely-duplicate pair are two entries (or, `undo`, take that back): the review
        queue leaves them out until either is renamed, and both histories say who and when."""
        if a_id == b_id:
            raise DirectoryError("an entry is always the same as itself")
        with self.writing() as session:
            a, b = _existing(session, a_id), _existing(session, b_id)
            if undo:
                if not decisions.forget(session, a, b):
                    raise DirectoryError(f"“{a.name}” and “{b.name}” were not marked as not the same")
            else:
                decisions.mark(session, a, b, user=user)
            for one, other in ((a, b), (b, a)):
                repo.set_fields(
                    session, asset=one, user=user, action=decisions.history_action(other.name, undone=undo)
                )
        self.live.reindex(a)
        self.live.reindex(b)

    def backup_before(self, reason: str) -> Path | None:
        """An automatic backup of an SQLite directory before a bulk change (the last few kept);
        a damaged file is refused first, so a damaged copy never pushes out a good one."""
        self.ensure_sound(f"the {reason}")
        return automatic_backup(sqlite_path(self.engine.url.render_as_string(hide_password=False)), reason)

    def history(self, asset_id: uuid.UUID) -> list[AssetChange]:
        """Every recorded change to an asset, newest first."""
        with transaction(self.engine) as session:
            return history.changes_of(session, asset_id)

    def restore_version(
        self, asset_id: uuid.UUID, version: int, *, user: str, expected_version: int | None = None
    ) -> Asset:
        """Make an asset as it was at `version` again; the restore is itself a recorded change."""
        with self.writing() as session:
            asset = _existing(session, asset_id)
            if not 1 <= version < asset.version:
                latest = asset.version
                raise DirectoryError(f"“{asset.name}” is at version {latest}; choose 1 to {latest - 1}")
            target = history.state_at(history.snapshot(asset), history.changes_of(session, asset_id), version)
            try:
                asset_in, also = restorable(target, asset.id)
            except ValidationError as exc:
                raise DirectoryError(
                    f"version {version} cannot be restored: {exc.errors()[0]['msg']}"
                ) from None
            if not verification_moves_forward(asset.verified_on, asset_in.verified_on):
                for name in ("verified_on", "verified_by", "verified_how"):  # kept as it is now
                    also.pop(name)
            try:
                repo.update_asset(
                    session,
                    asset=asset,
                    asset_in=asset_in,
                    user=user,
                    expected_version=expected_version,
                    also=also,
                    action=f"restored version {version}",
                )
            except repo.ConflictError as exc:
                raise EditConflict(str(exc)) from exc
        self.live.reindex(asset)
        return asset

    def _change(self, asset_id: uuid.UUID, user: str, action: str, **values: object) -> Asset:
        with self.writing() as session:
            asset = _existing(session, asset_id)
            repo.set_fields(session, asset=asset, user=user, action=action, **values)
        self.live.reindex(asset)
        return asset

    # ------------------------------------------------------------ files


def _existing(session: Session, asset_id: uuid.UUID) -> Asset:
    """The asset as it is now, in this transaction, or a DirectoryError naming the id."""
    asset = repo.get_asset(session, asset_id)
    if asset is None:
        raise DirectoryError(f"no asset has the id {asset_id}")
    return asset


def restorable(state: dict[str, Any], asset_id: uuid.UUID) -> tuple[AssetIn, dict[str, object]]:
    """A recorded state as an edit (`AssetIn`) plus the fields an edit does not carry."""
    asset_in = AssetIn.model_validate(
        {k: v for k, v in state.items() if k in AssetIn.model_fields} | {"id": asset_id}
    )
    stamp = {
        name: datetime.fromisoformat(state[name]) if state.get(name) else None
        for name in ("archived_at", "flagged_at")
    }
    merged = state.get("merged_into")
    return asset_in, {
        **stamp,
        "flagged_by": state.get("flagged_by") or "",
        "flag_reason": state.get("flag_reason") or "",
        "merged_into": uuid.UUID(merged) if merged else None,
        "verified_on": asset_in.verified_on,
        "verified_by": asset_in.verified_by,
        "verified_how": asset_in.verified_how,
    }
