"""Airport → IANA time zone, and local → UTC for flight times.

Flight times in PAXLST (DTM+189/232) and PNRGOV (TVL) are local to the airport. The lakehouse stores
them as transmitted and adds UTC, using the `airportsdata` package (IATA codes → IANA zones, ~7,900
airports, no network) and the standard library's ``zoneinfo``. Unknown airports give None: the UTC
columns are then null rather than guessed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["airport_timezone", "local_to_utc", "parse_local"]


@lru_cache(maxsize=1)
def _airports() -> dict[str, str]:
    import airportsdata

    return {code: row["tz"] for code, row in airportsdata.load("IATA").items() if row.get("tz")}


def airport_timezone(iata: str | None) -> str | None:
    """IANA zone name of an airport by IATA code (case-insensitive), or None when unknown."""
    if not iata:
        return None
    return _airports().get(iata.strip().upper())


@lru_cache(maxsize=4096)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_local(text: str | None) -> datetime | None:
    """``YYYY-MM-DDTHH:MM`` (or a bare ``YYYY-MM-DD``) as a naive datetime; None when unusable."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def local_to_utc(local: str | None, tz_name: str | None) -> datetime | None:
    """A local wall-clock time at a zone → aware UTC datetime; None if either is unknown.

    Ambiguous times (the repeated hour when clocks go back) resolve to the first occurrence
    (``fold=0``), which is what airline schedules mean.
    """
    naive = parse_local(local)
    if naive is None or not tz_name:
        return None
    zone = _zone(tz_name)
    if zone is None:
        return None
    return naive.replace(tzinfo=zone).astimezone(UTC)
