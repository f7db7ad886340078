"""The audit trail: who saw which traveller's data or decided what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from paxpipe.web.auth import Principal
from paxpipe.web.db import AuditEvent

__all__ = ["AuditPage", "browse", "record"]


def record(
    db: Session,
    who: Principal | None,
    action: str,
    *,
    now: datetime,
    target_type: str | None = None,
    target_id: str | None = None,
    detail: str = "",
    client: str | None = None,
    username: str | None = None,
) -> None:
    db.add(
        AuditEvent(
            at=now,
            username=who.username if who else username,
            role=who.role if who else None,
            action=action,
            target_type=target_type,
            target_id=target_id,
            detail=detail[:2000],
            client=client,
        )
    )


@dataclass(frozen=True, slots=True)
class AuditPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def browse(
    db: Session, *, username: str = "", action: str = "", target: str = "", page: int = 1, page_size: int = 100
) -> AuditPage:
    query = select(AuditEvent)
    if username:
        query = query.where(AuditEvent.username == username)
    if action:
        query = query.where(AuditEvent.action == action)
    if target:
        query = query.where(AuditEvent.target_id == target)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    events = list(
        db.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * page_size).limit(page_size))
    )
    return AuditPage(events, total, page, pages)
