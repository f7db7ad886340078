"""Characters that str.isdigit() accepts but int() rejects (superscripts, circled digits) are invalid
values, reported as such, never an internal mapper error (found by hypothesis)."""

from __future__ import annotations

import pytest

from parsers.api import all_issues, parse_bytes

PNR = (
    "UNB+IATA:1+TZ+AUCBPS+130523:2210+1'\nUNH+1+PNRGOV:11:1:IA+X'\nMSG+:22'\n"
    "TVL+280513:2225:290513:0750+SIN+OOL+TZ+0006'\nEQN+1'\nSRC'\nRCI+TZ:W9TEND::230513:181348'\n"
    "DAT+700:{value}:2125+710:230513:2124'\nUNT+8+1'\nUNZ+1+1'"
)
PAX = (
    "UNB+UNOC:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'\nTDT+20+LH400'\n"
    "LOC+125+FRA'\nDTM+189:2401011000:201'\nLOC+87+JFK'\nNAD+FL+++DOE:JOHN'\nDTM+329:{value}'\n"
    "MEA+CT++{value}'\nCNT+42:1'\nUNT+11+1'\nUNZ+1+1'"
)


@pytest.mark.parametrize("template", [PNR, PAX])
@pytest.mark.parametrize("value", ["\u00b230513", "8\u00b9\u00b2\u00b3\u2460\u2461", "\u2155"])
def test_no_internal_error_on_digit_like_characters(template: str, value: str) -> None:
    data = template.format(value=value).encode("utf-8")
    codes = [i.code for ic in parse_bytes(data) for i in all_issues(ic)]
    assert "ENV090" not in codes
    assert codes  # the value is reported (invalid date / count, or outside the character set)


def test_latin1_superscript_in_a_pnr_date() -> None:
    data = PNR.format(value="{}").encode("ascii").replace(b"{}", b"\xb230513")
    codes = [i.code for ic in parse_bytes(data) for i in all_issues(ic)]
    assert "ENV090" not in codes
    assert "PNR010" in codes
