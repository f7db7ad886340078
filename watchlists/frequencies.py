"""How common a name part is, as the information (bits) an agreement on it carries.

Splink-style term-frequency adjustment: agreeing on "MOHAMMED" says little, agreeing on a rare
surname says a lot. The frequency of a part mixes two sources:

- the list itself (parts that recur among listed persons breed false friends), by exact part, and
- a traveller-population prior, keyed by the part's skeleton so spelling variants pool together, built from Faker's person-name tables over all its locales (the
  u-probability: the chance a random traveller carries the part), weighted where Faker gives
  weights, names in other scripts transliterated the way ``normalize`` does it.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from watchlists.normalize import skeleton, tokenize_name

__all__ = ["NameFrequencies", "population_prior"]

_NAME_TABLES = ("first_names", "last_names", "first_names_male", "first_names_female")
# Floor probability of an unseen part: one in a million, i.e. at most ~20 bits per part.
_P_FLOOR = 1e-6
_LIST_SHARE = 0.5
_MIN_LIST_MASS = 20_000  # weight of the list frequency against the population prior


def _table_items(table: object) -> list[tuple[str, float]]:
    """(name, weight) pairs of one Faker name table (a tuple/list, or a dict of weights)."""
    if isinstance(table, Mapping):
        return [(str(k), float(v)) for k, v in table.items()]
    if isinstance(table, (list, tuple)):
        return [(str(k), 1.0) for k in table]
    return []  # some locales expose properties or generators instead of tables


@lru_cache(maxsize=1)
def population_prior() -> dict[str, float]:
    """Probability of each name-part skeleton in a traveller population mixing all Faker locales
    equally (each locale's first and last names normalised to sum to one)."""
    import faker.providers.person as person_providers  # deferred: only needed when building

    totals: dict[str, float] = defaultdict(float)
    locales = 0
    for module_info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{module_info.name}")
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        for kind in ("first", "last"):
            names = [
                item
                for attr in _NAME_TABLES
                if attr.startswith(kind)
                for item in _table_items(getattr(provider, attr, None))
            ]
            mass = sum(w for _, w in names)
            if mass <= 0:
                continue
            for name, weight in names:
                for token in tokenize_name(name):
                    totals[skeleton(token.token)] += weight / mass
        locales += 1
    # Each locale contributed mass 1 for first names and 1 for last names.
    denominator = max(1, 2 * locales)
    return {key: value / denominator for key, value in totals.items()}


class NameFrequencies:
    """Bits of information carried by agreeing on a name part (−log2 of its probability)."""

    __slots__ = ("_bits_cache", "_list_p", "_prior")

    def __init__(self, list_counts: Mapping[str, int], *, prior: Mapping[str, float] | None = None) -> None:
        # A small list says little about how common a part is: its counts are read against a
        # background of at least _MIN_LIST_MASS parts.
        total = max(sum(list_counts.values()), _MIN_LIST_MASS)
        self._list_p: dict[str, float] = {k: (v - 1) / total for k, v in list_counts.items() if v > 1}
        self._prior: Mapping[str, float] = prior if prior is not None else {}
        self._bits_cache: dict[str, float] = {}

    @classmethod
    def from_names(cls, names: Iterable[str], *, with_prior: bool = True) -> NameFrequencies:
        """Count every part of ``names`` (the list's names and aliases)."""
        counts: Counter[str] = Counter()
        for name in names:
            for token in tokenize_name(name):
                counts[token.token] += 1
        return cls(counts, prior=population_prior() if with_prior else None)

    def probability(self, token: str) -> float:
        """Chance that a name part agrees by coincidence (list and population mixed, floored).

        The list share counts the part's *other* occurrences (one is the listed person's own), per
        exact part; the population share pools spelling variants through the skeleton, since the
        matcher treats them as agreeing."""
        list_p = self._list_p.get(token, 0.0)
        prior_p = self._prior.get(skeleton(token), 0.0)
        p = _LIST_SHARE * list_p + (1 - _LIST_SHARE) * prior_p if self._prior else list_p
        return max(p, _P_FLOOR)

    def bits(self, token: str) -> float:
        """Information of an agreement on ``token`` in bits (common parts ~5, rare parts ~20)."""
        cached = self._bits_cache.get(token)
        if cached is None:
            cached = -math.log2(self.probability(token))
            if len(self._bits_cache) < 500_000:
                self._bits_cache[token] = cached
        return cached

    def __getstate__(self) -> tuple[dict[str, float], Mapping[str, float]]:
        return self._list_p, dict(self._prior)

    def __setstate__(self, state: tuple[dict[str, float], Mapping[str, float]]) -> None:
        self._list_p, self._prior = state
        self._bits_cache = {}
