"""Pure row building for the lakehouse: parsed model → table rows, and per-flight current state.

No Spark here. The Spark jobs (jobs/ingest.py, jobs/normalise.py) run these functions over partitions
(``mapInArrow``) and over flight groups (``applyInArrow``); tests run them directly. Two entry points:

- :func:`file_facts`: one received file → "fact" rows, each ``{"kind": K, K: {...row...}}`` with K in
  ``file`` (raw_messages), ``issue`` (message_issues), ``quarantine``, ``message`` (messages), ``leg``
  (flights), ``traveller`` (traveller_versions), ``pnr`` (pnr_versions).
- :func:`derive_flight`: every loaded version of one flight (messages, traveller versions, PNR versions)
  → the current rows of travellers, documents, pnrs and api_pnr_links for that flight. Current state
  is a function of the whole history, never of arrival order, so reruns and late arrivals converge.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from jobs.timezones import airport_timezone, local_to_utc
from parsers.model import FlightLeg, Interchange, PaxlstMessage, Pnr, PnrgovMessage, Severity, Traveller
from parsers.paxlst.assembly import is_part, set_key

__all__ = [
    "ACTIONS",
    "FileInput",
    "derive_flight",
    "file_facts",
    "flight_key",
    "leg_row",
    "link_travellers",
    "message_action",
    "normalise_flight_number",
    "order_key",
    "sniff_message_type",
]

Row = dict[str, Any]
Parse = Callable[[bytes], Iterable[Interchange]]

# What a message does to the travellers it lists (edifact.md §3.5).
ACTIONS = ("upsert", "cancel", "remove", "cancel_flight", "none")
_CANCEL = {"XR"}  # cancel reservation
_REMOVE = {"RP", "H"}  # reduction in party; master crew list delete
_FLIGHT_CANCEL = {"XF"}  # with BGM 266
_NO_TRAVELLER_CHANGE = {"CL", "CLOB", "CLNB", "CF"}  # flight close / change: no traveller data

ISSUE_NO_FLIGHT = "ING001"
ISSUE_INCOMPLETE_SET = "ING002"
ISSUE_PARSER_CRASH = "ING003"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FileInput:
    """One received file: its identity (sha256 = message_id), name, receipt time and bytes."""

    receipt_id: str
    message_id: str
    file_name: str
    received_at: datetime
    content: bytes
    run_id: str | None = None


def _hash(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _norm(text: str | None) -> str:
    """Upper-case letters and digits only: the comparison form of names and numbers."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def normalise_flight_number(number: str | None) -> str | None:
    """``"0400"`` → ``"400"``, ``" 12a"`` → ``"12A"``: API and PNR for one flight must meet."""
    if number is None:
        return None
    text = number.strip().upper()
    match = re.fullmatch(r"0*(\d+)([A-Z]?)", text)
    if match:
        return match.group(1) + match.group(2)
    return text or None


def flight_key(leg: FlightLeg | None) -> str | None:
    """``CARRIER|NUMBER|ORIGIN|DEST|YYYY-MM-DD`` (local departure date); None without carrier+number."""
    if leg is None:
        return None
    carrier = (leg.carrier or "").strip().upper()
    number = normalise_flight_number(leg.number)
    if not carrier or not number:
        return None
    parts = (
        carrier,
        number,
        (leg.departure_airport or "").strip().upper(),
        (leg.arrival_airport or "").strip().upper(),
        leg.departure_date or "",
    )
    return "|".join(parts)


