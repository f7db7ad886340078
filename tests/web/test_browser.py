"""The review app in a real browser: Debian's headless Chromium driven by Playwright against uvicorn on
127.0.0.1. Screenshots of the main pages go to artifacts/screenshots/."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from paxpipe.web.app import create_app
    from paxpipe.web.config import WebConfig
    from paxpipe.web.sample import write_small_lakehouse
    from paxpipe.web.users import create_demo_users

    from .conftest import NOW

    tmp = tmp_path_factory.mktemp("browser")
    write_small_lakehouse(tmp / "lake", NOW)
    app = create_app(WebConfig(lakehouse=tmp / "lake", database_url=f"sqlite:///{tmp}/review.sqlite", recheck_seconds=0))
    create_demo_users(app.state.engine, production=False)
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (make browser installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def _hit_ids(page: Any) -> list[str]:
    return [href.rsplit("/", 1)[-1] for href in page.eval_on_selector_all("a.hit-link", "els => els.map(e => e.getAttribute('href'))")]


@pytest.mark.parametrize("path", ["/", "/board", "/hits", "/hits/h-john", "/audit", "/admin/users", "/submissions"])
def test_signed_out_user_is_sent_to_sign_in(server: str, page: Any, path: str) -> None:
    page.goto(server + path)
    assert re.search(r"/login\?next=", page.url), page.url
    assert page.locator("h1").inner_text() == "Sign in"


def test_analyst_works_a_hit_and_supervisor_sees_it_in_the_audit(server: str, page: Any) -> None:
    _sign_in(page, server, "analyst", "analyst-demo-pass")
    page.wait_for_url(f"{server}/board")
    rows = page.locator("#board tbody tr")
    assert rows.count() == 3
    assert "LH400" in rows.nth(0).inner_text()
    assert re.search(r"in \d+h \d\dm", page.locator(".countdown").first.inner_text())  # app.js ran (CSP allows it)
    _shot(page, "01-arrivals-board")

    page.click("text=Hit list")
    assert _hit_ids(page) == ["h-john", "h-ivan", "h-ana", "h-ali"]
    page.fill("#hit-filters input[name=flight]", "AF22")
    page.click("#hit-filters button[type=submit]")
    page.wait_for_url(re.compile(r".*flight=AF22.*"))
    assert _hit_ids(page) == ["h-ana", "h-ali"]
    _shot(page, "02-hit-list-filtered")

    page.fill("#hit-filters input[name=flight]", "")
    page.click("#hit-filters button[type=submit]")
    page.click("a.hit-link[href='/hits/h-john']")
    page.wait_for_url(f"{server}/hits/h-john")
    assert page.locator("#compare").is_visible()
    assert page.locator("#raw .seg.hl").count() == 8
    assert "NAD+FL+++DOE:JOHN" in page.locator("#raw .seg.hl").first.inner_text()
    assert "DOE, JANE" in page.locator("#co-travellers").inner_text()
    _shot(page, "03-hit-detail")

    page.click("#claim")
    page.wait_for_selector("#claimed-by")
    assert page.locator("#claimed-by").inner_text() == "analyst"
    page.check("input[name=outcome][value=false_positive]")
    page.click("#decide button[type=submit]")
    assert page.url.endswith("/hits/h-john") or "/hits/h-john?" in page.url  # blocked: the note is required
    page.fill("#decide textarea[name=note]", "Different date of birth and passport")
    page.click("#decide button[type=submit]")
    page.wait_for_url(re.compile(r".*/hits\?msg=.*"))
    assert "Decision recorded" in page.locator(".flash").inner_text()
    assert "h-john" not in _hit_ids(page)
    _shot(page, "04-hit-list-after-decision")
    assert page.console_errors == []  # no CSP violation, no script error

    page.click("text=Sign out")
    page.wait_for_url(re.compile(r".*/login.*"))
    _sign_in(page, server, "supervisor", "supervisor-demo-pass")
    page.goto(f"{server}/audit?action=decide")
    audit = page.locator("#audit tbody").inner_text()
    assert "analyst" in audit and "h-john" in audit and "Different date of birth and passport" in audit
    _shot(page, "05-audit")


def test_analyst_cannot_reach_admin_pages(server: str, page: Any) -> None:
    _sign_in(page, server, "analyst2", "analyst2-demo-pass")
    page.wait_for_url(f"{server}/board")
    for path in ("/admin/users", "/audit", "/submissions"):
        response = page.goto(server + path)
        assert response.status == 403
        assert page.locator("h1").inner_text() == "Not allowed"
    assert page.locator("nav a", has_text="Users").count() == 0


def test_form_without_its_csrf_token_is_refused(server: str, page: Any) -> None:
    _sign_in(page, server, "analyst2", "analyst2-demo-pass")
    page.wait_for_url(f"{server}/board")
    page.goto(f"{server}/hits/h-ivan")
    page.eval_on_selector("form#decide input[name=csrf_token]", "el => el.remove()")
    page.check("input[name=outcome][value=confirmed]")
    with page.expect_navigation():
        page.click("#decide button[type=submit]")
    assert page.locator("h1").inner_text() == "Not allowed"
    page.goto(f"{server}/hits")
    assert "h-ivan" in _hit_ids(page)


def test_airline_sees_its_submissions(server: str, page: Any) -> None:
    _sign_in(page, server, "airline-lh", "airline-demo-pass")
    page.wait_for_url(f"{server}/submissions")
    page.click("text=LH400_PAXLST.edi")
    assert "PAX-W-DOC-EXPIRY" in page.locator("#issues").inner_text()
    assert "BA117" not in page.content()
    _shot(page, "06-airline-submissions")
