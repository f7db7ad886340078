"""parsers.api: dispatch, issues attached to messages, streaming, multi-part assembly, ParserError."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from parsers import ParserError, iter_interchanges, iter_travellers, parse_bytes, validate_bytes
from parsers.api import all_issues
from parsers.model import PaxlstMessage, PnrgovMessage, Severity

PAX = (
    "UNH+{ref}+PAXLST:D:05B:UN:IATA+{car}+{part}'BGM+745'NAD+MS+++HELP DESK'TDT+20+LH400+++LH'"
    "LOC+125+FRA'DTM+189:2401151000:201'LOC+87+JFK'DTM+232:2401151300:201'"
    "{travellers}CNT+42:{total}'UNT+{count}+{ref}'"
)
TRAVELLER = "NAD+FL+++{surname}:{given}'ATT+2++M'DTM+329:800101'NAT+2+DEU'DOC+P:110:111+{doc}'DTM+36:300101'"


def paxlst(ref: str, names: list[str], *, car: str = "LH400/240115/1000", part: str = "01:F", total: int | None = None) -> str:
    travellers = "".join(TRAVELLER.format(surname=n, given="ANNA", doc=f"C{i:07d}{ref}") for i, n in enumerate(names))
    body = PAX.format(ref=ref, car=car, part=part, travellers=travellers, total=total or len(names), count="{count}")
    count = body.count("'")
    return body.replace("{count}", str(count))


def interchange(*messages: str, ref: str = "1") -> bytes:
    return (
        f"UNA:+.? 'UNB+UNOA:4+LH+DEAPIS+240115:0900+{ref}'"
        + "".join(messages)
        + f"UNZ+{len(messages)}+{ref}'\n"
    ).encode()


PNRGOV = (
    "UNH+1+PNRGOV:11:1:IA+X'MSG+:22'ORG+LH:FRA'TVL+150124:1000:150124:1300+FRA+JFK+LH+400'EQN+1'"
    "SRC'RCI+LH:ABC123'TIF+MEIER+HANS:A:1'SSR+DOCS:HK:1:LH:::::/P/DEU/C1234567/DEU/01JAN80/M/01JAN30/MEIER/HANS'"
    "TVL+150124:1000:150124:1300+FRA+JFK+LH+400'UNT+11+1'"
)
CUSRES = "UNH+7+CUSRES:D:05B:UN:IATA'BGM+962'UNT+3+7'"


def test_dispatch_by_message_type_and_skip_others() -> None:
    data = interchange(paxlst("1", ["SCHMIDT", "MUELLER"]), PNRGOV, CUSRES)
    (ic,) = parse_bytes(data)
    assert [type(m) for m in ic.messages] == [PaxlstMessage, PnrgovMessage]
    skipped = [i for i in ic.issues if i.code == "ENV014"]
    assert len(skipped) == 1 and skipped[0].severity == Severity.INFO and skipped[0].message_ref == "7"
    rows = list(iter_travellers([ic]))
    assert [(t.surname, leg.flight if leg else None, m.type) for t, leg, m in rows] == [
        ("SCHMIDT", "LH400", "PAXLST"),
        ("MUELLER", "LH400", "PAXLST"),
        ("MEIER", "LH400", "PNRGOV"),
    ]
    assert ic.sender == "LH" and ic.control_ref == "1" and ic.charset == "UNOA"
    assert ic.prepared_at == "2024-01-15T09:00"


def test_message_date_from_unb_anchors_two_digit_years() -> None:
    (ic,) = parse_bytes(interchange(paxlst("1", ["SCHMIDT"])))
    traveller = ic.messages[0].travellers[0]
    assert traveller.date_of_birth == "1980-01-01"
    assert traveller.documents[0].expiry == "2030-01-01"


def test_envelope_issue_attached_to_its_message() -> None:
    bad = paxlst("1", ["SCHMIDT"]).replace("UNT+", "UNT+9").replace("+1'", "+2'", 1)
    (ic,) = parse_bytes(interchange(bad))
    message = ic.messages[0]
    env = [i for i in message.issues if i.code == "ENV001"]
    assert env and env[0].message_ref == "1" and env[0].tag == "UNT"
    assert all(i.code != "ENV001" for i in ic.issues)
    assert "ENV001" in {i.code for i in validate_bytes(interchange(bad))}


def test_multipart_set_assembled_in_one_interchange() -> None:
    parts = [
        paxlst("1", ["A", "B"], part="01:C", total=5),
        paxlst("2", ["C", "D"], part="02", total=5),
        paxlst("3", ["E"], part="03:F", total=5),
    ]
    (ic,) = parse_bytes(interchange(*parts))
    assert len(ic.messages) == 1
    assert [t.surname for t in ic.messages[0].travellers] == ["A", "B", "C", "D", "E"]


def test_multipart_set_assembled_across_interchanges_of_a_file() -> None:
    first = interchange(paxlst("1", ["A"], part="01:C", total=2), ref="1")
    second = interchange(paxlst("2", ["B"], part="02:F", total=2), ref="2")
    interchanges = parse_bytes(first + second)
    assert [len(ic.messages) for ic in interchanges] == [1, 0]
    assert [t.surname for t in interchanges[0].messages[0].travellers] == ["A", "B"]
    # Streaming keeps each interchange on its own.
    streamed = list(iter_interchanges(io.BytesIO(first + second)))
    assert [len(ic.messages) for ic in streamed] == [1, 1]


@pytest.mark.parametrize("data", [b"", b"   \n", b"hello world", b"\x00\xff" * 100, b"UNH"])
def test_parser_error_only_when_nothing_is_readable(data: bytes) -> None:
    with pytest.raises(ParserError):
        parse_bytes(data)


def test_no_error_when_something_is_readable() -> None:
    interchanges = parse_bytes(b"garbage before\nUNH+1+PAXLST:D:05B:UN:IATA'BGM+745'")
    codes = {i.code for ic in interchanges for i in all_issues(ic)}
    assert {"SYN017", "ENV003", "ENV012"} <= codes


def test_streaming_small_blocks_equals_whole_input() -> None:
    data = b"".join(interchange(paxlst(str(k), ["X", "Y"]), ref=str(k)) for k in range(1, 6))
    whole = list(iter_interchanges(data))
    for block_size in (7, 64, 1000):
        streamed = list(iter_interchanges(io.BytesIO(data), block_size=block_size))
        assert streamed == whole
    assert [ic.control_ref for ic in whole] == ["1", "2", "3", "4", "5"]
    lines = [i.line for ic in whole for m in ic.messages for i in m.issues]
    assert lines == [i.line for ic in streamed for m in ic.messages for i in m.issues]


def test_streaming_memory_is_flat() -> None:
    one = interchange(paxlst("1", [f"NAME{k}" for k in range(20)]))

    class Repeat:
        """A stream of ``copies`` interchanges, generated as it is read."""

        def __init__(self, copies: int) -> None:
            self.left, self.buffer = copies, b""

        def read(self, size: int) -> bytes:
            while len(self.buffer) < size and self.left:
                self.buffer += one
                self.left -= 1
            out, self.buffer = self.buffer[:size], self.buffer[size:]
            return out

    def peak(copies: int) -> int:
        tracemalloc.start()
        stream = Repeat(copies)
        count = sum(len(ic.messages) for ic in iter_interchanges(stream, block_size=1 << 15))  # type: ignore[arg-type]
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == copies
        return top

    small, large = peak(10), peak(200)
    # 20x the input, roughly the same peak: nothing accumulates per interchange.
    assert large < small * 2


def test_text_after_unz_stays_on_the_interchange() -> None:
    data = interchange(paxlst("1", ["SCHMIDT"])) + b"\n\nEmail footer\n"
    (ic,) = parse_bytes(data)
    (trailing,) = [i for i in ic.issues if i.code == "SYN018"]
    assert trailing.line == 4 and trailing.excerpt == "Email footer"
    assert all(i.code != "SYN018" for m in ic.messages for i in m.issues)
