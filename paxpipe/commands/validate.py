"""`paxpipe validate FILE... [--json]`: check PAXLST/PNRGOV files and report every data-quality issue.

For airline staff: per file, each issue with its stable code (documented in docs/parsing.md), severity,
line:column, the offending segment quoted and a plain-language explanation, then a summary line. With
``--json``: one object with ``files`` (per-file counts) and ``issues`` (every issue, with its file).
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 a file missing or unreadable as EDIFACT.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from parsers.api import ParserError, all_issues, iter_interchanges
from parsers.model import Issue, PaxlstMessage, Severity

__all__ = ["FileReport", "add_arguments", "run", "validate_file"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclasses.dataclass(slots=True)
class FileReport:
    path: str
    readable: bool = True
    problem: str | None = None  # why the file could not be read
    interchanges: int = 0
    messages: dict[str, int] = dataclasses.field(default_factory=dict)  # type → count
    travellers: int = 0
    issues: list[Issue] = dataclasses.field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity == severity)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="PAXLST/PNRGOV file(s); '-' reads stdin")
    parser.add_argument("--json", action="store_true", help="machine-readable output (one JSON object)")
    parser.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        default=Severity.INFO.value,
        help="hide issues below this severity in the listing (counts always include every issue)",
    )


def validate_file(path: str) -> FileReport:
    report = FileReport(path)
    try:
        if path == "-":
            _collect(sys.stdin.buffer, report)
        else:
            with Path(path).open("rb") as handle:
                _collect(handle, report)
    except ParserError as exc:
        report.readable, report.problem = False, str(exc)
    except OSError as exc:
        report.readable, report.problem = False, exc.strerror or str(exc)
    return report


def _collect(handle: Any, report: FileReport) -> None:
    for interchange in iter_interchanges(handle):
        report.interchanges += 1
        for message in interchange.messages:
            report.messages[message.type] = report.messages.get(message.type, 0) + 1
            if isinstance(message, PaxlstMessage):
                report.travellers += len(message.travellers)
            else:
                report.travellers += sum(len(p.passengers) for p in message.pnrs)
        report.issues.extend(all_issues(interchange))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _print_text(reports: list[FileReport], min_severity: Severity, out: TextIO) -> None:
    limit = _RANK[min_severity]
    for rep in reports:
        if not rep.readable:
            print(f"{rep.path}: UNREADABLE — {rep.problem}", file=out)
            print(file=out)
            continue
        kinds = ", ".join(f"{_plural(n, t + ' message')}" for t, n in sorted(rep.messages.items())) or "no message"
        print(
            f"{rep.path}: {kinds}, {_plural(rep.travellers, 'traveller')} — "
            f"{_plural(rep.count(Severity.ERROR), 'error')}, {_plural(rep.count(Severity.WARNING), 'warning')}, "
            f"{_plural(rep.count(Severity.INFO), 'note')}",
            file=out,
        )
        for issue in rep.issues:
            if _RANK[issue.severity] > limit:
                continue
            where = f"line {issue.line}" if issue.line is not None else "file"
            if issue.line is not None and issue.column is not None:
                where += f":{issue.column}"
            label = {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}[issue.severity.value]
            ref = f" [message {issue.message_ref}]" if issue.message_ref else ""
            print(f"  {label:<7} {issue.code:<7} {where}{ref}", file=out)
            print(f"          {issue.message}", file=out)
            if issue.excerpt:
                print(f"          > {issue.excerpt}", file=out)
        print(file=out)
    totals: Counter[str] = Counter()
    for rep in reports:
        for issue in rep.issues:
            totals[issue.severity.value] += 1
    unreadable = sum(1 for r in reports if not r.readable)
    with_errors = sum(1 for r in reports if r.count(Severity.ERROR))
    print(
        f"Summary: {_plural(len(reports), 'file')} checked, {with_errors} with errors, {unreadable} unreadable; "
        f"{_plural(totals['error'], 'error')}, {_plural(totals['warning'], 'warning')}, "
        f"{_plural(totals['info'], 'note')}.",
        file=out,
    )


def _issue_json(issue: Issue, path: str) -> dict[str, Any]:
    record = dataclasses.asdict(issue)
    record["severity"] = issue.severity.value
    record["file"] = path
    return record


def _print_json(reports: list[FileReport], out: TextIO) -> None:
    files = [
        {
            "file": r.path,
            "readable": r.readable,
            "problem": r.problem,
            "interchanges": r.interchanges,
            "messages": r.messages,
            "travellers": r.travellers,
            "errors": r.count(Severity.ERROR),
            "warnings": r.count(Severity.WARNING),
            "infos": r.count(Severity.INFO),
        }
        for r in reports
    ]
    issues = [_issue_json(i, r.path) for r in reports for i in r.issues]
    json.dump({"files": files, "issues": issues}, out, ensure_ascii=False, indent=1)
    out.write("\n")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:  # `paxpipe validate ... | head`: the reader left, nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the interpreter's flush at exit
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    reports = [validate_file(path) for path in args.files]
    if args.json:
        _print_json(reports, sys.stdout)
    else:
        _print_text(reports, Severity(args.min_severity), sys.stdout)
    if any(not r.readable for r in reports):
        return EXIT_UNREADABLE
    if any(r.count(Severity.ERROR) for r in reports):
        return EXIT_ERRORS
    return EXIT_OK
