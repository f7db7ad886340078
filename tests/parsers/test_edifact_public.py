"""Every public sample (../shared/data/messages/public): each real defect is handled and reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parsers.api import all_issues, iter_travellers, parse_bytes
from parsers.edifact.tokenizer import RawInterchange, read_interchanges
from parsers.model import Interchange
from tests.conftest import PUBLIC_MESSAGES


def _raw(public: Path, name: str) -> RawInterchange:
    raws = list(read_interchanges((public / name).read_bytes()))
    assert len(raws) == 1
    return raws[0]


def _seg(raw: RawInterchange, tag: str, nth: int = 0):
    return [s for s in raw.segments if s.tag == tag][nth]


def _codes(interchanges: list[Interchange]) -> set[str]:
    return {i.code for ic in interchanges for i in all_issues(ic)}


Check = Callable[[RawInterchange], None]

# file → (issue codes that must be reported, a check on the segments)
CASES: dict[str, tuple[set[str], Check]] = {
    "paxlst_ediclean_A_typeb_envelope_wrapped64_footer.edi": (
        {"SYN017", "SYN013", "SYN018", "ENV001"},
        lambda r: (
            _seg(r, "UNH").el(0) == "PAX001"  # tag wrapped as U / NH
            and _seg(r, "CNT").elements == (("42", "47"),)  # value wrapped as 4 / 7
            and _seg(r, "MEA").el(0) == "CT"
        ),
    ),
    "paxlst_ediclean_B_star_hash_separators_wrapped.edi": (
        {"SYN017", "SYN013", "SYN018", "ENV001"},
        lambda r: r.delimiters.element == "*" and r.delimiters.terminator == "#" and _seg(r, "UNG").el(0) == "PAXLST",
    ),
    "paxlst_ediclean_D_dash_element_sep_part10.edi": (
        {"SYN017", "SYN018", "ENV001", "SYN004"},
        lambda r: r.delimiters.element == "-" and _seg(r, "UNT").el(0) == "2100",
    ),
    "paxlst_gtas_custom_separators_star_dollar.edi": (
        {"SYN011", "ENV001", "ENV016"},
        lambda r: r.delimiters.terminator == "$" and _seg(r, "UNG").el(0) == "PAXLST",
    ),
    "paxlst_gtas_d05b_multileg_loc92_trailing_junk.edi": (
        {"SYN018"},
        lambda r: "13Nov09" in r.trailing and _seg(r, "UNB").line == 1 and _seg(r, "BGM").line == 2,
    ),
    "paxlst_gtas_d05b_leading_spaces_no_doc.edi": (
        set(),
        lambda r: _seg(r, "UNB").column == 2 and _seg(r, "UNB").el(0) == "UNOA",
    ),
    "paxlst_gtas_multipart01C_latin1_name_in_UNOA.edi": (
        {"SYN003", "SYN004", "ENV001"},
        lambda r: any(s.el(3) == "Novák" for s in r.segments if s.tag == "NAD"),
    ),
    "paxlst_edifabric_d03b_cbp_ace_nonair_crew.edi": (
        {"SYN006"},
        lambda r: r.segments[0].tag == "UNB" and r.segments[0].column == 1,
    ),
    "paxlst_smooks_d03b_release_char_escapes.edi": (
        set(),
        lambda r: _seg(r, "UNG").el(2) == "CBP-A+CE-TEST" and any("HILL'S ROAD" in s.raw.replace("?", "") for s in r.segments),
    ),
    "pnrgov_gtas_v11_codeshare_backslash_release_lts.edi": (
        {"SYN001", "ENV001"},
        lambda r: r.delimiters.release == "\\" and any("*1A/E*" in (s.el(0) or "") for s in r.segments if s.tag == "LTS"),
    ),
    "pnrgov_gtas_v11_infant_curly_quote_una_malformed.edi": (
        {"SYN001", "SYN003", "SYN014"},
        lambda r: r.delimiters.terminator == "'" and _seg(r, "UNB").el(0) == "IATA",
    ),
    "pnrgov_gtas_ig_example_pg75_curly_terminators.edi": (
        {"SYN002", "ENV001"},
        lambda r: any(s.tag == "TVL" and (s.line, s.column) == (17, 1) for s in r.segments),
    ),
    "pnrgov_gtas_ig_example_pg77.edi": (
        {"SYN012", "SYN019", "ENV001"},
        lambda r: _seg(r, "UNH").el(2) == "AUTZ000623052013221001SIN20130528" and _seg(r, "UNZ").el(1) == "00102181551362",
    ),
    "pnrgov_gtas_malformed_on_purpose.edi": (
        {"SYN018", "SYN019", "ENV001"},
        lambda r: "Modify above message" in r.trailing,
    ),
    "pnrgov_gtas_v10_2pnrs_linebreaks_inside_segments.edi": (
        {"SYN012"},
        lambda r: _seg(r, "ADD").el(1, 1) == "45 HIGHSTREET" and _seg(r, "IFT", 3).el(3) == "7705632891",
    ),
    "pnrgov_gtas_edge_segment_tag_inside_value.edi": (
        {"ENV001", "ENV002"},
        lambda r: [s.tag for s in r.segments].count("UNT") == 1
        and any(s.el(1) == "CTCE MOLLY..LOUUNT+50BB//GMAIL.COM" for s in r.segments if s.tag == "IFT"),
    ),
    "pnrgov_gtas_v13_large_many_pnrs.edi": (
        {"ENV001", "ENV002", "ENV010"},
        lambda r: [s.tag for s in r.segments].count("UNT") == 1 and len(r.messages) == 1,
    ),
    "pnrgov_gtas_v13_una_dash_star_separators.edi": (
        {"ENV001"},
        lambda r: r.delimiters.element == "-" and r.delimiters.terminator == "*" and _seg(r, "UNH").el(1, 0) == "PNRGOV",
    ),
    "paxlst_astra_multipart_01C_02_03F_no_envelope.edi": (
        {"ENV012", "ENV007"},
        lambda r: r.unb is None and len(r.messages) == 3,
    ),
    "contrl_edifabric_v4_two_messages.edi": (
        {"SYN006"},
        lambda r: r.charset == "UNOB" and len(r.messages) == 2,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_public_defect_handled_and_reported(public_messages: Path, name: str) -> None:
    expected, check = CASES[name]
    raw = _raw(public_messages, name)
    codes = {i.code for i in raw.issues}
    assert expected <= codes, f"missing {expected - codes}; got {sorted(codes)}"
    assert check(raw)
    # Every segment has a position.
    assert all(s.line >= 1 and s.column >= 1 for s in raw.segments)
    assert [s.index for s in raw.segments] == list(range(len(raw.segments)))


def _public_files() -> list[str]:
    if not PUBLIC_MESSAGES.exists():
        return []
    return sorted(p.name for p in PUBLIC_MESSAGES.iterdir() if p.is_file() and p.name != "MANIFEST.txt")


@pytest.mark.parametrize("name", _public_files() or ["<shared data absent>"])
def test_every_public_file_parses_to_the_model(public_messages: Path, name: str) -> None:
    interchanges = parse_bytes((public_messages / name).read_bytes())
    assert interchanges
    codes = _codes(interchanges)
    assert "ENV090" not in codes, "a mapper raised on a public sample"
    messages = [m for ic in interchanges for m in ic.messages]
    if name.startswith(("paxlst", "pnrgov")):
        assert messages and list(iter_travellers(interchanges))
    if name.startswith(("contrl", "iapi_astra_cusres")):
        assert "ENV014" in codes and not messages


def test_segment_position_points_at_the_tag(public_messages: Path) -> None:
    for name in _public_files():
        data = (public_messages / name).read_bytes()
        if b"\r" in data or not data.isascii():
            continue
        lines = data.decode("ascii").split("\n")
        for raw in read_interchanges(data):
            for seg in raw.segments:
                text = lines[seg.line - 1]
                assert text[seg.column - 1 :].startswith(seg.tag[0]), (name, seg.tag, seg.line, seg.column)
