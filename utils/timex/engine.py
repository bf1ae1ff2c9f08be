"""The engine: apply the rule table to a parsed text and compute TIMEX3 values.

The rules live in ``data/timex_rules.csv`` (one rule per row: a pattern, a value recipe, an
example and the value it must give); the words they use in ``data/timex_rules_norm.csv``. The
engine itself knows no English phrase: it expands the ``{MACROS}`` of a pattern, finds every
match, keeps the longest (negative rules, value ``REMOVE``, delete what they overlap: ages),
extends a match over a modifier before it ("about", "early", "the end of"), and computes the
value from the recipe:

``={y}-{m}-{d}``          a template filled from the match ("27 July 1953" -> 1953-07-27)
``rel(unit,offset)sfx``   the dct moved by *offset* units, written at that unit's granularity
                          ("last year" -> rel(year,-1) -> 2016; "last week" -> 2017-W46)
``ref(unit,offset)sfx``   the same from the last date the text mentioned ("two days later");
                          ``sref``: only a date of the same sentence, else the dct ("the year")
``wd(dir)sfx``            a weekday; ``mon(dir)`` a month; ``md(dir)`` a month and day;
``season(dir)``, ``we(dir)`` (weekend), ``qtr(dir)``/``half(dir)`` (a quarter or half without
                          a year), ``hol(dir)`` (a holiday), ``mid(dir)`` (midnight): *dir* is
                          past/future (the dct included), before/after (excluded), or auto:
                          read from the governing verb (see :mod:`utils.timex.direction`)
                          and from signals: "since Monday" is past, a month that modifies a
                          noun ("September delivery") the nearest one
``pend(unit)``            the *unit* (quarter, week, year) that holds a month and day: "the
                          quarter ended Sept. 30" -> 2017-Q3; "the June quarter"
``yq(y)``                 "the 1988 quarter": the quarter last mentioned, in year *y*
``fy(offset)``            "the current fiscal year": FY + the dct's year moved by *offset*

In business news "the quarter" is the quarter last named (else the one last reported), and
"a year earlier" after a quarter is that quarter a year before (``1988-Q3``).

Values are computed in three passes: dates, then clock times (on the day their sentence
names), then clock offsets ("three hours later"). A rule is only tried on a text that
contains a string every one of its matches needs (read from its parsed pattern), which keeps
``normalise`` fast.

>>> from datetime import date
>>> [(t.text, t.value) for t in tag("The war ended 64 years ago, in 1953.", date(2017, 11, 22))]
[('64 years ago', '1953'), ('1953', '1953')]
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from utils.errors import CourseInputError
from utils.paths import DATA_DIR
from utils.timex import tables

RULES_PATH = DATA_DIR / "timex_rules.csv"
RULE_COLUMNS = ["id", "type", "pattern", "value", "mod", "constraint", "example", "example_value",
                "note"]
TYPES = ("DATE", "TIME", "DURATION", "SET", "NONE")
COLUMNS = ["start", "end", "text", "type", "value", "mod", "granularity", "rule", "anchor",
           "direction", "why", "note", "period_start", "period_end"]
NEEDS_DCT = "needs the publication date (dct)"


class DCTWarning(UserWarning):
    """The document creation time looks wrong for the text (earlier than its own dates)."""


# --------------------------------------------------------------------------------------------
# The rule table
# --------------------------------------------------------------------------------------------

def load_rules(path: str | Path | None = None) -> pd.DataFrame:
    """The default rule table (``data/timex_rules.csv``), one rule per row.

    Columns: ``id``, ``type`` (DATE, TIME, DURATION, SET, or NONE for a negative rule),
    ``pattern`` (a regular expression, case-insensitive, with ``{MACROS}`` from the
    normalisation tables), ``value`` (the recipe), ``mod``, ``constraint`` (``ner:DATE``: the
    match must lie inside a spaCy DATE entity), ``example`` (a sentence; several
    are separated by `` || ``), ``example_value`` (what the example must give, with the dct
    Wednesday 22 November 2017) and ``note``.

    >>> rules = load_rules()
    >>> rules.set_index("id").loc["unit_this_last_next", "value"]
    'rel({u},{tnl})'
    """
    file = Path(path) if path is not None else RULES_PATH
    if not file.exists():
        raise FileNotFoundError(f"The rule table {file} is missing. Restore it with "
                                "`git checkout -- data/timex_rules.csv`.")
    table = pd.read_csv(file, dtype=str, keep_default_na=False)
    if "constraint" not in table.columns:
        table["constraint"] = ""
    missing = [c for c in RULE_COLUMNS if c not in table.columns]
    if missing:
        raise CourseInputError(f"{file.name} lacks the columns {missing}.")
    return table[RULE_COLUMNS]


@dataclass
class Rule:
    id: str
    type: str
    regex: re.Pattern
    value: str
    mod: str
    order: int
    constraint: str = ""
    gate: tuple[str, ...] | None = None  # every match contains one of these (lower case)


def _hitting_set(items) -> set[str] | None:
    """Strings one of which every match of the parsed regex *items* contains (None: unknown).

    A sequence needs all its parts, so any one part's set will do (the most selective is
    kept); an alternation needs one branch, so the union of the branches' sets."""
    try:
        from re import _constants as C
    except ImportError:  # pragma: no cover  (Python < 3.11)
        import sre_constants as C
    best: set[str] | None = None

    def better(candidate):
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    run = ""
    for op, arg in items:
        if op is C.LITERAL:
            run += chr(arg).lower()
            continue
        if run:
            better({run})
            run = ""
        if op is C.SUBPATTERN:
            better(_hitting_set(arg[-1]))
        elif op is C.BRANCH:
            branches = [_hitting_set(b) for b in arg[1]]
            if all(branches):
                better(set().union(*branches))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and arg[0] >= 1:
            better(_hitting_set(arg[2]))
    if run:
        better({run})
    return best


def _gate(regex: re.Pattern) -> tuple[str, ...] | None:
    try:
        from re import _parser as parser
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    try:
        found = _hitting_set(parser.parse(regex.pattern, regex.flags))
    except Exception:
        return None
    return tuple(sorted(found)) if found else None


_COMPILED: dict[tuple, list[Rule]] = {}
_DEFAULT: dict[str, Any] = {}


