"""Fixtures for the end-to-end test: a private JupyterLab server and Debian's headless chromium.

Both are started once per session and stopped at the end, also when a test fails. The
browser may only talk to 127.0.0.1: every other request is aborted and recorded.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .lab_server import REPO_ROOT, LabServer, start_lab

CHROMIUM = Path(os.environ.get("CTL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Chromium's own traffic (not seen by page.route: update checks, autofill, account lookups
# that Debian's build and its /usr/bin/chromium wrapper switch on) goes to a closed local
# port, and no host name but the local ones resolves. Nothing leaves the machine.
DEAD_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
VIEWPORT = {"width": 1280, "height": 900}

# Per-notebook timings, printed in the terminal summary.
TIMINGS: list[tuple[str, float, float, float]] = []
_SESSION = {"started": None, "ended": None, "chromium_own": None}


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's chromium; skipped (failed in CI) with the install command when it is missing."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (f"{CHROMIUM} not found: the browser test needs Debian's chromium. Install "
                   "it with: sudo apt-get install -y chromium")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="package")  # stopped as soon as the browser tests are done
def lab(chromium_executable, tmp_path_factory) -> LabServer:
    """JupyterLab on 127.0.0.1 (free port, empty token) rooted at a copy of the repository."""
    _SESSION["started"] = time.monotonic()
    server = start_lab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        server.stop()
        _SESSION["ended"] = time.monotonic()


def non_local_urls(netlog_text: str) -> list[str]:
    """The distinct non-local URLs (without query) in a chromium net-log.

    >>> non_local_urls('{"url":"https://update.example.com/a?k=1"},{"url":"http://127.0.0.1:8/x"}')
    ['https://update.example.com/a']
    """
    found = set()
    for url in re.findall(r'"url":"([^"]+)"', netlog_text):
        if not _is_local(url):
            parts = urlsplit(url)
            found.add(f"{parts.scheme}://{parts.netloc}{parts.path}")
    return sorted(found)


@pytest.fixture(scope="package")
def browser(chromium_executable, tmp_path_factory):
    """Headless chromium driven by playwright; closed at the end of the session.

    Its net-log records what chromium itself tried to fetch (all of it refused locally);
    the list is written to test-artifacts/browser/chromium-own-requests.txt.
    """
    from playwright.sync_api import sync_playwright

    netlog = tmp_path_factory.mktemp("chromium") / "netlog.json"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True,
            args=[*CHROMIUM_ARGS, *OFFLINE_ARGS, f"--log-net-log={netlog}"], proxy=DEAD_PROXY)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if netlog.exists():
            own = non_local_urls(netlog.read_text(encoding="utf-8", errors="replace"))
            _SESSION["chromium_own"] = own
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "chromium-own-requests.txt").write_text(
                "Requests chromium itself attempted (sent to the closed proxy 127.0.0.1:9, "
                "so none left the machine):\n" + "\n".join(own) + "\n", encoding="utf-8")


@dataclass
class BrowserSession:
    """A page in a fresh browser context, with what it tried to send off the machine."""

    page: object
    blocked: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def lab_session(browser, lab) -> BrowserSession:
    """A fresh context and page; non-local requests are aborted and recorded."""
    context = browser.new_context(viewport=VIEWPORT)
    session = BrowserSession(page=None)

    def guard(route):
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            session.blocked.append(url)
            route.abort()

    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on("console", lambda m: session.console.append(f"{m.type}: {m.text[:500]}")
                if m.type in {"error", "warning"} else None)
        page.on("pageerror", lambda e: session.console.append(f"page error: {e}"))
        page.on("websocket", lambda ws: None if _is_local(ws.url)
                else session.blocked.append(ws.url))
        session.page = page
        yield session
    finally:
        context.close()
        try:
            lab.shutdown_kernels()
        except OSError:
            pass


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def record_timing():
    """Call with (notebook, seconds to kernel ready, seconds to run all, seconds in total)."""
    return lambda *row: TIMINGS.append(row)


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser test timings (JupyterLab + headless chromium)")
    for name, to_kernel, to_idle, total in TIMINGS:
        write(f"{name:40s} kernel ready {to_kernel:5.1f} s   run all {to_idle:5.1f} s   "
              f"whole test {total:5.1f} s")
    own = _SESSION["chromium_own"]
    if own is not None:
        hosts = sorted({urlsplit(u).hostname for u in own})
        write(f"chromium's own non-local requests, refused by the closed proxy: "
              f"{len(own)} URL(s) {hosts} (see test-artifacts/browser/chromium-own-requests.txt)")
    if _SESSION["started"] and _SESSION["ended"]:
        write(f"server start to stop: {_SESSION['ended'] - _SESSION['started']:.1f} s "
              f"on {os.cpu_count()} CPUs")
