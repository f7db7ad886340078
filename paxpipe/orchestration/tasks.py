"""Python callables of the DAG tasks that need no Spark: they read the lakehouse with deltalake.

Imports of deltalake/pyarrow happen inside the functions, so DAG parsing stays cheap.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import statistics
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "LandingSnapshot",
    "airline_feedback_report",
    "landing_snapshot",
    "pending_files",
    "read_table",
    "record_latency",
    "retention_report",
    "should_run_ingest",
    "taken_files",
]

log = logging.getLogger("paxpipe.tasks")


def read_table(lakehouse: str, table: str, columns: list[str], filters: list[tuple[str, str, Any]] | None = None) -> list[dict[str, Any]]:
    """Rows of a Delta table as dicts, or [] when the table does not exist yet."""
    from deltalake import DeltaTable
    from deltalake.exceptions import TableNotFoundError

    path = os.path.join(lakehouse, table)
    try:
        dt = DeltaTable(path)
    except TableNotFoundError:
        return []
    names = {f.name for f in dt.schema().fields}
    wanted = [c for c in columns if c in names]
    dataset = dt.to_pyarrow_dataset()
    expr = None
    if filters:
        import pyarrow.dataset as ds

        for col, op, value in filters:
            if col not in names:
                continue
            term = ds.field(col) == value if op == "=" else ds.field(col).isin(value)
            expr = term if expr is None else expr & term
    return dataset.to_table(columns=wanted, filter=expr).to_pylist()


LandingSnapshot = frozenset[tuple[str, int, float]]


def landing_snapshot(landing: str) -> LandingSnapshot:
    """(name relative to the folder, size, modification time) of every push waiting in the landing
    folder, recursively: not hidden (files being written are renamed into place), not ``.json``
    sidecars. Changes whenever a file lands or changes."""
    root = Path(landing)
    if not root.exists():
        return frozenset()
    out = set()
    for path in root.rglob("*"):
        if path.name.startswith(".") or path.name.endswith(".json"):
            continue
        with contextlib.suppress(FileNotFoundError):  # taken away between listing and stat
            st = path.stat()
            if stat.S_ISREG(st.st_mode):
                out.add((str(path.relative_to(root)), st.st_size, st.st_mtime))
    return frozenset(out)


def taken_files(lakehouse: str) -> set[str]:
    """File names already taken by an ingest run (bronze and quarantine are the durable record)."""
    taken = {r["file_name"] for r in read_table(lakehouse, "raw_messages", ["file_name"])}
    taken |= {r["file_name"] for r in read_table(lakehouse, "quarantine", ["file_name"])}
    return taken


def pending_files(
    landing: str, lakehouse: str, landed_before: datetime | None = None, *, snapshot: LandingSnapshot | None = None
) -> list[str]:
    """Files waiting in the landing folder and not taken yet; with ``landed_before``, only those an
    ingest run with that ``--landed-before`` would take (modified before it). ``snapshot``: a listing
    of the folder just made by :func:`landing_snapshot` (not listed again)."""
    cutoff = landed_before.timestamp() if landed_before is not None else None
    files = landing_snapshot(landing) if snapshot is None else snapshot
    taken = taken_files(lakehouse)
    return sorted(
        name for name, _size, mtime in files
        if name not in taken and Path(name).name not in taken and (cutoff is None or mtime < cutoff)
    )


def should_run_ingest(landing: str, lakehouse: str, landed_before: str | None = None, **context: Any) -> bool:
    """Short-circuit: go on when files are waiting, on the hourly catch-up, and on manual/backfill runs.

    Scheduled runs (the fallback poll) and asset-triggered runs (files landed) both check what waits: an
    event for files another run already took costs a skip, not a Spark job. ``landed_before`` (ISO, the
    run's ``--landed-before``) counts only the files this run's ingest would take: a file landing just
    after a scheduled tick is left to the run its own event starts, instead of making this run start
    Spark for nothing."""
    given = getattr(context.get("dag_run"), "run_type", "") or ""
    run_type = str(getattr(given, "value", given)).lower()  # Airflow passes DagRunType, whose str() is "DagRunType.X"
    logical = context.get("logical_date") or context.get("data_interval_end")
    cutoff = datetime.fromisoformat(landed_before.replace("Z", "+00:00")) if landed_before else None
    waiting = pending_files(landing, lakehouse, cutoff)
    catch_up = bool(logical is not None and getattr(logical, "minute", 1) == 0)
    forced = not any(kind in run_type for kind in ("scheduled", "asset_triggered"))
    log.info("%d new file(s) waiting; catch-up run: %s; run type: %s", len(waiting), catch_up, run_type or "?")
    return bool(waiting) or catch_up or forced


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def record_latency(lakehouse: str, run_id: str, landing: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Landing-to-hit latency of one run: for each file the run took, from the moment it landed (its
    mtime in the landing folder) to now (the screen task has committed its hits). Appends a row to the
    ``pipeline_runs`` table and logs it."""
    import pyarrow as pa
    from deltalake import write_deltalake

    finished = now or datetime.now(UTC)
    rows = read_table(lakehouse, "raw_messages", ["file_name", "received_at", "run_id", "landed_at"], [("run_id", "=", run_id)])
    latencies: list[float] = []
    for row in rows:
        landed = row.get("landed_at")
        if landed is None and landing:
            path = Path(landing) / row["file_name"]
            if path.exists():
                landed = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if landed is None:
            landed = row.get("received_at")
        if landed is not None:
            if landed.tzinfo is None:
                landed = landed.replace(tzinfo=UTC)
            latencies.append(max(0.0, (finished - landed).total_seconds()))
    record = {
        "run_id": run_id,
        "files": len(rows),
        "latency_p50_s": statistics.median(latencies) if latencies else None,
        "latency_p95_s": _percentile(latencies, 0.95) if latencies else None,
        "latency_max_s": max(latencies) if latencies else None,
        "recorded_at": finished,
    }
    schema = pa.schema(
        [("run_id", pa.string()), ("files", pa.int64()), ("latency_p50_s", pa.float64()),
         ("latency_p95_s", pa.float64()), ("latency_max_s", pa.float64()), ("recorded_at", pa.timestamp("us", tz="UTC"))]
    )
    write_deltalake(os.path.join(lakehouse, "pipeline_runs"), pa.Table.from_pylist([record], schema=schema), mode="append")
    log.info("landing-to-hit latency for run %s: %s", run_id, json.dumps(record, default=str))
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}