def _check_rules(rules: Any) -> pd.DataFrame:
    if rules is None:
        return load_rules()
    if not isinstance(rules, pd.DataFrame):
        raise CourseInputError("rules= takes a table like load_rules() (a DataFrame), not "
                               f"{type(rules).__name__}.")
    missing = [c for c in ("id", "type", "pattern", "value") if c not in rules.columns]
    if missing:
        raise CourseInputError(f"The rule table lacks the columns {missing}: start from "
                               "load_rules() and add a row with the same columns.")
    return rules


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def compile_rules(rules: pd.DataFrame | None = None) -> list[Rule]:
    """The rules of a table, compiled (cached per table content). A bad row raises
    CourseInputError naming the row."""
    if rules is None:  # the default table, compiled once per version of the file
        stamp = RULES_PATH.stat().st_mtime_ns if RULES_PATH.exists() else 0
        if _DEFAULT.get("stamp") != stamp:
            _DEFAULT["rules"], _DEFAULT["stamp"] = compile_rules(load_rules()), stamp
        return _DEFAULT["rules"]
    rules = _check_rules(rules)
    cols = [c for c in ("id", "type", "pattern", "value", "mod", "constraint") if c in rules.columns]
    key = tuple(tuple("" if pd.isna(v) else str(v) for v in row)
                for row in rules[cols].itertuples(index=False))
    if key in _COMPILED:
        return _COMPILED[key]
    macro = tables.macros()
    compiled = []
    for order, row in enumerate(rules.to_dict("records")):
        rid = str(row.get("id", "")).strip() or f"row{order}"
        rtype = str(row.get("type", "")).strip().upper()
        if rtype not in TYPES:
            raise CourseInputError(f"Rule {rid!r}: type must be one of {TYPES}, not {rtype!r}.")
        pattern = str(row.get("pattern", ""))
        try:
            expanded = re.sub(r"\{([A-Z_]+)\}", lambda m: macro[m.group(1)], pattern)
            regex = re.compile(r"(?<![\w])(?:" + expanded + r")(?![\w])", re.IGNORECASE)
        except KeyError as exc:
            raise CourseInputError(f"Rule {rid!r}: unknown macro {{{exc.args[0]}}}; the macros are "
                                   f"{sorted(macro)}.") from None
        except re.error as exc:
            raise CourseInputError(f"Rule {rid!r}: the pattern is not a valid regular expression "
                                   f"({exc}).") from None
        mod, constraint = _cell(row.get("mod")), _cell(row.get("constraint"))
        if constraint and constraint not in ("ner:DATE", "ner:TIME"):
            raise CourseInputError(f"Rule {rid!r}: constraint must be empty, 'ner:DATE' or "
                                   f"'ner:TIME', not {constraint!r}.")
        compiled.append(Rule(rid, rtype, regex, _cell(row.get("value")), mod, order, constraint,
                             _gate(regex)))
    if len(_COMPILED) > 16:
        _COMPILED.clear()
    _COMPILED[key] = compiled
    return compiled


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------

@dataclass
class Match:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    mod: str = ""


_NAMES = ("PERSON", "ORG", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "LOC")
_BARE_NAME = re.compile(r"^(?:mon|wd|season)\(")


