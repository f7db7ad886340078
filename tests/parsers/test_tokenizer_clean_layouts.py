"""The tokenizer's clean-layout path (one line, or one segment a line) gives exactly what the general
loop gives, positions and issues included; anything else falls back to the general loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.parse_bench import generate_corpus
from parsers.edifact import tokenizer
from parsers.edifact.delimiters import DEFAULT
from parsers.edifact.tokenizer import RawInterchange, read_interchanges

EDGE_CASES = [
    "UNA:+.? 'UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+1'",
    "UNA:+.? '\nUNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'\nUNT+3+1'\nUNZ+1+1'\n",
    "UNA:+.? '\nUNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++O?'BRIEN:A?+B'\nUNT+3+1'\nUNZ+1+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'\r\nUNH+1+PAXLST:D:05B:UN:IATA'\r\nBGM+745'\r\nUNT+3+1'\r\nUNZ+1+1'\r\n",
    "UNB+UNOA:4+S+R+240101:0900+1'\n\nUNH+1+PAXLST:D:05B:UN:IATA'\n  BGM+745'\nUNT+3+1'\nUNZ+1+1'\n",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'UNT+3+1'\nUNZ+1+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA''BGM+745' UNT+3+1'UNZ+1+1'  ",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'QQQ+1'BGM+745?'UNT+3+1'UNZ+1+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++A??'BGM+7?'UNT+3+1'UNZ+1+1",
    "UNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++SMI\nTH'\nSRC'\nUNT+3+1'\nUNZ+1+1'",
    "UNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'\nUNT+3+1'",
    "   UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'SRC'UNT+3+1'UNZ+1+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'FTX+AAA+++ENDS WITH?'",
    "UNB+UNOA:4+S+R+240101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++O?'BRIEN'NAD+FL+++X?''UNT+3+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++O?'BRIEN:A?:B'\nUNT+3+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++O?'\nBRIEN'\nUNT+3+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++O??'\nUNT+3+1'",
    "UNB+UNOA:4+S+R+240101:0900+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\nNAD+FL+++A?'B'C'\nUNT+3+1'",
]


def _general(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[RawInterchange]:
    with monkeypatch.context() as m:
        m.setattr(tokenizer, "_tokenize_clean", lambda *args: None)
        return list(read_interchanges(data))


def _same(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[RawInterchange]:
    fast = list(read_interchanges(data))
    assert fast == _general(data, monkeypatch)
    return fast


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_equal_the_general_loop(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text.encode("latin-1"), monkeypatch)


def test_generated_corpus_equals_the_general_loop_and_takes_the_clean_path(monkeypatch: pytest.MonkeyPatch) -> None:
    data = generate_corpus(300_000, seed=5)
    calls: list[bool] = []
    clean = tokenizer._tokenize_clean

    def spy(*args: object) -> object:
        result = clean(*args)  # type: ignore[arg-type]
        calls.append(result is not None)
        return result

    monkeypatch.setattr(tokenizer, "_tokenize_clean", spy)
    fast = list(read_interchanges(data))
    monkeypatch.undo()
    assert len(calls) == len(fast) > 10
    assert all(calls)  # both layouts of the corpus (one line, one segment a line) are clean
    assert fast == _general(data, monkeypatch)


def test_public_samples_equal_the_general_loop(public_messages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(p for p in public_messages.rglob("*") if p.is_file() and p.name != "MANIFEST.txt")
    assert files
    for path in files:
        _same(path.read_bytes(), monkeypatch)


def test_clean_path_declines_what_it_does_not_handle() -> None:
    for body in ("A'\r\nB'", "NAD+X??'", "NAD+X?'\nBGM+1'", "\n\nUNH+1'", " UNH+1'", "UNH+1''", "QQ+1'", "UNH+1'x"):
        assert tokenizer._tokenize_clean(body, DEFAULT, 0, 0, 1, 0) is None, body
    segments = tokenizer._tokenize_clean("UNH+1'\nBGM+745'\n", DEFAULT, 0, 0, 1, 0)
    assert segments is not None
    assert [(s.tag, s.line, s.column, s.raw) for s in segments] == [("UNH", 1, 1, "UNH+1"), ("BGM", 2, 1, "BGM+745")]
