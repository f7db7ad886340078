"""Jinja filters: times in UTC, countdowns, scores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from jinja2 import Environment

from paxpipe.web.review import OUTCOME_LABELS, score_band

__all__ = ["countdown", "install"]


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def when(value: Any) -> str:
    dt = _utc(value)
    if dt is None:
        return "" if value is None else str(value)
    return dt.strftime("%Y-%m-%d %H:%M UTC")


def iso(value: Any) -> str:
    dt = _utc(value)
    return "" if dt is None else dt.isoformat()


def countdown(value: Any, now: datetime) -> str:
    """'in 2h 05m', 'landed 12m ago': the server's rendering; static/app.js keeps it ticking."""
    dt = _utc(value)
    if dt is None:
        return "unknown"
    seconds = int((dt - now).total_seconds())
    minutes = abs(seconds) // 60
    days, rem = divmod(minutes, 1440)
    hours, mins = divmod(rem, 60)
    text = (f"{days}d " if days else "") + (f"{hours}h " if days or hours else "") + f"{mins:02d}m"
    return f"in {text}" if seconds >= 0 else f"landed {text} ago"


def score(value: Any) -> str:
    return "" if value is None else f"{float(value):.2f}"


def day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


def label(value: Any) -> str:
    text = "" if value is None else str(value)
    return OUTCOME_LABELS.get(text, text.replace("_", " "))


def install(env: Environment) -> None:
    env.filters.update(when=when, iso=iso, countdown=countdown, score=score, day=day, label=label, band=score_band)