def find_matches(text: str, rules: list[Rule], doc: Any = None) -> list[Match]:
    """The rule matches of *text* that survive: the longest on overlap (then the earlier rule),
    minus those overlapping a negative rule's match (an age), each extended over a modifier.
    A rule with a ``ner:`` constraint needs *doc* (spaCy) and an entity of that label around
    its match; with *doc*, a bare month, weekday or season inside a name (PERSON, ORG, GPE...),
    or equal to a person's surname ("Theresa May ... May said"), is dropped."""
    positive: list[Match] = []
    negative: list[tuple[int, int]] = []
    ents: dict[str, list[tuple[int, int]]] = {}
    if doc is not None:
        for ent in doc.ents:
            ents.setdefault(ent.label_, []).append((ent.start_char, ent.end_char))
    lower = text.lower()
    for rule in rules:
        if rule.constraint and doc is None:
            continue
        if rule.gate is not None and not any(word in lower for word in rule.gate):
            continue  # a word every match needs is not in the text
        for m in rule.regex.finditer(text):
            if rule.constraint:
                label = rule.constraint.split(":", 1)[1]
                if not any(s <= m.start() and m.end() <= e for s, e in ents.get(label, ())):
                    continue
            if "x" in rule.regex.groupindex and m.group("x") is not None:
                start, end = m.span("x")
            else:
                start, end = m.span()
            if start == end:
                continue
            if rule.value == "REMOVE":
                negative.append((start, end))
            else:
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                positive.append(Match(start, end, rule, groups))
    positive = [p for p in positive
                if not any(p.start < e and s < p.end for s, e in negative)]
    names = [span for label in _NAMES for span in ents.get(label, ())]
    if names:  # "Theresa May": a month or weekday name inside a name is not a time expression
        surnames = {text[s:e].split()[-1].lower() for s, e in ents.get("PERSON", ())
                    if text[s:e].split()}
        positive = [p for p in positive if not (
            _BARE_NAME.match(p.rule.value) and (
                any(s <= p.start and p.end <= e for s, e in names)
                or text[p.start:p.end].lower() in surnames
                and not any(s <= p.start and p.end <= e for s, e in ents.get("DATE", ()))
                and not re.search(r"\b(?:in|since|until|by|from|of|early|late|mid|last|next|this)\W*$",
                                  text[max(0, p.start - 8):p.start], re.IGNORECASE)))]
    chosen: list[Match] = []
    for cand in sorted(positive, key=lambda p: (-(p.end - p.start), p.rule.order, p.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    for cand in chosen:
        _extend_modifier(text, cand, chosen)
    return chosen


_MOD_RE: dict[str, re.Pattern] = {}


def _mod_regex(kind: str) -> re.Pattern:
    if kind not in _MOD_RE:
        norm = tables.load_norm()
        words = [w for w, a in norm["mod_applies"].items() if a == kind]
        alt = "|".join(r"\s*".join(re.escape(p) for p in w.split()) if w.endswith("-")
                       else r"\s+".join(re.escape(p) for p in w.split())
                       for w in sorted(words, key=len, reverse=True))
        lead = r"(?:the\s+)?" if kind == "date" else ""
        _MOD_RE[kind] = re.compile(r"(?:^|(?<=[^\w-]))(" + lead + r"(?:" + alt + r"))(?:-|\s+)$",
                                   re.IGNORECASE)
    return _MOD_RE[kind]


def _extend_modifier(text: str, cand: Match, chosen: list[Match]) -> None:
    kind = "duration" if cand.rule.type in ("DURATION", "SET") else "date"
    if kind == "date" and re.match(r"(?:\d|a\b|an\b|one|two|three|four|five|six|seven|eight|nine|"
                                   r"ten|twelve|twenty|thirty|several|a few)",
                                   text[cand.start:cand.end], re.IGNORECASE) \
            and _mod_regex("duration").search(text[max(0, cand.start - 30):cand.start]):
        kind = "duration"
    if kind == "duration" and not re.match(r"(?:\d|a\b|an\b|one|two|three|four|five|six|seven|"
                                           r"eight|nine|ten|twenty|thirty|fifty|hundred|half|every|"
                                           r"each|once|twice)",
                                           text[cand.start:cand.end], re.IGNORECASE):
        return
    window = text[max(0, cand.start - 30):cand.start]
    m = _mod_regex(kind).search(window)
    if not m:
        return
    new_start = cand.start - len(window) + m.start(1)
    if any(c is not cand and c.start < cand.start and c.end > new_start for c in chosen):
        return
    phrase = re.sub(r"\s+", " ", m.group(1).lower())
    bare = phrase[4:] if phrase.startswith("the ") and phrase[4:] in tables.load_norm()["mod"] else phrase
    cand.mod = tables.load_norm()["mod"].get(bare, tables.load_norm()["mod"].get(bare + "-", ""))
    cand.start = new_start


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------

_TNL = {"this": 0, "last": -1, "next": 1, "current": 0, "latest": -1, "previous": -1,
        "past": -1, "coming": 1, "most recent": -1, "prior": -1, "the": 0}
_DAYREL = {"yesterday": -1, "today": 0, "tomorrow": 1}
_LY = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "annual": "P1Y",
       "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W"}
_UNIT_NAMES = {"S": "second", "H": "hour", "D": "day", "W": "week", "Y": "year", "DE": "decade",
               "CE": "century", "Q": "quarter"}
_SEASONS = ("SP", "SU", "FA", "WI")
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PARTS = ("MO", "MI", "AF", "EV", "NI", "DT")


def _unit_name(word: str) -> str:
    norm = tables.load_norm()["unit"]
    word = word.lower()
    letter = norm.get(word, "")
    if letter == "M":
        return "minute" if word.startswith("min") else "month"
    if word in ("morning", "afternoon", "evening", "night"):
        return "day"
    return _UNIT_NAMES.get(letter, word.rstrip("s"))


def _context(groups: dict[str, str]) -> dict[str, Any]:
    norm = tables.load_norm()
    ctx: dict[str, Any] = {}
    g = {k: v for k, v in groups.items()}
    if "y" in g:
        ctx["y"] = g["y"]
    if "y2" in g:
        yy = int(g["y2"])
        ctx["y"] = str(1900 + yy if yy >= 30 else 2000 + yy)
    if "m" in g:
        word = g["m"].lower()
        ctx["m"] = f"{int(word):02d}" if word.isdigit() else norm["month"][word]
    if "d" in g:
        ctx["d"] = "%02d" % int(re.match(r"\d+", g["d"]).group())
    if "wd" in g:
        ctx["wd"] = int(norm["weekday"][g["wd"].lower()])
    if "n" in g:
        ctx["n"] = tables.to_number(g["n"])
    if "u" in g:
        ctx["u"] = _unit_name(g["u"])
        ctx["U"] = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W",
                    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
                    "century": "CE"}.get(ctx["u"], "X")
    if "o" in g:
        ctx["o"] = tables.to_ordinal(g["o"])
        ctx["c"] = f"{ctx['o'] - 1:02d}"
    if "s" in g:
        ctx["s"] = norm["season"][g["s"].lower()]
    if "p" in g:
        ctx["p"] = norm["part"][g["p"].lower()]
    if "dec" in g:
        ctx["dec"] = g["dec"]
    if "dd" in g:
        ctx["dd"] = g["dd"]
    if "dw" in g:
        ctx["dw"] = norm["decade_word"][g["dw"].lower()]
    if "tnl" in g:
        ctx["tnl"] = _TNL.get(re.sub(r"\s+", " ", g["tnl"].lower()), 0)
    if "dr" in g:
        ctx["dr"] = _DAYREL[g["dr"].lower()]
    if "ly" in g:
        ctx["LY"] = _LY[g["ly"].lower()]
    if "noon" in g:
        ctx["hh"], ctx["mm"] = "12", "00"
    if "hol" in g:
        ctx["hol"] = norm["holiday"][re.sub(r"\s+", " ", g["hol"].lower())]
    if "h" in g:
        h = tables.to_number(g["h"])
        h = int(h) if h != "X" else 0
        ap = g.get("ap", "").lower()
        if ap.startswith("p") and h < 12:
            h += 12
        if ap.startswith("a") and h == 12:
            h = 0
        ctx["hh"] = f"{h:02d}"
        ctx["mm"] = g.get("mi", "00")
    if "u" in ctx:
        n = ctx.get("n", "X")
        if isinstance(n, float):
            n = int(n) if n.is_integer() else n
        unit = ctx["u"]
        if unit == "quarter":
            ctx["DUR"] = f"P{n * 3 if n != 'X' else 'X'}M"
        elif unit in ("hour", "minute", "second"):
            ctx["DUR"] = f"PT{n}{ctx['U']}"
        else:
            ctx["DUR"] = f"P{n}{ctx['U']}"
        ctx["DUR1"] = ("PT1" if unit in ("hour", "minute", "second") else "P1") + ctx["U"]
        if unit == "quarter":
            ctx["DUR1"] = "P3M"
    return ctx


_RANK = {"century": 0, "decade": 1, "year": 2, "half": 3, "quarter": 4, "season": 4, "month": 5,
         "week": 6, "day": 7, "part-of-day": 8, "hour": 9, "minute": 10, "second": 11}