def _flight_date(key: str | None) -> date | None:
    if not key:
        return None
    text = key.rsplit("|", 1)[-1]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _utc(text: str | None) -> datetime | None:
    """A UNB ``YYYY-MM-DDTHH:MM`` (UTC by convention) as an aware datetime."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


def order_key(sent_at: datetime | None, message_key: str) -> tuple[datetime, str]:
    """How versions are ordered: send time, then message key (deterministic tie-break)."""
    return (sent_at or _EPOCH, message_key)


def leg_row(leg: FlightLeg, *, updated_at: datetime | None) -> Row | None:
    key = flight_key(leg)
    if key is None:
        return None
    origin_tz = airport_timezone(leg.departure_airport)
    destination_tz = airport_timezone(leg.arrival_airport)
    return {
        "flight_key": key,
        "carrier": (leg.carrier or "").strip().upper() or None,
        "flight_number": normalise_flight_number(leg.number),
        "flight": leg.flight,
        "origin": leg.departure_airport,
        "destination": leg.arrival_airport,
        "departure_local": leg.departure_local,
        "arrival_local": leg.arrival_local,
        "origin_tz": origin_tz,
        "destination_tz": destination_tz,
        "departure_utc": local_to_utc(leg.departure_local, origin_tz),
        "arrival_utc": local_to_utc(leg.arrival_local, destination_tz),
        "flight_date": _flight_date(key),
        "updated_at": updated_at,
    }


def message_action(msg: PaxlstMessage | PnrgovMessage) -> str:
    """upsert | cancel | remove | cancel_flight | none, from BGM 1001/1225 (PNR pushes: upsert)."""
    if isinstance(msg, PnrgovMessage):
        return "upsert"
    function = (msg.function or "").strip().upper()
    if msg.document_type == "266" or function in _NO_TRAVELLER_CHANGE | _FLIGHT_CANCEL:
        return "cancel_flight" if function in _FLIGHT_CANCEL else "none"
    if function in _CANCEL:
        return "cancel"
    if function in _REMOVE:
        return "remove"
    return "upsert"


_TYPE_RE = re.compile(rb"UNH.{1,60}?(PAXLST|PNRGOV|CUSRES|CONTRL)", re.S)


def sniff_message_type(content: bytes) -> str:
    """The first message type named in a UNH, for files the parser returns nothing for."""
    match = _TYPE_RE.search(content[:65536])
    return match.group(1).decode("ascii") if match else "UNKNOWN"


def _push_type(code: str | None) -> str | None:
    code = (code or "").strip()
    if code == "22":
        return "full"
    if code == "141":
        return "update"
    return None


def _traveller_key(t: Traveller, fkey: str, pnr_key: str | None) -> str:
    if t.source == "PNRGOV":
        return _hash("PNRGOV", fkey, pnr_key, _norm(t.surname), _norm(t.given_names), t.is_infant)
    group = "crew" if "crew" in t.role else "passenger"
    return _hash("PAXLST", fkey, group, _norm(t.surname), _norm(t.given_names), t.date_of_birth)


def _identity_key(t: Traveller) -> str:
    doc = t.document
    return _hash(
        _norm(t.surname),
        _norm(t.given_names),
        t.date_of_birth,
        t.gender,
        t.nationality,
        _norm(doc.number) if doc else None,
        doc.issuing_country if doc else None,
    )


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _json_default(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    return str(value)  # dates and times


def _to_json(value: Any) -> str:
    """Compact JSON of parser dataclasses, equal to ``json.dumps(asdict(value), default=str)``.

    json's C encoder walks the nesting and asks :func:`_json_default` only for each dataclass (a shallow
    dict of its fields) and each date: no deep copy, unlike ``asdict`` (which was half of the row
    building's time on PNRGOV)."""
    return json.dumps(value, separators=(",", ":"), default=_json_default)


def _traveller_row(
    t: Traveller, *, fkey: str, message_key: str, message_id: str, message_ref: str | None,
    sent_at: datetime | None, pnr_key: str | None = None, record_locator: str | None = None,
) -> Row:
    doc = t.document
    tkey = _traveller_key(t, fkey, pnr_key)
    return {
        "version_id": f"{tkey}|{message_key}",
        "traveller_key": tkey,
        "identity_key": _identity_key(t),
        "message_key": message_key,
        "message_id": message_id,
        "message_ref": message_ref,
        "flight_key": fkey,
        "source": t.source,
        "role": t.role,
        "surname": t.surname,
        "given_names": t.given_names,
        "date_of_birth": t.date_of_birth,
        "gender": t.gender,
        "nationality": t.nationality,
        "residence_country": t.residence_country,
        "place_of_birth": t.place_of_birth,
        "document_type": doc.doc_type if doc else None,
        "document_number": doc.number if doc else None,
        "document_issuing_country": doc.issuing_country if doc else None,
        "document_expiry": doc.expiry if doc else None,
        "booking_ref": record_locator or t.booking_ref,
        "seat": t.seat,
        "bag_count": t.bag_count,
        "pnr_key": pnr_key,
        "traveller_ref": t.traveller_ref,
        "documents_json": _to_json(t.documents),
        "segment_start": t.segment_start,
        "segment_end": t.segment_end,
        "sent_at": sent_at,
        "flight_date": _flight_date(fkey),
    }


def _pnr_row(
    pnr: Pnr, *, fkey: str, carrier: str | None, message_id: str, pushed_at: datetime | None,
    departure_utc: datetime | None, push_type: str | None,
) -> Row:
    locator = (pnr.record_locator or "").strip().upper()
    pnr_key = f"{locator}|{fkey}"
    hours = None
    if pushed_at is not None and departure_utc is not None:
        hours = round((departure_utc - pushed_at).total_seconds() / 3600.0, 2)
    return {
        "version_id": f"{pnr_key}|{message_id}",
        "pnr_key": pnr_key,
        "record_locator": locator,
        "flight_key": fkey,
        "message_id": message_id,
        "pushed_at": pushed_at,
        "hours_before_departure": hours,
        "push_type": push_type,
        "cancelled": bool(pnr.cancelled),
        "passenger_count": len(pnr.passengers),
        "content_json": _to_json(pnr),
        "flight_date": _flight_date(fkey),
        "carrier": carrier,
    }


def _message_flight(msg: PaxlstMessage | PnrgovMessage) -> FlightLeg | None:
    if isinstance(msg, PnrgovMessage):
        return msg.flight
    if msg.crossing_leg is not None:
        return msg.crossing_leg
    return msg.legs[-1] if msg.legs else None


def _part_seqs(msg: PaxlstMessage) -> tuple[int, ...]:
    """The UNH S010 sequence numbers a message carries (several when the parser merged parts)."""
    if msg.parts:
        return tuple(sorted(set(msg.parts)))
    return (msg.part.sequence,) if msg.part.sequence is not None else ()


def _set_key(msg: PaxlstMessage, sender: str | None) -> str | None:
    """Multi-part PAXLST set key, or None when the message is a whole list.

    Whole: no S010 sequence, ``01:F``, or parts the parser already merged into a complete set.
    The key is the parser's own (parsers.paxlst.assembly.set_key) plus the sender, hashed.
    """
    if msg.parts and msg.complete:
        return None
    if not msg.parts and not is_part(msg):
        return None
    return _hash("SET", sender, *set_key(msg))


def _issue_row(issue: Any, *, seq: int, f: FileInput, carrier: str | None) -> Row:
    return {
        "message_id": f.message_id,
        "file_name": f.file_name,
        "carrier": carrier,
        "issue_seq": seq,
        "code": issue.code,
        "severity": str(issue.severity),
        "message": issue.message,
        "segment_index": issue.segment_index,
        "tag": issue.tag,
        "line": issue.line,
        "column": issue.column,
        "excerpt": issue.excerpt,
        "message_ref": issue.message_ref,
        "received_at": f.received_at,
    }


def _default_parse(content: bytes) -> Iterable[Interchange]:
    """The pure parser, WITHOUT assembling multi-part sets: the lakehouse assembles them across files
    and runs (each part a message of its own, held until its set is complete or its flight left)."""
    from parsers.api import iter_raw, to_interchange

    return [to_interchange(raw, assemble=False) for raw in iter_raw(content)]


def _parser_error_types() -> tuple[type[BaseException], ...]:
    try:
        from parsers.api import ParserError
    except ImportError:  # the parser package is always present in practice; keep tests honest
        return ()
    return (ParserError,)


def file_facts(f: FileInput, *, parse: Parse | None = None) -> list[Row]:
    """Parse one received file into fact rows (see module doc). Never raises for bad input.

    A file the parser cannot read at all is quarantined with its bytes and the reason; any other
    failure of the parser on it is quarantined too (reason says so) so nothing an airline sent is lost.
    """
    parse = parse or _default_parse
    try:
        interchanges = list(parse(f.content))
    except _parser_error_types() as exc:
        return _quarantined(f, f"unreadable: {exc}")
    except Exception as exc:  # a parser bug must not lose the file: quarantine it, say why
        return _quarantined(f, f"{ISSUE_PARSER_CRASH} parser failed: {type(exc).__name__}: {exc}")

    facts: list[Row] = []
    issues: list[Any] = []
    sender = next((ic.sender for ic in interchanges if ic.sender), None)
    messages: list[tuple[Interchange, PaxlstMessage | PnrgovMessage]] = [
        (ic, m) for ic in interchanges for m in ic.messages
    ]
    carrier = None
    for _ic, m in messages:
        leg = _message_flight(m)
        if leg is not None and leg.carrier:
            carrier = leg.carrier.strip().upper()
            break
    loaded = failed = travellers = 0
    for ic in interchanges:
        issues.extend(ic.issues)
    for index, (ic, msg) in enumerate(messages):
        issues.extend(msg.issues)
        rows, status = _message_facts(f, ic, msg, index=index, carrier=carrier, sender=sender or ic.sender)
        if status == "failed":
            failed += 1
            issues.append(
                _Issue(ISSUE_NO_FLIGHT, Severity.ERROR,
                       "no flight could be identified (carrier and number): message not loaded",
                       msg.message_ref)
            )
        else:
            loaded += 1
            travellers += sum(1 for r in rows if r["kind"] == "traveller")
        facts.extend(rows)

    facts = _unique_versions(facts)
    for seq, issue in enumerate(issues):
        facts.append({"kind": "issue", "issue": _issue_row(issue, seq=seq, f=f, carrier=carrier)})
    first = messages[0][1] if messages else None
    status = "loaded" if loaded or not messages else "failed"
    errors = sum(1 for i in issues if str(i.severity) == "error")
    facts.append({"kind": "file", "file": {
        "receipt_id": f.receipt_id,
        "message_id": f.message_id,
        "file_name": f.file_name,
        "received_at": f.received_at,
        "size_bytes": len(f.content),
        "content": f.content,
        "carrier": carrier,
        "message_type": first.type if first is not None else sniff_message_type(f.content),
        "message_version": first.version if first is not None else None,
        "sender": sender,
        "status": status,
        "error_count": errors,
        "warning_count": len(issues) - errors,
        "traveller_count": travellers,
        "run_id": f.run_id,
    }})
    return facts


def _unique_versions(facts: list[Row]) -> list[Row]:
    """One row per ``version_id`` within the file, chosen deterministically: the first version of a
    traveller transmitted twice in a message; of a PNR sent twice in a file, the last one (the file's
    latest word on it). Version ids carry the file's hash, so files never share one: the ingest writes
    them as they are."""
    seen: dict[tuple[str, str], int] = {}
    out: list[Row] = []
    for fact in facts:
        kind = fact["kind"]
        if kind not in ("traveller", "pnr"):
            out.append(fact)
            continue
        key = (kind, fact[kind]["version_id"])
        at = seen.get(key)
        if at is None:
            seen[key] = len(out)
            out.append(fact)
        elif kind == "pnr":
            out[at] = fact
    return out


@dataclass(frozen=True, slots=True)
class _Issue:
    """An issue raised by the lakehouse itself (ING* codes), shaped like parsers.model.Issue."""

    code: str
    severity: Severity
    message: str
    message_ref: str | None = None
    segment_index: int | None = None
    tag: str | None = None
    line: int | None = None
    column: int | None = None
    excerpt: str | None = None


def _quarantined(f: FileInput, reason: str) -> list[Row]:
    return [
        {"kind": "quarantine", "quarantine": {
            "message_id": f.message_id,
            "file_name": f.file_name,
            "received_at": f.received_at,
            "content": f.content,
            "reason": reason[:2000],
            "run_id": f.run_id,
        }},
        {"kind": "file", "file": {
            "receipt_id": f.receipt_id,
            "message_id": f.message_id,
            "file_name": f.file_name,
            "received_at": f.received_at,
            "size_bytes": len(f.content),
            "content": f.content,
            "carrier": None,
            "message_type": sniff_message_type(f.content),
            "message_version": None,
            "sender": None,
            "status": "quarantined",
            "error_count": 1,
            "warning_count": 0,
            "traveller_count": 0,
            "run_id": f.run_id,
        }},
    ]


def _message_facts(
    f: FileInput, ic: Interchange, msg: PaxlstMessage | PnrgovMessage, *, index: int,
    carrier: str | None, sender: str | None,
) -> tuple[list[Row], str]:
    message_key = f"{f.message_id}|{index}"
    sent_at = _utc(ic.prepared_at) or f.received_at
    leg = _message_flight(msg)
    fkey = flight_key(leg)
    main_leg = leg_row(leg, updated_at=sent_at) if leg is not None else None
    departure_utc = main_leg["departure_utc"] if main_leg else None
    is_pnr = isinstance(msg, PnrgovMessage)
    set_key = None if is_pnr or fkey is None else _set_key(msg, sender)  # type: ignore[arg-type]
    seqs = _part_seqs(msg) if set_key else ()  # type: ignore[arg-type]
    status = "failed" if fkey is None else ("held" if set_key else "loaded")
    rows: list[Row] = []
    msg_carrier = (leg.carrier or "").strip().upper() or None if leg is not None else carrier

    legs: Sequence[FlightLeg] = () if is_pnr else msg.legs  # type: ignore[union-attr]
    if is_pnr and leg is not None:
        legs = (leg,)
    for each in legs:
        row = leg_row(each, updated_at=sent_at)
        if row is not None:
            rows.append({"kind": "leg", "leg": row})
    if main_leg is not None and all(r["leg"]["flight_key"] != fkey for r in rows):
        rows.append({"kind": "leg", "leg": main_leg})

    pnr_count = None
    if fkey is not None:
        if isinstance(msg, PnrgovMessage):
            push = _push_type(msg.push_type)
            pnr_count = len(msg.pnrs)
            for pnr in msg.pnrs:
                prow = _pnr_row(pnr, fkey=fkey, carrier=msg_carrier, message_id=f.message_id,
                                pushed_at=sent_at, departure_utc=departure_utc, push_type=push)
                rows.append({"kind": "pnr", "pnr": prow})
                for t in pnr.passengers:
                    rows.append({"kind": "traveller", "traveller": _traveller_row(
                        t, fkey=fkey, message_key=message_key, message_id=f.message_id,
                        message_ref=msg.message_ref, sent_at=sent_at, pnr_key=prow["pnr_key"],
                        record_locator=prow["record_locator"])})
        else:
            for t in msg.travellers:
                rows.append({"kind": "traveller", "traveller": _traveller_row(
                    t, fkey=fkey, message_key=message_key, message_id=f.message_id,
                    message_ref=msg.message_ref, sent_at=sent_at)})
    else:
        rows = [r for r in rows if r["kind"] == "leg"]

    part = msg.part
    rows.append({"kind": "message", "message": {
        "message_key": message_key,
        "message_id": f.message_id,
        "message_index": index,
        "file_name": f.file_name,
        "received_at": f.received_at,
        "sent_at": sent_at,
        "message_type": msg.type,
        "message_version": msg.version,
        "message_ref": msg.message_ref,
        "document_type": None if is_pnr else msg.document_type,  # type: ignore[union-attr]
        "function": msg.push_type if is_pnr else msg.function,  # type: ignore[union-attr]
        "push_type": _push_type(msg.push_type) if is_pnr else None,  # type: ignore[union-attr]
        "action": message_action(msg),
        "carrier": msg_carrier,
        "sender": sender,
        "flight_key": fkey,
        "departure_utc": departure_utc,
        "set_key": set_key,
        "part_seq": seqs[0] if seqs else None,
        "part_final": part.final if set_key else None,
        "part_seqs": list(seqs) if set_key else None,
        "status": status,
        "traveller_count": sum(1 for r in rows if r["kind"] == "traveller"),
        "pnr_count": pnr_count,
        "run_id": f.run_id,
        "flight_date": _flight_date(fkey),
    }})
    return rows, status


# ---------------------------------------------------------------------------------------------
# Current state of one flight


def _status_of(action: str) -> str:
    return {"cancel": "cancelled", "remove": "removed"}.get(action, "active")


def derive_flight(events: Iterable[Row]) -> list[Row]:
    """Current travellers, documents, pnrs and links of ONE flight from its loaded history.

    ``events`` rows have ``kind``: ``M`` (a messages row), ``T`` (a traveller_versions row), ``P``
    (a pnr_versions row). Rules (edifact.md §3.5, §4.3):
    - API: a traveller's latest version is current; XR → cancelled, RP → removed; a later BGM 266 XF
      cancels every API traveller of the flight.
    - PNR: the latest version of a PNR is current; it is cancelled when that version says so (SRC+RCI,
      empty ORG) or when a later FULL push of the flight does not contain it. A passenger missing from
      the current version of their PNR is removed (cancelled with the PNR). History is never deleted.
    """
    messages: dict[str, Row] = {}
    versions: list[Row] = []
    pnr_versions: list[Row] = []
    for e in events:
        kind = e["kind"]
        if kind == "M":
            messages[e["message_key"]] = e
        elif kind == "T":
            versions.append(e)
        elif kind == "P":
            pnr_versions.append(e)

    pnr_state = _current_pnrs(pnr_versions, messages)
    latest: dict[str, Row] = {}
    for v in versions:
        if v["message_key"] not in messages:
            continue  # its message is held (incomplete set) or failed
        cur = latest.get(v["traveller_key"])
        if cur is None or order_key(v["sent_at"], v["message_key"]) > order_key(cur["sent_at"], cur["message_key"]):
            latest[v["traveller_key"]] = v

    flight_cancels = [
        order_key(m["sent_at"], m["message_key"]) for m in messages.values() if m["action"] == "cancel_flight"
    ]
    out: list[Row] = []
    current: list[Row] = []
    for tkey in sorted(latest):
        v = latest[tkey]
        v_order = order_key(v["sent_at"], v["message_key"])
        updated_at = v["sent_at"]
        if v["source"] == "PNRGOV":
            pnr = pnr_state.get(v["pnr_key"])
            status = "active"
            if pnr is not None:
                if pnr["_content_message_id"] != v["message_id"]:
                    # Not in the PNR's last version with passengers: taken off it before.
                    status = "removed"
                    updated_at = pnr["_content_pushed_at"]
                elif pnr["status"] == "cancelled":
                    status = "cancelled"
                    updated_at = pnr["updated_at"]
        else:
            status = _status_of(messages[v["message_key"]]["action"])
            later = [o for o in flight_cancels if o > v_order]
            if later:
                status = "cancelled"
                updated_at = max(later)[0]
        row = _current_traveller(v, status=status, updated_at=updated_at)
        current.append(row)
        out.append({"kind": "traveller", **row})
        for seq, doc in enumerate(json.loads(v["documents_json"] or "[]")):
            out.append({
                "kind": "document",
                "traveller_key": tkey,
                "doc_seq": seq,
                "doc_type": doc.get("doc_type"),
                "number": doc.get("number"),
                "issuing_country": doc.get("issuing_country"),
                "expiry": doc.get("expiry"),
                "issue_date": doc.get("issue_date"),
                "source": doc.get("source"),
                "flight_date": v["flight_date"],
                "flight_key": v["flight_key"],
            })
    for key in sorted(pnr_state):
        row = {k: val for k, val in pnr_state[key].items() if not k.startswith("_")}
        out.append({"kind": "pnr", **row})
    for link in link_travellers(current):
        out.append({"kind": "link", **link})
    return out


_TRAVELLER_COLUMNS = (
    "traveller_key", "identity_key", "flight_key", "source", "role", "surname", "given_names",
    "date_of_birth", "gender", "nationality", "residence_country", "place_of_birth", "document_type",
    "document_number", "document_issuing_country", "document_expiry", "booking_ref", "seat", "bag_count",
)


def _current_traveller(v: Row, *, status: str, updated_at: datetime | None) -> Row:
    row = {k: v[k] for k in _TRAVELLER_COLUMNS}
    row.update({
        "status": status,
        "message_id": v["message_id"],
        "message_ref": v["message_ref"],
        "segment_start": v["segment_start"],
        "segment_end": v["segment_end"],
        "flight_date": v["flight_date"],
        "updated_at": updated_at,
    })
    return row


def _current_pnrs(pnr_versions: list[Row], messages: dict[str, Row]) -> dict[str, Row]:
    latest: dict[str, Row] = {}
    content: dict[str, Row] = {}  # latest version that is not a cancellation: who was on the PNR
    for p in pnr_versions:
        order = (p["pushed_at"] or _EPOCH, p["message_id"])
        cur = latest.get(p["pnr_key"])
        if cur is None or order > (cur["pushed_at"] or _EPOCH, cur["message_id"]):
            latest[p["pnr_key"]] = p
        cur = content.get(p["pnr_key"])
        if not p["cancelled"] and (cur is None or order > (cur["pushed_at"] or _EPOCH, cur["message_id"])):
            content[p["pnr_key"]] = p
    full_pushes = sorted(
        (m["sent_at"] or _EPOCH, m["message_id"])
        for m in messages.values()
        if m.get("message_type") == "PNRGOV" and m.get("push_type") == "full"
    )
    in_push: dict[str, set[str]] = defaultdict(set)
    for p in pnr_versions:
        in_push[p["message_id"]].add(p["pnr_key"])
    state: dict[str, Row] = {}
    for key, p in latest.items():
        pushed = p["pushed_at"] or _EPOCH
        status = "cancelled" if p["cancelled"] else "active"
        updated_at = p["pushed_at"]
        # A later full push that does not carry this PNR means it no longer holds the flight.
        if status == "active":
            for at, mid in full_pushes:
                if (at, mid) > (pushed, p["message_id"]) and key not in in_push.get(mid, set()):
                    status, updated_at = "cancelled", at
                    break
        state[key] = {
            "pnr_key": key,
            "record_locator": p["record_locator"],
            "flight_key": p["flight_key"],
            "carrier": p.get("carrier"),
            "latest_version_id": p["version_id"],
            "pushed_at": p["pushed_at"],
            "status": status,
            "passenger_count": p["passenger_count"],
            "flight_date": p["flight_date"],
            "updated_at": updated_at,
            "_content_message_id": content[key]["message_id"] if key in content else None,
            "_content_pushed_at": content[key]["pushed_at"] if key in content else None,
        }
    return state


def _given_first(text: str | None) -> str:
    tokens = (text or "").upper().split()
    return _norm(tokens[0]) if tokens else ""


def link_travellers(current: Sequence[Row]) -> Iterator[Row]:
    """API traveller ↔ PNR passenger on the same flight: booking reference first, then name + DOB.

    Booking reference: the API RFF+AVF equals the PNR record locator; with several passengers in that
    PNR the surname decides. Name + DOB: same surname and given names (or first given name) and the
    same date of birth. Only active travellers are linked.
    """
    api = [r for r in current if r["source"] == "PAXLST" and r["status"] == "active"]
    pnr = [r for r in current if r["source"] == "PNRGOV" and r["status"] == "active"]
    by_locator: dict[str, list[Row]] = defaultdict(list)
    for p in pnr:
        by_locator[_norm(p["booking_ref"])].append(p)
    for a in sorted(api, key=lambda r: r["traveller_key"]):
        ref = _norm(a["booking_ref"])
        chosen: list[Row] = []
        method = "booking_ref"
        if ref and ref in by_locator:
            candidates = by_locator[ref]
            if len(candidates) > 1:
                candidates = [p for p in candidates if _norm(p["surname"]) == _norm(a["surname"])] or candidates
            if len(candidates) > 1:
                candidates = [p for p in candidates if _given_first(p["given_names"]) == _given_first(a["given_names"])]
            chosen = candidates[:1] if len(candidates) == 1 else []
        if not chosen and a["date_of_birth"]:
            method = "name_dob"
            chosen = [
                p for p in pnr
                if p["date_of_birth"] == a["date_of_birth"]
                and _norm(p["surname"]) == _norm(a["surname"])
                and (_norm(p["given_names"]) == _norm(a["given_names"])
                     or _given_first(p["given_names"]) == _given_first(a["given_names"]))
            ]
        for p in sorted(chosen, key=lambda r: r["traveller_key"]):
            yield {
                "flight_key": a["flight_key"],
                "api_traveller_key": a["traveller_key"],
                "pnr_traveller_key": p["traveller_key"],
                "record_locator": p["booking_ref"],
                "method": method,
                "flight_date": a["flight_date"],
            }
