"""User administration shared by `paxpipe users` and the app: the first admin, the demo set."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from paxpipe.web.auth import create_user
from paxpipe.web.db import User, utcnow

__all__ = ["DEMO_USERS", "DemoUser", "create_demo_users", "has_admin"]


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: str
    carrier: str | None
    password: str


# Documented in docs/review-app.md. Created only by `paxpipe users create-demo` or `paxpipe serve
# --demo-users`, and refused when [web] production = true.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("analyst", "analyst", None, "analyst-demo-pass"),
    DemoUser("analyst2", "analyst", None, "analyst2-demo-pass"),
    DemoUser("supervisor", "supervisor", None, "supervisor-demo-pass"),
    DemoUser("admin", "admin", None, "admin-demo-pass"),
    DemoUser("airline-lh", "airline", "LH", "airline-demo-pass"),
)


def has_admin(engine: Engine) -> bool:
    with Session(engine) as db:
        return db.scalar(select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)) is not None


def create_demo_users(engine: Engine, *, production: bool) -> list[str]:
    """Create the missing demo users; returns the names created. Never in production."""
    if production:
        raise PermissionError("demo users are refused in production mode ([web] production = true)")
    created = []
    with Session(engine) as db, db.begin():
        for demo in DEMO_USERS:
            if db.scalar(select(User.id).where(User.username == demo.username)) is None:
                create_user(db, username=demo.username, password=demo.password, role=demo.role,
                            carrier=demo.carrier, now=utcnow())
                created.append(demo.username)
    return created
