"""One StructType per lakehouse table, declared once. The folder name under the lakehouse is the
table name. Documented for users in docs/tables.md.

Contract between jobs/, dags/ and the web app (which reads the same tables with deltalake, no JVM):
add columns freely (nullable, at the end), never rename or drop one.
"""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DateType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

__all__ = ["TABLES", "schema_of"]


def _s(*fields: tuple[str, object, bool]) -> StructType:
    return StructType([StructField(name, dtype, nullable) for name, dtype, nullable in fields])  # type: ignore[arg-type]


S, L, I, D, B, TS, DT = StringType(), LongType(), IntegerType(), DoubleType(), BooleanType(), TimestampType(), DateType()  # noqa: E741

# Bronze: one row per file received (a "push"); its messages are parsed from `content`.
RAW_MESSAGES = _s(
    ("receipt_id", S, False),  # sha256 + file name + received_at: one per receipt
    ("message_id", S, False),  # sha256 of the bytes: a byte-identical resend has the same id
    ("file_name", S, False),
    ("received_at", TS, False),
    ("size_bytes", L, False),
    ("content", BinaryType(), False),
    ("carrier", S, True),
    ("message_type", S, True),  # PAXLST / PNRGOV / CUSRES / CONTRL / UNKNOWN
    ("message_version", S, True),
    ("sender", S, True),
    ("status", S, False),  # loaded | duplicate | failed | quarantined | held
    ("error_count", I, True),
    ("warning_count", I, True),
    ("traveller_count", I, True),
    ("run_id", S, True),
)

MESSAGE_ISSUES = _s(
    ("message_id", S, False),
    ("file_name", S, True),
    ("carrier", S, True),
    ("issue_seq", I, False),
    ("code", S, False),
    ("severity", S, False),
    ("message", S, False),
    ("segment_index", I, True),
    ("tag", S, True),
    ("line", I, True),
    ("column", I, True),
    ("excerpt", S, True),
    ("message_ref", S, True),
    ("received_at", TS, True),
)

FLIGHTS = _s(
    ("flight_key", S, False),  # CARRIER|NUMBER(no leading zeros)|ORIGIN|DEST|YYYY-MM-DD (local departure date)
    ("carrier", S, True),
    ("flight_number", S, True),
    ("flight", S, True),  # as transmitted, e.g. LH400
    ("origin", S, True),
    ("destination", S, True),
    ("departure_local", S, True),  # YYYY-MM-DDTHH:MM local time at origin
    ("arrival_local", S, True),
    ("origin_tz", S, True),
    ("destination_tz", S, True),
    ("departure_utc", TS, True),
    ("arrival_utc", TS, True),
    ("flight_date", DT, True),  # partition column: local departure date
    ("updated_at", TS, True),
)

TRAVELLERS = _s(
    ("traveller_key", S, False),  # stable per person per flight per source: see jobs/normalise.py
    ("identity_key", S, False),  # hash of the screened fields: rescreen only when it changes
    ("flight_key", S, False),
    ("source", S, False),  # PAXLST / PNRGOV
    ("role", S, False),
    ("surname", S, True),
    ("given_names", S, True),
    ("date_of_birth", S, True),
    ("gender", S, True),
    ("nationality", S, True),
    ("residence_country", S, True),
    ("place_of_birth", S, True),
    ("document_type", S, True),
    ("document_number", S, True),
    ("document_issuing_country", S, True),
    ("document_expiry", S, True),
    ("booking_ref", S, True),
    ("seat", S, True),
    ("bag_count", I, True),
    ("status", S, False),  # active | cancelled | removed
    ("message_id", S, False),  # lineage: the message that last set this row
    ("message_ref", S, True),
    ("segment_start", I, True),
    ("segment_end", I, True),
    ("flight_date", DT, True),
    ("updated_at", TS, True),
)

