"""What a writer produces: a file's text and, beside it, the ground truth of its messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["EdiFile", "Message"]


@dataclass(slots=True)
class Message:
    """Ground truth of one UNH..UNT: what it is and who it carries (entries: id + overrides)."""

    ref: str
    kind: str  # PAXLST | PNRGOV
    document_type: str | None = None
    function: str | None = None
    part: int | None = None
    final: bool = True
    common_access_ref: str | None = None
    push_type: str | None = None
    travellers: list[dict[str, Any]] = field(default_factory=list)
    cancelled_pnrs: list[str] = field(default_factory=list)
    segment_count: int = 0


@dataclass(slots=True)
class EdiFile:
    name: str
    kind: str  # PAXLST | PNRGOV
    flight_id: str
    push: str  # "API", "API-CREW", "API-CHANGE", "API-CANCEL", "T-72", ..., "T-0"
    sent_at: datetime  # UTC
    charset: str
    separators: str
    text: str
    messages: list[Message]
    line_end: str = "\n"
    defects: list[dict[str, Any]] = field(default_factory=list)
