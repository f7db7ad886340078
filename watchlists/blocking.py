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
   at least two of them reach (intersection instead of union), or that have a part starting with
   one of the traveller's initials, which bounds the work for very common parts. Single-part list
   names and document numbers (exact or one keying error) have their own keys.

No fuzzy predicate is evaluated against the whole list, and recall is measured against brute force
in ``benchmarks/screening_bench.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from watchlists.features import _ALIGN_MIN, NameRecord, PreparedSubject, token_similarity
from watchlists.normalize import skeleton, variant_key, vowel_skeleton, vowel_spelling

__all__ = ["BlockingIndex", "deletion_keys"]

_REACH_CACHE_IDS = 5_000_000
_EMPTY: frozenset[int] = frozenset()
_MIN_DELETION_LENGTH = 4  # shorter parts must match exactly (edit budget 0)


def deletion_keys(token: str) -> list[str]:
    """The part and every string obtained by deleting one character (SymSpell, distance 1)."""
    if len(token) < _MIN_DELETION_LENGTH:
        return [token]
    return [token, *{token[:i] + token[i + 1:] for i in range(len(token))}]


def _token_keys(token: str, core: str) -> list[str]:
    """Index keys of a list part. Key kinds share one namespace: a collision between kinds only
    proposes a part that ``token_similarity`` then rejects, and saves building prefixed strings."""
    keys = deletion_keys(token)
    if core != token and len(core) > 1:
        keys.append(core)  # found by a traveller part without the particle ("ZAWAHIRI")
        keys.append(token[: len(token) - len(core)])  # found by a lone particle ("ABDUL")
    keys.extend(_sound_keys(token))
    return keys


def _sound_keys(token: str) -> list[str]:
    """Skeleton key (or the vowel-run skeleton for short names) and variant-group key, marked
    with characters that never occur in a normalised part."""
    keys: list[str] = []
    skel = skeleton(token)
    if len(skel) >= 3:
        keys.append(skel + "#")
    elif len(token) >= 5:
        keys.append(vowel_skeleton(token))  # contains "*"
    variant = variant_key(token)
    if variant is not None:
        keys.append(variant + "=")
    spelled = vowel_spelling(token)
    if spelled != token:
        keys.append(spelled + "~")
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
        self._initials: list[str] = ["".join(t[0] for t in r.tokens) for r in records]
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
        self._reach_cache: dict[tuple[str, str], tuple[frozenset[int], frozenset[int]]] = {}
        self._reach_cached_ids = 0
        # Records by the first letters of their parts, for travellers' initials; built in one pass
        # here rather than per letter on first use (a scan of every record each time).
        by_initial: dict[tuple[str, int], list[int]] = defaultdict(list)
        for rid, firsts in enumerate(self._initials):
            for letter in set(firsts):
                by_initial[(letter, 1)].append(rid)
                if firsts.count(letter) >= 2:
                    by_initial[(letter, 2)].append(rid)
        self._initial_sets: dict[tuple[str, int], frozenset[int]] = {k: frozenset(v) for k, v in by_initial.items()}

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab_tokens)

    def part(self, vid: int) -> str:
        """The vocabulary part with this id."""
        return self._vocab_tokens[vid]

    def similar_parts(self, token: str, core: str) -> tuple[int, ...]:
        """Vocabulary ids of list parts that align with the traveller's part (cached per part)."""
        cache_key = (token, core)
        cached = self._similar_cache.get(cache_key)
        if cached is not None:
            return cached
        found: set[int] = set()
        if len(token) > 1:
            lookups = deletion_keys(token)
            if core != token and len(core) > 1:
                lookups.extend(deletion_keys(core))
            lookups.extend(_sound_keys(token))
            lookups.append(vowel_spelling(token))  # a list part already spelled that way ("MILO")
            keys = self._keys
            for key in lookups:
                hit = keys.get(key)
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

    def exhaustive_records(self, subject: PreparedSubject) -> set[int]:
        """Records with a part that aligns with one of the traveller's parts, found by comparing
        each traveller part with the *whole* vocabulary (no keys, no caps): the brute-force
        reference candidate generation is measured against. Slow; for benchmarks and tests."""
        found: set[int] = set()
        for token, core in zip(subject.tokens, subject.cores, strict=True):
            if len(token) == 1:
                continue
            for vid, (part, part_core) in enumerate(zip(self._vocab_tokens, self._vocab_cores, strict=True)):
                if token_similarity(token, core, part, part_core)[0] >= _ALIGN_MIN:
                    found.update(self._postings[vid])
        return found

    def candidate_records(self, subject: PreparedSubject) -> set[int]:
        """Ids of name records worth scoring for ``subject``."""
        return set(self.candidate_hits(subject))

    def reach(self, token: str, core: str) -> tuple[frozenset[int], frozenset[int]]:
        """(records containing a part similar to the traveller's part, those of them that are
        single-part names), cached per part."""
        key = (token, core)
        cached = self._reach_cache.get(key)
        if cached is not None:
            return cached
        union: set[int] = set()
        singles: set[int] = set()
        for vid in self.similar_parts(token, core):
            union.update(self._postings[vid])
            single = self._singles.get(vid)
            if single:
                singles.update(single)
        result = (frozenset(union), frozenset(singles))
        # Bounded by the number of record ids held (~40 bytes each), not of entries: on a list of
        # a million names one common part reaches tens of thousands of records.
        if self._reach_cached_ids > _REACH_CACHE_IDS:
            self._reach_cache.clear()
            self._reach_cached_ids = 0
        self._reach_cache[key] = result
        self._reach_cached_ids += len(union) + len(singles)
        return result

    def candidate_hits(self, subject: PreparedSubject) -> dict[int, int]:
        """Candidate record ids → bit mask of the traveller's parts (bit i for ``subject.tokens[i]``)
        that reach them; used to bound the name score before scoring."""
        candidates: set[int] = set()
        reached: list[tuple[int, frozenset[int]]] = []
        common: list[tuple[str, frozenset[int]]] = []
        for i, (token, core) in enumerate(zip(subject.tokens, subject.cores, strict=True)):
            if len(token) == 1:
                continue
            union, singles = self.reach(token, core)
            if not union:
                continue
            candidates |= singles
            reached.append((i, union))
            if len(union) <= self.cap:
                candidates |= union
            else:
                common.append((token, union))
        for a in range(len(common)):
            for b in range(a + 1, len(common)):
                candidates |= common[a][1] & common[b][1]
        # A traveller's initial narrows a common part's records to those with another part so
        # starting ("HASAN B" → HASAN records with a B part): initials have no keys of their own.
        letters = {t for t in subject.tokens if len(t) == 1}
        if letters and common:
            for token, union in common:
                for c in letters:
                    candidates |= union & self._initial_set(c, 2 if token[0] == c else 1)
        masks = dict.fromkeys(candidates, 0)
        for i, union in reached:
            bit = 1 << i
            for rid in candidates & union if len(union) > len(candidates) else union & candidates:
                masks[rid] |= bit
        return masks

    def _initial_set(self, letter: str, times: int) -> frozenset[int]:
        """Records with at least ``times`` (1 or 2) parts starting with ``letter``."""
        return self._initial_sets.get((letter, times), _EMPTY)

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
