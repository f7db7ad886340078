"""Airports, carriers and a day of scheduled flights into the receiving country.

A small hand-written table: IATA code, country (ISO alpha-3), IANA time zone, coordinates (for block
times) and the locale most of its travellers come from. Flights depart between ``now - 12 h`` and
``now + 48 h`` so a demo run sees many arrivals within its 72 h screening horizon; local times are
derived from the airports' time zones, so a 07:10 departure from JFK is 07:10 New York time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "AIRPORTS",
    "CARRIERS",
    "RECEIVING_AIRPORTS",
    "Airport",
    "Carrier",
    "Flight",
    "make_flights",
]


@dataclass(frozen=True, slots=True)
class Airport:
    code: str
    country: str
    tz: str
    lat: float
    lon: float
    locale: str


AIRPORTS: dict[str, Airport] = {
    a.code: a
    for a in (
        # receiving country (the Netherlands: a mid-size country with one hub and regional airports)
        Airport("AMS", "NLD", "Europe/Amsterdam", 52.31, 4.76, "nl_NL"),
        Airport("RTM", "NLD", "Europe/Amsterdam", 51.96, 4.44, "nl_NL"),
        Airport("EIN", "NLD", "Europe/Amsterdam", 51.45, 5.37, "nl_NL"),
        Airport("GRQ", "NLD", "Europe/Amsterdam", 53.12, 6.58, "nl_NL"),
        Airport("MST", "NLD", "Europe/Amsterdam", 50.91, 5.77, "nl_NL"),
        # origins
        Airport("JFK", "USA", "America/New_York", 40.64, -73.78, "en_US"),
        Airport("ATL", "USA", "America/New_York", 33.64, -84.43, "en_US"),
        Airport("ORD", "USA", "America/Chicago", 41.97, -87.90, "en_US"),
        Airport("LAX", "USA", "America/Los_Angeles", 33.94, -118.41, "en_US"),
        Airport("YYZ", "CAN", "America/Toronto", 43.68, -79.63, "en_US"),
        Airport("MEX", "MEX", "America/Mexico_City", 19.44, -99.07, "es_ES"),
        Airport("GRU", "BRA", "America/Sao_Paulo", -23.43, -46.47, "pt_BR"),
        Airport("BOG", "COL", "America/Bogota", 4.70, -74.15, "es_ES"),
        Airport("LHR", "GBR", "Europe/London", 51.47, -0.45, "en_GB"),
        Airport("MAN", "GBR", "Europe/London", 53.35, -2.27, "en_GB"),
        Airport("DUB", "IRL", "Europe/Dublin", 53.42, -6.27, "en_GB"),
        Airport("CDG", "FRA", "Europe/Paris", 49.01, 2.55, "fr_FR"),
        Airport("NCE", "FRA", "Europe/Paris", 43.66, 7.22, "fr_FR"),
        Airport("FRA", "DEU", "Europe/Berlin", 50.03, 8.56, "de_DE"),
        Airport("MUC", "DEU", "Europe/Berlin", 48.35, 11.79, "de_DE"),
        Airport("VIE", "AUT", "Europe/Vienna", 48.11, 16.57, "de_DE"),
        Airport("ZRH", "CHE", "Europe/Zurich", 47.46, 8.55, "de_DE"),
        Airport("MAD", "ESP", "Europe/Madrid", 40.47, -3.56, "es_ES"),
        Airport("BCN", "ESP", "Europe/Madrid", 41.30, 2.08, "es_ES"),
        Airport("AGP", "ESP", "Europe/Madrid", 36.67, -4.50, "es_ES"),
        Airport("LIS", "PRT", "Europe/Lisbon", 38.77, -9.13, "pt_BR"),
        Airport("FCO", "ITA", "Europe/Rome", 41.80, 12.25, "it_IT"),
        Airport("MXP", "ITA", "Europe/Rome", 45.63, 8.72, "it_IT"),
        Airport("WAW", "POL", "Europe/Warsaw", 52.17, 20.97, "pl_PL"),
        Airport("KRK", "POL", "Europe/Warsaw", 50.08, 19.78, "pl_PL"),
        Airport("PRG", "CZE", "Europe/Prague", 50.10, 14.26, "cs_CZ"),
        Airport("OTP", "ROU", "Europe/Bucharest", 44.57, 26.08, "ro_RO"),
        Airport("ATH", "GRC", "Europe/Athens", 37.94, 23.94, "el_GR"),
        Airport("ARN", "SWE", "Europe/Stockholm", 59.65, 17.92, "sv_SE"),
        Airport("IST", "TUR", "Europe/Istanbul", 41.26, 28.74, "tr_TR"),
        Airport("AYT", "TUR", "Europe/Istanbul", 36.90, 30.80, "tr_TR"),
        Airport("KBP", "UKR", "Europe/Kyiv", 50.35, 30.89, "uk_UA"),
        Airport("TBS", "GEO", "Asia/Tbilisi", 41.67, 44.95, "ru_RU"),
        Airport("CAI", "EGY", "Africa/Cairo", 30.12, 31.41, "ar_AA"),
        Airport("CMN", "MAR", "Africa/Casablanca", 33.37, -7.59, "ar_AA"),
        Airport("DXB", "ARE", "Asia/Dubai", 25.25, 55.36, "ar_AA"),
        Airport("DOH", "QAT", "Asia/Qatar", 25.27, 51.61, "ar_AA"),
        Airport("AMM", "JOR", "Asia/Amman", 31.72, 35.99, "ar_AA"),
        Airport("LOS", "NGA", "Africa/Lagos", 6.58, 3.32, "en_NG"),
        Airport("DEL", "IND", "Asia/Kolkata", 28.56, 77.10, "hi_IN"),
        Airport("BOM", "IND", "Asia/Kolkata", 19.09, 72.87, "hi_IN"),
        Airport("PEK", "CHN", "Asia/Shanghai", 40.08, 116.58, "zh_CN"),
        Airport("PVG", "CHN", "Asia/Shanghai", 31.14, 121.81, "zh_CN"),
        Airport("NRT", "JPN", "Asia/Tokyo", 35.77, 140.39, "ja_JP"),
        Airport("SGN", "VNM", "Asia/Ho_Chi_Minh", 10.82, 106.65, "vi_VN"),
        Airport("CGK", "IDN", "Asia/Jakarta", -6.13, 106.66, "id_ID"),
        Airport("SIN", "SGP", "Asia/Singapore", 1.36, 103.99, "zh_CN"),
    )
}

RECEIVING_AIRPORTS: dict[str, tuple[str, ...]] = {"NLD": ("AMS", "RTM", "EIN", "GRQ", "MST")}


@dataclass(frozen=True, slots=True)
class Carrier:
    """An airline and the habits of its departure control and reservation systems."""

    code: str
    name: str
    routes: tuple[str, ...]  # origin airports it flies into the receiving country from
    weight: float
    api_version: str = "D02B"  # PAXLST directory: D02B or D05B
    separators: str = ":+.? '"  # PAXLST UNA (component, element, decimal, release, repetition, terminator)
    pnr_separators: str = ":+.?*'"
    charset: str = "UNOA"  # UNOA sends MRZ names; UNOC keeps Latin-1 diacritics
    one_line: bool = False  # whole interchange on one line, as some systems send it
    part_size: int = 120  # travellers per PAXLST part (larger lists are split into a multi-part set)
    split_files: bool = False  # each part of a multi-part set in its own file
    update_pushes: bool = False  # PNRGOV :141 after the first full push
    pnr_version: str = "11:1"
    title_glued: bool = False  # TIF given name with the title glued (JOHNMR), as AIRIMP does
    punctuation: bool = False  # API names keep apostrophes and hyphens (O'BRIEN), released in EDIFACT
    pnr_part_size: int = 0  # PNRs per PNRGOV message (a larger push is split); 0: never split


CARRIERS: tuple[Carrier, ...] = (
    Carrier("KL", "KLM", ("JFK", "ATL", "LHR", "CDG", "FRA", "MAD", "BCN", "FCO", "WAW", "IST", "DXB", "DEL",
                          "PEK", "NRT", "GRU", "MEX", "LOS", "CAI", "LIS", "ARN", "PRG", "OTP", "KBP", "SIN"),
            10.0, api_version="D05B", part_size=150, update_pushes=True, pnr_version="13:1", pnr_part_size=60),
    Carrier("HV", "Transavia", ("AGP", "BCN", "NCE", "AYT", "FCO", "LIS", "ATH", "CMN"), 5.0,
            part_size=99, one_line=True),
    Carrier("LH", "Lufthansa", ("FRA", "MUC"), 3.0, charset="UNOC", part_size=200),
    Carrier("BA", "British Airways", ("LHR",), 3.0, pnr_version="13:1", punctuation=True),
    Carrier("AF", "Air France", ("CDG",), 2.5, charset="UNOC", api_version="D05B"),
    Carrier("U2", "easyJet", ("MAN", "LHR", "BCN", "MXP", "DUB"), 3.0, separators=":*.? #",
            part_size=60, split_files=True),
    Carrier("FR", "Ryanair", ("DUB", "KRK", "WAW", "AGP", "OTP"), 3.0, separators=":-.? '", part_size=90,
            punctuation=True),
    Carrier("TK", "Turkish Airlines", ("IST", "AYT"), 3.0, update_pushes=True, title_glued=True,
            pnr_part_size=40),
    Carrier("EK", "Emirates", ("DXB",), 2.0, pnr_separators=":+.\\*'", title_glued=True, pnr_part_size=50),
    Carrier("QR", "Qatar Airways", ("DOH",), 1.5),
    Carrier("DL", "Delta Air Lines", ("JFK", "ATL", "LAX"), 2.0, api_version="D05B", pnr_version="13:1",
            punctuation=True),
    Carrier("UA", "United Airlines", ("ORD",), 1.0, pnr_version="13:1", title_glued=True),
    Carrier("AC", "Air Canada", ("YYZ",), 1.0, punctuation=True),
    Carrier("CA", "Air China", ("PEK",), 1.0, separators=":+.?*'"),
    Carrier("MU", "China Eastern", ("PVG",), 1.0),
    Carrier("OS", "Austrian", ("VIE",), 1.0, charset="UNOC"),
    Carrier("LX", "Swiss", ("ZRH",), 1.0),
    Carrier("LO", "LOT Polish Airlines", ("WAW",), 1.0, charset="UNOC", split_files=True, part_size=80),
    Carrier("SK", "SAS", ("ARN",), 1.0),
    Carrier("A3", "Aegean", ("ATH",), 1.0),
    Carrier("MS", "EgyptAir", ("CAI",), 1.0, one_line=True),
    Carrier("AT", "Royal Air Maroc", ("CMN",), 1.0),
    Carrier("RJ", "Royal Jordanian", ("AMM",), 0.5),
    Carrier("AI", "Air India", ("DEL", "BOM"), 1.0, title_glued=True),
    Carrier("LA", "LATAM", ("GRU", "BOG"), 0.5, api_version="D05B"),
    Carrier("TP", "TAP Air Portugal", ("LIS",), 1.0),
    Carrier("PS", "Ukraine International", ("KBP",), 0.5),
    Carrier("VN", "Vietnam Airlines", ("SGN",), 0.5),
    Carrier("GA", "Garuda Indonesia", ("CGK",), 0.5),
    Carrier("A9", "Georgian Airways", ("TBS",), 0.3, separators=":*.? $"),
    Carrier("JL", "Japan Airlines", ("NRT",), 0.5),
)

# (equipment code, seats, crew) by haul: short < 2,500 km <= medium < 5,000 km <= long
_EQUIPMENT = {
    "short": (("E90", 100, 4), ("320", 174, 5), ("73H", 186, 5), ("321", 212, 6)),
    "medium": (("321", 212, 6), ("73H", 186, 5), ("788", 242, 9)),
    "long": (("789", 290, 11), ("359", 325, 12), ("77W", 408, 14), ("332", 268, 10)),
}


@dataclass(frozen=True, slots=True)
class Flight:
    flight_id: str  # e.g. "KL0602-2026-11-29"
    carrier: Carrier
    number: str  # zero-padded to 4 digits, as most DCS send it
    origin: Airport
    destination: Airport
    departure_utc: datetime
    arrival_utc: datetime
    equipment: str
    seats: int
    crew: int
    departure_local: datetime  # naive, local time of the origin airport
    arrival_local: datetime  # naive, local time of the destination airport

    @property
    def designator(self) -> str:
        return f"{self.carrier.code}{self.number}"


def _distance_km(a: Airport, b: Airport) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _departure(rng: random.Random, start: datetime, tz: ZoneInfo) -> datetime:
    """A 5-minute slot in the 60 h window; airports are quiet at night (local 00:00-05:59), so a night
    slot is kept only one time in six."""
    while True:
        dep = start + timedelta(minutes=5 * rng.randrange(60 * 60 // 5))
        if dep.astimezone(tz).hour >= 6 or rng.random() < 1 / 6:
            return dep


def make_flights(rng: random.Random, count: int, now: datetime, country: str = "NLD") -> list[Flight]:
    """``count`` flights into ``country`` departing between now-12h and now+48h (UTC, aware ``now``)."""
    destinations = RECEIVING_AIRPORTS[country]
    carriers = [c for c in CARRIERS if any(AIRPORTS[o].country != country for o in c.routes)]
    weights = [c.weight for c in carriers]
    start = now - timedelta(hours=12)
    used: set[str] = set()
    flights: list[Flight] = []
    for _ in range(count):
        carrier = rng.choices(carriers, weights=weights)[0]
        origin = AIRPORTS[rng.choice(carrier.routes)]
        # the hub takes most traffic; long-haul only lands at the hub
        destination = AIRPORTS[destinations[0] if rng.random() < 0.75 else rng.choice(destinations)]
        km = _distance_km(origin, destination)
        haul = "short" if km < 2500 else "medium" if km < 5000 else "long"
        if haul != "short":
            destination = AIRPORTS[destinations[0]]
            km = _distance_km(origin, destination)
        equipment, seats, crew = rng.choice(_EQUIPMENT[haul])
        while True:  # a flight number is unique per carrier and day
            number = f"{rng.randrange(1, 9999):04d}" if rng.random() < 0.2 else f"{rng.randrange(100, 2000):04d}"
            dep = _departure(rng, start, ZoneInfo(origin.tz))
            key = f"{carrier.code}{number}{dep.date()}"
            if key not in used:
                used.add(key)
                break
        block = timedelta(minutes=5 * round((km / 820 * 60 + 35) / 5))
        dep_local = dep.astimezone(ZoneInfo(origin.tz)).replace(tzinfo=None)
        flights.append(
            Flight(
                flight_id=f"{carrier.code}{number}-{dep_local.date().isoformat()}",
                carrier=carrier,
                number=number,
                origin=origin,
                destination=destination,
                departure_utc=dep,
                arrival_utc=dep + block,
                equipment=equipment,
                seats=seats,
                crew=crew,
                departure_local=dep_local,
                arrival_local=(dep + block).astimezone(ZoneInfo(destination.tz)).replace(tzinfo=None),
            )
        )
    flights.sort(key=lambda f: (f.departure_utc, f.flight_id))
    return flights
