"""Candidate generation (blocking): which list names are worth scoring for a traveller.

Two levels keep it small at a million names:

1. a *vocabulary* of distinct normalised name parts, indexed by cheap equality keys: the part,
   its core without particles, its consonant skeleton, its variant group, and its single-deletion
   neighbourhood (SymSpell: any one keying error between two parts shares a deletion key). A
   traveller's part finds its similar vocabulary parts by lookups only, then keeps those whose
   ``token_similarity`` passes the alignment bar;
2. *posting lists* from each vocabulary part to the name records containing it. A traveller part
   whose similar parts reach few records ("rare") makes all of them candidates; parts reaching
   more than ``cap`` records ("common", e.g. MOHAMMED) only make candidates of the records that
   at least two of them reach (intersection instead of union), which bounds the work for very
   common parts. Single-part list names and document numbers (exact or one keying error) have
   their own keys.

No fuzzy predicate is evaluated against the whole list, and recall is measured against brute force
in ``benchmarks/screening_bench.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from watchlists.features import _ALIGN_MIN, NameRecord, PreparedSubject, token_similarity
from watchlists.normalize import skeleton, variant_key

__all__ = ["BlockingIndex", "deletion_keys"]

_MIN_DELETION_LENGTH = 4  # shorter parts must match exactly (edit budget 0)


def deletion_keys(token: str) -> list[str]:
    """The part and every string obtained by deleting one character (SymSpell, distance 1)."""
    if len(token) < _MIN_DELETION_LENGTH:
        return [token]
    return [token, *{token[:i] + token[i + 1:] for i in range(len(token))}]


def _token_keys(token: str, core: str) -> list[str]:
    keys = [f"d:{k}" for k in deletion_keys(token)]
    if core != token and len(core) > 1:
        keys.append(f"c:{core}")
    skel = skeleton(token)
    if len(skel) >= 3:
        keys.append(f"s:{skel}")
    variant = variant_key(token)
    if variant is not None:
        keys.append(f"v:{variant}")
    return keys


class BlockingIndex:
    """Inverted index over name records and entry document numbers (see module docstring)."""

    def __init__(self, records: Sequence[NameRecord], entry_documents: Sequence[frozenset[str]],
                 *, cap: int = 64) -> None:
        self.cap = cap
        self._vocab: dict[str, int] = {}
        self._vocab_tokens: list[str] = []
        self._vocab_cores: list[str] = []
        postings: list[list[int]] = []
        singles: dict[int, list[int]] = defaultdict(list)
        for rid, record in enumerate(records):
            for token, core in zip(record.tokens, record.cores, strict=True):
                vid = self._vocab.get(token)
                if vid is None:
                    vid = len(self._vocab_tokens)
                    self._vocab[token] = vid
                    self._vocab_tokens.append(token)
                    self._vocab_cores.append(core)
                    postings.append([])
                if not postings[vid] or postings[vid][-1] != rid:
                    postings[vid].append(rid)
            if len(record.tokens) == 1:
                singles[self._vocab[record.tokens[0]]].append(rid)
        self._postings: list[tuple[int, ...]] = [tuple(p) for p in postings]
        self._singles: dict[int, tuple[int, ...]] = {k: tuple(v) for k, v in singles.items()}
        keys: dict[str, list[int]] = defaultdict(list)
        for vid, (token, core) in enumerate(zip(self._vocab_tokens, self._vocab_cores, strict=True)):
            for key in _token_keys(token, core):
                keys[key].append(vid)
        self._keys: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in keys.items()}
        docs: dict[str, set[int]] = defaultdict(set)
        for entry_index, numbers in enumerate(entry_documents):
            for number in numbers:
                for key in deletion_keys(number) if len(number) >= 6 else [number]:
                    docs[key].add(entry_index)
        self._docs: dict[str, tuple[int, ...]] = {k: tuple(sorted(v)) for k, v in docs.items()}
        self._similar_cache: dict[tuple[str, str], tuple[int, ...]] = {}

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab_tokens)

    def similar_parts(self, token: str, core: str) -> tuple[int, ...]:
        """Vocabulary ids of list parts that align with the traveller's part (cached per part)."""
        cache_key = (token, core)
        cached = self._similar_cache.get(cache_key)
        if cached is not None:
            return cached
        found: set[int] = set()
        if len(token) > 1:
            lookups = [f"d:{k}" for k in deletion_keys(token)]
            lookups.append(f"c:{token}")  # list part "ALZAWAHIRI" for traveller "ZAWAHIRI"
            if core != token and len(core) > 1:
                lookups.extend(f"d:{k}" for k in deletion_keys(core))
                lookups.append(f"c:{core}")
            skel = skeleton(token)
            if len(skel) >= 3:
                lookups.append(f"s:{skel}")
            variant = variant_key(token)
            if variant is not None:
                lookups.append(f"v:{variant}")
            for key in lookups:
                hit = self._keys.get(key)
                if hit:
                    found.update(hit)
        result = tuple(
            vid for vid in found
            if token_similarity(token, core, self._vocab_tokens[vid], self._vocab_cores[vid])[0] >= _ALIGN_MIN
        )
        if len(self._similar_cache) > 200_000:  # bounded: travellers' parts are open-ended
            self._similar_cache.clear()
        self._similar_cache[cache_key] = result
        return result

    def candidate_records(self, subject: PreparedSubject) -> set[int]:
        """Ids of name records worth scoring for ``subject``."""
        return set(self.candidate_hits(subject))

    def candidate_hits(self, subject: PreparedSubject) -> dict[int, int]:
        """Candidate record ids → how many of the traveller's parts reach them (used to bound the
        name score before scoring)."""
        candidates: set[int] = set()
        reached: list[set[int]] = []
        common: list[set[int]] = []
        for token, core in zip(subject.tokens, subject.cores, strict=True):
            similar = self.similar_parts(token, core)
            if not similar:
                continue
            union: set[int] = set()
            for vid in similar:
                union.update(self._postings[vid])
                single = self._singles.get(vid)
                if single:
                    candidates.update(single)
            reached.append(union)
            if len(union) <= self.cap:
                candidates |= union
            else:
                common.append(union)
        for a in range(len(common)):
            for b in range(a + 1, len(common)):
                candidates |= common[a] & common[b]
        return {rid: sum(1 for r in reached if rid in r) for rid in candidates}

    def candidate_entries_by_document(self, document: str | None) -> tuple[int, ...]:
        """Entry indexes listing this document number exactly or within one keying error."""
        if not document:
            return ()
        found: set[int] = set()
        for key in deletion_keys(document) if len(document) >= 6 else [document]:
            hit = self._docs.get(key)
            if hit:
                found.update(hit)
        return tuple(sorted(found))