@lru_cache(maxsize=4096)
def granularity(value: str) -> str:
    """The granularity a TIMEX3 value is written at.

    >>> [granularity(v) for v in ["2010", "2017-11", "2017-W46", "201", "2017-11-22TMO", "P3D", "PRESENT_REF"]]
    ['year', 'month', 'week', 'decade', 'part-of-day', 'day', 'vague']
    """
    v = value or ""
    if v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or not v:
        return "vague"
    if v.startswith("P"):
        m = re.match(r"PT?(?:[\dX.]+)(DE|CE|[YMWDHS])", v)
        if not m:
            return "vague"
        unit = m.group(1)
        if v.startswith("PT"):
            return {"H": "hour", "M": "minute", "S": "second"}.get(unit, "vague")
        return {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "decade",
                "CE": "century", "H": "hour", "S": "second"}.get(unit, "vague")
    if v.startswith("FY"):
        return "quarter" if "-Q" in v else "year"
    if re.fullmatch(r"[\dX]{2}", v):
        return "century"
    if re.fullmatch(r"[\dX]{3}", v):
        return "decade"
    if re.fullmatch(r"[\dX]{4}", v):
        return "year"
    if re.fullmatch(r"[\dX]{4}-H[\dX]", v):
        return "half"
    if re.fullmatch(r"[\dX]{4}-Q[\dX]", v):
        return "quarter"
    if re.fullmatch(r"[\dX]{4}-(SP|SU|FA|WI)", v):
        return "season"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", v):
        return "month"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}(-WE)?", v):
        return "week"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}-\d", v):
        return "day"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", v):
        return "day"
    if re.search(r"T(MO|MI|AF|EV|NI|DT)$", v):
        return "part-of-day"
    if re.search(r"T\d\d:\d\d:\d\d", v):
        return "second"
    if re.search(r"T\d\d:\d\d", v):
        return "minute"
    if re.search(r"T\d\d$", v):
        return "hour"
    return "vague"


@lru_cache(maxsize=4096)
def period(value: str) -> tuple[Any, Any]:
    """The stretch of time a DATE/TIME value covers, as (start, end) Timestamps, end
    exclusive; (NaT, NaT) for durations, references and partial values.

    >>> period("2017-11")
    (Timestamp('2017-11-01 00:00:00'), Timestamp('2017-12-01 00:00:00'))
    >>> period("2017-W46")[0], period("201")[1]
    (Timestamp('2017-11-13 00:00:00'), Timestamp('2020-01-01 00:00:00'))
    """
    nat = (pd.NaT, pd.NaT)
    if not value or "X" in value or value.startswith("P") or value.endswith("_REF"):
        return nat
    v = value[2:] if value.startswith("FY") else value
    ts = pd.Timestamp
    try:
        g = granularity(v)
        if g == "century":
            y = int(v) * 100
            return ts(y, 1, 1), ts(y + 100, 1, 1)
        if g == "decade":
            y = int(v) * 10
            return ts(y, 1, 1), ts(y + 10, 1, 1)
        if g == "year":
            return ts(int(v), 1, 1), ts(int(v) + 1, 1, 1)
        if g in ("half", "quarter"):
            y, n = int(v[:4]), int(v[6])
            months = 6 if g == "half" else 3
            start = ts(y, 1 + (n - 1) * months, 1)
            return start, start + pd.DateOffset(months=months)
        if g == "season":
            y, s = int(v[:4]), v[5:]
            start = ts(y, _SEASON_START[s], 1)
            return start, start + pd.DateOffset(months=3)
        if g == "month":
            start = ts(int(v[:4]), int(v[5:7]), 1)
            return start, start + pd.DateOffset(months=1)
        if g == "week":
            monday = ts(date.fromisocalendar(int(v[:4]), int(v[6:8]), 1))
            if v.endswith("-WE"):
                return monday + pd.Timedelta(days=5), monday + pd.Timedelta(days=7)
            return monday, monday + pd.Timedelta(days=7)
        day = ts(v[:10])
        if g == "day":
            return day, day + pd.Timedelta(days=1)
        if g == "part-of-day":
            hours = {"MO": (6, 12), "MI": (11, 14), "AF": (12, 18), "EV": (18, 22),
                     "NI": (21, 30), "DT": (8, 18)}[v[-2:]]
            return day + pd.Timedelta(hours=hours[0]), day + pd.Timedelta(hours=hours[1])
        hh, mm = int(v[11:13]), int(v[14:16]) if len(v) >= 16 else 0
        start = day + pd.Timedelta(hours=hh, minutes=mm)
        return start, start + pd.Timedelta(minutes=1 if g == "minute" else 60)
    except (ValueError, KeyError, IndexError):
        return nat


def _shift(day: date, unit: str, offset: int) -> date:
    from dateutil.relativedelta import relativedelta

    if unit in ("day", "hour", "minute", "second"):
        return day + timedelta(days=offset) if unit == "day" else day
    if unit == "week":
        return day + timedelta(weeks=offset)
    if unit == "month":
        return day + relativedelta(months=offset)
    if unit == "quarter":
        return day + relativedelta(months=3 * offset)
    if unit == "half":
        return day + relativedelta(months=6 * offset)
    if unit == "year":
        return day + relativedelta(years=offset)
    if unit == "decade":
        return day + relativedelta(years=10 * offset)
    if unit == "century":
        return day + relativedelta(years=100 * offset)
    raise ValueError(f"unknown unit {unit!r}")


def _format(day: date, unit: str) -> str:
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    raise ValueError(f"cannot write a date at the granularity {unit!r}")


_PARTIAL = {"year": "XXXX", "month": "XXXX-XX", "day": "XXXX-XX-XX", "week": "XXXX-WXX",
            "quarter": "XXXX-QX", "half": "XXXX-HX", "decade": "XXX", "century": "XX",
            "hour": "XXXX-XX-XXTXX:XX", "minute": "XXXX-XX-XXTXX:XX"}


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str
    rule: str
    anchor: str = ""
    direction: str = ""
    why: str = ""
    note: str = ""
    point: date | None = None  # the day the expression points at (for resolve_date)
    absolute: bool = False     # the text fixes the value itself (for the dct check)

    @property
    def granularity(self) -> str:
        return granularity(self.value)


_OP = re.compile(r"^(rel|ref|sref|wd|mon|md|season|we|mid|hol|qtr|half|dp|yq|fy|pend)\(([^)]*)\)(.*)$")


def _part_of_year(dct: date, n: int, months: int, direction: str) -> int:
    """The year of quarter (months=3) or half (months=6) number *n*: told in the past, the
    last one that has begun ("fourth-quarter profit rose", told in February: last year's); in
    the future, the next one that has not ended; otherwise the dct's year."""
    start_month = 1 + (n - 1) * months
    begun = (dct.month >= start_month)
    ended = dct.month >= start_month + months
    if direction in ("past", "before"):
        return dct.year if begun else dct.year - 1
    if direction in ("future", "after"):
        return dct.year if not ended else dct.year + 1
    return dct.year


