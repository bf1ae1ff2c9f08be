#!/usr/bin/env python3
"""Build the whole series as a static web site, readable before installing anything.

    make book                      # or: python tools/course.py book
    python tools/book.py --out _site --jobs 2
    python tools/book.py --students    # without the teacher guide (a site for learners)

Every notebook in notebooks/ (new ones are picked up automatically) is executed in a fresh
kernel, several at a time, and exported with nbconvert (a template without anything fetched
from the internet, an accessible stylesheet: contrast of at least 4.5:1, underlined links).
Outputs, figures with their alt text and displaCy views are kept; an interactive widget,
which needs a running kernel, is replaced by a note saying so. The contents page lists the
notebooks in series order, then the teacher guide and the checked sources. Links between
the pages work in the site: a link to a notebook (.ipynb) or a Markdown file (.md) leads to
its page, a link to a data or code file to a copy of that file; links to the reference
solutions are not published.

Executed notebooks are kept in .book-cache/ under a digest of the notebook, utils/, data/ and
the pinned requirements, so a second build only re-exports (seconds). The site goes to
_site/ (git-ignored): open _site/index.html, or publish the folder on any static host.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SITE = ROOT / "_site"
CACHE = ROOT / ".book-cache"
TEMPLATES = ROOT / "tools" / "book_templates"
TEACHER_GUIDE = "docs/teacher-guide.md"
SOURCES = ["data/sources/event-facts.md", "data/sources/armistice.md", "data/README.md"]
# Never published in the site: reference solutions (a teacher may publish the site to a class).
UNPUBLISHED = ("utils/solutions/",)
# Inputs of an executed notebook besides the notebook itself: a change here re-executes.
EXECUTION_INPUTS = ["utils", "data", "requirements.txt", "constraints.txt"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p class="ctl-widget-note">An interactive widget is shown here when the '
               'notebook runs in JupyterLab (it needs a running kernel).</p>')
SERIES_TITLE = "Crossing the Line: reading a news story with Python"


def say(message: str) -> None:
    print(f"[book] {message}", flush=True)


# --- execution, with a cache ----------------------------------------------------------------

def notebooks() -> list[Path]:
    """Every notebook of the series, in series order (by file name)."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def _inputs_digest() -> str:
    h = hashlib.sha256()
    for name in EXECUTION_INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            h.update(str(file.relative_to(ROOT)).encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def cache_path(notebook: Path, inputs: str) -> Path:
    h = hashlib.sha256(notebook.read_bytes())
    h.update(inputs.encode())
    return CACHE / f"{notebook.stem}-{h.hexdigest()[:16]}.ipynb"


def kernel_config():
    """The series' one kernel configuration (utils.kernels): kernels with CurveZMQ keys."""
    from utils.kernels import quiet_kernel_config

    return quiet_kernel_config()


def execute(notebook: Path, inputs: str, timeout: int = 600) -> tuple[object, float, bool]:
    """The executed notebook (from the cache when its inputs did not change), seconds, cached."""
    import nbformat
    from nbclient import NotebookClient

    cached = cache_path(notebook, inputs)
    if cached.exists():
        return nbformat.read(cached, as_version=4), 0.0, True
    started = time.monotonic()
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, config=kernel_config(), kernel_name="python3", timeout=timeout,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    CACHE.mkdir(exist_ok=True)
    for old in CACHE.glob(f"{notebook.stem}-*.ipynb"):
        old.unlink()
    nbformat.write(nb, cached)
    return nb, time.monotonic() - started, False


def stderr_outputs(nb) -> list[str]:
    """Text the notebook wrote to stderr (warnings, noise): listed by the build."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {index}: {out.get('text', '').strip()[:200]}")
    return found


def replace_widgets(nb) -> int:
    """Widget views need a kernel: replace each by a note (and drop the saved widget state,
    whose renderer would come from a CDN); returns how many were replaced."""
    count = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {"text/html": WIDGET_NOTE}
                count += 1
    nb.metadata.pop("widgets", None)
    return count


# --- links ----------------------------------------------------------------------------------

def github_slug(text: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a Markdown heading, so that links like
    teacher-guide.md#the-notebooks work in the site.

    >>> github_slug("A class on JupyterHub", {})
    'a-class-on-jupyterhub'
    >>> seen = {}; [github_slug("Notes", seen), github_slug("Notes", seen)]
    ['notes', 'notes-1']
    """
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    if slug in seen:
        seen[slug] += 1
        return f"{slug}-{seen[slug]}"
    seen[slug] = 0
    return slug


def site_path(source: str) -> str:
    """Where a repository file appears in the site (posix, relative to the site's root).

    >>> site_path("notebooks/02-extracting-entities.ipynb"), site_path("docs/teacher-guide.md")
    ('notebooks/02-extracting-entities.html', 'docs/teacher-guide.html')
    >>> site_path("data/article.txt")
    'data/article.txt'
    """
    path = PurePosixPath(source)
    if path.suffix in {".ipynb", ".md"}:
        return str(path.with_suffix(".html"))
    return str(path)


def relative_href(from_page: str, to_page: str) -> str:
    """A relative link from one site page to another.

    >>> relative_href("notebooks/01-a.html", "data/sources/event-facts.html")
    '../data/sources/event-facts.html'
    >>> relative_href("index.html", "notebooks/00-start-here.html")
    'notebooks/00-start-here.html'
    """
    return os.path.relpath(to_page, os.path.dirname(from_page) or ".").replace(os.sep, "/")


_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)("[^>]*>)(.*?)(</a>)', re.S | re.I)


def rewrite_links(page_html: str, source: str, wanted: set[str], published: set[str]) -> str:
    """Rewrite the relative links of the page made from repository file *source*.

    Links to .ipynb and .md files point to their pages, links to other repository files to
    their copies (each target is added to *wanted*); links to unpublished files lose their
    href. Absolute URLs, mailto: and in-page anchors are kept.

    >>> wanted = set()
    >>> page = "notebooks/01-reading-the-article.ipynb"
    >>> published = {"notebooks/02-extracting-entities.ipynb"}
    >>> rewrite_links('<a href="02-extracting-entities.ipynb#Top">next</a>', page, wanted,
    ...               published)
    '<a href="02-extracting-entities.html#Top">next</a>'
    >>> rewrite_links('<a href="../data/sources/event-facts.md">facts</a>', page, wanted,
    ...               published)
    '<a href="../data/sources/event-facts.html">facts</a>'
    >>> sorted(wanted)
    ['data/sources/event-facts.md', 'notebooks/02-extracting-entities.ipynb']
    """
    base = PurePosixPath(source).parent

    def fix(m: re.Match) -> str:
        href = html.unescape(m.group(2))
        if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith(("#", "/")):
            return m.group(0)
        target, _, fragment = href.partition("#")
        target = unquote(target)
        resolved = os.path.normpath(str(base / target)).replace(os.sep, "/")
        if resolved.startswith("..") or not (ROOT / resolved).exists():
            return m.group(0)  # outside the repository or missing: left as it is
        unpublished = (resolved.startswith(UNPUBLISHED)
                       or (resolved == TEACHER_GUIDE and resolved not in published)
                       or (resolved.endswith(".ipynb") and resolved not in published))
        if unpublished:
            return (f'<span class="ctl-unpublished" title="not published in this site">'
                    f'{m.group(4)}</span>')
        wanted.add(resolved)
        new = relative_href(site_path(source), site_path(resolved))
        if fragment:
            new += "#" + fragment
        return m.group(1) + html.escape(new, quote=True) + m.group(3) + m.group(4) + m.group(5)

    return _HREF.sub(fix, page_html)


# --- pages ----------------------------------------------------------------------------------

def _css_href(page: str) -> str:
    return relative_href(page, "assets/book.css")


def nav(page: str, pages: list[tuple[str, str]], bottom: bool = False) -> str:
    """The navigation bar: the series' title (the contents page), previous and next page."""
    links = [f'<a class="ctl-title" href="{relative_href(page, "index.html")}">'
             f'{html.escape(SERIES_TITLE)}</a>']
    order = [p for p, _ in pages]
    if page in order:
        i = order.index(page)
        if i > 0:
            links.append(f'<a href="{relative_href(page, order[i - 1])}" rel="prev">'
                         f'Previous: {html.escape(pages[i - 1][1])}</a>')
        if i + 1 < len(order):
            links.append(f'<a href="{relative_href(page, order[i + 1])}" rel="next">'
                         f'Next: {html.escape(pages[i + 1][1])}</a>')
    label = "Series (bottom)" if bottom else "Series"
    return (f'<nav class="ctl-nav{" bottom" if bottom else ""}" aria-label="{label}">'
            + " ".join(links) + "</nav>")


def shell(page: str, title: str, body: str, pages: list[tuple[str, str]]) -> str:
    """A page of the site that is not a notebook (contents, guide, sources)."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'<title>{html.escape(title)}</title>\n'
            f'<link rel="stylesheet" href="{_css_href(page)}">\n</head>\n<body>\n'
            f'<a class="ctl-skip" href="#ctl-main">Skip to the content</a>\n'
            f'{nav(page, pages)}\n<main id="ctl-main" class="ctl-page">\n{body}\n</main>\n'
            f'</body>\n</html>\n')


def notebook_title(nb, path: Path) -> str:
    if nb.metadata.get("title"):
        return str(nb.metadata["title"])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return path.stem


def markdown_page(source: str, pages, wanted: set[str], published: set[str]) -> tuple[str, str]:
    """(title, html) of a repository Markdown file, headings with GitHub's anchors."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    text = (ROOT / source).read_text(encoding="utf-8")
    title_match = re.search(r"^#\s+(.+)$", text, re.M)
    title = title_match.group(1).strip() if title_match else source
    body = markdown2html_mistune(text)
    seen: dict[str, int] = {}

    def heading(m: re.Match) -> str:
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", m.group(3), flags=re.S)
        slug = github_slug(html.unescape(re.sub(r"<[^>]+>", "", inner)), seen)
        return (f'<h{m.group(1)} id="{slug}">{inner}<a class="anchor-link" href="#{slug}" '
                f'aria-label="Link to this section">&#182;</a></h{m.group(1)}>')

    body = re.sub(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', heading, body, flags=re.S)
    body = rewrite_links(body, source, wanted, published)
    return title, shell(site_path(source), title, body, pages)


def readme_rows() -> dict[str, tuple[str, str]]:
    """notebook file name -> (what learners do, time), from the README's table."""
    rows = {}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        m = re.match(r"^\|\s*\d+\s*\|\s*\[[^\]]+\]\(notebooks/([^)]+)\)\s*\|(.*)\|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    return rows


def contents_page(entries, pages, students: bool) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rows = readme_rows()
    items = []
    for path, title, page in entries:
        what, minutes = rows.get(path.name, ("", ""))
        extra = f" ({html.escape(minutes)})" if minutes else ""
        what_html = markdown2html_mistune(what).strip().removeprefix("<p>").removesuffix("</p>")
        items.append(f'<li><a href="{page}">{html.escape(title)}</a>{extra}'
                     + (f"<br>{what_html}" if what else "") + "</li>")
    teachers = ("" if students else
                '<h2 id="for-teachers">For teachers</h2>\n<ul class="ctl-contents">'
                f'<li><a href="{site_path(TEACHER_GUIDE)}">Teacher guide</a>: objectives, '
                "timings, assigning and grading with nbgrader, rubrics, JupyterHub</li></ul>")
    def label(source: str) -> str:
        m = re.search(r"^#\s+(.+)$", (ROOT / source).read_text(encoding="utf-8"), re.M)
        return f"{m.group(1).strip()} ({source})" if m else source
    sources = "".join(f'<li><a href="{site_path(s)}">{html.escape(label(s))}</a></li>'
                      for s in SOURCES if (ROOT / s).exists())
    body = f"""<h1>{html.escape(SERIES_TITLE)}</h1>
<p>An open series of JupyterLab notebooks in which learners read one real news article closely,
with code as a reading tool. This site shows every notebook as it looks after running it once,
with its outputs and figures, so that it can be read without installing anything. To work
through the notebooks yourself (the exercises answer back), set up the series as its README
says and open them in JupyterLab.</p>
<h2 id="notebooks">The notebooks, in order</h2>
<ol class="ctl-contents">
{chr(10).join(items)}
</ol>
{teachers}
<h2 id="sources">Checked facts and data</h2>
<ul class="ctl-contents">{sources}</ul>
<p class="ctl-note">Built on {time.strftime("%Y-%m-%d")} from the repository with
<code>make book</code>. Interactive widgets appear only in JupyterLab.</p>"""
    return shell("index.html", SERIES_TITLE, body, pages)


def export_notebook(nb, path: Path, pages, wanted: set[str], published: set[str],
                    default_theme: bool = False) -> str:
    from nbconvert import HTMLExporter

    page = site_path(f"notebooks/{path.name}")
    if default_theme:  # only to measure what the book's template and stylesheet fix
        exporter = HTMLExporter(template_name="lab")
    else:
        exporter = HTMLExporter(template_name="ctl_book",
                                extra_template_basedirs=[str(TEMPLATES)])
    resources = {"book": {"css_href": _css_href(page), "nav_top": nav(page, pages),
                          "nav_bottom": nav(page, pages, bottom=True)},
                 "metadata": {"name": path.stem}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return rewrite_links(body, f"notebooks/{path.name}", wanted, published)


# --- the build ------------------------------------------------------------------------------

def build(out: Path = SITE, jobs: int | None = None, students: bool = False,
          default_theme: bool = False) -> dict:
    started = time.monotonic()
    paths = notebooks()
    if not paths:
        raise SystemExit("[book] no notebooks in notebooks/")
    jobs = jobs or max(2, min(len(paths), os.cpu_count() or 2))
    inputs = _inputs_digest()
    say(f"executing {len(paths)} notebooks, {jobs} at a time (cached ones are reused) ...")
    figures = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = dict(zip(paths, pool.map(lambda p: execute(p, inputs), paths)))
    for path, (nb, seconds, cached) in results.items():
        figures[path.name] = {"seconds": round(seconds, 1), "cached": cached}
        say(f"  {path.name}: {'cached' if cached else f'executed in {seconds:.1f} s'}")
        for line in stderr_outputs(nb):
            say(f"  ! {path.name} wrote to stderr, {line}")
    executed_at = time.monotonic()

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "assets").mkdir(parents=True)
    shutil.copy2(TEMPLATES / "book.css", tmp / "assets" / "book.css")
    entries = []
    for path, (nb, _, _) in results.items():
        entries.append((path, notebook_title(nb, path), site_path(f"notebooks/{path.name}")))
    pages = [("index.html", "Contents")] + [(page, title) for _, title, page in entries]
    if not students:
        pages.append((site_path(TEACHER_GUIDE), "Teacher guide"))
    published = {f"notebooks/{p.name}" for p in paths} | set(SOURCES)
    if not students:
        published.add(TEACHER_GUIDE)
    wanted: set[str] = set(published)
    done: set[str] = set()
    widgets = 0
    for path, (nb, _, _) in results.items():
        widgets += replace_widgets(nb)
        source = f"notebooks/{path.name}"
        (tmp / site_path(source)).parent.mkdir(parents=True, exist_ok=True)
        (tmp / site_path(source)).write_text(
            export_notebook(nb, path, pages, wanted, published, default_theme), encoding="utf-8")
        done.add(source)
    # Markdown pages and copied files, following links until every target exists.
    while wanted - done:
        source = sorted(wanted - done)[0]
        done.add(source)
        if students and source == TEACHER_GUIDE:
            continue
        target = tmp / site_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.endswith(".md"):
            _, page_html = markdown_page(source, pages, wanted, published)
            target.write_text(page_html, encoding="utf-8")
        elif source.endswith(".ipynb"):
            continue  # a notebook outside the series' folder: not published
        elif (ROOT / source).is_file():
            shutil.copy2(ROOT / source, target)
    (tmp / "index.html").write_text(contents_page(entries, pages, students), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    total = time.monotonic() - started
    report = {"notebooks": figures, "pages": sum(1 for _ in out.rglob("*.html")),
              "files": sum(1 for p in out.rglob("*") if p.is_file()),
              "widgets_replaced": widgets, "execute_s": round(executed_at - started, 1),
              "total_s": round(total, 1), "jobs": jobs, "cpus": os.cpu_count()}
    (out / "build.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    say(f"site built in {total:.1f} s (executing {report['execute_s']:.1f} s; {report['pages']} pages, {report['files']} files) -> "
        f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/index.html")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITE, help="output folder (default _site/)")
    parser.add_argument("--jobs", type=int, help="notebooks executed at a time (default: CPUs)")
    parser.add_argument("--students", action="store_true",
                        help="leave out the teacher guide (a site to give learners)")
    parser.add_argument("--fresh", action="store_true", help="ignore the cache: execute all")
    parser.add_argument("--nbconvert-default-theme", action="store_true",
                        help="export the notebooks with nbconvert's default lab template and "
                             "theme instead (to compare the accessibility audit)")
    args = parser.parse_args(argv)
    if args.fresh:
        shutil.rmtree(CACHE, ignore_errors=True)
    build(args.out.resolve(), args.jobs, args.students, args.nbconvert_default_theme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
