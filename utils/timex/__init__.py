"""The timeline engine: TIMEX3 time expressions of a text, found and normalised by a table of
rules (HeidelTime style), with spaCy for the parse.

:func:`normalise` is the one entry point (``utils.timeline`` re-exports it): one row per time
expression with its extent, TIMEX3 type and value, granularity, the rule that fired, the anchor
used, the direction chosen and why. The rules are rows of ``data/timex_rules.csv``
(:func:`load_rules`); pass your own table with ``rules=`` to try a new row.

>>> from datetime import date
>>> table = normalise("The ministers met on Monday and will meet again next week.", date(2017, 11, 22))
>>> table[["text", "type", "value", "granularity"]].values.tolist()
[['Monday', 'DATE', '2017-11-20', 'day'], ['next week', 'DATE', '2017-W48', 'week']]
"""
from __future__ import annotations

import warnings
from datetime import date
from typing import Any, Iterable, Iterator

import pandas as pd

from utils.errors import CourseInputError
from utils.timex.engine import (COLUMNS, NEEDS_DCT, DCTWarning, Timex, check_dct, granularity,
                                load_rules, period, tag, to_frame, warn_if_dct_too_early)

__all__ = ["normalise", "find_time_expressions", "normalise_many", "load_rules", "COLUMNS",
           "DCTWarning", "granularity", "period"]


def _doc_of(text_or_doc: Any, nlp: Any = None):
    from spacy.tokens import Doc

    from utils.text import as_doc

    if isinstance(text_or_doc, Doc) or nlp is None:
        return as_doc(text_or_doc)
    from utils.text import check_text  # the series' one input check (HTML, length, English)

    return nlp(check_text(text_or_doc, english=True))


def normalise(text_or_doc: Any, dct: Any, *, rules: pd.DataFrame | None = None,
              nlp: Any = None) -> pd.DataFrame:
    """Every TIMEX3 time expression of a text, normalised against the dct.

    *dct* is the document creation time (a ``date`` or ``datetime``): relative expressions
    ("yesterday", "last week") count from it. Columns: ``start``, ``end`` (character offsets,
    end exclusive), ``text``, ``type`` (DATE, TIME, DURATION, SET), ``value`` (TIMEX3),
    ``mod``, ``granularity``, ``rule`` (the id of the row of the rule table that fired),
    ``anchor``, ``direction`` (past / future / same, for weekdays and months), ``why``, ``note``
    (set where the value is partial), ``period_start`` and ``period_end`` (the stretch of time
    a DATE/TIME value covers, end exclusive). Ages ("64-year-old") are not time expressions.

    Raises CourseInputError for an empty text or a missing / non-date dct; a dct earlier
    than a date the text tells as past gives a :class:`DCTWarning`. An expression the rules
    cannot resolve gets a partial value and a note, never an exception.

    >>> normalise("He has lived here since 2010 and left 24 hours ago.", date(2017, 11, 22))["value"].tolist()
    ['2010', 'PAST_REF']
    """
    day = check_dct(dct)
    doc = _doc_of(text_or_doc, nlp)
    timexes = tag(doc, day, rules=rules, doc=doc)
    warn_if_dct_too_early(timexes, day, doc)
    return to_frame(timexes)


def find_time_expressions(text_or_doc: Any, *, rules: pd.DataFrame | None = None,
                          nlp: Any = None) -> pd.DataFrame:
    """The time expressions of a text without a dct: extents and types, values where the text
    fixes them itself ("27 July 1953" -> 1953-07-27, "three days" -> P3D), partial values
    ("XXXX-XX-XX") with the note "needs the publication date (dct)" for the relative ones.

    >>> find_time_expressions("It was signed on 27 July 1953 and he left yesterday.")[["value", "note"]].values.tolist()
    [['1953-07-27', ''], ['XXXX-XX-XX', 'needs the publication date (dct)']]
    """
    doc = _doc_of(text_or_doc, nlp)
    return to_frame(tag(doc, None, rules=rules, doc=doc))


def normalise_many(texts: Iterable[str], dcts: Any, *, rules: pd.DataFrame | None = None,
                   nlp: Any = None, batch_size: int = 32) -> Iterator[pd.DataFrame]:
    """:func:`normalise` for many texts, parsed in batches with ``nlp.pipe``: one table per
    text, in order. *dcts* is one date for all, or one per text.

    >>> tables = list(normalise_many(["He left today.", "She left in 2010."], date(2017, 11, 22)))
    >>> [t["value"].tolist() for t in tables]
    [['2017-11-22'], ['2010']]
    """
    from utils.nlp import get_nlp

    texts = list(texts)
    from utils.text import check_text  # the series' one input check (HTML, length, English)

    for i, text in enumerate(texts):
        check_text(text, f"Text {i}", english=True, example="load_article().body")
    if isinstance(dcts, (list, tuple, pd.Series)):
        dcts = list(dcts)
        if len(dcts) != len(texts):
            raise CourseInputError(f"normalise_many() got {len(texts)} texts but {len(dcts)} "
                                   "dcts: pass one dct per text, or a single date for all.")
        days = [check_dct(d) for d in dcts]
    else:
        days = [check_dct(dcts)] * len(texts)
    nlp = nlp or get_nlp()
    for doc, day in zip(nlp.pipe(texts, batch_size=batch_size), days):
        timexes = tag(doc, day, rules=rules, doc=doc)
        warn_if_dct_too_early(timexes, day, doc)
        yield to_frame(timexes)
