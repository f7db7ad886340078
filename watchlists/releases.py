"""List releases: a stable hash per entry, a release id per load, and what changed between two releases.

An entry's hash covers every field the loaders fill (canonical JSON, sorted keys, multi-valued fields as
sets), so a changed date of birth, alias or document makes the entry "changed"; an entry_id missing from the new release is
"removed". The content hash of a release is independent of row order in the source file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from watchlists.model import DateOfBirth, WatchlistEntry

__all__ = [
    "ReleaseDiff",
    "content_hash",
    "diff_hashes",
    "diff_releases",
    "entry_from_json",
    "entry_hash",
    "entry_hashes",
    "entry_to_json",
    "release_id",
]

_TUPLE_FIELDS = ("aliases", "weak_aliases", "nationalities", "document_numbers", "places_of_birth",
                 "original_script_names", "programs")


def _entry_dict(entry: WatchlistEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "list_name": entry.list_name,
        "surname": entry.surname,
        "given_names": entry.given_names,
        "full_name": entry.full_name,
        "aliases": list(entry.aliases),
        "weak_aliases": list(entry.weak_aliases),
        "dates_of_birth": [[d.value, d.year_to, d.approximate] for d in entry.dates_of_birth],
        "nationalities": list(entry.nationalities),
        "gender": entry.gender,
        "document_numbers": list(entry.document_numbers),
        "places_of_birth": list(entry.places_of_birth),
        "original_script_names": list(entry.original_script_names),
        "programs": list(entry.programs),
        "remarks": entry.remarks,
    }


def entry_to_json(entry: WatchlistEntry) -> str:
    """Canonical JSON of an entry (sorted keys, no spaces): lossless, and the input of its hash."""
    return json.dumps(_entry_dict(entry), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_from_json(text: str) -> WatchlistEntry:
    data = json.loads(text)
    kwargs: dict[str, Any] = {key: data.get(key) for key in ("entry_id", "list_name", "surname", "given_names",
                                                              "full_name", "gender", "remarks")}
    for key in _TUPLE_FIELDS:
        kwargs[key] = tuple(data.get(key) or ())
    kwargs["dates_of_birth"] = tuple(
        DateOfBirth(value, year_to=year_to, approximate=bool(approx))
        for value, year_to, approx in data.get("dates_of_birth") or ())
    return WatchlistEntry(**kwargs)


def entry_hash(entry: WatchlistEntry) -> str:
    """Hash of the entry's content. Multi-valued fields are compared as sets: OFAC renumbers alt names
    between releases, and a reordered alias list is not a change an analyst needs to see."""
    data = _entry_dict(entry)
    for key in (*_TUPLE_FIELDS, "dates_of_birth"):
        data[key] = sorted(data[key], key=json.dumps)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hashes(entries: Iterable[WatchlistEntry]) -> dict[str, str]:
    """entry_id → entry hash. Raises ValueError on a repeated entry_id: ids must be unique in a list."""
    out: dict[str, str] = {}
    for entry in entries:
        if entry.entry_id in out:
            raise ValueError(f"entry_id {entry.entry_id} appears twice in list {entry.list_name}")
        out[entry.entry_id] = entry_hash(entry)
    return out


def content_hash(hashes: Mapping[str, str]) -> str:
    """Hash of a whole release from its entry hashes, independent of order."""
    digest = hashlib.sha256()
    for entry_id in sorted(hashes):
        digest.update(f"{entry_id}\t{hashes[entry_id]}\n".encode())
    return digest.hexdigest()


def release_id(list_name: str, content: str, loaded_at: datetime) -> str:
    """``LIST@YYYYMMDDTHHMMSSZ#hash12``: readable, sortable per list, unique per load."""
    stamp = loaded_at.astimezone(UTC) if loaded_at.tzinfo else loaded_at
    return f"{list_name}@{stamp:%Y%m%dT%H%M%S}Z#{content[:12]}"


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    """Entry ids added, changed and removed from an old release to a new one (each sorted)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def change_of(self, entry_id: str) -> str:
        """"added", "changed" or "unchanged" for an entry of the new release."""
        if entry_id in self.added:
            return "added"
        return "changed" if entry_id in self.changed else "unchanged"


def _id_key(entry_id: str) -> tuple[int, str]:
    # Numeric ids (OFAC ent_num, UN DATAID) sort numerically, others after them as text.
    return (0, f"{int(entry_id):020d}") if entry_id.isdigit() else (1, entry_id)


def diff_hashes(old: Mapping[str, str], new: Mapping[str, str]) -> ReleaseDiff:
    """Diff of two releases given as entry_id → entry hash."""
    added = sorted(new.keys() - old.keys(), key=_id_key)
    removed = sorted(old.keys() - new.keys(), key=_id_key)
    common = old.keys() & new.keys()
    changed = sorted((i for i in common if old[i] != new[i]), key=_id_key)
    return ReleaseDiff(tuple(added), tuple(changed), tuple(removed), len(common) - len(changed))


def diff_releases(old: Iterable[WatchlistEntry], new: Iterable[WatchlistEntry]) -> ReleaseDiff:
    return diff_hashes(entry_hashes(old), entry_hashes(new))