DOCUMENTS = _s(
    ("traveller_key", S, False),
    ("doc_seq", I, False),
    ("doc_type", S, True),
    ("number", S, True),
    ("issuing_country", S, True),
    ("expiry", S, True),
    ("issue_date", S, True),
    ("source", S, True),
    ("flight_date", DT, True),
    ("flight_key", S, True),  # added by the lakehouse jobs: replace a flight's documents in one MERGE
)

PNRS = _s(
    ("pnr_key", S, False),  # record locator|flight_key
    ("record_locator", S, False),
    ("flight_key", S, False),
    ("carrier", S, True),
    ("latest_version_id", S, False),
    ("pushed_at", TS, True),
    ("status", S, False),  # active | cancelled
    ("passenger_count", I, True),
    ("flight_date", DT, True),
    ("updated_at", TS, True),
)

PNR_VERSIONS = _s(
    ("version_id", S, False),  # pnr_key|message_id
    ("pnr_key", S, False),
    ("record_locator", S, False),
    ("flight_key", S, False),
    ("message_id", S, False),
    ("pushed_at", TS, True),
    ("hours_before_departure", D, True),
    ("push_type", S, True),  # full | update
    ("cancelled", B, False),
    ("passenger_count", I, True),
    ("content_json", S, True),  # the parsed PNR, for "what changed between pushes"
    ("flight_date", DT, True),
    ("carrier", S, True),  # added by the lakehouse jobs
)

API_PNR_LINKS = _s(
    ("flight_key", S, False),
    ("api_traveller_key", S, False),
    ("pnr_traveller_key", S, False),
    ("record_locator", S, True),
    ("method", S, False),  # booking_ref | name_dob
    ("flight_date", DT, True),
)

QUARANTINE = _s(
    ("message_id", S, False),
    ("file_name", S, False),
    ("received_at", TS, False),
    ("content", BinaryType(), False),
    ("reason", S, False),
    ("run_id", S, True),
)

WATCHLIST_ENTRIES = _s(
    ("entry_id", S, False),
    ("list_name", S, False),
    ("release_id", S, False),
    ("surname", S, True),
    ("given_names", S, True),
    ("full_name", S, True),
    ("aliases", ArrayType(S), True),
    ("date_of_birth", S, True),
    ("nationality", S, True),
    ("gender", S, True),
    ("document_numbers", ArrayType(S), True),
    ("entry_hash", S, False),
    ("change", S, True),  # added | changed | unchanged (relative to the previous release)
    ("loaded_at", TS, True),
    ("entry_json", S, True),  # the whole WatchlistEntry (watchlists.releases.entry_to_json): what screening reads
)

# One row per list release; the latest loaded_at of a list is its current release. Written after the
# release's entries, so a load killed half-way leaves no release that points at missing entries.
WATCHLIST_RELEASES = _s(
    ("release_id", S, False),  # LIST@YYYYMMDDTHHMMSSZ#content-hash-prefix
    ("list_name", S, False),
    ("content_hash", S, False),
    ("loaded_at", TS, False),
    ("source_path", S, True),
    ("entry_count", I, False),
    ("added_count", I, False),
    ("changed_count", I, False),
    ("removed_count", I, False),
    ("previous_release_id", S, True),
    ("removed_entry_ids", ArrayType(S), True),
)

# Which traveller identity was last screened against which release of which list: screening skips a
# (traveller, list) pair unless its identity_key, the list's current release, or the algorithm or
# threshold changed.
SCREENING_STATE = _s(
    ("traveller_key", S, False),
    ("list_name", S, False),
    ("identity_key", S, False),
    ("release_id", S, False),
    ("hit_count", I, False),
    ("screened_at", TS, False),
    ("algorithm", S, True),  # a change of algorithm or threshold rescreens too
    ("threshold", D, True),
)

