"""The article as text: loading it (more text helpers follow in this module).

>>> article = load_article()
>>> article.title.startswith("A Video Captures")
True
>>> article.metadata["published"]["status"]
'assumption'
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from utils.errors import CourseInputError
from utils.paths import ARTICLE_PATH


@dataclass(frozen=True)
class Article:
    """A news article: its full text, its title (first line) and body, and metadata."""

    text: str
    title: str
    body: str
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def __str__(self) -> str:  # printing an Article shows the text a learner reads
        return self.text


def load_article(path: str | Path | None = None) -> Article:
    """Read an article from a UTF-8 text file (default: ``data/article.txt``).

    The first non-empty line is the title, the rest is the body. Metadata comes from a JSON
    file of the same name beside it (``article.json``), if there is one.

    >>> load_article().metadata["outlet"]
    'Inquisitr'
    """
    file = Path(path) if path is not None else ARTICLE_PATH
    if not file.exists():
        hint = ("restore it with `git checkout -- data/article.txt`"
                if path is None else "check the path, or call load_article() with no argument "
                "for the series' article")
        raise FileNotFoundError(f"Article file not found: {file}. {hint[0].upper() + hint[1:]}.")
    if file.is_dir():
        raise CourseInputError(f"{file} is a folder, not a text file. Pass the path of a .txt file.")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CourseInputError(
            f"{file} is not UTF-8 text ({exc.reason} at byte {exc.start}). Save it as UTF-8 "
            "plain text and try again."
        ) from None
    if not text.strip():
        raise CourseInputError(
            f"The article file {file} is empty. Put the article's text in it (title on the first "
            "line), or restore the series' copy with `git checkout -- data/article.txt`."
        )
    lines = text.strip().splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    meta_file = file.with_suffix(".json")
    metadata: dict[str, Any] = {}
    if meta_file.exists():
        try:
            metadata = json.loads(meta_file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CourseInputError(f"The metadata file {meta_file} is not valid JSON: {exc}.") from None
    return Article(text=text, title=title, body=body, metadata=metadata, path=file)
