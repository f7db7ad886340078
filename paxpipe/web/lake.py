"""Read the pipeline's Delta tables without a JVM (delta-rs + pyarrow), one cached snapshot per table
version. A request filters in-memory Arrow arrays; it never reloads a table unless its Delta version
moved. Tables are read through a pyarrow SubTreeFileSystem: `DeltaTable.to_pyarrow_table()` without one
can abort the process at exit (see DESIGN.md)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
from deltalake import DeltaTable

__all__ = ["Lakehouse", "Snapshot"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Snapshot:
    table: str
    version: int
    data: pa.Table


class _Entry:
    __slots__ = ("builders", "checked_at", "delta", "derived", "refreshing", "snapshot")

    def __init__(self, delta: DeltaTable) -> None:
        self.delta = delta
        self.checked_at = 0.0
        self.snapshot: Snapshot | None = None
        self.derived: dict[str, Any] = {}
        self.builders: dict[str, Callable[[Snapshot], Any]] = {}
        self.refreshing = False


class Lakehouse:
    """Table snapshots under one lakehouse folder (one sub-folder per table).

    `recheck_seconds` bounds how often the Delta log is polled for a new version: a request at most
    that old sees the previous snapshot, and no request pays for a log read otherwise.

    With `background_refresh`, a new version is loaded (and every value derived from the table is
    rebuilt) in a background thread while requests keep getting the previous snapshot; the new one
    replaces it, derived values included, in one step. Without it (tests, one-off scripts) the first
    request that sees a new version loads it.
    """

    def __init__(self, root: str | Path, *, recheck_seconds: float = 2.0, background_refresh: bool = False,
                 on_refresh: Callable[[str], None] | None = None) -> None:
        self.root = Path(root)
        self.recheck_seconds = recheck_seconds
        self.background_refresh = background_refresh
        self.on_refresh = on_refresh
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.RLock()

    def _path(self, table: str) -> Path:
        return self.root / table

    def exists(self, table: str) -> bool:
        return (self._path(table) / "_delta_log").is_dir()

    def _entry(self, table: str) -> _Entry | None:
        entry = self._entries.get(table)
        if entry is None:
            if not self.exists(table):
                return None
            entry = _Entry(DeltaTable(str(self._path(table))))
            self._entries[table] = entry
        now = time.monotonic()
        if now - entry.checked_at >= self.recheck_seconds:
            entry.delta.update_incremental()
            entry.checked_at = now
        return entry

    def _dataset(self, delta: DeltaTable, table: str) -> pads.Dataset:
        fs = pafs.SubTreeFileSystem(str(self._path(table).resolve()), pafs.LocalFileSystem())
        return delta.to_pyarrow_dataset(filesystem=fs)

    def _load(self, table: str, delta: DeltaTable, version: int) -> Snapshot:
        # One chunk per column: `take` of a few rows from a many-chunk table costs a full copy.
        return Snapshot(table, version, self._dataset(delta, table).to_table().combine_chunks())

    def snapshot(self, table: str) -> Snapshot | None:
        """The whole table at its current version (or, while a newer one loads in the background, the
        previous one); None when absent."""
        with self._lock:
            entry = self._entry(table)
            if entry is None:
                return None
            latest = entry.delta.version()
            snap = entry.snapshot
            if snap is not None and snap.version == latest:
                return snap
            if snap is not None and self.background_refresh:
                if not entry.refreshing:
                    entry.refreshing = True
                    threading.Thread(target=self._refresh, args=(table, entry, latest), daemon=True,
                                     name=f"paxpipe-refresh-{table}").start()
                return snap
            snap = self._load(table, entry.delta, latest)
            entry.snapshot = snap
            entry.derived = {}
            return snap

    def _refresh(self, table: str, entry: _Entry, version: int) -> None:
        try:
            # A DeltaTable of its own: the shared one is polled by request threads meanwhile.
            snap = self._load(table, DeltaTable(str(self._path(table)), version=version), version)
            with self._lock:
                builders = dict(entry.builders)
            derived = {f"{name}@{version}": build(snap) for name, build in builders.items()}
            with self._lock:
                if entry.snapshot is None or entry.snapshot.version < version:
                    entry.snapshot = snap
                    entry.derived = derived
        except Exception:  # the old snapshot keeps being served; the next poll tries again
            logger.exception("refreshing %s to version %s failed", table, version)
        finally:
            entry.refreshing = False
        if self.on_refresh is not None:
            try:
                self.on_refresh(table)
            except Exception:
                logger.exception("after refreshing %s", table)

    def derived(self, table: str, name: str, build: Callable[[Snapshot], Any], *, register: bool = True) -> Any:
        """A value computed once per table version (an index, a sorted copy, group counts), from that
        table alone; rebuilt with the snapshot on a background refresh. Returned with the snapshot
        it was built from, so a caller never pairs an index with another version's rows.
        `register=False`: not rebuilt by the refresh (values that also depend on other tables)."""
        with self._lock:
            snap = self.snapshot(table)
            if snap is None:
                return None
            entry = self._entries[table]
            if register:
                entry.builders[name] = build
            key = f"{name}@{snap.version}"
            if key not in entry.derived:
                entry.derived[key] = build(snap)
            return entry.derived[key]

    def version(self, table: str) -> int | None:
        """The version of the snapshot being served (loading it, or starting its refresh, as
        `snapshot` does), so that keys built from versions match the rows served."""
        snap = self.snapshot(table)
        return None if snap is None else snap.version

    def scan(self, table: str, filter: pads.Expression, columns: list[str] | None = None) -> pa.Table | None:
        """Rows matching `filter`, read from the files (file statistics prune what they can). For
        wide tables that are not worth caching whole, such as raw message bytes."""
        with self._lock:
            entry = self._entry(table)
            if entry is None:
                return None
            dataset = self._dataset(entry.delta, table)
        return dataset.to_table(filter=filter, columns=columns)
