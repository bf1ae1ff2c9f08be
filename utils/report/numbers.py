"""Numbers in a text and what they count: "five times", "about 40 rounds", "24 years old".

>>> numbers_by_noun("He was hit at least five times; guards fired about 40 rounds.")[
...     ["noun", "number", "as_written"]].values.tolist()
[['time', 5, 'at least five'], ['round', 40, 'about 40']]
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

NUMBER_COLUMNS = ["noun", "number", "as_written", "phrase", "sentence", "start"]
_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "dozen": 12}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_AGE_UNITS = {"year", "month", "week", "day"}


def number_value(text: str) -> int | float | None:
    """The value of a number as written: "40", "1,200", "2.5", "five", "forty-two",
    "two hundred", "a dozen"; None if *text* is not a number.

    >>> number_value("five"), number_value("1,200"), number_value("forty-two"), number_value("Seoul")
    (5, 1200, 42, None)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    cleaned = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d*\.\d+", cleaned):
        return float(cleaned)
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", cleaned):
        if word == "and" and seen:
            continue
        if word in ("a", "an") and not seen and not current:
            current = 1  # "a dozen", "a hundred"
        elif word == "dozen":
            current, seen = (current or 1) * 12, True
        elif word in _UNITS:
            current, seen = current + _UNITS[word], True
        elif word in _TENS:
            current, seen = current + _TENS[word], True
        elif word in _SCALES:
            current, seen = (current or 1) * _SCALES[word], True
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current if seen else None


def _noun_of(token) -> tuple[Any, str] | None:
    """The noun a number token counts, and the key to compare it by ("round", "years old")."""
    head = token.head
    if token.dep_ not in ("nummod", "quantmod") and not (
            token.dep_ == "compound" and head.pos_ == "NOUN"):
        return None
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = head.lemma_.lower()
    if lemma in _AGE_UNITS:
        after = token.doc[head.i + 1: head.i + 3]
        if (head.head.lower_ == "old" or any(t.lower_ == "old" for t in after)):
            return head, f"{lemma}s old"
    return head, lemma


def numbers_by_noun(text_or_doc: Any) -> pd.DataFrame:
    """Every number that counts a noun, found in spaCy's parse: one row per number, with the
    ``noun`` it counts (its lemma: "time", "round", "soldier"; an age is "years old"), the
    ``number`` (its value), ``as_written`` (with its modifiers: "at least five"), the
    ``phrase`` ("at least five times"), the ``sentence`` and the number's ``start`` offset.
    Numbers that count nothing ("in 2017", "a score of 3-1") and the numbers of dates and
    times ("13 November", "nine days") are left out; ages are kept.

    >>> numbers_by_noun("The 24-year-old soldier had two operations.")[["noun", "number"]].values.tolist()
    [['years old', 24], ['operation', 2]]
    """
    from utils.text import as_doc

    doc = as_doc(text_or_doc)
    rows = []
    for token in doc:
        if not (token.like_num or token.pos_ == "NUM"):
            continue
        found = _noun_of(token)
        if found is None:
            continue
        if token.ent_type_ in ("DATE", "TIME") and not found[1].endswith(" old"):
            continue  # a date or a time ("13 November", "nine days"): see the time expressions
        value = number_value(token.text)
        if value is None:
            continue
        head, key = found
        start = token.left_edge.i
        as_written = doc[start: token.i + 1].text
        end = max(head.i, token.i) + 1
        if key.endswith(" old"):
            end = next((t.i + 1 for t in doc[head.i: head.i + 3] if t.lower_ == "old"), end)
        rows.append({"noun": key, "number": value, "as_written": as_written,
                     "phrase": doc[min(start, head.i): end].text,
                     "sentence": token.sent.text.strip(), "start": token.idx})
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)
