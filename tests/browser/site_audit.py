"""Open every page of a static site in chromium and audit it: renders, images load, nothing
requested off the machine, and axe-core's WCAG 2 A and AA rules.

axe-core comes from the npm registry at a pinned version, installed once into a cache folder
(``npm install --prefix``), and is injected into each page. Also a command, to audit any
folder (for example a site exported with nbconvert's default theme, to compare):

    python -m tests.browser.site_audit _site            # from the repository's folder
    python -m tests.browser.site_audit /tmp/default-theme --json counts.json

    >>> impact_counts([{"impact": "serious", "nodes": [1, 2]}, {"impact": "minor", "nodes": [1]}])
    {'critical': 0, 'serious': 2, 'moderate': 0, 'minor': 1}
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

AXE_CORE_VERSION = "4.14.1"
AXE_CACHE = Path(os.environ.get("CTL_AXE_CACHE", Path.home() / ".cache" / "crossing-the-line"
                                / "npm" / f"axe-core-{AXE_CORE_VERSION}"))
AXE_TAGS = ["wcag2a", "wcag2aa"]
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")


def axe_script() -> str:
    """axe.min.js of the pinned axe-core, installed from the npm registry on first use."""
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise FileNotFoundError("npm not found: the accessibility audit installs axe-core "
                                    "with it (Debian: sudo apt-get install -y npm)")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(AXE_CACHE), "--no-audit", "--no-fund",
                        "--ignore-scripts", "--no-save", f"axe-core@{AXE_CORE_VERSION}"],
                       check=True, capture_output=True, text=True)
    installed = json.loads((script.parent / "package.json").read_text(encoding="utf-8"))
    if installed["version"] != AXE_CORE_VERSION:
        raise RuntimeError(f"{script.parent} holds axe-core {installed['version']}, not the "
                           f"pinned {AXE_CORE_VERSION}: remove the folder and run again")
    return script.read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log in the test output
        pass


@dataclass
class StaticServer:
    url: str
    server: http.server.ThreadingHTTPServer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(folder: Path) -> StaticServer:
    """Serve *folder* on 127.0.0.1 at a free port, in a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return StaticServer(f"http://127.0.0.1:{server.server_address[1]}/", server)


def impact_counts(violations: list[dict]) -> dict[str, int]:
    """Affected elements per impact level."""
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation.get("impact") or "minor"] += len(violation.get("nodes", []))
    return counts


@dataclass
class PageAudit:
    page: str
    title: str = ""
    text_length: int = 0
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    images_without_alt: int = 0
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v.get("impact") in BLOCKING]

    def summary(self) -> dict:
        return {"page": self.page, "title": self.title, "images": self.images,
                "broken_images": self.broken_images, "images_without_alt": self.images_without_alt,
                "blocked": self.blocked, "errors": self.errors,
                "counts": impact_counts(self.violations),
                "rules": {v["id"]: {"impact": v.get("impact"), "nodes": len(v["nodes"]),
                                    "example": v["nodes"][0].get("html", "")[:200]
                                    if v["nodes"] else ""}
                          for v in self.violations}}


_PAGE_FACTS_JS = """() => {
  const imgs = [...document.images];
  return {
    title: document.title,
    textLength: (document.body && document.body.innerText || '').trim().length,
    images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0))
                .map(i => (i.getAttribute('src') || '').slice(0, 80)),
    withoutAlt: imgs.filter(i => !(i.getAttribute('alt') || '').trim()).length,
  };
}"""


def audit_page(browser, url: str, page_name: str, axe_source: str) -> PageAudit:
    """Open one page in a fresh context (non-local requests aborted and recorded) and audit it."""
    result = PageAudit(page_name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in {"127.0.0.1",
                                                                                  "localhost"}:
            route.continue_()
        else:
            result.blocked.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
        page.on("console", lambda m: result.errors.append(f"console {m.type}: {m.text[:300]}")
                if m.type == "error" else None)
        page.goto(url, wait_until="load", timeout=60_000)
        facts = page.evaluate(_PAGE_FACTS_JS)
        result.title, result.text_length = facts["title"], facts["textLength"]
        result.images, result.broken_images = facts["images"], facts["broken"]
        result.images_without_alt = facts["withoutAlt"]
        page.add_script_tag(content=axe_source)
        outcome = page.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']})""", AXE_TAGS)
        result.violations = outcome["violations"]
    finally:
        context.close()
    return result


def audit_site(folder: Path, browser, axe_source: str) -> list[PageAudit]:
    """Audit every .html page under *folder*, served on 127.0.0.1."""
    server = serve(folder)
    try:
        pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
        return [audit_page(browser, server.url + name, name, axe_source) for name in pages]
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM, CHROMIUM_ARGS, DEAD_PROXY, OFFLINE_ARGS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, help="write every page's findings to this file")
    args = parser.parse_args(argv)
    axe_source = axe_script()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=[*CHROMIUM_ARGS, *OFFLINE_ARGS],
                                             proxy=DEAD_PROXY)
        try:
            audits = audit_site(args.folder.resolve(), browser, axe_source)
        finally:
            browser.close()
    total = dict.fromkeys(IMPACTS, 0)
    for audit in audits:
        counts = impact_counts(audit.violations)
        for key in IMPACTS:
            total[key] += counts[key]
        rules = ", ".join(f"{v['id']} {len(v['nodes'])}" for v in audit.violations)
        print(f"{audit.page:50} " + " ".join(f"{k} {counts[k]:3d}" for k in IMPACTS)
              + f"  images {audit.images} (broken {len(audit.broken_images)})"
              + f"  blocked {len(audit.blocked)}  [{rules}]")
    print(f"{'TOTAL (' + str(len(audits)) + ' pages)':50} "
          + " ".join(f"{k} {total[k]:3d}" for k in IMPACTS))
    if args.json:
        args.json.write_text(json.dumps([a.summary() for a in audits], indent=2),
                             encoding="utf-8")
    return 0 if not any(a.blocking for a in audits) else 1


if __name__ == "__main__":
    sys.exit(main())
