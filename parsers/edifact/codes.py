"""Stable issue codes of the syntax layer (``SYN*``) and the envelope (``ENV*``).

Each code keeps its meaning forever; docs/parsing.md explains every one for airline developers.
"""

from __future__ import annotations

from parsers.model import Severity

__all__ = ["CODES"]

# code → (severity, short title)
CODES: dict[str, tuple[Severity, str]] = {
    "SYN001": (Severity.WARNING, "malformed UNA service string, separators taken from the UNB"),
    "SYN002": (Severity.WARNING, "curly quote ’ used as segment terminator"),
    "SYN003": (Severity.WARNING, "bytes that do not fit the declared character set"),
    "SYN004": (Severity.WARNING, "characters outside the declared UNOA/UNOB repertoire"),
    "SYN005": (Severity.WARNING, "unknown character set (syntax identifier)"),
    "SYN006": (Severity.INFO, "UTF-8 byte order mark skipped"),
    "SYN010": (Severity.ERROR, "unreadable text skipped (not a segment)"),
    "SYN011": (Severity.WARNING, "whitespace inside a segment tag"),
    "SYN012": (Severity.WARNING, "line break inside a segment joined"),
    "SYN013": (Severity.INFO, "text hard-wrapped at a fixed width, lines joined"),
    "SYN014": (Severity.WARNING, "missing segment terminator, segment split (best effort)"),
    "SYN015": (Severity.WARNING, "release character with nothing to release"),
    "SYN016": (Severity.WARNING, "unknown service segment"),
    "SYN017": (Severity.INFO, "transport header before the interchange skipped"),
    "SYN018": (Severity.WARNING, "text after the end of the interchange ignored"),
    "SYN019": (Severity.INFO, "no terminator after the last segment"),
    "SYN020": (Severity.ERROR, "no EDIFACT segment found"),
    "ENV001": (Severity.ERROR, "UNT segment count does not match"),
    "ENV002": (Severity.WARNING, "UNT message reference missing or different from UNH"),
    "ENV003": (Severity.ERROR, "message not closed by UNT (truncated)"),
    "ENV004": (Severity.ERROR, "UNT without a UNH"),
    "ENV005": (Severity.ERROR, "UNE message count does not match"),
    "ENV006": (Severity.WARNING, "UNE group reference missing or different from UNG"),
    "ENV007": (Severity.WARNING, "UNE without UNG"),
    "ENV008": (Severity.ERROR, "functional group not closed by UNE"),
    "ENV009": (Severity.ERROR, "UNZ count does not match"),
    "ENV010": (Severity.WARNING, "UNZ interchange reference missing or different from UNB"),
    "ENV011": (Severity.ERROR, "interchange not closed by UNZ (truncated)"),
    "ENV012": (Severity.INFO, "messages without an interchange envelope (no UNB)"),
    "ENV013": (Severity.ERROR, "segment outside any message"),
    "ENV014": (Severity.INFO, "message type not handled by paxpipe, skipped"),
    "ENV015": (Severity.ERROR, "UNH without a message reference or type"),
    "ENV016": (Severity.WARNING, "space inside a reference number"),
    "ENV090": (Severity.ERROR, "message could not be mapped (internal error)"),
    "ENV017": (Severity.WARNING, "UNB without sender, recipient or control reference"),
}
