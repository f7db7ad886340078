"""Building issues. Codes are stable and namespaced by layer: ``SYN*`` syntax and charset (edifact/),
``ENV*`` envelope and counts, ``PAX*`` PAXLST content (paxlst/rules.py), ``PNR*`` PNRGOV content
(pnrgov/rules.py). Each layer documents its codes next to where it raises them; docs/issues.md lists all.
"""

from __future__ import annotations

from parsers.edifact.segment import Segment
from parsers.model import Issue, Severity

__all__ = ["error", "issue", "warning"]


def issue(
    code: str,
    severity: Severity,
    message: str,
    segment: Segment | None = None,
    *,
    message_ref: str | None = None,
) -> Issue:
    if segment is None:
        return Issue(code=code, severity=severity, message=message, message_ref=message_ref)
    return Issue(
        code=code,
        severity=severity,
        message=message,
        segment_index=segment.index,
        tag=segment.tag,
        line=segment.line,
        column=segment.column,
        excerpt=segment.excerpt(),
        message_ref=message_ref,
    )


def error(code: str, message: str, segment: Segment | None = None, *, message_ref: str | None = None) -> Issue:
    return issue(code, Severity.ERROR, message, segment, message_ref=message_ref)


def warning(code: str, message: str, segment: Segment | None = None, *, message_ref: str | None = None) -> Issue:
    return issue(code, Severity.WARNING, message, segment, message_ref=message_ref)
