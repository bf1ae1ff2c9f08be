"""The one-page HTML report of notebook 05 opened in headless chromium, as a reader opens it.

The report is saved by ``read_article(...).save_html(path)`` and opened from disk (file://).
It must render (title, tables, entity highlights, the timeline image decoded with its alt
text), make no request that leaves file:// (or 127.0.0.1), and log no console error. Uses the
``browser`` fixture of conftest.py (same flags: offline, closed proxy); no JupyterLab needed.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"file", "data", "blob", "about"} or parts.hostname in {
        "127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def saved_report(tmp_path_factory):
    from utils.report import read_article
    from utils.text import load_article

    article = load_article()
    reading = read_article(article.text, published=article.metadata["published"]["date"],
                           domain_rules=True)
    return reading.save_html(tmp_path_factory.mktemp("report") / "nested" / "article.html")


def test_report_renders_offline_without_errors(browser, saved_report, artifacts_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests, blocked, console = [], [], []

    def guard(route):
        url = route.request.url
        requests.append(url)
        if _allowed(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: console.append(f"{m.type}: {m.text[:300]}")
                if m.type in {"error", "warning"} else None)
        page.on("pageerror", lambda e: console.append(f"page error: {e}"))
        page.on("request", lambda r: None if _allowed(r.url) else blocked.append(r.url))
        page.goto(saved_report.as_uri(), wait_until="load")
        assert page.title().endswith(": a reading")
        assert page.locator("h1").inner_text().startswith("A Video Captures")
        for heading in ("Reading statistics", "Who says what", "Entities", "Time expressions"):
            assert page.get_by_role("heading", name=heading).first.is_visible(), heading
        assert page.locator("mark.entity").count() >= 20  # displaCy's highlights
        assert page.locator("table").count() >= 3
        image = page.locator("figure img")
        assert image.count() == 1
        assert image.evaluate("img => img.complete && img.naturalWidth > 100")
        assert len(image.get_attribute("alt")) > 40
        page.screenshot(path=str(artifacts_dir / "report-html.png"), full_page=True)
    finally:
        context.close()
    assert not blocked, f"the report tried to load: {blocked}"
    assert all(_allowed(u) for u in requests)
    assert not console, console