def _holiday(ctx: dict[str, Any], dct: date | None, direction: str, args: str):
    from dateutil.easter import easter

    spec = ctx["hol"]

    def on(year: int) -> date:
        if spec.startswith("easter"):
            return easter(year) + timedelta(days=int(spec[6:]))
        if spec.startswith("nth"):  # "nth09-1-1": the first Monday of September; "L" = last
            month, nth, wd = spec[3:5], spec[6], int(spec[8])
            first = date(year, int(month), 1)
            if nth == "L":
                nxt = date(year + (month == "12"), int(month) % 12 + 1, 1)
                last = nxt - timedelta(days=1)
                return last - timedelta(days=(last.isoweekday() - wd) % 7)
            return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (int(nth) - 1))
        return date(year, int(spec[:2]), int(spec[3:5]))

    if args == "year":
        day = on(int(ctx["y"]))
        return day.isoformat(), "", day, ""
    if dct is None:
        return ("XXXX-" + spec if not spec.startswith(("easter", "nth")) else "XXXX-XX-XX"), "", None, NEEDS_DCT
    day = on(dct.year)
    if direction in ("past", "before") and day > dct:
        day = on(dct.year - 1)
    elif direction in ("future", "after") and day < dct:
        day = on(dct.year + 1)
    return day.isoformat(), f"dct {dct.isoformat()}", day, ""


class _Refs:
    """The dates a text mentions, with their place (for ``ref(...)``: the last one before)."""

    def __init__(self, dct: date | None):
        self.dct = dct
        self.items: list[tuple[int, Any, str]] = []   # (position, Timestamp, granularity)

    def get(self, unit: str, before: int | None = None, after: int = -1) -> tuple[Any, str]:
        rank = _RANK.get(unit, 7)
        for pos, when, gran in sorted(self.items, key=lambda i: i[0], reverse=True):
            if before is not None and pos >= before or pos < after:
                continue
            if _RANK.get(gran, 0) >= rank:
                if unit in ("hour", "minute", "second"):
                    return when, "the time mentioned before"
                return when.date(), "the date mentioned before"
        if unit in ("hour", "minute", "second"):
            return None, ""
        return self.dct, "dct"

    def last_of(self, gran: str, before: int | None = None, after: int = -1) -> Any:
        """The last date of exactly granularity *gran* mentioned before *before* (or None)."""
        for pos, when, g in sorted(self.items, key=lambda i: i[0], reverse=True):
            if before is not None and pos >= before or pos < after:
                continue
            if g == gran:
                return when
        return None

    def add(self, value: str, position: int = 10**9) -> None:
        start, _ = period(value)
        g = granularity(value)
        if pd.notna(start) and g in _RANK and not value.startswith("P"):
            self.items.append((position, start, g))


def _reported_quarter(dct: date | None) -> date | None:
    """The quarter an earnings story means by "the quarter" when it names none: a quarter's
    results come out in the month after it ends, so in the first month of a quarter it is
    the quarter just ended; later, the dct's own quarter."""
    if dct is None or dct.month not in (1, 4, 7, 10):
        return dct
    return _shift(dct, "quarter", -1)


def _fill(template: str, ctx: dict[str, Any]) -> str:
    return template.format_map(ctx) if template else ""


def _weekday(dct: date, wd: int, direction: str) -> date:
    delta = wd - dct.isoweekday()
    if direction in ("future", "after"):
        days = delta % 7
        if days == 0 and direction == "after":
            days = 7
        return dct + timedelta(days=days)
    days = (-delta) % 7
    if days == 0 and direction == "before":
        days = 7
    return dct - timedelta(days=days)


def _year_for(dct: date, key: tuple, dct_key: tuple, direction: str) -> int:
    if direction == "nearest":
        def months(k):
            return k[0] * 31 + (k[1] if len(k) > 1 else 15)
        gap = months(key) - months(dct_key)
        return dct.year + (1 if gap < -186 else -1 if gap > 186 else 0)
    if direction == "past":
        return dct.year if key <= dct_key else dct.year - 1
    if direction == "before":
        return dct.year if key < dct_key else dct.year - 1
    if direction == "future":
        return dct.year if key >= dct_key else dct.year + 1
    if direction == "after":
        return dct.year if key > dct_key else dct.year + 1
    return dct.year


def _season(dct: date, code: str, direction: str) -> str:
    k = _SEASONS.index(code)
    cur_year = dct.year - (1 if dct.month < 3 else 0)
    cur = cur_year * 4 + ((dct.month - 3) % 12) // 3
    if direction in ("past", "before", "future", "after"):
        base = cur_year * 4 + k
        cands = [base - 4, base, base + 4]
        if direction == "past":
            target = max(c for c in cands if c <= cur)
        elif direction == "before":
            target = max(c for c in cands if c < cur)
        elif direction == "future":
            target = min(c for c in cands if c >= cur)
        else:
            target = min(c for c in cands if c > cur)
        return f"{target // 4:04d}-{code}"
    if direction == "nearest":
        base = cur_year * 4 + k
        target = min([base - 4, base, base + 4], key=lambda c: (abs(c - cur), -c))
        return f"{target // 4:04d}-{code}"
    return f"{dct.year:04d}-{code}"


