"""One English news text read with the whole toolkit: :func:`read_article`.

Everything is computed from the text given, with the helpers of notebooks 01-03: reading
statistics and who says what (``utils.text``), entities grouped by who is who
(``utils.entities``), time expressions with their TimeML type and value (``utils.timeline``).

>>> reading = read_article("The minister said on Monday that the bridge will reopen.",
...                        published="2024-03-06")
>>> reading.stats["words"], reading.attributions["source"].tolist()
(10, ['the minister'])
>>> reading.times[["text", "type", "value"]].values.tolist()
[['Monday', 'DATE', '2024-03-04']]
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from utils.errors import CourseInputError

WORDS_PER_MINUTE = 200  # a careful reading pace for news (the figure behind "reading time")
ENTITY_COLUMNS = ["text", "label", "start", "end", "group"]
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def as_published(value: Any) -> date | datetime | None:
    """The publication date as a ``date`` or ``datetime``: from a date, a datetime, or ISO text
    ("2017-11-22", "2017-11-22T09:00"). None stays None (no publication date known).

    >>> as_published("2017-11-22"), as_published(None)
    (datetime.date(2017, 11, 22), None)
    >>> as_published("22/11/2017")
    Traceback (most recent call last):
    ...
    utils.errors.CourseInputError: The publication date '22/11/2017' is not a date in ISO form. Write it as '2017-11-22' (or '2017-11-22T09:00' with a time), or pass date(2017, 11, 22) (from datetime import date).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if pd.isna(value):
            raise CourseInputError("The publication date is missing (NaT). Pass a date such as "
                                   "date(2017, 11, 22), or published=None if it is unknown.")
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for kind in (date, datetime):
            try:
                return kind.fromisoformat(text)
            except ValueError:
                pass
        raise CourseInputError(
            f"The publication date {value!r} is not a date in ISO form. Write it as "
            "'2017-11-22' (or '2017-11-22T09:00' with a time), or pass date(2017, 11, 22) "
            "(from datetime import date).")
    raise CourseInputError(
        f"The publication date must be a date, a datetime or ISO text such as '2017-11-22', not "
        f"{type(value).__name__}. Pass published=None if it is unknown.")


def _title_line(text: str) -> str | None:
    """The first paragraph, if it reads as a headline: one line, at most 25 words, no final
    full stop."""
    from utils.text import paragraphs, words

    first = paragraphs(text)[0]
    if "\n" in first or len(words(first)) > 25 or _SENTENCE_END.search(first.strip()):
        return None
    return first.strip() if len(paragraphs(text)) > 1 else None


def _stats(text: str, skip_first: bool) -> tuple[dict[str, Any], pd.DataFrame]:
    from utils.text import reading_stats

    table = reading_stats(text)
    story = table[table["kind"] == "story"]
    if skip_first:
        story = story[story["paragraph"] != 1]
    n_words = int(story["words"].sum())
    stats = {"paragraphs": len(story), "sentences": int(story["sentences"].sum()),
             "words": n_words,
             "words_per_sentence": round(n_words / max(int(story["sentences"].sum()), 1), 1),
             "reading_minutes": max(1, math.ceil(n_words / WORDS_PER_MINUTE)),
             "credit_lines": int((table["kind"] == "credit").sum())}
    return stats, table


def _form(text: str) -> str:
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).replace("’", "'")


def entity_rows(doc, groups: pd.DataFrame) -> pd.DataFrame:
    """One row per entity mention (text, label, start, end) with its canonical ``group``
    (the entity's name in :func:`utils.entities.canonical_entities`)."""
    by_form: dict[str, str] = {}
    for row in groups.itertuples():
        for form in str(row.forms).split("; "):
            by_form.setdefault(form.casefold(), row.entity)
    rows = [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char,
             "group": by_form.get(_form(e.text).casefold(), _form(e.text))} for e in doc.ents]
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS)


def resolved_mask(values: pd.Series) -> pd.Series:
    """Which TIMEX3 values are complete (no "X" placeholder, not empty)."""
    values = values.fillna("").astype(str)
    return (values != "") & ~values.str.contains("X")


def time_table(doc, published: date | datetime | None, *, rules=None) -> tuple[pd.DataFrame, str]:
    """The time expressions of *doc* (the timeline engine's columns plus ``resolved``), and a
    sentence saying how they were resolved."""
    from utils.timeline import find_time_expressions, normalise

    if published is None:
        table = find_time_expressions(doc, rules=rules).copy()
        note = ("No publication date was given (published=None), so relative expressions such "
                "as \"on Monday\" or \"last year\" are listed unresolved: their value needs the "
                "date the text was written. Pass published=... to resolve them.")
    else:
        table = normalise(doc, published, rules=rules).copy()
        shown = published.isoformat() if isinstance(published, date) else str(published)
        note = (f"Resolved against the publication date {shown}, as given: if it is an "
                "assumption, every relative date moves with it.")
    table["resolved"] = resolved_mask(table["value"]) if len(table) else pd.Series(dtype=bool)
    return table.reset_index(drop=True), note


