"""The people of one flight and how their bookings evolve from T-72 h to departure.

Pushes are indexed 0..4 for T-72, T-48, T-24, T-2 and T-0 h (wheels-up). A booking may appear late
(added at a later push), be cancelled (gone from later pushes, never flies), or lose a passenger
(removed at a push). Seats are assigned from T-24 h for most, DOCS arrive late (online check-in) or
never, check-in and bags come at T-2 h. Everyone still booked at T-0 boards (a few no-shows apart),
and those are the passengers the PAXLST lists.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from paxpipe.simulate.people import Person, make_person, pick_locale, pools
from paxpipe.simulate.schedule import Flight

__all__ = ["PUSH_HOURS", "PUSH_LABELS", "Booking", "FlightTraffic", "Passenger", "make_traffic"]

PUSH_HOURS: tuple[int, ...] = (72, 48, 24, 2, 0)
PUSH_LABELS: tuple[str, ...] = ("T-72", "T-48", "T-24", "T-2", "T-0")
NEVER = len(PUSH_HOURS)  # a push index meaning "not before the last push"

_LOCATOR_CHARS = string.ascii_uppercase + string.digits
_SEAT_LETTERS = "ABCDEFHJK"


@dataclass(slots=True)
class Passenger:
    person: Person
    ref: str  # traveller reference within the PNR: "1", "2", an infant "1.1" (under adult 1)
    booking: Booking
    added: int = 0  # first push holding this passenger
    removed: int = NEVER  # first push no longer holding them
    seat: str | None = None
    seat_from: int = NEVER
    docs_from: int = NEVER
    checked_in: int = NEVER  # push index from which check-in data exists
    bags: int = 0
    bag_weight: int = 0
    bag_tags: tuple[str, ...] = ()
    boarded: bool = False
    infant_of: Passenger | None = None

    def present(self, push: int) -> bool:
        return self.added <= push < self.removed and self.booking.present(push)


@dataclass(slots=True)
class Booking:
    locator: str
    created: datetime
    office: str
    email: str
    phone: str
    created_push: int = 0
    cancelled_push: int = NEVER
    passengers: list[Passenger] = field(default_factory=list)
    ticket_base: int = 0
    fare: int = 0

    def present(self, push: int) -> bool:
        return self.created_push <= push < self.cancelled_push

    def changed_at(self, push: int) -> bool:
        """Anything in this PNR differs from the previous push (what an update push resends)."""
        if push == 0 or push == self.created_push or push == self.cancelled_push:
            return True
        return any(
            push in (p.added, p.removed, p.seat_from, p.docs_from, p.checked_in) for p in self.passengers
        )


@dataclass(slots=True)
class FlightTraffic:
    flight: Flight
    bookings: list[Booking]
    crew: list[Person]

    @property
    def boarded(self) -> list[Passenger]:
        return [p for b in self.bookings for p in b.passengers if p.boarded]


def _locator(rng: random.Random) -> str:
    return "".join(rng.choices(_LOCATOR_CHARS, k=6))


def _party(rng: random.Random) -> tuple[int, int, int]:
    """(adults, children, infants) of one booking."""
    roll = rng.random()
    if roll < 0.55:
        return 1, 0, 0
    if roll < 0.78:
        return 2, 0, 0
    if roll < 0.93:  # a family
        return 2, rng.randrange(1, 4), 1 if rng.random() < 0.25 else 0
    if roll < 0.97:
        return 1, rng.randrange(1, 3), 1 if rng.random() < 0.3 else 0
    return rng.randrange(3, 7), 0, 0  # friends or colleagues


def make_traffic(rng: random.Random, flight: Flight, id_prefix: str, today: date) -> FlightTraffic:
    """Bookings and crew of one flight. Person ids are ``{id_prefix}P{n}`` / ``{id_prefix}C{n}``."""
    home = flight.destination.locale
    origin = flight.origin.locale
    target = int(flight.seats * rng.uniform(0.62, 0.97))
    used_locators: set[str] = set()
    bookings: list[Booking] = []
    seated = 0
    counter = 0
    while seated < target:
        adults, children, infants = _party(rng)
        locale = pick_locale(rng, home, origin)
        locator = _locator(rng)
        while locator in used_locators:
            locator = _locator(rng)
        used_locators.add(locator)
        created = flight.departure_utc - timedelta(days=rng.randrange(4, 120), minutes=rng.randrange(1440))
        family = pools(locale)
        surname = rng.randrange(len(family.last_male)) if adults + children > 1 and rng.random() < 0.8 else None
        booking = Booking(
            locator=locator,
            created=created,
            office=rng.choice(("AMS", "LON", "PAR", "FRA", "NYC", "DXB", "IST", flight.origin.code)),
            email="",
            phone=f"{rng.randrange(31, 99)}{rng.randrange(10**8, 10**9)}",
            ticket_base=rng.randrange(10**12, 10**13),
            fare=rng.randrange(60, 2400),
        )
        members: list[tuple[str, int | None, bool]] = [("M" if i == 0 and rng.random() < 0.55 else "", None, False)
                                                      for i in range(adults)]
        members += [("", rng.randrange(2, 17), False) for _ in range(children)]
        members += [("", 0, True) for _ in range(infants)]
        first_adult: Passenger | None = None
        for i, (gender, age, infant) in enumerate(members):
            counter += 1
            person = make_person(
                rng, f"{id_prefix}P{counter:04d}", locale, today=today,
                gender=gender or None, age=age, family=surname, infant=infant,
            )
            ref = f"{i + 1}" if not infant or first_adult is None else f"{first_adult.ref}.1"
            pax = Passenger(person=person, ref=ref, booking=booking)
            if infant and first_adult is not None:
                pax.infant_of = first_adult
            booking.passengers.append(pax)
            if first_adult is None and not infant:
                first_adult = pax
        lead = booking.passengers[0].person
        booking.email = f"{lead.given[0].mrz.split()[0]}.{lead.surname.mrz.replace(' ', '')}//EXAMPLE.COM"
        seated += sum(1 for p in booking.passengers if not p.person.is_infant)
        bookings.append(booking)
    _evolve(rng, flight, bookings)
    crew = [
        make_person(rng, f"{id_prefix}C{n + 1:02d}", rng.choice((home, home, origin)), today=today,
                    age=rng.randrange(22, 62))
        for n in range(flight.crew)
    ]
    return FlightTraffic(flight=flight, bookings=bookings, crew=crew)


def _evolve(rng: random.Random, flight: Flight, bookings: list[Booking]) -> None:
    """Decide when each booking/passenger appears, changes, and whether they board."""
    rows = max(flight.seats // 6, 10)
    free_seats = [f"{r}{c}" for r in range(1, rows + 1) for c in _SEAT_LETTERS[:6]]
    rng.shuffle(free_seats)
    tag_base = rng.randrange(100000, 999999)
    tag_no = 0
    for booking in bookings:
        roll = rng.random()
        if roll < 0.12:
            booking.created_push = rng.randrange(1, 4)  # booked late
        elif roll < 0.17:
            booking.cancelled_push = rng.randrange(1, 5)  # cancelled before departure
        docs_habit = rng.random()
        for pax in booking.passengers:
            if pax.person.is_infant:
                pax.infant_of = pax.infant_of or booking.passengers[0]
            elif len(booking.passengers) > 2 and rng.random() < 0.04:
                pax.removed = rng.randrange(1, 5)  # split off / removed from the party
            elif pax is not booking.passengers[0] and booking.created_push < 3 and rng.random() < 0.04:
                pax.added = rng.randrange(booking.created_push + 1, 4)  # joins the booking later
            if docs_habit < 0.06:
                pax.docs_from = NEVER  # some PNRs never carry DOCS
            elif docs_habit < 0.3:
                pax.docs_from = booking.created_push
            else:
                pax.docs_from = max(booking.created_push, rng.choice((2, 3, 3, 4)))
            boards = pax.present(NEVER - 1) and rng.random() > 0.015  # a few no-shows
            if (pax.present(2) or boards) and free_seats and not pax.person.is_infant:
                pax.seat = free_seats.pop()
                pax.seat_from = max(booking.created_push, pax.added, 2 if rng.random() < 0.7 else 0)
            if boards:
                pax.boarded = True
                pax.checked_in = 3 if rng.random() < 0.8 else 4
                if not pax.person.is_infant and rng.random() < 0.6:
                    pax.bags = 1 if rng.random() < 0.75 else 2
                    pax.bag_weight = sum(rng.randrange(8, 24) for _ in range(pax.bags))
                    tags = []
                    for _ in range(pax.bags):
                        tag_no += 1
                        tags.append(f"{tag_base + tag_no:06d}")
                    pax.bag_tags = tuple(tags)
        # an infant travels with its adult: same removal, check-in, and DOCS entered together
        for pax in booking.passengers:
            if pax.infant_of is not None:
                pax.removed = pax.infant_of.removed
                pax.added = pax.infant_of.added
                pax.boarded = pax.infant_of.boarded and pax.present(NEVER - 1)
                pax.checked_in = pax.infant_of.checked_in
                pax.docs_from = pax.infant_of.docs_from