def evaluate(match_value: str, ctx: dict[str, Any], dct: date | None, refs: _Refs,
             direction: str, position: int | None = None,
             day_hint: date | None = None,
             sentence_start: int = -1) -> tuple[str, str, date | None, str]:
    """(value, anchor, point, note) for one recipe. Raises on what it cannot compute."""
    if match_value.startswith("="):
        return _fill(match_value[1:], ctx), "", None, ""
    op = _OP.match(match_value)
    if not op:
        return _fill(match_value, ctx), "", None, ""
    name, args, suffix = op.group(1), op.group(2), op.group(3)
    if name == "yq":  # "the 1988 quarter": the quarter last mentioned, in the year named
        year = int(_fill(args, ctx))
        last = refs.last_of("quarter", position)
        if last is None:
            return f"{year:04d}", "", None, "no quarter mentioned before it: the year alone"
        return f"{year:04d}-Q{(last.month - 1) // 3 + 1}", "the quarter mentioned before", None, ""
    if name == "pend":  # "the quarter ended Sept. 30": the period that holds the end date
        unit = _fill(args, ctx)
        m, d = int(ctx["m"]), int(ctx.get("d") or 1)
        if ctx.get("y"):
            year = int(ctx["y"])
        elif dct is None:
            return _PARTIAL.get(unit, "XXXX-XX-XX"), "", None, NEEDS_DCT
        else:
            year = _year_for(dct, (m, d), (dct.month, dct.day), "nearest")
        return _format(date(year, m, d), unit), "the end date it names", None, ""
    if name == "fy":  # "the current fiscal year": FY + the dct's year, moved by last/next
        offset = int(_fill(args, ctx) or 0)
        if dct is None:
            return "FYXXXX", "", None, NEEDS_DCT
        return f"FY{dct.year + offset:04d}", f"dct {dct.isoformat()}", None, ""
    if name in ("rel", "ref", "sref"):
        unit, offset = [a.strip() for a in args.split(",")]
        unit = _fill(unit, ctx)
        offset = int(_fill(offset, ctx).replace("+-", "-").replace("--", ""))
        if name == "ref" and unit in ("hour", "minute"):
            when, anchor = refs.get(unit, position)
            if when is None:
                return ("PAST_REF" if offset < 0 else "FUTURE_REF"), "", None, \
                    "no clock time before it to count from"
            moved = when + pd.Timedelta(**{unit + "s": offset})
            return f"{moved:%Y-%m-%dT%H:%M}", f"{anchor} {when:%Y-%m-%dT%H:%M}", moved.date(), ""
        if name == "rel":
            base, anchor = dct, "dct"
        elif name == "sref" and unit == "quarter" and refs.last_of("quarter", position) is not None:
            # "the quarter" in an earnings story: the quarter last named in the passage
            base, anchor = refs.last_of("quarter", position).date(), "the quarter mentioned before"
        elif name == "sref":  # a date named earlier in the same sentence, else the dct
            base, anchor = refs.get(unit, position, sentence_start)
            anchor = "dct" if anchor == "dct" else "a date of its sentence"
            if unit == "quarter" and anchor == "dct":
                base, anchor = _reported_quarter(dct), "the quarter last reported (dct)"
        elif day_hint is not None and unit == "day":
            base, anchor = day_hint, "the date of its sentence"
        else:
            base, anchor = refs.get(unit, position)
            if unit == "quarter" and anchor == "dct":
                base, anchor = _reported_quarter(dct), "the quarter last reported (dct)"
            if unit == "year" and anchor == "the date mentioned before":
                last_q = refs.last_of("quarter", position)
                if last_q is not None and last_q.date() == base:
                    # "a year earlier" after "third-quarter profit": the same quarter a year before
                    point = _shift(base, "year", offset)
                    return (f"{point.year:04d}-Q{(point.month - 1) // 3 + 1}",
                            f"the quarter mentioned before {base.isoformat()}", point, "")
        if base is None:
            return _PARTIAL.get(unit, "XXXX-XX-XX") + _fill(suffix, ctx), "", None, NEEDS_DCT
        if unit in ("hour", "minute", "second"):
            return "PAST_REF" if offset < 0 else "FUTURE_REF", anchor, None, \
                "a clock offset from a date-only dct"
        point = _shift(base, unit, offset)
        return _format(point, unit) + _fill(suffix, ctx), f"{anchor} {base.isoformat()}", point, ""
    if dct is None:
        partial = {"qtr": f"XXXX-Q{ctx.get('o', 'X')}", "half": f"XXXX-H{ctx.get('o', 'X')}",
                   "wd": "XXXX-XX-XX", "mon": "XXXX-" + str(ctx.get("m", "XX")),
                   "md": f"XXXX-{ctx.get('m', 'XX')}-{ctx.get('d', 'XX')}",
                   "season": "XXXX-" + str(ctx.get("s", "XX")), "we": "XXXX-WXX-WE"}.get(name, "XXXX-XX-XX")
        return partial + (_fill(suffix, ctx) if name == "wd" else ""), "", None, NEEDS_DCT
    anchor = f"dct {dct.isoformat()}"
    if name == "wd":
        point = _weekday(dct, ctx["wd"], direction)
        return point.isoformat() + _fill(suffix, ctx), anchor, point, ""
    if name == "we":
        sat = _weekday(dct, 6, direction if dct.isoweekday() != 7 else "past")
        iso = sat.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}-WE", anchor, sat, ""
    if name == "mon":
        m = int(ctx["m"])
        year = _year_for(dct, (m,), (dct.month,), direction)
        return f"{year:04d}-{m:02d}", anchor, date(year, m, 1), ""
    if name in ("qtr", "half"):
        n = int(ctx["o"])
        year = _part_of_year(dct, n, 3 if name == "qtr" else 6, direction)
        return f"{year:04d}-{'Q' if name == 'qtr' else 'H'}{n}", anchor, None, ""
    if name == "mid":
        base = day_hint or dct
        day = base - timedelta(days=1) if direction in ("past", "before") and day_hint is None else base
        return f"{day.isoformat()}T24:00", anchor, day, ""
    if name == "hol":
        return _holiday(ctx, dct, direction, args)
    if name == "md":
        m, d = int(ctx["m"]), int(ctx["d"])
        year = _year_for(dct, (m, d), (dct.month, dct.day), direction)
        if direction == "past" and year < dct.year and (date(dct.year, m, d) - dct).days <= 31:
            year = dct.year  # "adjourned to Dec. 5": a date just ahead, told in the past tense
        try:
            point = date(year, m, d)
        except ValueError:
            return f"{year:04d}-{m:02d}-{d:02d}", anchor, None, "not a day of the calendar"
        return point.isoformat() + _fill(suffix, ctx), anchor, point, ""
    if name == "season":
        return _season(dct, ctx["s"], direction), anchor, None, ""
    if name == "dp":
        raise ValueError("dp() is applied by the engine to spaCy's entities")
    raise ValueError(f"unknown recipe {match_value!r}")


def _partial_for(recipe: str) -> str:
    op = _OP.match(recipe)
    if op and op.group(1) in ("rel", "ref", "sref"):
        unit = op.group(2).split(",")[0].strip()
        return _PARTIAL.get(unit, "XXXX-XX-XX")
    return "XXXX-XX-XX"


