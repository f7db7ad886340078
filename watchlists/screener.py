"""Screen travellers against a watchlist: candidate generation, structured scoring, explanation.

The algorithm is a named, versioned list of weighted features (nomenklatura habit)::

    total = name + Σ weight × evidence; score = total up to 0.9, compressed above towards 1
            (more agreeing evidence always ranks higher: no saturation at 1.0)
    name     structured name alignment in [0, 1] (best of the entry's names and aliases)
    evidence name frequency [-1, 0], DOB [-1, 1], nationality [-1, 0.4], gender [-1, 0.1],
             document [-0.1, 1]
    an exact document number is decisive on its own: score >= 0.92

``Screener`` keeps only what it was given and what it derives, so it can be rebuilt cheaply from
the entries (Spark broadcasts the entries and builds one Screener per partition); pickling it
sends the entries and rebuilds on the other side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from watchlists.blocking import BlockingIndex
from watchlists.explain import explain_features
from watchlists.features import (
    _EXTRA_LIST_COST,
    _EXTRA_SUBJECT_COST,
    _INITIAL_WEIGHT,
    _ROLE_WEIGHT,
    _SURNAME_ONLY_CAP,
    _WEAK_ALIAS_FACTOR,
    EvidenceFeature,
    NameComparison,
    NameRecord,
    PreparedEntry,
    PreparedSubject,
    _commonness_value,
    compare_dob,
    compare_document,
    compare_gender,
    compare_names,
    compare_nationality,
    describe_names,
    name_commonness,
    name_records,
    prepare_entry,
    prepare_subject,
)
from watchlists.frequencies import NameFrequencies
from watchlists.model import FeatureResult, Match, Subject, WatchlistEntry

__all__ = ["ALGORITHMS", "ALGORITHM_VERSION", "Algorithm", "Screener", "WeightedFeature"]

ALGORITHM_VERSION = "paxpipe-structured-v1"
_MAX_WEIGHT = max(_ROLE_WEIGHT.values())
# Largest value each evidence feature returns (see its docstring); the pruning bound relies on it.
_MAX_EVIDENCE = {"dob": 0.33, "nationality": 0.4, "gender": 0.1, "document": 1.0}
_INITIAL_PAIR_WEIGHT = (_INITIAL_WEIGHT + _MAX_WEIGHT) / 2


@dataclass(frozen=True, slots=True)
class WeightedFeature:
    name: str
    weight: float
    function: EvidenceFeature


@dataclass(frozen=True, slots=True)
class Algorithm:
    """A named, versioned scoring recipe: evidence features with their weights, added to the name
    score; ``frequency_weight`` scales the name-commonness penalty; ``document_floor`` is the
    least score of an exact document match."""

    name: str
    evidence: tuple[WeightedFeature, ...]
    frequency_weight: float
    document_floor: float

    def bit(self, feature: str) -> int:
        """The presence bit of an evidence feature (its position in ``evidence``)."""
        return 1 << next(i for i, f in enumerate(self.evidence) if f.name == feature)

    def presence(self, side: PreparedEntry | PreparedSubject) -> int:
        """Bits of the evidence features this entry or traveller carries a value for."""
        flags = 0
        for i, feature in enumerate(self.evidence):
            if _PRESENT[feature.name](side):
                flags |= 1 << i
        return flags

    def bonus(self, flags: int) -> float:
        """Most the evidence features with these bits can add (upper bound used for pruning)."""
        return sum(f.weight * _MAX_EVIDENCE[f.name] for i, f in enumerate(self.evidence) if flags >> i & 1)


def _present(side: PreparedEntry | PreparedSubject, entry_field: str, subject_field: str) -> bool:
    if isinstance(side, PreparedEntry):
        return bool(getattr(side, entry_field))
    return getattr(side, subject_field) is not None


_PRESENT: dict[str, Callable[[PreparedEntry | PreparedSubject], bool]] = {
    "dob": lambda side: _present(side, "dobs", "dob"),
    "nationality": lambda side: _present(side, "nationalities", "nationality"),
    "gender": lambda side: _present(side, "gender", "gender"),
    "document": lambda side: _present(side, "documents", "document"),
}


ALGORITHMS: dict[str, Algorithm] = {
    ALGORITHM_VERSION: Algorithm(
        name=ALGORITHM_VERSION,
        evidence=(
            WeightedFeature("dob", 0.30, compare_dob),
            WeightedFeature("nationality", 0.10, compare_nationality),
            WeightedFeature("gender", 0.15, compare_gender),
            WeightedFeature("document", 0.20, compare_document),
        ),
        frequency_weight=0.15,
        document_floor=0.92,
    ),
}


class Screener:
    """Screen subjects against ``entries`` (see module docstring for the algorithm)."""

    def __init__(self, entries: Iterable[WatchlistEntry], *, threshold: float = 0.80,
                 algorithm: str = ALGORITHM_VERSION,
                 name_frequencies: NameFrequencies | None = None) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown algorithm {algorithm!r}; known: {', '.join(sorted(ALGORITHMS))}")
        self.entries: tuple[WatchlistEntry, ...] = tuple(entries)
        self.threshold = threshold
        self.algorithm = ALGORITHMS[algorithm]
        self.frequencies = name_frequencies or NameFrequencies.from_names(_all_names(self.entries))
        self._prepared: list[PreparedEntry] = [prepare_entry(e) for e in self.entries]
        self._records: list[NameRecord] = []
        self._entry_records: list[list[int]] = [[] for _ in self.entries]
        for index, entry in enumerate(self.entries):
            for record in name_records(index, entry, self.frequencies):
                self._entry_records[index].append(len(self._records))
                self._records.append(record)
        self._entry_flags: list[int] = [self.algorithm.presence(p) for p in self._prepared]
        self._document_bit = self.algorithm.bit("document")
        n_flags = 1 << len(self.algorithm.evidence)
        self._bonus_tables: list[list[float]] = [
            [self.algorithm.bonus(f & subject_flags) for f in range(n_flags)] for subject_flags in range(n_flags)
        ]
        self.index = BlockingIndex(self._records, [p.documents for p in self._prepared])
        self._bits_cache: dict[tuple[str, str], float] = {}
        self._rec_len = [len(r.tokens) for r in self._records]
        self._rec_min_weight = [min(r.weights) for r in self._records]
        self._rec_flags = [self._entry_flags[r.entry_index] for r in self._records]
        self._rec_initials = ["".join(t[0] for t in r.tokens) for r in self._records]
        self._rec_factor = [_WEAK_ALIAS_FACTOR if r.kind == "weak alias" else 1.0 for r in self._records]
        self._by_key: dict[tuple[str, str], int] = {
            (e.list_name, e.entry_id): i for i, e in enumerate(self.entries)
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from the entries rather than pickling the derived index (smaller, and as fast).
        return (_rebuild, (self.entries, self.threshold, self.algorithm.name, self.frequencies))

    # ---------------------------------------------------------------- public API

    def candidates(self, subject: Subject) -> list[int]:
        """Indexes (into ``entries``) of the entries candidate generation proposes for ``subject``."""
        prepared = prepare_subject(subject)
        found = {self._records[rid].entry_index for rid in self.index.candidate_records(prepared)}
        found.update(self.index.candidate_entries_by_document(prepared.document))
        return sorted(found)

    def exhaustive_candidates(self, subject: Subject) -> list[int]:
        """Entries worth scoring found without blocking: every entry with a name part aligning with
        one of the traveller's parts (see ``BlockingIndex.exhaustive_records``) or listing the
        document. Every other entry scores below 0.45 + evidence, so brute force over a large list
        need only score these. For recall measurements; slow."""
        prepared = prepare_subject(subject)
        found = {self._records[rid].entry_index for rid in self.index.exhaustive_records(prepared)}
        found.update(self.index.candidate_entries_by_document(prepared.document))
        return sorted(found)

    def screen(self, subject: Subject) -> list[Match]:
        """Matches scoring at least the threshold, best first."""
        prepared = prepare_subject(subject)
        best: dict[int, tuple[float, NameComparison, NameRecord]] = {}
        # Skip records whose name score cannot reach the threshold even with all the evidence:
        # bound the alignment by the traveller parts that reach the record, and the name's
        # information (frequency penalty) by the rarest list parts those parts can align with.
        n_subject = len(prepared.tokens)
        letters = [t for t in prepared.tokens if len(t) == 1]
        n_initials = len(letters)
        s_weights = sorted(prepared.weights)
        # unexplained[a]: least cost of the traveller parts left unaligned when a parts align.
        unexplained = [_EXTRA_SUBJECT_COST * sum(s_weights[: n_subject - a]) for a in range(n_subject + 1)]
        part_bits = [self._max_bits(t, c) for t, c in zip(prepared.tokens, prepared.cores, strict=True)]
        frequency_weight = self.algorithm.frequency_weight
        threshold = self.threshold
        by_document = self.index.candidate_entries_by_document(prepared.document)
        # Evidence can only add what both sides carry; a document adds only for by_document entries.
        bonus = self._bonus_tables[self.algorithm.presence(prepared) & ~self._document_bit]
        rec_len, rec_min_weight, rec_flags = self._rec_len, self._rec_min_weight, self._rec_flags
        rec_factor, rec_initials = self._rec_factor, self._rec_initials
        bounds: dict[int, tuple[int, float]] = {}
        memo: dict[tuple[Any, ...], tuple[float, NameComparison]] = {}
        for rid, mask in self.index.candidate_hits(prepared).items():
            known = bounds.get(mask)
            if known is None:
                chosen = [b for i, b in enumerate(part_bits) if mask >> i & 1]
                known = (len(chosen), frequency_weight * _commonness_value(sum(chosen) + 4.7 * n_initials))
                bounds[mask] = known
            hits, penalty = known
            n_record = rec_len[rid]
            if n_record == 1:  # a single-part name is capped (see compare_names)
                bound = _SURNAME_ONLY_CAP * rec_factor[rid] + penalty
            else:
                initials = sum(1 for c in letters if c in rec_initials[rid]) if letters else 0
                a = min(hits + initials, n_subject, n_record)
                if a == 0:
                    continue
                # Full parts at the largest weight, initials at (0.5 + 1.3) / 2.
                matched = _MAX_WEIGHT * min(hits, a) + _INITIAL_PAIR_WEIGHT * (a - min(hits, a))
                missing = _EXTRA_LIST_COST * rec_min_weight[rid] * (n_record - a)
                bound = rec_factor[rid] * matched / (matched + unexplained[a] + missing) + penalty
            if bound + bonus[rec_flags[rid]] < threshold:
                continue
            record = self._records[rid]
            current = best.get(record.entry_index)
            if current is not None and current[0] >= bound:
                continue  # another name of this entry already does at least as well
            self._keep_best(best, prepared, record, memo)
        for entry_index in by_document:
            if entry_index not in best:
                for rid in self._entry_records[entry_index]:
                    self._keep_best(best, prepared, self._records[rid])
        matches: list[Match] = []
        entry_flags = self._entry_flags
        for entry_index, (rank, comparison, record) in best.items():
            if rank + bonus[entry_flags[entry_index]] < threshold and entry_index not in by_document:
                continue  # even the best possible evidence could not lift it to the threshold
            match = self._assemble(prepared, entry_index, comparison, record)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.list_name, m.entry_id))
        return matches

    def screen_many(self, subjects: Iterable[Subject]) -> Iterator[Match]:
        """Matches of every subject, in subject order, each subject's best first."""
        for subject in subjects:
            yield from self.screen(subject)

    def score(self, subject: Subject, entry: WatchlistEntry) -> Match:
        """Full scoring of one pair, without threshold or candidate generation (also for entries
        that are not in this screener's list)."""
        prepared = prepare_subject(subject)
        entry_index = self._index_of(entry)
        if entry_index is not None:
            records = [self._records[rid] for rid in self._entry_records[entry_index]]
            evidence = self._prepared[entry_index]
        else:
            records = list(name_records(-1, entry, self.frequencies))
            evidence = prepare_entry(entry)
        best: tuple[float, NameComparison, NameRecord] | None = None
        for record in records:
            comparison = compare_names(prepared, record)
            rank = self._rank(comparison)
            if best is None or rank > best[0]:
                best = (rank, comparison, record)
        if best is None:
            empty = NameComparison(0.0, 0.0, (), ())
            match = self._assemble_with(prepared, entry, evidence, empty, None)
        else:
            match = self._assemble_with(prepared, entry, evidence, best[1], best[2])
        assert match is not None  # no threshold given: always a Match
        return match

    # ---------------------------------------------------------------- internals

    def _index_of(self, entry: WatchlistEntry) -> int | None:
        index = self._by_key.get((entry.list_name, entry.entry_id))
        if index is not None and self.entries[index] == entry:
            return index
        return None

    def _max_bits(self, token: str, core: str) -> float:
        """Most information a list part aligned with this traveller part can carry."""
        key = (token, core)
        cached = self._bits_cache.get(key)
        if cached is None:
            bits = self.frequencies.bits
            similar = self.index.similar_parts(token, core) if len(token) > 1 else ()
            cached = max((bits(self.index.part(v)) for v in similar), default=4.7)
            if len(self._bits_cache) > 200_000:
                self._bits_cache.clear()
            self._bits_cache[key] = cached
        return cached

    def _rank(self, comparison: NameComparison) -> float:
        return comparison.score + self.algorithm.frequency_weight * _commonness_value(comparison.bits)

    def _keep_best(self, best: dict[int, tuple[float, NameComparison, NameRecord]],
                   prepared: PreparedSubject, record: NameRecord,
                   memo: dict[tuple[Any, ...], tuple[float, NameComparison]] | None = None) -> None:
        # Many list names repeat exactly (large lists hold many "MARIA GARCIA"): compare once.
        key = (record.tokens, record.roles, record.kind) if memo is not None else None
        known = memo.get(key) if memo is not None and key is not None else None
        if known is None:
            comparison = compare_names(prepared, record)
            known = (self._rank(comparison), comparison)
            if memo is not None and key is not None:
                memo[key] = known
        rank, comparison = known
        current = best.get(record.entry_index)
        if current is None or rank > current[0]:
            best[record.entry_index] = (rank, comparison, record)

    def _assemble(self, prepared: PreparedSubject, entry_index: int, comparison: NameComparison,
                  record: NameRecord) -> Match | None:
        return self._assemble_with(prepared, self.entries[entry_index], self._prepared[entry_index],
                                   comparison, record, self.threshold)

    def _assemble_with(self, prepared: PreparedSubject, entry: WatchlistEntry, evidence: PreparedEntry,
                       comparison: NameComparison, record: NameRecord | None,
                       threshold: float | None = None) -> Match | None:
        """The Match of one pair; None when ``threshold`` is given and not reached (the analyst's
        details, the costly part, are then never built)."""
        algorithm = self.algorithm
        total = comparison.score
        freq_value = _commonness_value(comparison.bits) if comparison.score > 0 else 0.0
        total += algorithm.frequency_weight * freq_value
        evidence_results: list[tuple[str, float, str]] = []
        document_value = 0.0
        for feature in algorithm.evidence:
            value, detail = feature.function(prepared, evidence)
            total += feature.weight * value
            evidence_results.append((feature.name, feature.weight * value, detail))
            if feature.name == "document":
                document_value = value
        score = _squash(total)
        if document_value >= 1.0:
            score = max(score, algorithm.document_floor)
        score = round(score, 4)
        if threshold is not None and score < threshold:
            return None
        name_detail = describe_names(prepared, record, comparison) if record else "list entry has no usable name"
        features = [FeatureResult("name", round(comparison.score, 4), name_detail)]
        if freq_value < 0:
            features.append(FeatureResult("frequency", round(algorithm.frequency_weight * freq_value, 4),
                                          name_commonness(comparison)[1]))
        features.extend(FeatureResult(name, round(adj, 4), detail) for name, adj, detail in evidence_results)
        return Match(
            traveller_id=prepared.traveller_id,
            entry_id=entry.entry_id,
            list_name=entry.list_name,
            score=score,
            explanation=explain_features(features),
            features=tuple(features),
            algorithm=algorithm.name,
            matched_name=record.display if record is not None else None,
        )


_KNEE = 0.90


def _squash(total: float) -> float:
    """Raw evidence sum to [0, 1]: linear up to 0.9, then compressed towards 1 so that more
    agreeing evidence always ranks higher (no saturation of the top band at 1.0)."""
    if total <= _KNEE:
        return max(0.0, total)
    return _KNEE + (1.0 - _KNEE) * (1.0 - math.exp(-(total - _KNEE) * 4.0))


def _all_names(entries: Iterable[WatchlistEntry]) -> Iterator[str]:
    for entry in entries:
        if entry.surname or entry.given_names:
            yield entry.display_name
        if entry.full_name:
            yield entry.full_name
        yield from entry.aliases


def _rebuild(entries: tuple[WatchlistEntry, ...], threshold: float, algorithm: str,
             frequencies: NameFrequencies) -> Screener:
    return Screener(entries, threshold=threshold, algorithm=algorithm, name_frequencies=frequencies)
