"""`paxpipe users`: create the first admin (no default password, ever), other users, or the demo set."""

from __future__ import annotations

import argparse
import getpass
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="review database URL (default [web] database_url)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    admin = sub.add_parser("create-admin", help="create an admin user (password prompted, or read from stdin)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create = sub.add_parser("create", help="create a user with a role")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=["analyst", "supervisor", "admin", "airline"])
    create.add_argument("--carrier", help="carrier code (airline users)")
    create.add_argument("--password-stdin", action="store_true")
    sub.add_parser("create-demo", help="create the documented demo users (not in production mode)")
    sub.add_parser("list", help="list users")
    sub.add_parser("migrate", help="create or upgrade the review database (Alembic), then exit")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValueError("no terminal to prompt for the password: pipe it with --password-stdin")
    first = getpass.getpass("Password (12+ characters): ")
    if first != getpass.getpass("Repeat password: "):
        raise ValueError("passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from paxpipe.settings import load_settings
    from paxpipe.web.auth import create_user
    from paxpipe.web.db import User, make_engine, utcnow
    from paxpipe.web.migrate import upgrade
    from paxpipe.web.users import create_demo_users

    settings = load_settings()
    engine = make_engine(args.database_url or str(settings.get("web.database_url")))
    upgrade(engine)
    try:
        if args.action == "migrate":
            print(f"review database at revision head: {engine.url.render_as_string(hide_password=True)}")
            return 0
        if args.action == "list":
            with Session(engine) as db:
                for user in db.scalars(select(User).order_by(User.username)):
                    print(f"{user.username}\t{user.role}\t{user.carrier or ''}\t{'active' if user.active else 'disabled'}")
            return 0
        if args.action == "create-demo":
            created = create_demo_users(engine, production=bool(settings.get("web.production", False)))
            print(f"created: {', '.join(created) or 'none (all exist)'}")
            return 0
        role = "admin" if args.action == "create-admin" else args.role
        password = _password(args.password_stdin)
        with Session(engine) as db, db.begin():
            create_user(db, username=args.username, password=password, role=role,
                        carrier=getattr(args, "carrier", None), now=utcnow())
        print(f"{role} {args.username} created")
        return 0
    except (ValueError, PermissionError) as exc:
        print(f"paxpipe users: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
