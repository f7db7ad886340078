"""`paxpipe parse FILE...`: PAXLST/PNRGOV files → JSON Lines on stdout, one traveller a line.

Each line is :func:`parsers.model.canonical_record` (the keys of ``CANONICAL_KEYS`` first, null when
absent). Files are streamed interchange by interchange, so a very large file runs in flat memory.
Issues are not printed here (see `paxpipe validate`); ``--issues`` prints a count per file on stderr.
Exit codes: 0 when every file could be read (even with data-quality issues), 2 when a file is missing
or holds nothing readable as EDIFACT (the other files are still parsed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

# parsers.api, not the parsers package: the same import works in an editable install and a wheel.
from parsers.api import ParserError, all_issues, iter_interchanges, iter_travellers
from parsers.model import canonical_record

__all__ = ["add_arguments", "parse_file", "run"]

EXIT_OK = 0
EXIT_UNREADABLE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="PAXLST/PNRGOV file(s); '-' reads stdin")
    parser.add_argument(
        "--issues", action="store_true", help="print the number of issues per file on stderr"
    )


def parse_file(path: str, out: TextIO) -> tuple[int, int]:
    """Write one JSON line per traveller of ``path``; (travellers, issues). Raises ParserError/OSError."""
    travellers = 0
    issues = 0
    lines: list[str] = []
    dumps = json.dumps
    if path == "-":
        handle = sys.stdin.buffer
        close = False
    else:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed below, also when parsing fails
        close = True
    try:
        for interchange in iter_interchanges(handle):
            issues += len(all_issues(interchange))
            for traveller, flight, _message in iter_travellers((interchange,)):
                lines.append(dumps(canonical_record(traveller, flight), ensure_ascii=False))
                travellers += 1
            if len(lines) >= 1000:
                out.write("\n".join(lines) + "\n")
                lines = []
    finally:
        if close:
            handle.close()
    if lines:
        out.write("\n".join(lines) + "\n")
    return travellers, issues


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:  # `paxpipe parse ... | head`: the reader left, nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the interpreter's flush at exit
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    out = sys.stdout
    for path in args.files:
        try:
            travellers, issues = parse_file(path, out)
        except ParserError as exc:
            print(f"paxpipe parse: {path}: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        except OSError as exc:
            print(f"paxpipe parse: {path}: {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        if args.issues:
            print(f"{path}: {travellers} traveller(s), {issues} issue(s)", file=sys.stderr)
    out.flush()
    return status
