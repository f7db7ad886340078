"""What the pages show and what analysts do, over the lakehouse snapshots and the review database.

Hits come from Delta (read-only); their review state (claims, decisions, suppressions) from the
database. Per request, the open list is a few vectorised masks over a cached, pre-sorted hits table.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from paxpipe.web.auth import Principal
from paxpipe.web.db import Decision, HitState, ReviewGeneration, Suppression
from paxpipe.web.lake import Lakehouse, Snapshot
from paxpipe.web.review import (
    CLOSED_STATUSES,
    NOTE_REQUIRED,
    SCORE_BANDS,
    Change,
    FieldRow,
    Outcome,
    SegmentLine,
    compare_fields,
    highlight_segments,
    json_changes,
    parse_features,
    record_changes,
)
from paxpipe.web.suppression import suppression_key, suppression_keys_array

__all__ = ["BoardFilters", "Conflict", "HitFilters", "NotFound", "ReviewService"]

PAGE_SIZE = 50
BOARD_PAGE_SIZE = 100
STATUS_FILTERS = ("open", "new", "claimed", "escalated", "needs_info", "confirmed", "false_positive", "suppressed", "all")


class NotFound(Exception):
    pass


class Conflict(Exception):
    """The action does not apply to the hit as it is now (claimed by someone else, already decided)."""


@dataclass(frozen=True, slots=True)
class HitFilters:
    flight: str = ""
    list_name: str = ""
    band: str = ""
    status: str = "open"
    assignee: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class BoardFilters:
    airport: str = ""
    carrier: str = ""
    day: date | None = None
    hours: int = 72
    page: int = 1


@dataclass(slots=True)
class _State:
    generation: int
    status: dict[str, str]
    claimed_by: dict[str, str]
    ids_by_status: dict[str, pa.Array]
    ids_claimed: pa.Array
    ids_by_assignee: dict[str, pa.Array]
    suppressed_keys: pa.Array
    masks: dict[tuple[int | None, ...], dict[str, pa.Array]] = field(default_factory=dict)
    flight_stats: dict[tuple[int | None, ...], dict[str, tuple[int, float]]] = field(default_factory=dict)


def _rowcount(result: Any) -> int:
    """Rows matched by an UPDATE (a CursorResult; typed as Result by SQLAlchemy 2.1's stubs)."""
    return int(result.rowcount)


def _eq(table: pa.Table, column: str, value: Any) -> pa.Table:
    return table.filter(pc.fill_null(pc.equal(table[column], value), False))


def _rows(table: pa.Table | None) -> list[dict[str, Any]]:
    return [] if table is None else table.to_pylist()


def _sorted_hits(hits: Snapshot, entries: Snapshot | None) -> pa.Table:
    data = hits.data
    if entries is not None and entries.data.num_rows:
        lookup = entries.data.select(["entry_id", "list_name", "release_id", "entry_hash"]).rename_columns(
            ["entry_id", "list_name", "list_release", "entry_hash"]
        )
        data = data.join(lookup, keys=["entry_id", "list_name", "list_release"], join_type="left outer")
    else:
        data = data.append_column("entry_hash", pa.nulls(data.num_rows, pa.string()))
    keys = suppression_keys_array(
        data["identity_key"].combine_chunks(), data["entry_id"].combine_chunks(), data["entry_hash"].combine_chunks()
    )
    data = data.append_column("suppression_key", keys)
    # Arrival first (the flight that lands soonest is the most urgent), then the strongest match.
    order = pc.sort_indices(data, sort_keys=[("arrival_utc", "ascending", "at_end"), ("score", "descending", "at_end")])
    return data.take(order).combine_chunks()


class ReviewService:
    def __init__(self, lake: Lakehouse) -> None:
        self.lake = lake
        self._state: _State | None = None
        self._lock = threading.Lock()

    # --- snapshots --------------------------------------------------------------------------

    def warm(self, _table: str | None = None) -> None:
        """Load and index the snapshots the pages need, so the first analyst does not wait for it
        (also run after each background refresh of a table)."""
        self.hits_table()
        self._traveller_counts()
        self._flight_index()
        self._flight_index("traveller_versions")
        for table in ("flights", "documents", "api_pnr_links", "pnr_versions"):
            self.lake.snapshot(table)

    def hits_table(self) -> pa.Table | None:
        """Hits with entry hash and suppression key, sorted by arrival then score; rebuilt when the
        hits or the list entries change version."""
        entries_version = self.lake.version("watchlist_entries")
        built: pa.Table | None = self.lake.derived(
            "hits", f"sorted-{entries_version}",
            lambda s: _sorted_hits(s, self.lake.snapshot("watchlist_entries")), register=False,
        )
        return built

    def _state_for(self, db: Session) -> _State:
        generation = db.scalar(select(ReviewGeneration.value).where(ReviewGeneration.id == 1)) or 0
        with self._lock:
            if self._state is not None and self._state.generation == generation:
                return self._state
        rows = db.execute(select(HitState.hit_id, HitState.status, HitState.claimed_by)).all()
        status = {r.hit_id: r.status for r in rows}
        claimed = {r.hit_id: r.claimed_by for r in rows if r.claimed_by}
        by_status: dict[str, list[str]] = {}
        for hit_id, st in status.items():
            by_status.setdefault(st, []).append(hit_id)
        by_assignee: dict[str, list[str]] = {}
        for hit_id, who in claimed.items():
            by_assignee.setdefault(who, []).append(hit_id)
        keys = [
            suppression_key(i, e, h)
            for i, e, h in db.execute(select(Suppression.identity_key, Suppression.entry_id, Suppression.entry_hash))
        ]
        state = _State(
            generation=generation,
            status=status,
            claimed_by=claimed,
            ids_by_status={k: pa.array(v, pa.string()) for k, v in by_status.items()},
            ids_claimed=pa.array(list(claimed), pa.string()),
            ids_by_assignee={k: pa.array(v, pa.string()) for k, v in by_assignee.items()},
            suppressed_keys=pa.array(keys, pa.string()),
        )
        with self._lock:
            self._state = state
        return state

    def _masks(self, base: pa.Table, state: _State) -> dict[str, pa.Array]:
        key = (self.lake.version("hits"), self.lake.version("watchlist_entries"))
        masks = state.masks.get(key)
        if masks is None or len(masks["closed"]) != base.num_rows:
            closed_ids = pa.concat_arrays(
                [state.ids_by_status.get(s, pa.array([], pa.string())) for s in sorted(CLOSED_STATUSES)]
            )
            closed = pc.is_in(base["hit_id"], value_set=closed_ids)
            suppressed = pc.fill_null(pc.is_in(base["suppression_key"], value_set=state.suppressed_keys), False)
            live = pc.equal(base["status"], "open")
            open_ = pc.and_(pc.and_(live, pc.invert(closed)), pc.invert(suppressed))
            masks = {"closed": closed, "suppressed": suppressed, "open": open_, "live": live}
            state.masks = {key: masks}
        return masks

    # --- hit list ---------------------------------------------------------------------------

    def hit_page(self, db: Session, filters: HitFilters) -> dict[str, Any]:
        base = self.hits_table()
        empty = {"rows": [], "total": 0, "page": 1, "pages": 1, "lists": [], "assignees": []}
        if base is None or base.num_rows == 0:
            return empty
        state = self._state_for(db)
        masks = self._masks(base, state)
        status = filters.status if filters.status in STATUS_FILTERS else "open"
        if status == "open":
            mask = masks["open"]
        elif status == "all":
            mask = pa.array([True] * base.num_rows)  # every hit, superseded ones too
        elif status == "suppressed":
            mask = pc.and_(masks["suppressed"], pc.invert(masks["closed"]))
        elif status == "claimed":
            mask = pc.and_(masks["open"], pc.is_in(base["hit_id"], value_set=state.ids_claimed))
        elif status == "new":
            not_new = pa.concat_arrays([v for k, v in state.ids_by_status.items() if k != "new"] + [state.ids_claimed])
            mask = pc.and_(masks["open"], pc.invert(pc.is_in(base["hit_id"], value_set=not_new)))
        elif status in CLOSED_STATUSES:
            mask = pc.is_in(base["hit_id"], value_set=state.ids_by_status.get(status, pa.array([], pa.string())))
        else:  # escalated, needs_info
            ids = state.ids_by_status.get(status, pa.array([], pa.string()))
            mask = pc.and_(masks["open"], pc.is_in(base["hit_id"], value_set=ids))
        if filters.flight:
            wanted = filters.flight.strip().upper()
            mask = pc.and_(mask, pc.fill_null(pc.or_(pc.equal(base["flight"], wanted), pc.equal(base["flight_key"], filters.flight.strip())), False))
        if filters.list_name:
            mask = pc.and_(mask, pc.fill_null(pc.equal(base["list_name"], filters.list_name), False))
        if filters.band in SCORE_BANDS:
            low, high = SCORE_BANDS[filters.band]
            mask = pc.and_(mask, pc.and_(pc.greater_equal(base["score"], low), pc.less(base["score"], high)))
        if filters.assignee:
            ids = state.ids_by_assignee.get(filters.assignee, pa.array([], pa.string()))
            mask = pc.and_(mask, pc.is_in(base["hit_id"], value_set=ids))
        # Positions, not a filtered copy of the table: only the page's 50 rows are ever materialised.
        positions = pc.indices_nonzero(pc.fill_null(mask, False))
        total = len(positions)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, filters.page), pages)
        columns = ["hit_id", "flight", "flight_key", "arrival_utc", "surname", "given_names", "date_of_birth",
                   "nationality", "entry_name", "list_name", "score", "explanation", "status", "traveller_key"]
        rows = base.select(columns).take(positions.slice((page - 1) * PAGE_SIZE, PAGE_SIZE)).to_pylist()
        sources = self._sources({(r["flight_key"], r["traveller_key"]) for r in rows})
        for row in rows:
            row["review_status"] = state.status.get(row["hit_id"], "new")
            row["claimed_by"] = state.claimed_by.get(row["hit_id"])
            # The source (PAXLST / PNRGOV) tells the API and PNR hits of one person apart.
            row["source"] = sources.get(row["traveller_key"])
        lists = self.lake.derived("hits", "lists", lambda s: sorted(set(pc.unique(s.data["list_name"]).to_pylist()) - {None}))
        return {"rows": rows, "total": total, "page": page, "pages": pages, "lists": lists,
                "assignees": sorted(state.ids_by_assignee)}

    # --- arrivals board ---------------------------------------------------------------------

    def _traveller_counts(self) -> dict[str, dict[str, int]]:
        """Active travellers per flight and source (PAXLST / PNRGOV), once per version."""

        def build(s: Snapshot) -> dict[str, dict[str, int]]:
            data = s.data.select(["flight_key", "source", "status"])
            data = data.filter(pc.equal(data["status"], "active"))
            grouped = data.group_by(["flight_key", "source"]).aggregate([("status", "count")])
            counts: dict[str, dict[str, int]] = {}
            for key, source, n in zip(grouped["flight_key"].to_pylist(), grouped["source"].to_pylist(),
                                      grouped["status_count"].to_pylist(), strict=True):
                counts.setdefault(key, {})[source] = n
            return counts

        built: dict[str, dict[str, int]] | None = self.lake.derived("travellers", "counts", build)
        return built or {}

    def _flight_hit_stats(self, base: pa.Table, state: _State) -> dict[str, tuple[int, float]]:
        """Open hits per flight and their top score, computed once per snapshot and review state."""
        key = (self.lake.version("hits"), self.lake.version("watchlist_entries"))
        stats = state.flight_stats.get(key)
        if stats is None:
            open_hits = base.filter(self._masks(base, state)["open"]).select(["flight_key", "score"])
            grouped = open_hits.group_by("flight_key").aggregate([("score", "count"), ("score", "max")])
            stats = dict(zip(grouped["flight_key"].to_pylist(),
                             zip(grouped["score_count"].to_pylist(), grouped["score_max"].to_pylist(), strict=True),
                             strict=True))
            state.flight_stats = {key: stats}
        return stats

    def board(self, db: Session, filters: BoardFilters, now: datetime) -> dict[str, Any]:
        """Flights arriving from 2 h ago to `hours` ahead, soonest first, a page at a time."""
        empty: dict[str, Any] = {"rows": [], "total": 0, "page": 1, "pages": 1}
        snap = self.lake.snapshot("flights")
        if snap is None or snap.data.num_rows == 0:
            return empty
        flights = snap.data
        ts_type = flights.schema.field("arrival_utc").type
        start = pa.scalar(now - timedelta(hours=2), ts_type)
        end = pa.scalar(now + timedelta(hours=max(1, filters.hours)), ts_type)
        mask = pc.and_(pc.greater_equal(flights["arrival_utc"], start), pc.less_equal(flights["arrival_utc"], end))
        if filters.airport:
            code = filters.airport.strip().upper()
            mask = pc.and_(mask, pc.or_(pc.equal(flights["origin"], code), pc.equal(flights["destination"], code)))
        if filters.carrier:
            mask = pc.and_(mask, pc.equal(flights["carrier"], filters.carrier.strip().upper()))
        if filters.day is not None:
            mask = pc.and_(mask, pc.equal(flights["flight_date"], pa.scalar(filters.day, pa.date32())))
        selected = flights.filter(pc.fill_null(mask, False))
        total = selected.num_rows
        pages = max(1, -(-total // BOARD_PAGE_SIZE))
        page = min(max(1, filters.page), pages)
        order = pc.sort_indices(selected, sort_keys=[("arrival_utc", "ascending")])
        selected = selected.take(order.slice((page - 1) * BOARD_PAGE_SIZE, BOARD_PAGE_SIZE))
        counts = self._traveller_counts()
        hit_stats: dict[str, tuple[int, float]] = {}
        base = self.hits_table()
        if base is not None and base.num_rows:
            hit_stats = self._flight_hit_stats(base, self._state_for(db))
        rows = []
        for row in selected.to_pylist():
            n, top = hit_stats.get(row["flight_key"], (0, None))
            by_source = counts.get(row["flight_key"], {})
            row.update(api_travellers=by_source.get("PAXLST", 0), pnr_travellers=by_source.get("PNRGOV", 0),
                       open_hits=n, top_score=top)
            rows.append(row)
        return {"rows": rows, "total": total, "page": page, "pages": pages}

    # --- hit detail -------------------------------------------------------------------------

    def _one(self, table: str, column: str, value: Any) -> dict[str, Any] | None:
        snap = self.lake.snapshot(table)
        if snap is None or value is None:
            return None
        rows = _eq(snap.data, column, value).slice(0, 1).to_pylist()
        return rows[0] if rows else None

    def _where(self, table: str, column: str, value: Any) -> pa.Table | None:
        snap = self.lake.snapshot(table)
        if snap is None or value is None:
            return None
        return _eq(snap.data, column, value)

    def hit_detail(self, db: Session, hit_id: str) -> dict[str, Any]:
        base = self.hits_table()
        hits = [] if base is None else _eq(base, "hit_id", hit_id).to_pylist()
        if not hits:
            raise NotFound(hit_id)
        hit = hits[0]
        same_flight = self._travellers_on_flight(hit["flight_key"])
        found = [] if same_flight is None else _eq(same_flight, "traveller_key", hit["traveller_key"]).slice(0, 1).to_pylist()
        traveller = found[0] if found else (self._one("travellers", "traveller_key", hit["traveller_key"]) or {})
        entries = self._where("watchlist_entries", "entry_id", hit["entry_id"])
        entry: dict[str, Any] = {}
        if entries is not None and entries.num_rows:
            same = entries.filter(pc.and_(pc.equal(entries["list_name"], hit["list_name"]),
                                          pc.equal(entries["release_id"], hit["list_release"])))
            entry = (same if same.num_rows else entries).slice(0, 1).to_pylist()[0]
        features = parse_features(hit.get("features_json"))
        comparison: list[FieldRow] = compare_fields({**hit, **traveller}, entry, features)
        flight = self._one("flights", "flight_key", hit["flight_key"]) or {}
        documents = _rows(self._where("documents", "traveller_key", hit["traveller_key"]))
        co_travellers: list[dict[str, Any]] = []
        booking_ref = traveller.get("booking_ref")
        linked = self._linked_records(hit["traveller_key"], same_flight)
        if booking_ref and same_flight is not None:
            # Others on the booking: not this record, nor this person's record from the other source.
            itself = {hit["traveller_key"], *(r["traveller_key"] for r in linked)}
            co = _eq(same_flight, "booking_ref", booking_ref)
            co_travellers = [r for r in co.to_pylist() if r["traveller_key"] not in itself]
        versions = self._pnr_versions(booking_ref, hit["flight_key"])
        record_versions = self._traveller_versions(
            hit["flight_key"], {hit["traveller_key"], *(r["traveller_key"] for r in linked)})
        raw = self._raw_lines(traveller)
        state = db.get(HitState, hit_id)
        decisions = list(db.scalars(select(Decision).where(Decision.hit_id == hit_id).order_by(Decision.decided_at, Decision.id)))
        suppression = None
        if hit.get("entry_hash") is not None:
            suppression = db.scalar(select(Suppression).where(
                Suppression.identity_key == hit["identity_key"], Suppression.entry_id == hit["entry_id"],
                Suppression.entry_hash == hit["entry_hash"]))
        return {"hit": hit, "traveller": traveller, "entry": entry, "comparison": comparison, "flight": flight,
                "documents": documents, "co_travellers": co_travellers, "linked": linked, "versions": versions, "record_versions": record_versions,
                "raw": raw, "state": state, "decisions": decisions, "suppression": suppression}

    def _flight_index(self, table: str = "travellers") -> tuple[pa.Table, pa.Array, dict[str, tuple[int, int]]] | None:
        """A table's rows grouped by flight: (rows, permutation, flight_key → (start, end)). Built once
        per version, so a hit's flight costs a take of ~200 rows instead of a 1 M-row scan. The rows
        come with the index so that the two always belong to the same version."""

        def build(s: Snapshot) -> tuple[pa.Table, pa.Array, dict[str, tuple[int, int]]]:
            keys = s.data["flight_key"].combine_chunks()
            perm = pc.sort_indices(keys)
            runs = pc.run_end_encode(keys.take(perm))
            index: dict[str, tuple[int, int]] = {}
            start = 0
            for value, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
                index[value] = (start, end)
                start = end
            return s.data, perm, index

        built: tuple[pa.Table, pa.Array, dict[str, tuple[int, int]]] | None = self.lake.derived(table, "by_flight", build)
        return built

    def _travellers_on_flight(self, flight_key: str, table: str = "travellers") -> pa.Table | None:
        index = self._flight_index(table)
        if index is None:
            return None
        data, perm, spans = index
        start, end = spans.get(flight_key, (0, 0))
        return data.take(perm.slice(start, end - start))

    def _sources(self, keys: set[tuple[str, str]]) -> dict[str, str]:
        """traveller_key → source for a page's hits, through the per-flight index."""
        out: dict[str, str] = {}
        for flight_key in {f for f, _t in keys}:
            rows = self._travellers_on_flight(flight_key)
            if rows is None:
                return out
            wanted = pa.array(sorted(t for f, t in keys if f == flight_key), pa.string())
            found = rows.filter(pc.is_in(rows["traveller_key"], value_set=wanted)).select(["traveller_key", "source"])
            out.update(zip(found["traveller_key"].to_pylist(), found["source"].to_pylist(), strict=True))
        return out

    def _traveller_versions(self, flight_key: str, keys: set[str]) -> list[dict[str, Any]]:
        """Every message's version of this person's API and PNR records (traveller_versions), oldest
        first, each with what it changed relative to the previous version of the same record."""
        rows = self._travellers_on_flight(flight_key, "traveller_versions")
        if rows is None or not keys:
            return []
        mine = rows.filter(pc.is_in(rows["traveller_key"], value_set=pa.array(sorted(keys), pa.string())))
        sort_keys = [("sent_at", "ascending", "at_start")] if "sent_at" in mine.column_names else []
        ordered = mine.take(pc.sort_indices(mine, sort_keys=sort_keys)).to_pylist() if sort_keys else mine.to_pylist()
        previous: dict[str, dict[str, Any]] = {}
        out = []
        for row in ordered:
            before = previous.get(row["traveller_key"])
            out.append({**row, "first": before is None, "changes": record_changes(before, row)})
            previous[row["traveller_key"]] = row
        return out

    def _linked_records(self, traveller_key: str, same_flight: pa.Table | None) -> list[dict[str, Any]]:
        """The same person's other records on this flight (API ↔ PNR), from api_pnr_links."""
        links = self.lake.snapshot("api_pnr_links")
        if links is None or same_flight is None:
            return []
        data = links.data
        mask = pc.or_(pc.equal(data["api_traveller_key"], traveller_key), pc.equal(data["pnr_traveller_key"], traveller_key))
        keys = set()
        for row in data.filter(pc.fill_null(mask, False)).to_pylist():
            keys.update({row["api_traveller_key"], row["pnr_traveller_key"]})
        keys.discard(traveller_key)
        if not keys:
            return []
        found: list[dict[str, Any]] = same_flight.filter(
            pc.is_in(same_flight["traveller_key"], value_set=pa.array(sorted(keys)))).to_pylist()
        return found

    def _pnr_versions(self, booking_ref: str | None, flight_key: str) -> list[dict[str, Any]]:
        if not booking_ref:
            return []
        rows = self._where("pnr_versions", "pnr_key", f"{booking_ref}|{flight_key}")
        if rows is None or rows.num_rows == 0:
            return []
        ordered = rows.take(pc.sort_indices(rows, sort_keys=[("pushed_at", "ascending", "at_start")])).to_pylist()
        previous: str | None = None
        out = []
        for row in ordered:
            changes: list[Change] = json_changes(previous, row.get("content_json")) if previous is not None else []
            out.append({**row, "changes": changes, "first": previous is None})
            previous = row.get("content_json") or "{}"
        return out

    def _raw_lines(self, traveller: dict[str, Any]) -> dict[str, Any] | None:
        message_id = traveller.get("message_id")
        if not message_id:
            return None
        table = self.lake.scan("raw_messages", pads.field("message_id") == message_id,
                               columns=["message_id", "file_name", "received_at", "carrier", "message_type", "content"])
        if table is None or table.num_rows == 0:
            return None
        row = table.slice(0, 1).to_pylist()[0]
        lines: list[SegmentLine] = highlight_segments(row["content"], traveller.get("segment_start"), traveller.get("segment_end"))
        return {"file_name": row["file_name"], "received_at": row["received_at"], "message_type": row["message_type"],
                "lines": lines}

    def hit_row(self, hit_id: str) -> dict[str, Any]:
        base = self.hits_table()
        rows = [] if base is None else _eq(base, "hit_id", hit_id).select(
            ["hit_id", "identity_key", "entry_id", "list_name", "entry_hash", "traveller_key", "status"]).to_pylist()
        if not rows:
            raise NotFound(hit_id)
        row: dict[str, Any] = rows[0]
        return row

    # --- actions ----------------------------------------------------------------------------

    @staticmethod
    def _bump(db: Session) -> None:
        db.execute(update(ReviewGeneration).where(ReviewGeneration.id == 1).values(value=ReviewGeneration.value + 1))

    @staticmethod
    def _ensure_state(db: Session, hit_id: str, now: datetime) -> None:
        if db.get(HitState, hit_id) is None:
            try:
                with db.begin_nested():
                    db.execute(insert(HitState).values(hit_id=hit_id, status="new", updated_at=now))
            except IntegrityError:
                pass  # another analyst created it at the same moment: the conditional updates decide

    def claim(self, db: Session, who: Principal, hit_id: str, now: datetime) -> None:
        self.hit_row(hit_id)
        self._ensure_state(db, hit_id, now)
        result = db.execute(
            update(HitState)
            .where(HitState.hit_id == hit_id, HitState.status.not_in(CLOSED_STATUSES),
                   or_(HitState.claimed_by.is_(None), HitState.claimed_by == who.username))
            .values(claimed_by=who.username, claimed_at=now, updated_at=now)
        )
        if _rowcount(result) != 1:
            raise Conflict(self._why_not(db, hit_id))
        self._bump(db)

    def release(self, db: Session, who: Principal, hit_id: str, now: datetime) -> None:
        condition = [HitState.hit_id == hit_id, HitState.claimed_by.is_not(None)]
        if who.role != "supervisor":
            condition.append(HitState.claimed_by == who.username)
        result = db.execute(update(HitState).where(*condition).values(claimed_by=None, claimed_at=None, updated_at=now))
        if _rowcount(result) != 1:
            raise Conflict("This hit is not claimed by you.")
        self._bump(db)

    def decide(self, db: Session, who: Principal, hit_id: str, outcome: str, note: str, now: datetime) -> Decision:
        try:
            chosen = Outcome(outcome)
        except ValueError:
            raise Conflict(f"Unknown outcome {outcome!r}.") from None
        note = note.strip()
        if chosen in NOTE_REQUIRED and not note:
            raise Conflict("A note is required for this decision: say why.")
        hit = self.hit_row(hit_id)
        self._ensure_state(db, hit_id, now)
        result = db.execute(
            update(HitState)
            .where(HitState.hit_id == hit_id, HitState.status.not_in(CLOSED_STATUSES),
                   or_(HitState.claimed_by.is_(None), HitState.claimed_by == who.username))
            .values(status=chosen.value, claimed_by=None, claimed_at=None, decided_by=who.username,
                    decided_at=now, updated_at=now)
        )
        if _rowcount(result) != 1:
            raise Conflict(self._why_not(db, hit_id))
        decision = Decision(hit_id=hit_id, outcome=chosen.value, note=note, username=who.username, decided_at=now,
                            identity_key=hit["identity_key"], entry_id=hit["entry_id"], entry_hash=hit["entry_hash"])
        db.add(decision)
        db.flush()
        if chosen is Outcome.FALSE_POSITIVE and hit["entry_hash"] is not None:
            exists = db.scalar(select(Suppression.id).where(
                Suppression.identity_key == hit["identity_key"], Suppression.entry_id == hit["entry_id"],
                Suppression.entry_hash == hit["entry_hash"]))
            if exists is None:
                db.add(Suppression(identity_key=hit["identity_key"], entry_id=hit["entry_id"],
                                   entry_hash=hit["entry_hash"], list_name=hit["list_name"], hit_id=hit_id,
                                   decision_id=decision.id, created_by=who.username, created_at=now))
        self._bump(db)
        return decision

    def reopen(self, db: Session, who: Principal, hit_id: str, note: str, now: datetime) -> None:
        hit = self.hit_row(hit_id)
        result = db.execute(
            update(HitState).where(HitState.hit_id == hit_id, HitState.status != "new")
            .values(status="new", claimed_by=None, claimed_at=None, updated_at=now)
        )
        if _rowcount(result) != 1:
            raise Conflict("Only a decided, escalated or pending hit can be reopened.")
        db.add(Decision(hit_id=hit_id, outcome="reopened", note=note.strip(), username=who.username, decided_at=now,
                        identity_key=hit["identity_key"], entry_id=hit["entry_id"], entry_hash=hit["entry_hash"]))
        db.execute(delete(Suppression).where(Suppression.hit_id == hit_id))
        self._bump(db)

    @staticmethod
    def _why_not(db: Session, hit_id: str) -> str:
        state = db.get(HitState, hit_id)
        if state is None:
            return "This hit cannot be changed now."
        db.refresh(state)
        if state.status in CLOSED_STATUSES:
            return f"This hit was already decided ({state.status}) by {state.decided_by}."
        if state.claimed_by:
            return f"This hit is claimed by {state.claimed_by}."
        return "This hit cannot be changed now."
