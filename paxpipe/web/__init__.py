"""The hit review web app: FastAPI + Jinja2 over the Delta lakehouse (read with delta-rs, no JVM) and a
relational review database (SQLAlchemy 2 + Alembic). Start it with `paxpipe serve`."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    # Lazy: `paxpipe.web.suppression` (used by the screening job) must not pull in FastAPI.
    if name == "create_app":
        from paxpipe.web.app import create_app

        return create_app
    raise AttributeError(name)