_DIRECTIONAL = re.compile(r"^(wd|mon|md|season|we|mid|hol|qtr|half)\(auto\)")
_CLOCK = re.compile(r"^(?:ref\(day,0\)T|mid\()")
_CLOCK_OFFSET = re.compile(r"^ref\((?:hour|minute|\{u\}),")


def tag(text_or_doc: Any, dct: date | None, *, rules: pd.DataFrame | None = None,
        doc: Any = None, prefer: str | None = None) -> list[Timex]:
    """The time expressions of a text as :class:`Timex` objects (the engine behind
    ``normalise``). *doc* (a spaCy Doc of the same text) gives the direction of weekdays and
    months from the verbs and adds spaCy's DATE entities the rules do not cover; without it,
    the rules alone run and the direction falls back to *prefer* (default: the news
    default, the past, for weekdays; the dct's year for months).

    Values are computed in three passes: dates first (in text order, each ``ref(...)``
    counting from the last date before it), then clock times (on the day their sentence
    names, "at 3:11 p.m. on November 13"), then clock offsets ("three hours later")."""
    if doc is None and not isinstance(text_or_doc, str):
        doc = text_or_doc
    text = doc.text if doc is not None else text_or_doc
    compiled = compile_rules(rules)
    refs = _Refs(dct)
    matches = find_matches(text, compiled, doc)
    results: dict[int, Timex] = {}
    phases = ([m for m in matches if not _CLOCK.match(m.rule.value)
               and not _CLOCK_OFFSET.match(m.rule.value)],
              [m for m in matches if _CLOCK.match(m.rule.value)],
              [m for m in matches if _CLOCK_OFFSET.match(m.rule.value)])
    sentences = _sentence_bounds(text, doc)
    for phase, group in enumerate(phases):
        for m in group:
            hint = _sentence_day(m, results, sentences, text) if phase == 1 else None
            if phase == 1 and hint is None and dct is not None and not m.rule.value.startswith("mid("):
                # no day in its sentence: a day of the sentence before, else the dct's
                starts = [a for a, b in sentences if a <= m.start]
                previous = starts[-2] if len(starts) > 1 else -1
                hint = refs.get("day", m.start, previous)[0]
            sent_start = next((a for a, b in sentences if a <= m.start < b), -1)
            timex = _evaluate_match(m, text, dct, refs, doc, prefer, hint, sent_start)
            results[m.start] = timex
            refs.add(timex.value, m.start)
    out = [results[k] for k in sorted(results)]
    if doc is not None:
        out = _add_entities(doc, out, compiled, dct)
    return out


def _sentence_bounds(text: str, doc: Any) -> list[tuple[int, int]]:
    if doc is not None:
        try:
            return [(s.start_char, s.end_char) for s in doc.sents]
        except ValueError:  # a Doc without sentence boundaries
            pass
    bounds, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z])|\n", text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


_NOT_ITS_DAY = re.compile(r"(?:since|until|till|before|after|from|by|than)\s+(?:the\s+)?$", re.I)


def _sentence_day(m: Match, results: dict[int, Timex], sentences, text: str = "") -> date | None:
    """The day named in the clock time's own sentence, the nearest one ("at 3:11 p.m. on
    November 13"), unless it is the day of another event ("since Jan. 9")."""
    sent = next(((s, e) for s, e in sentences if s <= m.start < e), None)
    if sent is None:
        return None
    best = None
    for t in results.values():
        if text and _NOT_ITS_DAY.search(text[max(0, t.start - 12):t.start]):
            continue
        if sent[0] <= t.start < sent[1] and t.type == "DATE" and granularity(t.value) == "day":
            day = t.point if t.point is not None else period(t.value)[0]
            if day is None or pd.isna(day):
                continue
            day = day.date() if hasattr(day, "date") and callable(day.date) and not isinstance(day, date) or isinstance(day, datetime) else day
            distance = abs(t.start - m.start)
            if best is None or distance < best[0]:
                best = (distance, day)
    return best[1] if best else None


_FUTURES = re.compile(r"^\s+(?:delivery|contracts?|futures|options)\b", re.I)
_SINCE = re.compile(r"\bsince\s+(?:(?:last|early|late|mid-?)\s+)?$", re.I)
_COMPARED = re.compile(r"\b(?:with|from|than|over|versus|vs\.)\s+(?:the\s+)?$", re.I)


def _signal_direction(text: str, start: int, end: int, recipe: str, doc: Any) -> tuple[str, str] | None:
    """A direction the words around the expression fix, whatever the verb: "since Saturday"
    is past; a quarter compared with ("flat with the second quarter") is one already
    reported; a month name used as a noun's modifier ("September delivery", "the August
    recess", "August employment figures") is the nearest such month, unless the verb is in
    the past ("at its March meeting, the Fed raised rates"); a futures month ("November
    delivery") is the nearest one whatever the tense."""
    before = text[max(0, start - 20):start]
    if _SINCE.search(before):
        return "past", "'since' points back"
    if recipe.startswith(("qtr", "half")) and _COMPARED.search(before):
        return "past", "a quarter compared with is one already reported"
    if recipe.startswith("mon") and doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) == 1:
            tok = span.root
            if (tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ in ("NOUN", "PROPN")
                    and tok.head.i > tok.i and not tok.head.ent_type_ == "DATE"):
                return "nearest", f"a month name modifying '{tok.head.text}'"
    return None


def _evaluate_match(m: Match, text: str, dct: date | None, refs: _Refs, doc: Any,
                    prefer: str | None, day_hint: date | None,
                    sentence_start: int = -1) -> Timex:
    try:
        return _evaluate_match_unsafe(m, text, dct, refs, doc, prefer, day_hint, sentence_start)
    except Exception as exc:  # never an exception for one expression: a partial value, a note
        return Timex(m.start, m.end, text[m.start:m.end], m.rule.type, _partial_for(m.rule.value),
                     m.mod, m.rule.id, note=f"the rule could not compute a value "
                                            f"({type(exc).__name__}: {exc})")


