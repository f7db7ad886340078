"""Read the pipeline's Delta tables without a JVM (delta-rs + pyarrow), one cached snapshot per table
version. A request filters in-memory Arrow arrays; it never reloads a table unless its Delta version
moved. Tables are read through a pyarrow SubTreeFileSystem: `DeltaTable.to_pyarrow_table()` without one
can abort the process at exit (see DESIGN.md)."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Snapshot:
    table: str
    version: int
    data: pa.Table


class _Entry:
    __slots__ = ("checked_at", "delta", "derived", "snapshot")

    def __init__(self, delta: DeltaTable) -> None:
        self.delta = delta
        self.checked_at = 0.0
        self.snapshot: Snapshot | None = None
        self.derived: dict[str, Any] = {}


class Lakehouse:
    """Table snapshots under one lakehouse folder (one sub-folder per table).

    `recheck_seconds` bounds how often the Delta log is polled for a new version: a request at most
    that old sees the previous snapshot, and no request pays for a log read otherwise.
    """

    def __init__(self, root: str | Path, *, recheck_seconds: float = 2.0) -> None:
        self.root = Path(root)
        self.recheck_seconds = recheck_seconds
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

    def _dataset(self, entry: _Entry, table: str) -> pads.Dataset:
        fs = pafs.SubTreeFileSystem(str(self._path(table).resolve()), pafs.LocalFileSystem())
        return entry.delta.to_pyarrow_dataset(filesystem=fs)

    def snapshot(self, table: str, columns: list[str] | None = None) -> Snapshot | None:
        """The whole table (or the given columns) at its current version; None when absent."""
        with self._lock:
            entry = self._entry(table)
            if entry is None:
                return None
            version = entry.delta.version()
            snap = entry.snapshot
            if snap is None or snap.version != version:
                # One chunk per column: `take` of a few rows from a many-chunk table costs a full copy.
                data = self._dataset(entry, table).to_table(columns=columns).combine_chunks()
                snap = Snapshot(table, version, data)
                entry.snapshot = snap
                entry.derived = {}
            return snap

    def derived(self, table: str, name: str, build: Callable[[Snapshot], Any]) -> Any:
        """A value computed once per table version (an index, a sorted copy, group counts)."""
        snap = self.snapshot(table)
        if snap is None:
            return None
        with self._lock:
            entry = self._entries[table]
            key = f"{name}@{snap.version}"
            if key not in entry.derived:
                entry.derived[key] = build(snap)
            return entry.derived[key]

    def version(self, table: str) -> int | None:
        with self._lock:
            entry = self._entry(table)
            return None if entry is None else entry.delta.version()

    def scan(self, table: str, filter: pads.Expression, columns: list[str] | None = None) -> pa.Table | None:
        """Rows matching `filter`, read from the files (file statistics prune what they can). For
        wide tables that are not worth caching whole, such as raw message bytes."""
        with self._lock:
            entry = self._entry(table)
            if entry is None:
                return None
            dataset = self._dataset(entry, table)
        return dataset.to_table(filter=filter, columns=columns)
