"""Multi-part PAXLST sets: assembly in any order, incomplete sets, duplicates, totals."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter

import pytest

from parsers.model import PaxlstMessage
from parsers.paxlst.assembly import assemble_parts, final_received, is_part, missing_parts, set_key
from parsers.paxlst.mapping import map_paxlst
from tests.parsers._paxlst_support import segments

DATE = datetime.date(2007, 10, 8)
LEG = "TDT+20+OK688'LOC+125+PRG'DTM+189:0710081045:201'LOC+87+BCN'DTM+232:0710081310:201'"


def pax(surname: str, doc: str) -> str:
    return f"NAD+FL+++{surname}:JAN'ATT+2++M'DTM+329:700101'NAT+2+CZE'DOC+P:110:111+{doc}'DTM+36:200101'LOC+91+CZE'"


def part(
    s010: str, *travellers: str, total: int = 5, ref: str = "OK688/071008/1310", leg: str = LEG
) -> PaxlstMessage:
    text = f"UNH+1+PAXLST:D:02B:UN:IATA+{ref}+{s010}'BGM+745'NAD+MS+++X'{leg}{''.join(travellers)}CNT+42:{total}'UNT+9+1'"
    return map_paxlst(segments(text), message_date=DATE)


P1 = part("01:C", pax("A", "1"), pax("B", "2"))
P2 = part("02", pax("C", "3"), pax("D", "4"))
P3 = part("03:F", pax("E", "5"))


def surnames(msg: PaxlstMessage) -> list[str | None]:
    return [t.surname for t in msg.travellers]


def codes(msg: PaxlstMessage) -> Counter[str]:
    return Counter(i.code for i in msg.issues)


@pytest.mark.parametrize("order", list(itertools.permutations([P1, P2, P3])))
def test_any_arrival_order_gives_one_list(order: tuple[PaxlstMessage, ...]) -> None:
    (merged,) = assemble_parts(order)
    assert surnames(merged) == ["A", "B", "C", "D", "E"]
    assert [t.traveller_ref for t in merged.travellers] == ["1", "2", "3", "4", "5"]
    assert merged.complete and merged.parts == (1, 2, 3)
    assert (merged.part.sequence, merged.part.final, merged.part.common_access_ref) == (
        None,
        True,
        "OK688/071008/1310",
    )
    assert merged.reported_total == 5 and merged.crossing_leg is not None
    assert not is_part(merged)
    assert codes(merged) == Counter()


def test_missing_middle_part() -> None:
    (merged,) = assemble_parts([P3, P1])
    assert not merged.complete and merged.parts == (1, 3)
    assert surnames(merged) == ["A", "B", "E"]
    (issue,) = [i for i in merged.issues if i.code == "PAX080"]
    assert "missing 02" in issue.message and "final" not in issue.message
    assert (merged.part.sequence, merged.part.final) == (3, True)
    assert is_part(merged)


def test_missing_final_part() -> None:
    (merged,) = assemble_parts([P2, P1])
    (issue,) = [i for i in merged.issues if i.code == "PAX080"]
    assert "final part (:F) not received" in issue.message
    assert not merged.complete and surnames(merged) == ["A", "B", "C", "D"]


def test_single_intermediate_part_is_merged_but_flagged() -> None:
    (merged,) = assemble_parts([P2])
    assert not merged.complete and merged.parts == (2,)
    assert "missing 01" in next(i.message for i in merged.issues if i.code == "PAX080")


def test_incomplete_sets_merged_again_later() -> None:
    """Parts arrive in separate interchanges: each is merged alone first, then the file merges them."""
    first = assemble_parts([P2])[0]
    second = assemble_parts([P3, P1])[0]
    (merged,) = assemble_parts([first, second])
    assert merged.complete and merged.parts == (1, 2, 3)
    assert surnames(merged) == ["A", "B", "C", "D", "E"]
    assert "PAX080" not in codes(merged)


def test_same_part_twice_keeps_the_later_one() -> None:
    resent = part("02", pax("C", "3"), pax("D2", "4"))
    (merged,) = assemble_parts([P1, P2, resent, P3])
    assert surnames(merged) == ["A", "B", "C", "D2", "E"]
    assert codes(merged)["PAX081"] == 1


def test_traveller_repeated_across_parts_is_kept_once() -> None:
    again = part("03:F", pax("E", "5"), pax("A", "1"))
    (merged,) = assemble_parts([P1, P2, again])
    assert surnames(merged) == ["A", "B", "C", "D", "E"]
    assert codes(merged)["PAX082"] == 1


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([P1, P2, part("03:F", pax("E", "5"), total=6)], {"PAX060", "PAX083"}),  # 5 found, last says 6
        ([part("01:C", pax("A", "1"), total=1), part("02:F", pax("B", "2"), total=1)], {"PAX060"}),
        ([part("01:C", pax("A", "1"), pax("B", "2"), total=1)], {"PAX080", "PAX060"}),  # already too many
        ([part("01:C", pax("A", "1"), total=9)], {"PAX080"}),  # fewer than the total: cannot tell yet
    ],
)
def test_flight_total_checked_on_the_set(parts: list[PaxlstMessage], expected: set[str]) -> None:
    (merged,) = assemble_parts(parts)
    assert set(codes(merged)) == expected


def test_parts_with_other_legs_are_reported() -> None:
    odd = part("02", pax("C", "3"), leg=LEG.replace("LOC+87+BCN", "LOC+87+MAD"))
    (merged,) = assemble_parts([P1, odd, P3])
    assert codes(merged)["PAX083"] == 1
    assert merged.legs == P1.legs


def test_two_sets_and_singles_keep_their_order() -> None:
    single = part("01:F", pax("S", "9"), total=1, ref="SINGLE")
    other_1 = part("01:C", pax("X", "7"), total=2, ref="OTHER")
    other_2 = part("02:F", pax("Y", "8"), total=2, ref="OTHER")
    out = assemble_parts([P2, single, other_2, P1, other_1, P3])
    assert [surnames(m) for m in out] == [["A", "B", "C", "D", "E"], ["S"], ["X", "Y"]]
    assert out[1] is single
    assert all(m.complete for m in out)


def test_same_reference_on_other_flights_is_not_merged() -> None:
    other_flight = part("02", pax("Z", "0"), leg=LEG.replace("OK688", "OK689"))
    out = assemble_parts([P1, other_flight])
    assert len(out) == 2


def test_helpers() -> None:
    assert set_key(P1) == set_key(P3) == ("745", "OK688/071008/1310", "OK688", "2007-10-08")
    assert missing_parts([P1, P3]) == (2,)
    assert missing_parts([P3]) == (1, 2)
    assert missing_parts([P1, P2, P3]) == ()
    assert final_received([P1, P3]) and not final_received([P1, P2])
    assert is_part(P1) and is_part(P2) and is_part(P3)
    assert not is_part(part("01:F", pax("S", "9"), total=1))
