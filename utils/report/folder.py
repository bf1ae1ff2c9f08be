"""A folder of articles read in batches: :func:`read_folder`.

Every ``.txt`` and ``.md`` file of a folder is checked, then parsed with ``nlp.pipe`` (in
batches, streamed: one batch of Docs in memory at a time) and summarised in one row. A file
that cannot be read (empty, not UTF-8 text, binary, over 1 MB, HTML, not English) gets a
message in its row, and the other files are still read.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("The mayor said the bridge will reopen on Monday.")
>>> _ = (folder / "b.txt").write_text("")
>>> read_folder(folder, progress=False)[["file", "words", "sources_quoted", "error"]].values.tolist()
[['a.txt', 9, 1, ''], ['b.txt', 0, 0, 'The file is empty. Put an article in it (plain text, UTF-8), or remove it.']]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from utils.errors import CourseInputError

MAX_FILE_BYTES = 1_000_000  # 1 MB: a news article is a few kB
MY_ARTICLES_README = """# my-articles: your own texts for notebook 05

Drop English news texts here, one article per file, as plain UTF-8 text (`.txt`; `.md` works
too), with the title on the first line. Notebook 05 reads every file with
`utils.report.read_folder("my-articles")`, and `read_article` reads one.

This folder is yours: git ignores it (see `.gitignore`), so nothing you put here is committed
or shared. Respect the copyright of what you copy: keep the texts for your own study.
"""
SUFFIXES = (".txt", ".md")
SUMMARY_COLUMNS = ["file", "words", "entities", "entities_by_label", "sources_quoted",
                   "dates_found", "error", "note"]
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def read_text_file(path: Path) -> tuple[str | None, str]:
    """(text, "") for a readable article file, or (None, the reason it cannot be read)."""
    from utils.text import check_text

    size = path.stat().st_size
    if size == 0:
        return None, "The file is empty. Put an article in it (plain text, UTF-8), or remove it."
    if size > MAX_FILE_BYTES:
        return None, (f"The file is {size / 1e6:.1f} MB, over the 1 MB limit for one article (a "
                      "news story is a few kB). Split it into one file per article.")
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None, ("The file is binary (it contains NUL bytes), not text: save the article "
                      "as plain text (.txt, UTF-8).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, (f"The file is not UTF-8 text ({exc.reason} at byte {exc.start}). Save it "
                      "as UTF-8 plain text (in most editors: Save as... > Encoding: UTF-8).")
    if not text.strip():
        return None, "The file is empty (only spaces or blank lines). Put an article in it."
    if path.suffix.lower() == ".md":
        text = _MD_HEADING.sub("", text)
    try:
        return check_text(text, "The file's text", english=True), ""
    except CourseInputError as exc:
        return None, str(exc)


class Progress:
    """A progress bar: an ipywidgets bar in JupyterLab, a text bar on stderr in a terminal,
    nothing when *enabled* is False."""

    def __init__(self, total: int, enabled: bool = True, label: str = "Reading"):
        self.total, self.done, self.enabled, self.label = total, 0, enabled, label
        self.widget = self.text = None
        if not enabled:
            return
        if _in_notebook():
            import ipywidgets as widgets
            from IPython.display import display

            self.bar = widgets.IntProgress(min=0, max=max(total, 1), value=0,
                                           description=label, bar_style="info")
            self.text = widgets.HTML(value=f"0 of {total} files")
            self.widget = widgets.HBox([self.bar, self.text])
            self.widget.add_class("ctl-progress")
            display(self.widget)

    def update(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.widget is not None:
            import html

            self.bar.value = self.done
            self.text.value = f"{self.done} of {self.total} files: {html.escape(name)}"
        else:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total} {name[:30]:<30}")
            sys.stderr.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self.widget is not None:
            self.bar.bar_style = "success"
            self.text.value = f"{self.done} of {self.total} files read"
        else:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _dates_found(doc, published, rules=None) -> tuple[int, str]:
    """How many DATE/TIME expressions, and the timeline engine's warnings (e.g. a publication
    date earlier than a date the text tells as past), as one note."""
    import warnings

    from utils.timeline import find_time_expressions, normalise

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = (find_time_expressions(doc, rules=rules) if published is None
                 else normalise(doc, published, rules=rules))
    note = " ".join(dict.fromkeys(str(w.message) for w in caught))
    return sum(kind in ("DATE", "TIME") for kind in table["type"]), note


def summary_row(name: str, doc, published, rules=None) -> dict[str, Any]:
    """The summary of one parsed file: words, entities (total and by label), distinct sources
    quoted (pronouns left out), time expressions found (DATE and TIME)."""
    from utils.text import attributions, words

    labels = Counter(e.label_ for e in doc.ents).most_common()
    table = attributions(doc)
    sources = {s.casefold() for s, kind in zip(table["source"], table["source_kind"])
               if kind != "pronoun"}
    dates, note = _dates_found(doc, published, rules)
    return {"file": name, "words": len(words(doc.text)), "entities": len(doc.ents),
            "entities_by_label": ", ".join(f"{label} {n}" for label, n in labels),
            "sources_quoted": len(sources), "dates_found": dates, "error": "", "note": note}


def _error_row(name: str, message: str) -> dict[str, Any]:
    return {"file": name, "words": 0, "entities": 0, "entities_by_label": "",
            "sources_quoted": 0, "dates_found": 0, "error": message, "note": ""}


def my_articles_folder(path: str | Path | None = None) -> Path:
    """The learner's own folder of texts (default ``my-articles/`` at the top of the
    repository, ignored by git), created with a README on first use.

    >>> import tempfile, pathlib
    >>> folder = my_articles_folder(pathlib.Path(tempfile.mkdtemp()) / "mine")
    >>> sorted(p.name for p in folder.iterdir())
    ['README.md']
    """
    from utils.paths import ROOT

    folder = Path(path) if path is not None else ROOT / "my-articles"
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / "README.md"
    if not readme.exists():
        readme.write_text(MY_ARTICLES_README, encoding="utf-8")
    return folder


def article_files(path: str | Path) -> list[Path]:
    """The .txt and .md files of a folder (not its subfolders), sorted by name."""
    if not isinstance(path, (str, Path)):
        raise CourseInputError(f"read_folder() takes a folder's path, not {type(path).__name__}.")
    folder = Path(path)
    if not folder.exists():
        raise CourseInputError(f"The folder {folder} does not exist. Create it and put .txt "
                               "files in it, or check the path.")
    if not folder.is_dir():
        raise CourseInputError(f"{folder} is a file, not a folder. For one text use "
                               "read_article(text); read_folder takes the folder that holds it.")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith("."))


def read_folder(path: str | Path, published: Any = None, *, progress: bool = True,
                batch_size: int = 16, domain_rules: bool = False,
                skip: tuple[str, ...] = ("README.md",)) -> pd.DataFrame:
    """Read every .txt and .md file of a folder; one row per file with ``file``, ``words``,
    ``entities`` and ``entities_by_label``, ``sources_quoted``, ``dates_found``, ``error``
    (empty when the file was read) and ``note`` (the timeline engine's warnings, e.g. a
    publication date earlier than a date the text tells as past). *published* resolves the dates of every file (see
    :func:`utils.report.read_article`); files named in *skip* (a README) are left out.

    Texts are parsed with ``nlp.pipe`` in batches of *batch_size*, streamed: only one batch
    of Docs is held at a time, so memory does not grow with the number of files. A progress
    bar is shown (JupyterLab or terminal) unless ``progress=False``.
    """
    from utils.nlp import get_nlp
    from utils.report.reading import as_published
    from utils.text import CHECKED, line_break_doc
    from utils.timeline import load_rules

    files = [p for p in article_files(path) if p.name not in skip]
    if not files:
        raise CourseInputError(f"There is no .txt or .md file in {path}. Put one article per "
                               "file (plain text, UTF-8) in the folder.")
    published = as_published(published)
    if not isinstance(batch_size, int) or batch_size < 1:
        raise CourseInputError("batch_size= takes a whole number of at least 1, e.g. 16.")
    nlp = get_nlp(domain_rules=domain_rules)
    rules = load_rules()  # read once for the whole folder, not once per file
    rows: dict[int, dict[str, Any]] = {}
    bar = Progress(len(files), enabled=progress)

    def readable():
        for index, file in enumerate(files):
            text, error = read_text_file(file)
            if error:
                rows[index] = _error_row(file.name, error)
                bar.update(file.name)
                continue
            doc = line_break_doc(nlp, text)
            doc.user_data[CHECKED] = True  # read_text_file checked it: not again per helper
            yield doc, index

    try:
        for doc, index in nlp.pipe(readable(), as_tuples=True, batch_size=batch_size):
            name = files[index].name
            try:
                rows[index] = summary_row(name, doc, published, rules)
            except CourseInputError as exc:
                rows[index] = _error_row(name, str(exc))
            bar.update(name)
    finally:
        bar.close()
    return pd.DataFrame([rows[i] for i in sorted(rows)], columns=SUMMARY_COLUMNS)
