"""The static site of the series (make book), read in headless chromium.

The site is built into a temporary folder with tools/book.py (executed notebooks come from
.book-cache/ when nothing changed), served on 127.0.0.1, and every page is opened: it must
render, load every image, request nothing off the machine, and pass axe-core's WCAG 2 A and
AA rules without a violation of serious or critical impact. Every page's findings are written
to test-artifacts/browser/book-site-audit.json.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .lab_server import REPO_ROOT
from .site_audit import AXE_CORE_VERSION, audit_site, axe_script, impact_counts

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "site"
    done = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "book.py"), "--out", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"make book failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def axe_source() -> str:
    try:
        return axe_script()
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        message = f"axe-core {AXE_CORE_VERSION} could not be installed from npm: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def audits(site, browser, axe_source, artifacts_dir):
    found = audit_site(site, browser, axe_source)
    (artifacts_dir / "book-site-audit.json").write_text(
        json.dumps([a.summary() for a in found], indent=2), encoding="utf-8")
    return found


def _hrefs(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', page_html)]


def test_contents_page_lists_every_notebook_in_series_order_and_the_guide(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="notebooks/{p.stem}.html"') for p in NOTEBOOKS]
    assert -1 not in positions, "a notebook is missing from the contents page"
    assert positions == sorted(positions), "the contents page is not in series order"
    assert 'href="docs/teacher-guide.html"' in index
    for path in NOTEBOOKS:
        assert (site / "notebooks" / f"{path.stem}.html").is_file()
    assert (site / "docs" / "teacher-guide.html").is_file()


def test_links_between_pages_work_in_the_site(site):
    """No link to a .ipynb or .md file is left, every relative link reaches a file of the
    site, and every in-site anchor exists on its page."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        for href in _hrefs(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue
            target, _, fragment = href.partition("#")
            name = page.relative_to(site).as_posix()
            if target.endswith((".ipynb", ".md")):
                problems.append(f"{name}: link to {href} (not rewritten for the site)")
                continue
            file = (page.parent / target).resolve() if target else page
            if not file.is_file():
                problems.append(f"{name}: {href} leads nowhere")
            elif fragment and file.suffix == ".html":
                ids = set(re.findall(r'\bid="([^"]+)"', file.read_text(encoding="utf-8")))
                if fragment not in ids:
                    problems.append(f"{name}: {href}: no #{fragment} on that page")
    assert not problems, "\n".join(problems[:40])


def test_the_site_shows_outputs_figures_and_displacy_views(site):
    pages = {p.stem: (site / "notebooks" / f"{p.stem}.html").read_text(encoding="utf-8")
             for p in NOTEBOOKS}
    for stem, page in pages.items():
        assert "jp-OutputArea-output" in page, f"{stem}: no outputs (not executed?)"
        assert "cdnjs.cloudflare.com" not in page and "unpkg.com" not in page, stem
        assert "Traceback" not in page, f"{stem}: shows a traceback"
    images = [img for page in pages.values() for img in re.findall(r"<img\b[^>]*>", page)]
    assert images and all(re.search(r'alt="[^"]{10,}"', img) for img in images)
    assert any('class="entities"' in page for page in pages.values()), "no displaCy view"


def test_every_page_renders_loads_its_images_and_stays_on_the_machine(audits):
    problems = []
    for audit in audits:
        if not audit.title or audit.text_length < 200:
            problems.append(f"{audit.page}: empty or untitled page ({audit.text_length} chars)")
        problems += [f"{audit.page}: image did not load: {src}" for src in audit.broken_images]
        if audit.images_without_alt:
            problems.append(f"{audit.page}: {audit.images_without_alt} image(s) without alt text")
        problems += [f"{audit.page}: requested {url}" for url in audit.blocked]
        problems += [f"{audit.page}: {error}" for error in audit.errors]
    assert len(audits) >= len(NOTEBOOKS) + 2
    assert not problems, "\n".join(problems)


def test_no_serious_or_critical_accessibility_violation(audits):
    """axe-core's WCAG 2 A and AA rules on every page (nbconvert's default theme had about
    100 serious colour-contrast and link failures per notebook page)."""
    failures = []
    for audit in audits:
        for violation in audit.blocking:
            example = violation["nodes"][0].get("html", "")[:160] if violation["nodes"] else ""
            failures.append(f"{audit.page}: {violation['id']} ({violation['impact']}, "
                            f"{len(violation['nodes'])} element(s)), e.g. {example}")
    counts = {a.page: impact_counts(a.violations) for a in audits}
    assert not failures, "\n".join(failures) + f"\ncounts: {counts}"
