"""Property tests: escaping round trip through the tokenizer; no input makes the parser raise anything
but ParserError (random bytes, and mutations of the public samples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.api import ParserError, all_issues, parse_bytes
from parsers.edifact.delimiters import Delimiters
from parsers.edifact.tokenizer import escape, read_interchanges
from tests.conftest import PUBLIC_MESSAGES

SERVICE_CHARS = ":+.?*'$#-|!^~\\/%&"


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    chars = draw(st.permutations(SERVICE_CHARS))
    component, element, decimal, release, repetition, terminator = chars[:6]
    return Delimiters(component, element, decimal, release, repetition, terminator)


@st.composite
def segments(draw: st.DrawFn, d: Delimiters) -> list[tuple[tuple[str, ...], ...]]:
    # Values mix letters, digits, spaces and every service character (which escaping must protect).
    alphabet = st.sampled_from("AZbz09 ./" + d.component + d.element + d.release + d.terminator + d.repetition)
    value = st.text(alphabet, max_size=12)
    element = st.lists(value, min_size=1, max_size=4).map(tuple)
    return draw(st.lists(st.lists(element, min_size=1, max_size=5).map(tuple), min_size=1, max_size=6))


def _compose(tag: str, elements: tuple[tuple[str, ...], ...], d: Delimiters) -> str:
    return tag + d.element + d.element.join(d.component.join(escape(v, d) for v in el) for el in elements) + d.terminator


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_escape_then_tokenize_round_trip(data: st.DataObject) -> None:
    d = data.draw(delimiters())
    body = data.draw(segments(d))
    e, t = d.element, d.terminator
    text = (
        d.una()
        + f"UNB{e}UNOB{d.component}4{e}S{e}R{e}240101{d.component}1200{e}9{t}"
        + f"UNH{e}1{e}PAXLST{d.component}D{t}"
        + "".join(_compose("FTX", elements, d) for elements in body)
        + f"UNT{e}{len(body) + 2}{e}1{t}UNZ{e}1{e}9{t}"
    )
    (raw,) = list(read_interchanges(text.encode("ascii")))
    got = [s.elements for s in raw.segments if s.tag == "FTX"]
    assert got == body
    assert raw.delimiters == d
    assert not [i for i in raw.issues if i.severity != "info"], raw.issues


def _samples() -> list[bytes]:
    if not PUBLIC_MESSAGES.exists():
        return []
    return [p.read_bytes() for p in sorted(PUBLIC_MESSAGES.iterdir()) if p.suffix == ".edi" and p.stat().st_size < 8000]


SAMPLES = _samples()


def _check(data: bytes) -> None:
    try:
        interchanges = parse_bytes(data)
    except ParserError:
        return
    for ic in interchanges:
        for issue in all_issues(ic):
            # A mapper that raised is reported as ENV090 rather than crashing the file: still a defect.
            assert issue.code != "ENV090", issue.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_anything_but_parser_error(data: bytes) -> None:
    _check(data)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("UNABHTZGE+:'?* \n\r\t.PAXLSTNRGOV0123456789"), max_size=300))
def test_edifact_looking_text_never_raises(text: str) -> None:
    _check(text.encode())


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate"]))
        if kind == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20) | st.sampled_from([b"'", b"+", b"?", b"\n", b"UNT+", b"UNH+", b"UNZ+1+", b"\xe2\x80\x99"]))
        elif kind == "replace":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            end = pos + draw(st.integers(1, 200))
            data[pos:pos] = data[pos:end]
        else:
            del data[pos:]
    return bytes(data)


@pytest.mark.skipif(not SAMPLES, reason=f"shared data not available: {PUBLIC_MESSAGES}")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample())
def test_mutated_public_samples_never_raise(data: bytes) -> None:
    _check(data)


def test_samples_are_used(public_messages: Path) -> None:
    assert len(SAMPLES) >= 30
