"""Small, exact PAXLST and PNRGOV messages for the lakehouse scenario tests.

Hand-written so each test knows precisely which traveller, PNR and push it sends: change (CP) and
cancel (XR) lists, multi-part sets split over files, full and update PNR pushes, cancelled PNRs
(SRC + RCI with an empty ORG). Flight: LH 0400 FRA → AMS on 2026-07-01, departing 10:00 local.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Pax", "paxlst", "pnrgov"]


@dataclass(frozen=True)
class Pax:
    surname: str
    given: str
    dob: str  # YYMMDD
    doc: str
    locator: str | None = None
    gender: str = "F"


def _envelope(sender: str, recipient: str, sent: str, body: list[str], *, charset: str = "UNOA:4") -> bytes:
    """``sent`` is YYMMDD:HHMM (UTC)."""
    segments = [f"UNB+{charset}+{sender}:ZZ+{recipient}:ZZ+{sent}+R{sent.replace(':', '')}'"]
    segments += body
    segments.append(f"UNZ+1+R{sent.replace(':', '')}'")
    return ("UNA:+.? '\n" + "\n".join(segments) + "\n").encode("ascii")


def paxlst(
    travellers: list[Pax], *, sent: str = "260701:0600", function: str | None = None,
    part: str = "01:F", common_ref: str = "LH400/260701/1000", flight: str = "LH0400", ref: str = "1",
    total: int | None = None,
) -> bytes:
    bgm = "BGM+745" + (f"+{function}" if function else "") + "'"
    body = [
        f"UNH+{ref}+PAXLST:D:02B:UN:IATA+{common_ref}+{part}'",
        bgm,
        "NAD+MS+++LH OPERATIONS'",
        f"TDT+20+{flight}+++LH'",
        "LOC+125+FRA'",
        "DTM+189:2607011000:201'",
        "LOC+87+AMS'",
        "DTM+232:2607011130:201'",
    ]
    for p in travellers:
        body += [
            f"NAD+FL+++{p.surname}:{p.given}'",
            f"ATT+2++{p.gender}'",
            f"DTM+329:{p.dob}'",
            "NAT+2+DEU'",
        ]
        if p.locator:
            body.append(f"RFF+AVF:{p.locator}'")
        body += [f"DOC+P:110:111+{p.doc}'", "DTM+36:300101'", "LOC+91+DEU'"]
    body.append(f"CNT+42:{total if total is not None else len(travellers)}'")
    body.append(f"UNT+{len(body) + 1}+{ref}'")
    return _envelope("LH", "NLDAPIS", sent, body)


_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _docs_date(yymmdd: str) -> str:
    return f"{yymmdd[4:6]}{_MONTHS[int(yymmdd[2:4]) - 1]}{yymmdd[0:2]}"


def pnrgov(pnrs: dict[str, list[Pax]], *, sent: str, push: str = "22", cancelled: tuple[str, ...] = ()) -> bytes:
    """One push of flight LH400: ``pnrs`` locator → passengers; ``cancelled`` locators as SRC+RCI+ORG."""
    tvl = "TVL+010726:1000:010726:1130+FRA+AMS+LH+400'"
    body = [
        "UNH+1+PNRGOV:13:1:IA+LH400'",
        f"MSG+:{push}'",
        "ORG+LH:FRA+12345678'",
        tvl,
        f"EQN+{len(pnrs) + len(cancelled)}'",
    ]
    for locator, passengers in pnrs.items():
        body += ["SRC'", f"RCI+LH:{locator}'"]
        for n, p in enumerate(passengers, start=1):
            body.append(f"TIF+{p.surname}+{p.given}:A:{n}'")
            body.append(
                f"SSR+DOCS:HK:1:LH:::::/P/DEU/{p.doc}/DEU/{_docs_date(p.dob)}/{p.gender}/01JAN30/"
                f"{p.surname}/{p.given}+::{n}'"
            )
        body.append(tvl)
    for locator in cancelled:
        body += ["SRC'", f"RCI+LH:{locator}'", "ORG'"]
    body.append(f"UNT+{len(body) + 1}+1'")
    return _envelope("LH", "NLDPNRGOV", sent, body, charset="IATA:1")
