"""`paxpipe parse` and `paxpipe validate`: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.model import CANONICAL_KEYS
from paxpipe.cli import main

CLEAN = (
    "UNA:+.? 'UNB+UNOA:4+LH+DEAPIS+240115:0900+1'UNH+1+PAXLST:D:05B:UN:IATA+LH400/240115/1000+01:F'"
    "BGM+745'NAD+MS+++HELP DESK'TDT+20+LH400+++LH'LOC+125+FRA'DTM+189:2401151000:201'LOC+87+JFK'"
    "DTM+232:2401151300:201'NAD+FL+++O?'BRIEN:ANNA'ATT+2++F'DTM+329:800101'NAT+2+IRL'"
    "DOC+P:110:111+C1234567'DTM+36:300101'LOC+91+IRL'CNT+42:1'UNT+17+1'UNZ+1+1'\n"
)


@pytest.fixture()
def clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "clean.edi"
    path.write_text(CLEAN)
    return path


@pytest.fixture()
def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.edi"
    path.write_text(CLEAN.replace("UNT+17+1", "UNT+99+1"))
    return path


def test_parse_prints_one_canonical_record_per_traveller(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(clean_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert list(record)[: len(CANONICAL_KEYS)] == list(CANONICAL_KEYS)
    assert record["surname"] == "O'BRIEN" and record["flight"] == "LH400"
    assert record["document_number"] == "C1234567" and record["departure_date"] == "2024-01-15"
    assert record["booking_ref"] is None


def test_parse_public_files(public_messages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(public_messages / n) for n in ("paxlst_gtas_multipart01C_latin1_name_in_UNOA.edi", "pnrgov_gtas_v13_4pnrs.edi")]
    assert main(["parse", *files]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sum(r["source"] == "PAXLST" for r in records) == 260
    assert sum(r["source"] == "PNRGOV" for r in records) == 4
    assert any(r["surname"] == "Novák" for r in records)


def test_parse_exit_codes(tmp_path: Path, clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.edi"
    empty.write_bytes(b"")
    assert main(["parse", str(empty), str(clean_file)]) == 2
    captured = capsys.readouterr()
    assert "no EDIFACT segment" in captured.err and len(captured.out.splitlines()) == 1
    assert main(["parse", str(tmp_path / "missing.edi")]) == 2
    assert main(["parse"]) == 2


def test_validate_clean_file_exits_0(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(clean_file)]) == 0
    out = capsys.readouterr().out
    assert "1 PAXLST message, 1 traveller — 0 errors" in out
    assert out.strip().splitlines()[-1].startswith("Summary: 1 file checked, 0 with errors")


def test_validate_reports_error_with_position_and_segment(broken_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(broken_file)]) == 1
    out = capsys.readouterr().out
    column = CLEAN.index("UNT") + 1
    assert f"ERROR   ENV001  line 1:{column} [message 1]" in out
    assert "> UNT+99+1" in out
    assert "UNT says the message has 99 segment(s) but it has 17" in out


def test_validate_json(broken_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.edi"
    empty.write_bytes(b"\n")
    assert main(["validate", "--json", str(broken_file), str(empty)]) == 2
    report = json.loads(capsys.readouterr().out)
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["broken.edi"]["readable"] and files["broken.edi"]["errors"] == 1
    assert files["broken.edi"]["messages"] == {"PAXLST": 1} and files["broken.edi"]["travellers"] == 1
    assert not files["empty.edi"]["readable"]
    (env,) = [i for i in report["issues"] if i["code"] == "ENV001"]
    assert env["severity"] == "error" and env["tag"] == "UNT" and env["line"] == 1
    assert Path(env["file"]).name == "broken.edi"


def test_validate_public_sample_lists_every_defect(public_messages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = public_messages / "paxlst_ediclean_A_typeb_envelope_wrapped64_footer.edi"
    assert main(["validate", "--json", str(path)]) == 1
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)["issues"]}
    assert {"SYN013", "SYN017", "SYN018", "ENV001"} <= codes
