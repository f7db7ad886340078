"""The web app's settings, read once from paxpipe.settings at the edge (serve command, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from paxpipe.settings import Settings

__all__ = ["LOCAL_HOSTS", "WebConfig"]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class WebConfig:
    lakehouse: Path
    database_url: str
    production: bool = False
    session_max_age_seconds: int = 8 * 3600
    lockout_failures: int = 5
    lockout_minutes: int = 15
    secure_cookies: bool = False  # True whenever the app is reachable beyond plain localhost
    recheck_seconds: float = 2.0  # how stale a Delta snapshot may be before the log is polled again
    background_refresh: bool = False  # serve the previous snapshot while a new version loads

    @classmethod
    def from_settings(
        cls, settings: Settings, *, host: str, lakehouse: str | None = None, database_url: str | None = None
    ) -> WebConfig:
        web = settings.section("web")
        return cls(
            lakehouse=Path(lakehouse or settings.lakehouse),
            database_url=str(database_url or web.get("database_url", "sqlite:///var/state/review.sqlite")),
            production=bool(web.get("production", False)),
            session_max_age_seconds=int(web.get("session_max_age_seconds", 8 * 3600)),
            lockout_failures=int(web.get("lockout_failures", 5)),
            lockout_minutes=int(web.get("lockout_minutes", 15)),
            secure_cookies=bool(web.get("secure_cookies", host not in LOCAL_HOSTS)),
            recheck_seconds=float(web.get("snapshot_recheck_seconds", 2.0)),
            background_refresh=bool(web.get("background_refresh", True)),
        )
