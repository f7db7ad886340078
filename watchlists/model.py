"""Watchlist entries, screening subjects and matches: the contract between the loaders, the matcher,
the Spark screening job, the CLI and the web app. Add fields with defaults; never rename or remove."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DateOfBirth", "FeatureResult", "Match", "Subject", "WatchlistEntry"]


@dataclass(frozen=True, slots=True)
class DateOfBirth:
    """A listed date of birth as precise as the list gives it.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``year_to`` is set for a between-years range
    (``value`` then holds the first year); ``approximate`` for "circa" dates.
    """

    value: str
    year_to: int | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    entry_id: str  # unique within list_name, stable across releases (OFAC ent_num, UN DATAID, ...)
    list_name: str  # e.g. "OFAC-SDN", "UN-SC", or the generic CSV's list_name
    surname: str | None = None
    given_names: str | None = None
    full_name: str | None = None  # when surname/given names are unknown (or the list's own rendering)
    aliases: tuple[str, ...] = ()  # full-name strings; "SURNAME, Given" form allowed
    weak_aliases: tuple[str, ...] = ()  # low-quality aliases (UN QUALITY=Low, OFAC "weak aka")
    dates_of_birth: tuple[DateOfBirth, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-3 where resolvable, else as listed
    gender: str | None = None  # M / F / None
    document_numbers: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    original_script_names: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    remarks: str | None = None

    @property
    def display_name(self) -> str:
        if self.full_name:
            return self.full_name
        return " ".join(p for p in (self.given_names, self.surname) if p)


@dataclass(frozen=True, slots=True)
class Subject:
    """A traveller to screen, as transmitted by the airline."""

    traveller_id: str
    surname: str | None = None
    given_names: str | None = None
    date_of_birth: str | None = None  # YYYY-MM-DD
    gender: str | None = None
    nationality: str | None = None  # ISO alpha-3
    document_number: str | None = None
    flight: str | None = None
    arrival_time: str | None = None


@dataclass(frozen=True, slots=True)
class FeatureResult:
    """One feature's contribution: ``name`` (e.g. "surname"), a score in [0, 1] or a signed adjustment,
    and the plain-language detail an analyst reads ("HASSAN = HASAN (transliteration)")."""

    name: str
    score: float
    detail: str


@dataclass(frozen=True, slots=True)
class Match:
    traveller_id: str
    entry_id: str
    list_name: str
    score: float  # in [0, 1]
    explanation: str  # one sentence assembled from the feature details
    features: tuple[FeatureResult, ...]
    algorithm: str  # name + version, e.g. "paxpipe-structured-v1"
    matched_name: str | None = None  # the entry name or alias that matched best