def airline_feedback_report(lakehouse: str, out_dir: str, day: str) -> dict[str, int]:
    """Per carrier, the data-quality issues of the messages received on ``day`` (YYYY-MM-DD), written
    as one JSON file per carrier under ``out_dir/day/``. Returns issues per carrier."""
    start = datetime.fromisoformat(day).replace(tzinfo=UTC)
    end = start + timedelta(days=1)
    per_carrier: dict[str, list[dict[str, Any]]] = {}
    for row in read_table(
        lakehouse, "message_issues",
        ["carrier", "file_name", "code", "severity", "message", "line", "column", "excerpt", "received_at"],
    ):
        received = row.get("received_at")
        if received is None:
            continue
        received = received if received.tzinfo else received.replace(tzinfo=UTC)
        if start <= received < end:
            per_carrier.setdefault(row.get("carrier") or "UNKNOWN", []).append(row)
    target = Path(out_dir) / day
    target.mkdir(parents=True, exist_ok=True)
    for carrier, issues in per_carrier.items():
        (target / f"{carrier}.json").write_text(json.dumps(issues, default=str, indent=1), encoding="utf-8")
    log.info("airline feedback for %s: %s", day, {c: len(i) for c, i in per_carrier.items()})
    return {c: len(i) for c, i in per_carrier.items()}


def retention_report(lakehouse: str, retention_days: int, today: str) -> Mapping[str, int]:
    """Count travellers whose flight date is past the retention period (the deletion policy itself
    comes with the retention issue; this run only measures what it would affect)."""
    cutoff = (datetime.fromisoformat(today) - timedelta(days=retention_days)).date()
    rows = read_table(lakehouse, "travellers", ["flight_date"])
    expired = sum(1 for r in rows if r.get("flight_date") is not None and r["flight_date"] < cutoff)
    log.info("travellers past %d-day retention (before %s): %d of %d", retention_days, cutoff, expired, len(rows))
    return {"expired": expired, "total": len(rows)}


def _content_digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _loaded_state_path(lakehouse: str) -> Path:
    return Path(lakehouse) / "_paxpipe" / "watchlist_loads.json"


def pending_watchlists(watchlist_dir: str, lakehouse: str) -> list[str]:
    """List releases in the watchlist folder (each file or sub-folder is one) whose content was not
    loaded yet."""
    root = Path(watchlist_dir)
    if not root.exists():
        return []
    state_path = _loaded_state_path(lakehouse)
    loaded = json.loads(state_path.read_text()) if state_path.exists() else {}
    pending = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if loaded.get(str(entry)) != _content_digest(entry):
            pending.append(str(entry))
    return pending


def mark_watchlists_loaded(paths: list[str], lakehouse: str) -> None:
    state_path = _loaded_state_path(lakehouse)
    state_path.parent.mkdir(parents=True, exist_ok=True)
    loaded = json.loads(state_path.read_text()) if state_path.exists() else {}
    for path in paths:
        loaded[path] = _content_digest(Path(path))
    state_path.write_text(json.dumps(loaded, indent=1, sort_keys=True))


def download_watchlists(sources: Mapping[str, str], watchlist_dir: str) -> list[str]:
    """Fetch each configured official list URL into the watchlist folder (no-op when none is set)."""
    import urllib.request

    fetched = []
    Path(watchlist_dir).mkdir(parents=True, exist_ok=True)
    for name, url in dict(sources or {}).items():
        target = Path(watchlist_dir) / f"{name}{Path(url).suffix or '.dat'}"
        with urllib.request.urlopen(url, timeout=60) as response:
            target.write_bytes(response.read())
        fetched.append(str(target))
    log.info("downloaded %d list(s): %s", len(fetched), fetched)
    return fetched
