"""The normalisation tables of the timeline engine (``data/timex_rules_norm.csv``) and the
regular-expression macros built from them.

One CSV, one row per word: ``table`` (month, weekday, number, ordinal, season, part, unit,
decade_word, mod), ``word`` (lower case, as written in a text) and ``value`` (what it
normalises to: ``"11"`` for "november", ``"MO"`` for "morning", ``"D"`` for "days"), plus
``applies`` for the mod table (``date`` or ``duration``: which expressions a modifier such as
"early" or "about" may precede).

>>> norm = load_norm()
>>> norm["month"]["nov."], norm["part"]["evening"], norm["unit"]["decades"]
('11', 'EV', 'DE')
>>> to_number("twenty-five"), to_number("a"), to_number("12")
(25, 1, 12)
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from utils.errors import CourseInputError
from utils.paths import DATA_DIR

NORM_PATH = DATA_DIR / "timex_rules_norm.csv"
TABLES = ("month", "weekday", "number", "ordinal", "season", "part", "unit", "decade_word", "mod",
          "holiday")


@lru_cache(maxsize=4)
def load_norm(path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """The normalisation tables as ``{table: {word: value}}`` (cached)."""
    file = Path(path) if path is not None else NORM_PATH
    if not file.exists():
        raise FileNotFoundError(f"The normalisation table {file} is missing. Restore it with "
                                "`git checkout -- data/timex_rules_norm.csv`.")
    tables: dict[str, dict[str, str]] = {name: {} for name in TABLES}
    tables["mod_applies"] = {}
    with file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["table"].strip()
            if name not in tables:
                raise CourseInputError(f"{file.name}: unknown table {name!r}; use one of {TABLES}.")
            word = row["word"].strip().lower()
            tables[name][word] = row["value"].strip()
            if name == "mod":
                tables["mod_applies"][word] = (row.get("applies") or "").strip()
    return tables


def _alt(words, *, proper: bool = False) -> str:
    """An alternation of *words*, longest first; dots escaped, spaces as ``\\s+``. With
    *proper*, a word matches only capitalised or in capitals ("May" the month, not "may")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        if proper:
            parts.append("(?-i:" + re.escape(word.capitalize()) + "|" + re.escape(word.upper()) + ")")
        else:
            parts.append(r"\s+".join(re.escape(w) for w in word.split()))
    return "(?:" + "|".join(parts) + ")"


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


@lru_cache(maxsize=4)
def macros(path: str | Path | None = None) -> dict[str, str]:
    """The ``{NAME}`` macros that rule patterns may use, built from the tables.

    >>> import re
    >>> bool(re.fullmatch(macros()["MONTH"], "Sept.", re.I)), bool(re.fullmatch(macros()["MONTH"], "may", re.I))
    (True, False)
    """
    norm = load_norm(path)
    months = list(norm["month"])
    full = [m for m in months if len(m) > 4 or m in ("may", "june", "july")]
    number_words = [w for w in norm["number"] if w not in ("a", "an")]
    compound = r"(?:" + "|".join(_TENS) + r")[-\s](?:one|two|three|four|five|six|seven|eight|nine)"
    units = list(norm["unit"])
    units_no_second = [u for u in units if u not in ("second", "sec", "min")]
    plural = [u for u in units if u.endswith("s") and u not in ("secs", "mins", "hrs")]
    singular = [u for u in units if not u.endswith("s") and u not in ("sec", "min", "hr")]
    date_units = [u for u in units if norm["unit"][u] in ("D", "W", "Y", "DE", "CE", "Q")
                  or u in ("month", "months")]
    return {
        "MONTH": _alt(months, proper=True) + r"(?!\w)",
        "MONTHFULL": _alt(full, proper=True),
        "WEEKDAY": _alt(norm["weekday"], proper=True),
        "NUM": r"(?:\d+(?:\.\d+)?|" + compound + "|" + _alt(number_words + ["a", "an"])[3:-1] + ")",
        "ORD": _alt(norm["ordinal"]),
        "QORD": r"(?:first|second|third|fourth|1st|2nd|3rd|4th)",
        "SEASON": _alt(norm["season"]),
        "PART": _alt(norm["part"]),
        "UNIT": _alt(units_no_second),
        "UNIT_PL": _alt(plural),
        "UNIT_SING": _alt([u for u in singular if u != "second"]),
        "DUNIT": _alt(date_units),
        "DECW": _alt(norm["decade_word"]),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "HOLIDAY": "(?-i:" + "|".join(r"\s+".join(re.escape(p.capitalize()) for p in w.split())
                                    for w in sorted(norm["holiday"], key=len, reverse=True)) + ")",
        "TZ": r"(?:[ECMP][SD]T|ET|GMT|UTC|KST|BST|CET|(?:local|Eastern|Pacific|Central|Mountain|"
              r"Korean|Seoul|Beijing|Tokyo|Moscow|London|Paris|Berlin)\s+time|(?-i:[A-Z][a-z]+)\s+time)",
        "YEAR": r"(?<![$£€\d,.])(?:1[0-9]\d\d|20\d\d)(?![\d,]\d)",
    }


def to_number(word: str, path: str | Path | None = None) -> int | float | str:
    """A number written in digits or words ("12", "twelve", "twenty-five", "a"); ``"X"`` for a
    vague quantity ("several", "a few")."""
    norm = load_norm(path)["number"]
    text = re.sub(r"\s+", " ", word.strip().lower())
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    if text in norm:
        return int(norm[text])
    parts = re.split(r"[-\s]", text)
    if len(parts) == 2 and parts[0] in norm and parts[1] in norm:
        return int(norm[parts[0]]) + int(norm[parts[1]])
    return "X"


def to_ordinal(word: str, path: str | Path | None = None) -> int:
    """An ordinal ("third", "3rd", "21st") as a number."""
    text = word.strip().lower()
    digits = re.match(r"(\d+)", text)
    if digits:
        return int(digits.group(1))
    return int(load_norm(path)["ordinal"][text])
