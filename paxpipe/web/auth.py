"""Users, passwords (argon2), lockout, server-side sessions with per-session CSRF tokens, and the one
table of route → roles that every request is authorised against."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from paxpipe.web.db import ROLES, User, WebSession, as_utc

__all__ = [
    "PUBLIC_ROUTES",
    "ROUTE_ROLES",
    "AuthError",
    "Principal",
    "authenticate",
    "create_user",
    "end_session",
    "hash_password",
    "load_session",
    "start_session",
]

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("paxpipe-no-such-user")

MIN_PASSWORD_LENGTH = 12

# Every route by name → the roles allowed. A route missing here is refused (and fails the route-matrix
# test), so a new page cannot be published by accident.
STAFF = frozenset({"analyst", "supervisor"})
ROUTE_ROLES: dict[str, frozenset[str]] = {
    "home": frozenset(ROLES),
    "logout": frozenset(ROLES),
    "board": STAFF,
    "hit_list": STAFF,
    "hit_detail": STAFF,
    "hit_claim": STAFF,
    "hit_release": STAFF,
    "hit_decide": STAFF,
    "hit_reopen": frozenset({"supervisor"}),
    "audit_log": frozenset({"supervisor", "admin"}),
    "admin_users": frozenset({"admin"}),
    "admin_user_create": frozenset({"admin"}),
    "admin_user_unlock": frozenset({"admin"}),
    "admin_user_active": frozenset({"admin"}),
    "submissions": frozenset({"airline", "supervisor"}),
}
PUBLIC_ROUTES: frozenset[str] = frozenset({"login_form", "login", "health", "static"})


class AuthError(Exception):
    """Sign-in refused; the message is safe to show (never says which part was wrong)."""


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    role: str
    carrier: str | None
    csrf_token: str


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def create_user(
    db: Session, *, username: str, password: str, role: str, carrier: str | None = None, now: datetime
) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "airline" and not carrier:
        raise ValueError("an airline user must be bound to a carrier code")
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"user {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        carrier=carrier.upper() if carrier else None,
        active=True,
        failed_logins=0,
        created_at=now,
    )
    db.add(user)
    db.flush()
    return user


def authenticate(
    db: Session, username: str, password: str, *, now: datetime, max_failures: int, lockout: timedelta
) -> User:
    """The user when the password is right and the account usable; counts failures and locks the
    account for `lockout` after `max_failures` in a row."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        raise AuthError("Wrong username or password.")
    locked_until = as_utc(user.locked_until)
    if locked_until is not None and locked_until > now:
        raise AuthError("This account is locked after repeated failures. Try again later or ask an admin.")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + lockout
            user.failed_logins = 0
        raise AuthError("Wrong username or password.") from None
    if not user.active:
        raise AuthError("This account is disabled.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Session, user: User, *, now: datetime, max_age: timedelta) -> str:
    """A new session; returns the cookie value (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    db.add(
        WebSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + max_age,
        )
    )
    # Expired sessions of anyone are dropped here rather than by a background task.
    db.execute(delete(WebSession).where(WebSession.expires_at < now))
    return token


def load_session(db: Session, token: str | None, *, now: datetime) -> Principal | None:
    if not token:
        return None
    row = db.execute(
        select(WebSession, User).join(User, User.id == WebSession.user_id).where(WebSession.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    session, user = row
    expires = as_utc(session.expires_at)
    if expires is None or expires <= now or not user.active:
        return None
    return Principal(user.id, user.username, user.role, user.carrier, session.csrf_token)


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))