class ArticleReading:
    """A reading of one text, made by :func:`read_article`.

    Attributes: ``text``, ``title``, ``published``, ``doc`` (the spaCy Doc), ``stats`` (a
    dict: paragraphs, sentences, words, words_per_sentence, reading_minutes, credit_lines),
    ``paragraph_stats`` (one row per paragraph), ``attributions`` (who says what),
    ``sources`` (each source's share), ``unsourced`` (sentences with no attribution),
    ``entities`` (text, label, start, end, group), ``entity_groups`` (who is who), ``times``
    (time expressions: text, type, value... and ``resolved``) and ``times_note``.
    """

    def __init__(self, text: str, title: str | None, published, doc, *, title_from_text: bool,
                 domain_rules: bool):
        from utils.entities import canonical_entities
        from utils.text import attributions, source_shares, unattributed

        self.text, self.title, self.published, self.doc = text, title, published, doc
        self.title_from_text, self.domain_rules = title_from_text, domain_rules
        self.stats, self.paragraph_stats = _stats(text, skip_first=title_from_text)
        self.attributions = attributions(doc)
        self.sources = source_shares(doc)
        self.unsourced = unattributed(doc)
        if title_from_text:
            self.unsourced = self.unsourced[self.unsourced["paragraph"] != 1].reset_index(drop=True)
        self.entity_groups = canonical_entities(doc)
        self.entities = entity_rows(doc, self.entity_groups)
        self.times, self.times_note = time_table(doc, published)

    @property
    def name(self) -> str:
        """The title, or the text's first words."""
        if self.title:
            return self.title
        first = " ".join(self.text.split()[:8])
        return first + ("…" if len(self.text.split()) > 8 else "")

    def summary(self) -> str:
        """A short plain-text overview of the reading."""
        s = self.stats
        lines = [self.name,
                 f"{s['paragraphs']} paragraphs, {s['sentences']} sentences, {s['words']} words "
                 f"(about {s['reading_minutes']} min to read at {WORDS_PER_MINUTE} words a minute)."]
        named = self.attributions[self.attributions["source_kind"] != "pronoun"]
        sources = list(dict.fromkeys(named["source"]))
        shown = ", ".join(sources[:6]) + (f" and {len(sources) - 6} more" if len(sources) > 6 else "")
        lines.append(f"Attributed statements: {len(self.attributions)}, from {len(sources)} "
                     f"source(s)" + (f": {shown}" if sources else "") + ".")
        lines.append(f"Sentences with no attribution: {len(self.unsourced)} of {s['sentences']}.")
        top = self.entity_groups.head(5)
        lines.append(f"Entities: {len(self.entities)} mentions of {len(self.entity_groups)} "
                     "entities" + (": most mentioned " + ", ".join(
                         f"{r.entity} ({r.label}, {r.mentions})" for r in top.itertuples())
                         if len(top) else "") + ".")
        n_res = int(self.times["resolved"].sum()) if len(self.times) else 0
        lines.append(f"Time expressions: {len(self.times)}, {n_res} with a complete value. "
                     + self.times_note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def save_html(self, path: str | Path) -> Path:
        """Write the one-page, self-contained HTML report to *path* (a file ending in .html);
        a missing folder is created. Returns the path written."""
        from utils.report.page import save_report

        return save_report(self, path)

    def to_html(self) -> str:
        """The HTML report as a string (what :meth:`save_html` writes)."""
        from utils.report.page import report_html

        return report_html(self)


def read_article(text: str, *, published: Any = None, title: str | None = None,
                 domain_rules: bool = False) -> ArticleReading:
    """Read an English news text with the whole toolkit of the series.

    *published* (a date, a datetime or ISO text such as "2017-11-22") is the date the relative
    time expressions are resolved against; without it they are listed unresolved, and the
    reading says why. *title* names the report; if it is not given and the text's first
    paragraph is a one-line headline, that line is the title; a title (given or found) that
    is the text's first paragraph is left out of the statistics. ``domain_rules=True`` uses the series' entity rules (notebook 02): useful for
    texts about the Korean border, neutral elsewhere.

    Raises CourseInputError for an empty or non-text input, HTML markup (strip it with
    ``utils.text.strip_html``), a text over spaCy's limit, a text that is not English, or a
    publication date that does not parse.

    >>> r = read_article("Storm Hits Coast\\n\\nThe storm hit the coast on Friday, police said.",
    ...                  published="2024-01-15")
    >>> r.title, r.stats["paragraphs"], r.attributions["source"].tolist()
    ('Storm Hits Coast', 1, ['police'])
    """
    from utils.text import check_text, parse

    text = check_text(text, "The article's text", english=True, example="load_article().text")
    published = as_published(published)
    if title is not None and not isinstance(title, str):
        raise CourseInputError(f"The title must be text, not {type(title).__name__}.")
    guessed = _title_line(text) if title is None else None
    from utils.text import paragraphs

    repeats_title = title is not None and paragraphs(text)[0].strip() == title.strip()
    if not isinstance(domain_rules, bool):
        raise CourseInputError("domain_rules= takes True or False.")
    doc = parse(text, domain_rules=domain_rules)
    return ArticleReading(text, title if title is not None else guessed, published, doc,
                          title_from_text=guessed is not None or repeats_title,
                          domain_rules=domain_rules)