def _evaluate_match_unsafe(m: Match, text: str, dct: date | None, refs: _Refs, doc: Any,
                           prefer: str | None, day_hint: date | None,
                           sentence_start: int = -1) -> Timex:
    from utils.timex import direction as directions

    ctx = _context(m.groups)
    recipe = m.rule.value
    dirn, why, eval_dir = "", "", "auto"
    if _DIRECTIONAL.match(recipe):
        if doc is not None:
            dirn, why = directions.direction(doc, m.start, m.end)
            if dirn == "present":
                dirn = "future" if recipe.startswith(("wd", "we", "hol")) else "nearest"
            signal = _signal_direction(text, m.start, m.end, recipe, doc)
            if signal and signal[0] == "nearest" and dirn == "past" and not _FUTURES.search(
                    text[m.end:m.end + 12]):
                signal = None  # "at its March meeting, the Fed raised rates": the verb's past
            if signal:
                dirn, why = signal
        if not dirn and prefer:
            dirn, why = prefer, f"prefer={prefer!r}"
        elif not dirn:
            dirn = "past" if recipe.startswith(("wd", "we", "mid")) else ""
            why = why or ("no verb to read: the news default, the past" if dirn else
                          "no verb to read: the dct's year")
        eval_dir = dirn or "auto"
    else:
        fixed = re.match(r"^(?:wd|mon|md|season|we|hol)\((before|past|after|future)\)", recipe)
        if fixed:
            eval_dir = fixed.group(1)
            dirn = "past" if eval_dir in ("before", "past") else "future"
            why = "'last' points back" if dirn == "past" else "'next' points forward"
    try:
        value, anchor, point, note = evaluate(recipe, ctx, dct, refs, eval_dir, m.start, day_hint,
                                              sentence_start)
    except Exception as exc:  # a rule that cannot be computed: a partial value, a note
        value, anchor, point = _partial_for(recipe), "", None
        note = f"the rule could not compute a value ({type(exc).__name__}: {exc})"
    if dirn in ("before", "after"):
        dirn = "past" if dirn == "before" else "future"
    if dirn == "nearest":
        dirn, why = "", f"{why}: the nearest one"
    if dct is not None and recipe.startswith("wd(") and point == dct and eval_dir in ("past", "future", "auto"):
        why = "the dct's own weekday: the dct itself (news convention)" + (f"; {why}" if why else "")
        dirn = "same"
    mod = m.mod or _fill(m.rule.mod or "", ctx)
    return Timex(m.start, m.end, text[m.start:m.end], m.rule.type, value, mod, m.rule.id,
                 anchor, dirn, why, note, point, absolute=recipe.startswith("="))


_DATEISH = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{2,4}|\d", re.IGNORECASE)


def _add_entities(doc, found: list[Timex], compiled: list[Rule], dct: date | None) -> list[Timex]:
    """spaCy DATE entities that no rule covers but dateparser reads as an absolute date."""
    taken = [(t.start, t.end) for t in found]
    extra = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < te and ts < e for ts, te in taken):
            continue
        text = ent.text
        if not re.search(r"[/.\-]\d|\d[/.\-]", text) or not re.search(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text):
            continue
        value = _dateparser_value(text)
        if value:
            extra.append(Timex(s, e, text, "DATE", value, "", "spacy_dateparser", "", "", "",
                               "an absolute date read by dateparser", None, absolute=True))
    return sorted(found + extra, key=lambda t: t.start)


def _dateparser_value(text: str) -> str:
    from dateparser.date import DateDataParser

    parser = _dateparser()
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return ""
    d = data.date_obj
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        data.period, d.date().isoformat())


_DP = None


def _dateparser():
    global _DP
    if _DP is None:
        from dateparser.date import DateDataParser

        _DP = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                        "REQUIRE_PARTS": ["year"]})
    return _DP


def as_date(value: Any, name: str, meaning: str) -> date:
    """*value* as a date (a datetime gives its day); a CourseInputError naming *name* where it
    is missing (NaT), a text or another type. *meaning* says what the date is, for the message.

    >>> as_date(datetime(2017, 11, 22, 9, 30), "The dct", "the day the text was published")
    datetime.date(2017, 11, 22)
    """
    if isinstance(value, date) and pd.isna(value):  # pandas' "no time" (NaT) is a datetime
        raise CourseInputError(f"{name} is missing (NaT, pandas' empty time). Give a date, e.g. "
                               "date(2017, 11, 22).")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        raise CourseInputError(
            f"{name} must be a date, not the text {value!r}. Write it as a date, e.g. "
            "date(2017, 11, 22) (from datetime import date), or date.fromisoformat('2017-11-22') "
            "to turn an ISO text into a date.")
    raise CourseInputError(f"{name} must be a date such as date(2017, 11, 22), not "
                           f"{type(value).__name__}: it is {meaning}.")


def check_dct(dct: Any, *, required: bool = True) -> date | None:
    """The dct as a date; CourseInputError if it is missing or not a date."""
    if dct is None:
        if not required:
            return None
        raise CourseInputError(
            "normalise() needs the document creation time (dct): the date the text was "
            "published, e.g. date(2017, 11, 22) (from datetime import date). Without one, use "
            "find_time_expressions(text), which gives partial values.")
    return as_date(dct, "The dct", "the day the text was published")


def warn_if_dct_too_early(timexes: list[Timex], dct: date, doc: Any = None) -> None:
    """A :class:`DCTWarning` when the text tells, in the past tense, of a date later than the
    dct: the dct is probably wrong (a text cannot report what has not happened yet)."""
    from utils.timex import direction as directions

    for t in timexes:
        if not t.absolute or t.type not in ("DATE", "TIME"):
            continue
        start, _ = period(t.value)
        if pd.isna(start) or start.date() <= dct:
            continue
        tense = directions.direction(doc, t.start, t.end)[0] if doc is not None else "past"
        if tense == "past":
            warnings.warn(
                f"The dct {dct.isoformat()} is earlier than {t.text!r} ({t.value}), which the "
                "text tells as past. Check the publication date you passed as dct.",
                DCTWarning, stacklevel=3)
            return


def to_frame(timexes: Iterable[Timex]) -> pd.DataFrame:
    rows = []
    for t in timexes:
        start, end = period(t.value) if t.type in ("DATE", "TIME") else (pd.NaT, pd.NaT)
        rows.append({"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                     "value": t.value, "mod": t.mod, "granularity": t.granularity,
                     "rule": t.rule, "anchor": t.anchor, "direction": t.direction,
                     "why": t.why, "note": t.note, "period_start": start, "period_end": end})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["start"] = frame["start"].astype(int)
    frame["end"] = frame["end"].astype(int)
    return frame
