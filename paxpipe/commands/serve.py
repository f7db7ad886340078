"""`paxpipe serve`: migrate the review database, then serve the hit review app with uvicorn."""

from __future__ import annotations

import argparse
import sys
import threading

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="interface to listen on (default [web] host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default [web] port, 8000)")
    parser.add_argument("--lakehouse", help="Delta lakehouse folder (default [paths] lakehouse)")
    parser.add_argument("--database-url", help="review database URL (default [web] database_url)")
    parser.add_argument("--demo-users", action="store_true",
                        help="create the documented demo users first (refused when [web] production = true)")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from paxpipe.settings import load_settings
    from paxpipe.web.app import create_app
    from paxpipe.web.config import WebConfig
    from paxpipe.web.users import create_demo_users, has_admin

    settings = load_settings()
    host = args.host or str(settings.get("web.host", "127.0.0.1"))
    port = args.port or int(settings.get("web.port", 8000))
    config = WebConfig.from_settings(settings, host=host, lakehouse=args.lakehouse, database_url=args.database_url)
    if args.demo_users and config.production:
        print("paxpipe serve: demo users are refused in production mode ([web] production = true)", file=sys.stderr)
        return 2
    app = create_app(config)  # applies the Alembic migrations
    engine = app.state.engine
    if args.demo_users:
        created = create_demo_users(engine, production=config.production)
        if created:
            print(f"demo users created: {', '.join(created)} (passwords in docs/review-app.md)")
    if not has_admin(engine):
        print("paxpipe serve: no admin yet; create one with `paxpipe users create-admin --username NAME`",
              file=sys.stderr)
    # Load the snapshots in the background: the first analyst does not wait for them.
    threading.Thread(target=app.state.service.warm, name="paxpipe-warm", daemon=True).start()
    print(f"paxpipe review app on http://{host}:{port}/ over {config.lakehouse}")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
    return 0