HITS = _s(
    ("hit_id", S, False),  # stable: hash(identity of the traveller on this flight, entry_id, list_name)
    ("traveller_key", S, False),
    ("identity_key", S, False),
    ("flight_key", S, False),
    ("flight", S, True),
    ("arrival_utc", TS, True),
    ("entry_id", S, False),
    ("list_name", S, False),
    ("list_release", S, False),
    ("score", D, False),
    ("explanation", S, False),  # the sentence an analyst reads
    ("features_json", S, True),  # per-feature (score, detail) as JSON
    ("algorithm", S, False),
    ("surname", S, True),
    ("given_names", S, True),
    ("date_of_birth", S, True),
    ("nationality", S, True),
    ("document_number", S, True),
    ("entry_name", S, True),
    ("status", S, False),  # open | superseded (the traveller or entry no longer matches)
    ("screened_at", TS, False),
    ("flight_date", DT, True),
)

# One row per EDIFACT message (UNH..UNT) of every loaded file: the message log, the ordering of
# pushes (full/update, PAXLST change/cancel), and the holding table of incomplete multi-part sets.
MESSAGES = _s(
    ("message_key", S, False),  # message_id|index of the message in the file
    ("message_id", S, False),
    ("message_index", I, False),
    ("file_name", S, True),
    ("received_at", TS, True),
    ("sent_at", TS, True),  # UNB preparation time (UTC), else received_at: orders versions
    ("message_type", S, True),  # PAXLST / PNRGOV
    ("message_version", S, True),
    ("message_ref", S, True),
    ("document_type", S, True),  # PAXLST BGM 1001
    ("function", S, True),  # PAXLST BGM 1225/4343, PNRGOV MSG 1225
    ("push_type", S, True),  # PNRGOV: full | update
    ("action", S, True),  # upsert | cancel | remove | cancel_flight | none
    ("carrier", S, True),
    ("sender", S, True),
    ("flight_key", S, True),
    ("departure_utc", TS, True),
    ("set_key", S, True),  # multi-part PAXLST set, else null
    ("part_seq", I, True),
    ("part_final", B, True),
    ("status", S, False),  # held | loaded (awaiting normalise) | applied | failed
    ("traveller_count", I, True),
    ("pnr_count", I, True),
    ("run_id", S, True),
    ("flight_date", DT, True),
    ("part_seqs", ArrayType(I), True),  # the S010 sequence numbers this message carries
)

# Every traveller as given by every message (API and PNR): the history the current `travellers`
# rows are derived from (latest version wins; change/cancel/removal applied in order).
TRAVELLER_VERSIONS = _s(
    ("version_id", S, False),  # traveller_key|message_key
    ("traveller_key", S, False),
    ("identity_key", S, False),
    ("message_key", S, False),
    ("message_id", S, False),
    ("message_ref", S, True),
    ("flight_key", S, False),
    ("source", S, False),
    ("role", S, False),
    ("surname", S, True),
    ("given_names", S, True),
    ("date_of_birth", S, True),
    ("gender", S, True),
    ("nationality", S, True),
    ("residence_country", S, True),
    ("place_of_birth", S, True),
    ("document_type", S, True),
    ("document_number", S, True),
    ("document_issuing_country", S, True),
    ("document_expiry", S, True),
    ("booking_ref", S, True),
    ("seat", S, True),
    ("bag_count", I, True),
    ("pnr_key", S, True),
    ("traveller_ref", S, True),
    ("documents_json", S, True),
    ("segment_start", I, True),
    ("segment_end", I, True),
    ("sent_at", TS, True),
    ("flight_date", DT, True),
)

TABLES: dict[str, StructType] = {
    "raw_messages": RAW_MESSAGES,
    "message_issues": MESSAGE_ISSUES,
    "flights": FLIGHTS,
    "travellers": TRAVELLERS,
    "documents": DOCUMENTS,
    "pnrs": PNRS,
    "pnr_versions": PNR_VERSIONS,
    "api_pnr_links": API_PNR_LINKS,
    "quarantine": QUARANTINE,
    "watchlist_entries": WATCHLIST_ENTRIES,
    "watchlist_releases": WATCHLIST_RELEASES,
    "screening_state": SCREENING_STATE,
    "hits": HITS,
    "messages": MESSAGES,
    "traveller_versions": TRAVELLER_VERSIONS,
}


def schema_of(table: str) -> StructType:
    return TABLES[table]
