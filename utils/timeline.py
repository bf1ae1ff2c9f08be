"""Time in a news text: relative dates resolved against an anchor, and a timeline of events.

Four concerns, in the order notebook 03 teaches them:

1. **Resolve** -- :func:`normalise` (the timeline engine, ``utils.timex``) finds every
   TIMEX3 time expression of a text and gives its type, value and granularity ("last week" ->
   2017-W46), counted from the publication date (the dct), with rules kept in a table
   (:func:`load_rules`, ``data/timex_rules.csv``). :func:`resolve_date` turns one expression
   ("on Wednesday", "yesterday", "Nov. 18", "64 years ago") into a date with the same engine;
   :func:`back_calculate` turns an age ("64-year-old") into the window of dates when it began.
   :func:`time_expressions` is the notebook's table of them all, ages included.
2. **The real timeline** -- :func:`load_timeline` reads ``data/timeline.csv`` (built from
   ``data/sources/event-facts.md``); :func:`disputed_dates` resolves the dates that some reports
   got wrong; :func:`zone_table` shows one day in two time zones.
3. **Two orders** -- :func:`narrative_order` finds where a text tells each event (by a cue
   phrase), :func:`chronological_order` sorts events by time, :func:`compare_orders` puts the two
   side by side and :func:`plot_orders` draws them.
4. **Plot** -- :func:`plot_timeline` draws events on a time axis; like every figure of the
   series it returns ``(fig, alt)`` for ``utils.figures.show``.

>>> from datetime import date
>>> resolve_date("yesterday", date(2017, 11, 22))
datetime.date(2017, 11, 21)
>>> resolve_date("on Wednesday", date(2017, 11, 22))   # a Wednesday: the anchor day itself
datetime.date(2017, 11, 22)
"""
from __future__ import annotations

import bisect
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from utils.datafiles import read_csv_table
from utils.errors import CourseInputError, require_text
from utils.paths import DATA_DIR
from utils.timex import find_time_expressions, load_rules, normalise, normalise_many  # noqa: F401

TIMELINE_PATH = DATA_DIR / "timeline.csv"
CUES_PATH = DATA_DIR / "timeline_cues.csv"
DISPUTED_PATH = DATA_DIR / "timeline_disputed.csv"
SERIES_ZONE = "Asia/Seoul"  # the timeline's times are Korea Standard Time (UTC+9)

KINDS = ("date", "weekday", "age", "duration", "vague")
EXPRESSION_COLUMNS = ["expression", "kind", "paragraph", "sentence_no", "sentence", "start",
                      "resolved", "precision", "note"]

# --------------------------------------------------------------------------------------------
# 1. Resolve
# --------------------------------------------------------------------------------------------

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"^(?:on\s+)?(?:(last|this|next|past|coming)\s+)?"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$", re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                 "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_NUMBER = r"(\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(second|minute|hour|day|week|month|year|decade)s?"
_AGE = re.compile(rf"(?<!\w){_NUMBER}[-\s]{_UNIT}[-\s]old(?!\w)", re.IGNORECASE)
_DURATION = re.compile(
    rf"^(?:for|within|about|around|nearly|almost|more than|less than|over|some|the past|"
    rf"the last|the next|the first|another)?\s*(?:a few|several|{_NUMBER})\s+{_UNIT}"
    rf"(?:\s+long)?$", re.IGNORECASE)
# Phrases about time that point to no date: found by pattern, since the NER rarely labels them.
VAGUE_PHRASES = ("in the future", "in the past", "in the coming days", "soon", "recently",
                 "lately", "nowadays", "these days", "currently", "at the time", "now")
_VAGUE = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in VAGUE_PHRASES) + r")(?!\w)",
                    re.IGNORECASE)


def _check_anchor(anchor: Any) -> date:
    from utils.timex.engine import as_date

    return as_date(anchor, "The anchor", "the day the relative dates are counted from "
                   "(usually the publication date)")


def _check_prefer(prefer: Any) -> str:
    if prefer not in ("past", "future"):
        raise CourseInputError(f"prefer= takes \"past\" or \"future\", not {prefer!r}: should an "
                               "expression such as \"Friday\" point before or after the anchor?")
    return prefer


def _dateparser_settings(base: date, prefer: str) -> dict[str, Any]:
    return {"RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}


def _parse(expression: str, base: date, prefer: str) -> datetime | None:
    import dateparser

    # languages=["en"]: no guessing among 200 languages (slow, and "Mai" would be German).
    return dateparser.parse(expression, languages=["en"],
                            settings=_dateparser_settings(base, prefer))


def is_weekday_expression(expression: str) -> bool:
    """Whether *expression* names a day of the week only ("on Wednesday", "Friday night",
    "last Monday"), without a date.

    >>> is_weekday_expression("on Wednesday"), is_weekday_expression("Wednesday, Nov. 22")
    (True, False)
    """
    return isinstance(expression, str) and bool(_WEEKDAY.match(expression.strip()))


def resolve_date(expression: str, anchor: date, *, prefer: str = "past",
                 weekday_includes_anchor: bool = True) -> date:
    """The date a time expression points to, counted from *anchor*, by the series' timeline
    engine (:func:`normalise`, the same rules as every table of notebook 03).

    *prefer* says where an incomplete expression points: ``"past"`` (a news story reports what
    has happened: "Friday" is the last Friday) or ``"future"``. A bare weekday is read as the
    news convention has it: the one within the seven days up to and including the anchor, so
    "Wednesday" in a story of Wednesday 22 November 2017 is that very day;
    ``weekday_includes_anchor=False`` leaves the anchor's own weekday out (a week back, as
    dateparser does with ``PREFER_DATES_FROM="past"``; dateparser's default,
    ``"current_period"``, gives the anchor itself: see :func:`dateparser_readings`). A coarser
    expression gives the day it points at ("64 years ago" -> the same day 64 years back; "2010"
    -> 1 January 2010); :func:`normalise` gives its TIMEX3 value and granularity. What the
    rules do not know is passed to ``dateparser``.

    Raises CourseInputError for an empty or non-text expression, a non-date anchor, or an
    expression that is not a point in time (an age such as "24 years old": see
    :func:`back_calculate`; a duration such as "two weeks"; nonsense).

    >>> anchor = date(2017, 11, 22)                        # a Wednesday
    >>> resolve_date("Monday", anchor), resolve_date("64 years ago", anchor)
    (datetime.date(2017, 11, 20), datetime.date(1953, 11, 22))
    >>> resolve_date("Wednesday", anchor, weekday_includes_anchor=False)
    datetime.date(2017, 11, 15)
    >>> resolve_date("Nov. 18", anchor)
    datetime.date(2017, 11, 18)
    """
    from utils.timex.engine import period, tag

    expression = require_text(expression, "The time expression", example='"on Wednesday"').strip()
    anchor = _check_anchor(anchor)
    prefer = _check_prefer(prefer)
    if _AGE.search(expression) or _DURATION.match(expression):
        raise CourseInputError(
            f"{expression!r} is a length of time (an age or a duration), not a point in time. "
            "Use back_calculate(expression, anchor) for when it began, or write a point such as "
            "'64 years ago'.")
    weekday = _WEEKDAY.match(expression)
    if weekday and weekday.group(1) is None and not weekday_includes_anchor:
        prefer = "before" if prefer == "past" else "after"
    found = [t for t in tag(expression, anchor, prefer=prefer) if t.type != "NONE"]
    if found:
        best = max(found, key=lambda t: (t.end - t.start, -t.start))
        if best.type in ("DURATION", "SET"):
            raise CourseInputError(
                f"{expression!r} is a length of time or a recurring time ({best.type}, value "
                f"{best.value}), not a point in time. Write a point such as 'two days ago'.")
        if best.point is not None:
            return best.point
        start, _ = period(best.value)
        if pd.notna(start):
            return start.date()
        if best.value == "PRESENT_REF":
            return anchor
    parsed = _parse(expression, anchor, "past" if prefer in ("past", "before") else "future")
    if parsed is None:
        raise CourseInputError(
            f"{expression!r} cannot be read as a date. Pass a date such as "
            "'13 November 2017' or 'Nov. 18', a weekday such as 'on Monday', or a relative "
            "expression such as 'yesterday' or 'two days ago'.")
    return parsed.date()


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def back_calculate(expression: str, anchor: date) -> tuple[date, date]:
    """When something of a given age began: the earliest and latest possible dates.

    An age is a length of time, not a point. Something "64 years old" on the anchor day began
    between 64 years and a day short of 65 years before it (``dateparser`` counts "N years ago").

    >>> back_calculate("64-year-old", date(2017, 11, 22))
    (datetime.date(1952, 11, 23), datetime.date(1953, 11, 22))
    >>> back_calculate("24 years old", date(2017, 11, 22))[1].year
    1993
    """
    expression = require_text(expression, "The age", example='"64-year-old"')
    anchor = _check_anchor(anchor)
    match = _AGE.search(expression) or _DURATION.match(expression.strip())
    if not match or match.lastindex is None or match.group(1) is None:
        raise CourseInputError(
            f"{expression!r} is not an age or a duration with a number, such as '64-year-old', "
            "'24 years old' or 'three days'.")
    n, unit = _number(match.group(1)), match.group(2).lower()
    if unit == "decade":
        n, unit = n * 10, "year"
    latest = _parse(f"{n} {unit}s ago", anchor, "past")
    before = _parse(f"{n + 1} {unit}s ago", anchor, "past")
    if latest is None or before is None:
        raise CourseInputError(f"dateparser cannot count {n} {unit}s back from {anchor}.")
    return (before + timedelta(days=1)).date(), latest.date()


def classify_expression(expression: str) -> str:
    """The kind of a time expression: "weekday", "age", "duration", "vague" or "date".

    >>> [classify_expression(e) for e in ["on Wednesday", "64-year-old", "two weeks",
    ...                                   "in the future", "Nov. 18"]]
    ['weekday', 'age', 'duration', 'vague', 'date']
    """
    expression = require_text(expression, "The time expression", example='"on Wednesday"').strip()
    if _WEEKDAY.match(expression):
        return "weekday"
    if _AGE.search(expression):
        return "age"
    if _DURATION.match(expression):
        return "duration"
    if _VAGUE.fullmatch(expression):
        return "vague"
    return "date"


def _sentence_index(sents: list, char: int) -> int:
    starts = [s.start_char for s in sents]
    return max(bisect.bisect_right(starts, char) - 1, 0)


def _kind(row: Any) -> str:
    if row.type == "DURATION":
        return "duration"
    if row.rule.startswith("weekday"):
        return "weekday"
    if row.value.endswith("_REF") or row.type == "SET":
        return "vague"
    return "date"


_KIND_NOTES = {
    "duration": "a length of time, not a point in time: it needs a start or an end",
    "vague": "no date: it says where in time (before, now, after), not when",
    "weekday": "a weekday, placed by the tense of its verb (the anchor's own weekday is the anchor)",
    "date": "a date, completed from the anchor where the year or month is missing",
}


def time_expressions(text_or_doc: Any, anchor: date, *, prefer: str = "past") -> pd.DataFrame:
    """Every time expression of a text, with its kind, place and the date it points to.

    Computed by :func:`normalise` (the TIMEX3 engine: spaCy's parse plus the rule table
    ``data/timex_rules.csv``), with the ages ("64-year-old", "24 years old"), which are not
    time expressions, added by :func:`back_calculate`. Columns: ``expression``, ``kind`` (one
    of :data:`KINDS`), ``paragraph`` (from 1) and ``sentence_no`` (from 0, as in
    ``utils.text.sentence_table``), ``sentence``, ``start`` (character offset), ``resolved`` (a
    date, or None), ``precision`` (the granularity), ``note`` (how it was resolved), and
    ``type``, ``value``, ``granularity`` from :func:`normalise`. Weekdays and months take
    their direction from the verb; *prefer* is kept for compatibility (the engine reads the
    tense). A text without time expressions gives an empty table. Raises CourseInputError for
    empty, non-text or non-English input and for a non-date anchor.

    >>> table = time_expressions("He left on Monday. The 70-year-old minister spoke.", date(2017, 11, 22))
    >>> table[["expression", "kind", "resolved"]].values.tolist()
    [['Monday', 'weekday', datetime.date(2017, 11, 20)], ['70-year-old', 'age', datetime.date(1947, 11, 22)]]
    """
    from utils.text import sentence_table, sentences
    from utils.timex.engine import period, tag, to_frame

    anchor = _check_anchor(anchor)
    prefer = _check_prefer(prefer)
    sents = sentences(text_or_doc)  # validates the input (and parses a str once, cached)
    doc = sents[0].doc
    table = sentence_table(doc)
    timexes = tag(doc, anchor, doc=doc)
    points = {t.start: t.point for t in timexes}
    rows = []
    for row in to_frame(timexes).itertuples(index=False):
        kind = _kind(row)
        resolved: Any = None
        if kind in ("date", "weekday"):
            resolved = points.get(row.start)
            if resolved is None and pd.notna(row.period_start):
                resolved = row.period_start.date()
        elif row.value == "PRESENT_REF":
            resolved = anchor
        precision = "approximate" if row.value == "PRESENT_REF" else (
            "" if kind == "duration" else row.granularity)
        note = row.note or _KIND_NOTES[kind]
        rows.append((row.start, row.text, kind, resolved, precision, note, row.type, row.value,
                     row.granularity))
    taken = [(r[0], r[0] + len(r[1])) for r in rows]
    for match in _AGE.finditer(doc.text):
        if any(match.start() < e and s < match.end() for s, e in taken):
            continue
        expression = match.group(0)
        earliest, latest = back_calculate(expression, anchor)
        rows.append((match.start(), expression, "age", latest, "year",
                     f"an age, not a point in time: it began between {earliest:%d %b %Y} and "
                     f"{latest:%d %b %Y}, so in {latest.year} (or late {earliest.year})",
                     "", "", ""))
    out = []
    for start, expression, kind, resolved, precision, note, ttype, value, gran in sorted(rows):
        i = _sentence_index(sents, start)
        out.append({"expression": expression, "kind": kind,
                    "paragraph": int(table["paragraph"].iloc[i]), "sentence_no": i,
                    "sentence": sents[i].text, "start": start, "resolved": resolved,
                    "precision": precision, "note": note, "type": ttype, "value": value,
                    "granularity": gran})
    return pd.DataFrame(out, columns=EXPRESSION_COLUMNS + ["type", "value", "granularity"])


def anchor_from_metadata(metadata: Mapping[str, Any]) -> date:
    """The publication date in an article's metadata (``published.date``, ISO format).

    >>> anchor_from_metadata({"published": {"date": "2017-11-22", "status": "assumption"}})
    datetime.date(2017, 11, 22)
    """
    try:
        return date.fromisoformat(str(metadata["published"]["date"]))
    except (KeyError, TypeError, ValueError):
        raise CourseInputError(
            "The metadata has no publication date as published.date = 'YYYY-MM-DD'. Give the "
            "anchor yourself, e.g. date(2017, 11, 22).") from None


# --------------------------------------------------------------------------------------------
# 2. The real timeline
# --------------------------------------------------------------------------------------------

TIMELINE_COLUMNS = ["id", "event", "start_kst", "end_kst", "when_as_written", "precision",
                    "what", "source", "source_type"]


def load_timeline(path: str | Path | None = None) -> pd.DataFrame:
    """The timeline of events (default ``data/timeline.csv``), one row per event, in its
    file's order, with two more columns: ``start`` and ``end`` as pandas Timestamps (Korea
    Standard Time, no time zone attached; ``end`` is NaT for a point).

    A time written as a day only ("2017-11-22") is placed at 00:00 of that day: read the
    ``precision`` column before comparing two events of the same day (:func:`event_spans` gives
    the whole span). ``source_links`` holds the addresses of the sources, separated by spaces
    (empty where event-facts.md found no link; added as empty if a file lacks the column).

    >>> timeline = load_timeline()
    >>> timeline.set_index("id").loc["video-released", "start"]
    Timestamp('2017-11-22 00:00:00')
    """
    table = read_csv_table(path, default=TIMELINE_PATH, name="timeline", columns=TIMELINE_COLUMNS)
    file = Path(path) if path is not None else TIMELINE_PATH
    if table["id"].duplicated().any():
        raise CourseInputError(f"{file.name}: two rows share the id "
                               f"{table.loc[table['id'].duplicated(), 'id'].iloc[0]!r}.")
    table["start"] = pd.to_datetime(table["start_kst"], format="ISO8601")
    table["end"] = pd.to_datetime(table["end_kst"].replace("", None), format="ISO8601")
    if "source_links" not in table.columns:
        table["source_links"] = ""
    return table


def load_cues(path: str | Path | None = None) -> pd.DataFrame:
    """The cue phrases that tell each event in the article (``data/timeline_cues.csv``):
    columns ``event`` (an id of the timeline) and ``cue`` (words copied from the article).

    >>> load_cues().iloc[0].to_dict()
    {'event': 'video-released', 'cue': 'released a video'}
    """
    return read_csv_table(path, default=CUES_PATH, name="timeline cues", columns=["event", "cue"])


def disputed_dates(anchor: date, timeline: pd.DataFrame | None = None,
                   path: str | Path | None = None) -> pd.DataFrame:
    """Dates some reports gave that disagree with the timeline (``data/timeline_disputed.csv``),
    each resolved against *anchor* and compared with the timeline's date.

    Columns: ``event``, ``reports``, ``report_says``, ``resolved`` (the date it points to),
    ``weekday``, ``timeline_date``, ``days_off`` (resolved minus timeline date), ``note`` and
    ``source_links`` (the reports' addresses, where the file gives them).

    >>> table = disputed_dates(date(2017, 11, 22))
    >>> table[["report_says", "days_off"]].values.tolist()
    [['Nov. 18', 5], ['on Monday (November 20)', 7], ['Tuesday', -1]]
    """
    anchor = _check_anchor(anchor)
    timeline = load_timeline() if timeline is None else timeline
    claims = read_csv_table(path, default=DISPUTED_PATH, name="disputed dates",
                            columns=["event", "reports", "report_says", "note"])
    when = timeline.set_index("id")["start"]
    rows = []
    for claim in claims.itertuples(index=False):
        resolved = resolve_date(claim.report_says, anchor)
        actual = when[claim.event].date()
        rows.append({"event": claim.event, "reports": claim.reports,
                     "report_says": claim.report_says, "resolved": resolved,
                     "weekday": f"{resolved:%A}", "timeline_date": actual,
                     "days_off": (resolved - actual).days, "note": claim.note,
                     "source_links": getattr(claim, "source_links", "")})
    return pd.DataFrame(rows)


def _hour_minute(hour: Any) -> tuple[int, int]:
    text = str(hour).strip()
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", text)
    if isinstance(hour, bool) or not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise CourseInputError(f"{hour!r} is not an hour of the day: give a whole number from 0 "
                               "to 23 or a time such as \"11:19\".")
    return int(match[1]), int(match[2] or 0)


def zone_table(day: date, *, from_zone: str = SERIES_ZONE, to_zone: str = "America/New_York",
               hours: Iterable[int | str] = range(0, 24, 3)) -> pd.DataFrame:
    """One day in two time zones: for each hour of *day* in *from_zone*, the same moment in
    *to_zone*, its date and weekday (``zoneinfo``; daylight saving time included). An hour is
    a whole number (9) or a time of day as text ("11:19").

    >>> zone_table(date(2017, 11, 22), hours=[9, 15]).values.tolist()
    [['Wed 22 Nov 09:00', 'Tue 21 Nov 19:00', 'Tuesday'], ['Wed 22 Nov 15:00', 'Wed 22 Nov 01:00', 'Wednesday']]
    >>> zone_table(date(2017, 11, 22), hours=["11:19"]).iloc[0, 1]
    'Tue 21 Nov 21:19'
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    day = _check_anchor(day)
    try:
        source, target = ZoneInfo(from_zone), ZoneInfo(to_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseInputError(f"Unknown time zone {from_zone!r} or {to_zone!r}: use IANA names "
                               "such as 'Asia/Seoul' or 'America/New_York'.") from None
    rows = []
    for hour in hours:
        hh, mm = _hour_minute(hour)
        here = datetime(day.year, day.month, day.day, hh, mm, tzinfo=source)
        there = here.astimezone(target)
        rows.append({from_zone: f"{here:%a %d %b %H:%M}", to_zone: f"{there:%a %d %b %H:%M}",
                     f"weekday in {to_zone}": f"{there:%A}"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# 3. Two orders: as told, as it happened
# --------------------------------------------------------------------------------------------

NARRATIVE_COLUMNS = ["event", "cue", "paragraph", "sentence_no", "char_start", "narrative_rank"]


def _cue_pairs(cues: Any) -> list[tuple[str, str]]:
    if isinstance(cues, pd.DataFrame):
        if not {"event", "cue"} <= set(cues.columns):
            raise CourseInputError("The cues table needs the columns 'event' and 'cue'.")
        return list(zip(cues["event"], cues["cue"]))
    if isinstance(cues, Mapping):
        return list(cues.items())
    raise CourseInputError("Pass the cues as a dict {event: cue phrase} or a table with the "
                           f"columns 'event' and 'cue' (load_cues()), not {type(cues).__name__}.")


def narrative_order(text_or_doc: Any, cues: Any) -> pd.DataFrame:
    """The order in which a text tells events: where each event's cue phrase first occurs.

    *cues* maps each event to words copied from the text that tell it (a dict, or a table with
    the columns ``event`` and ``cue``, e.g. :func:`load_cues`). Each cue is found with
    ``utils.text.find_term`` (whole words, any case). Returns one row per event, sorted by
    position: ``event``, ``cue``, ``paragraph`` (from 1), ``sentence_no``, ``char_start``
    (character offset of the cue) and
    ``narrative_rank`` (1 = told first). Raises CourseInputError if a cue is not in the text.

    >>> story = "Police arrived at noon. The fire had started at dawn."
    >>> narrative_order(story, {"fire": "fire had started", "police": "Police arrived"})[["event", "narrative_rank"]].values.tolist()
    [['police', 1], ['fire', 2]]
    """
    from utils.text import find_term, sentence_table, sentences

    pairs = _cue_pairs(cues)
    sents = sentences(text_or_doc)
    doc = sents[0].doc
    table = sentence_table(doc)
    rows = []
    for event, cue in pairs:
        found = find_term(doc.text, require_text(cue, f"The cue of {event!r}", example='"shot"'))
        if not found:
            raise CourseInputError(f"The cue {cue!r} (event {event!r}) is not in the text. Copy "
                                   "a phrase from the text that tells this event.")
        start = found[0][0]
        i = _sentence_index(sents, start)
        rows.append({"event": event, "cue": cue, "paragraph": int(table["paragraph"].iloc[i]),
                     "sentence_no": i, "char_start": start})
    result = pd.DataFrame(rows, columns=NARRATIVE_COLUMNS[:-1]).sort_values("char_start",
                                                                             kind="stable")
    result["narrative_rank"] = range(1, len(result) + 1)
    return result.reset_index(drop=True)


def chronological_order(events: pd.DataFrame, *, time_column: str = "start") -> pd.DataFrame:
    """*events* sorted by time, with ``chronological_rank`` (1 = earliest) and ``tied`` (another
    event has the same time, so their order is not known from the times).

    Ties keep the order of *events* (a stable sort); in ``data/timeline.csv`` that is the order
    of ``event-facts.md``.

    >>> events = pd.DataFrame({"id": ["b", "a", "c"], "start": pd.to_datetime(
    ...     ["2017-11-22", "2017-11-13", "2017-11-22"])})
    >>> chronological_order(events)[["id", "chronological_rank", "tied"]].values.tolist()
    [['a', 1, False], ['b', 2, True], ['c', 3, True]]
    """
    if not isinstance(events, pd.DataFrame) or time_column not in events.columns:
        raise CourseInputError(f"chronological_order() takes a table with a {time_column!r} "
                               "column of times, such as load_timeline().")
    result = events.sort_values(time_column, kind="stable").reset_index(drop=True)
    result["chronological_rank"] = range(1, len(result) + 1)
    result["tied"] = result[time_column].duplicated(keep=False)
    return result


def compare_orders(narrative: pd.DataFrame, timeline: pd.DataFrame) -> pd.DataFrame:
    """The events a text tells, as told and as they happened, side by side.

    *narrative* comes from :func:`narrative_order`, *timeline* from :func:`load_timeline` (its
    ``id`` matches the narrative's ``event``). Returns, in narrative order: ``event``, ``label``
    (the timeline's short name), ``paragraph``, ``narrative_rank``, ``start``, ``precision``,
    ``chronological_rank`` (among the told events only), ``tied`` and ``shift``
    (narrative rank minus chronological rank: positive = told later than it happened).

    >>> timeline = pd.DataFrame({"id": ["fire", "police"], "event": ["Fire", "Police"],
    ...     "precision": ["day", "day"], "start": pd.to_datetime(["2017-01-01", "2017-01-02"])})
    >>> told = narrative_order("Police came. A fire had started.", {"police": "Police came", "fire": "fire"})
    >>> compare_orders(told, timeline)[["event", "narrative_rank", "chronological_rank", "shift"]].values.tolist()
    [['police', 1, 2, -1], ['fire', 2, 1, 1]]
    """
    unknown = sorted(set(narrative["event"]) - set(timeline["id"]))
    if unknown:
        raise CourseInputError(f"These events are not in the timeline: {unknown}. Each cue's "
                               "event must be an id of the timeline.")
    told = timeline[timeline["id"].isin(narrative["event"])]
    # Sort the told events by time, ties in the order they are told.
    told = told.set_index("id").loc[list(narrative["event"])].reset_index()
    chrono = chronological_order(told)[["id", "chronological_rank", "tied"]]
    table = narrative.merge(timeline[["id", "event", "start", "precision"]]
                            .rename(columns={"event": "label"}),
                            left_on="event", right_on="id").drop(columns="id")
    table = table.merge(chrono, left_on="event", right_on="id").drop(columns="id")
    table["shift"] = table["narrative_rank"] - table["chronological_rank"]
    columns = ["event", "label", "paragraph", "narrative_rank", "start", "precision",
               "chronological_rank", "tied", "shift"]
    return table.sort_values("narrative_rank")[columns].reset_index(drop=True)


def _when(ts: pd.Timestamp, precision: str = "", end: Any = None) -> str:
    """A time as the series writes it: "13 Nov 2017 15:11", "~" if approximate, "-15:15" or
    " to 20 Nov 2017" for a span."""
    mark = "~" if "approximate" in precision else ""
    by_day = "day" in precision or (ts.hour == 0 and ts.minute == 0 and "minute" not in precision)
    text = f"{mark}{ts.day} {ts:%b %Y}" + ("" if by_day else f" {ts:%H:%M}")
    if end is not None and pd.notna(end):
        end = pd.Timestamp(end)
        if by_day:
            text += f" to {end.day} {end:%b %Y}"
        elif end.normalize() == ts.normalize():
            text += f"-{end:%H:%M}"
        else:
            text += f" to {end.day} {end:%b %Y} {end:%H:%M}"
    return text


def plot_orders(table: pd.DataFrame, title: str = "As told and as it happened"):
    """A slope chart of :func:`compare_orders`: the events as told (left, from the top) and as
    they happened (right), each line joining the two places of one event. Returns
    ``(fig, alt)`` for ``utils.figures.show``.

    >>> timeline = pd.DataFrame({"id": ["fire", "police"], "event": ["Fire", "Police"],
    ...     "precision": ["day", "day"], "start": pd.to_datetime(["2017-01-01", "2017-01-02"])})
    >>> told = narrative_order("Police came. A fire had started.", {"police": "Police came", "fire": "fire"})
    >>> fig, alt = plot_orders(compare_orders(told, timeline))
    >>> alt.split(":")[0]
    'Slope chart of 2 events, as told (left) and as they happened (right)'
    """
    import matplotlib.pyplot as plt

    from utils.figures import OKABE_ITO

    n = len(table)
    if n == 0:
        raise CourseInputError("plot_orders() needs at least one event (compare_orders(...)).")
    fig, ax = plt.subplots(figsize=(9, 0.42 * n + 1.4))
    styles = {"later": (OKABE_ITO[5], "-"), "earlier": (OKABE_ITO[0], "--"),
              "same": (OKABE_ITO[7], ":")}
    for row in table.itertuples(index=False):
        move = "later" if row.shift > 0 else "earlier" if row.shift < 0 else "same"
        colour, line = styles[move]
        ax.plot([0, 1], [row.narrative_rank, row.chronological_rank], color=colour,
                linestyle=line, marker="o", linewidth=2)
        ax.text(-0.03, row.narrative_rank, f"¶{row.paragraph}  {row.label}", ha="right",
                va="center", fontsize=9)
        ax.text(1.03, row.chronological_rank,
                f"{row.label}  ({_when(row.start, row.precision)})", ha="left", va="center",
                fontsize=9)
    ax.set_xlim(-1.1, 2.1)
    ax.set_ylim(n + 0.6, 0.4)
    ax.set_xticks([0, 1], ["as told (paragraph order)", "as it happened (KST)"])
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    for move, (colour, line) in styles.items():
        ax.plot([], [], color=colour, linestyle=line, label=f"told {move} than it happened"
                if move != "same" else "told in its place")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=9)
    ax.set_title(title, pad=24)
    told = "; ".join(f"{r.narrative_rank}. {r.label} (paragraph {r.paragraph})"
                     for r in table.itertuples(index=False))
    happened = "; ".join(f"{r.chronological_rank}. {r.label} ({_when(r.start, r.precision)})"
                         for r in table.sort_values("chronological_rank").itertuples(index=False))
    first = table.iloc[0]
    alt = (f"Slope chart of {n} events, as told (left) and as they happened (right): "
           f"as told: {told}. As it happened: {happened}. The first event told, {first.label}, "
           f"is number {first.chronological_rank} of {n} in time.")
    return fig, alt


# --------------------------------------------------------------------------------------------
# 4. Plot
# --------------------------------------------------------------------------------------------

_GRANULES = (("minute", pd.Timedelta(minutes=1)), ("hour", pd.Timedelta(hours=1)),
             ("day", pd.Timedelta(days=1)), ("week", pd.Timedelta(days=7)))


def _granule(precision: str) -> str:
    """The unit a precision is written in: "minute", "hour", "day", "week", "month", "year"."""
    words = str(precision).lower()
    for unit in ("minute", "hour", "day", "week", "month", "year"):
        if unit in words:
            return unit
    return "minute"


def _ceil_to(ts: pd.Timestamp, unit: str) -> pd.Timestamp:
    """The end of the *unit* (day, month, ...) that contains *ts*: the next unit's start."""
    if unit == "month":
        return (ts.normalize().replace(day=1) + pd.DateOffset(months=1))
    if unit == "year":
        return pd.Timestamp(year=ts.year + 1, month=1, day=1)
    if unit in ("day", "week"):
        return ts.normalize() + dict(_GRANULES)[unit]
    return ts.floor("h" if unit == "hour" else "min") + dict(_GRANULES)[unit]


def _floor_to(ts: pd.Timestamp, unit: str) -> pd.Timestamp:
    if unit == "month":
        return ts.normalize().replace(day=1)
    if unit == "year":
        return pd.Timestamp(year=ts.year, month=1, day=1)
    if unit in ("day", "week"):
        return ts.normalize()
    return ts.floor("h" if unit == "hour" else "min")


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """*events* with the stretch of time each one covers, from its ``precision``: columns
    ``granularity``, ``span_start`` and ``span_end`` (end exclusive).

    A time is a span of its granularity, as TimeML reads it: an event known to the minute
    covers that minute (or its start to its end); an event known only to the day ("day",
    "approximate day", "range of days", "by this day") covers its whole day or days, from 00:00
    of the first to 00:00 after the last. ``start`` alone says 00:00, which is not when a
    day-precision event happened. Precisions in hours, weeks, months or years work the same.

    >>> spans = event_spans(load_timeline()).set_index("id")
    >>> spans.loc["video-released", ["granularity", "span_start", "span_end"]].tolist()
    ['day', Timestamp('2017-11-22 00:00:00'), Timestamp('2017-11-23 00:00:00')]
    >>> spans.loc["investigation", "span_end"], spans.loc["dragged", "span_end"]
    (Timestamp('2017-11-21 00:00:00'), Timestamp('2017-11-13 15:57:00'))
    """
    needed = {"start", "end", "precision"}
    if not isinstance(events, pd.DataFrame) or not needed <= set(events.columns):
        raise CourseInputError("event_spans() takes a table like load_timeline(), with the "
                               f"columns {sorted(needed)}.")
    table = events.copy()
    table["granularity"] = table["precision"].map(_granule)
    last = table["end"].where(table["end"].notna(), table["start"])
    table["span_start"] = [_floor_to(pd.Timestamp(t), u)
                           for t, u in zip(table["start"], table["granularity"])]
    table["span_end"] = [_ceil_to(pd.Timestamp(t), u) if u in ("day", "week", "month", "year")
                         or t == s else max(pd.Timestamp(t), _ceil_to(pd.Timestamp(s), u))
                         for t, s, u in zip(last, table["start"], table["granularity"])]
    return table


def time_between(events: pd.DataFrame, first: str, second: str) -> pd.Series:
    """How far apart two events of a timeline are, with the uncertainty their precision leaves.

    *first* and *second* are ids of *events* (a table like :func:`load_timeline`). Returns
    ``calendar_days`` (the second event's day minus the first's: what "nine days later" means),
    and, from the spans of :func:`event_spans`, ``shortest`` and ``longest`` (the least and most
    time that can have passed between them: from the end of the first's span to the start of
    the second's, and from the start of the first's to the end of the second's). Negative when
    the second event came first.

    >>> gap = time_between(load_timeline(), "runs-across", "video-released")
    >>> int(gap["calendar_days"]), str(gap["shortest"]), str(gap["longest"])
    (9, '8 days 08:45:00', '9 days 08:46:00')
    """
    if not isinstance(events, pd.DataFrame) or not {"id", "start"} <= set(events.columns):
        raise CourseInputError("time_between() takes a table like load_timeline(), with the "
                               "columns 'id' and 'start', and two of its ids.")
    table = event_spans(events.assign(end=events["end"] if "end" in events.columns else pd.NaT,
                                      precision=events["precision"] if "precision" in
                                      events.columns else "minute")).set_index("id")
    for event in (first, second):
        if event not in table.index:
            raise CourseInputError(f"{event!r} is not an id of the timeline. Its ids are: "
                                   f"{', '.join(map(str, table.index))}.")
    a, b = table.loc[first], table.loc[second]
    return pd.Series({"calendar_days": (b["start"].normalize() - a["start"].normalize()).days,
                      "shortest": b["span_start"] - a["span_end"],
                      "longest": b["span_end"] - a["span_start"]}, name=f"{first} -> {second}")


def _window(events: pd.DataFrame, start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo = pd.Timestamp(start) if start is not None else events["start"].min()
    hi = pd.Timestamp(end) if end is not None else events["start"].max()
    if hi < lo:
        raise CourseInputError(f"The window ends ({hi:%d %b %Y}) before it starts ({lo:%d %b %Y}).")
    return lo.normalize(), hi.normalize() + pd.Timedelta(days=1)


def plot_timeline(events: pd.DataFrame, *, start: Any = None, end: Any = None,
                  detail_day: Any = None, title: str = "Timeline (Korea Standard Time)"):
    """Events on a time axis, one row each, coloured (and shaped) by ``source_type``.

    *events* is a table like :func:`load_timeline` (``event``, ``start``, ``end``,
    ``precision``, ``source_type``). Each event is drawn as the span of time its precision
    allows (:func:`event_spans`): an event known only to the day is a bar over its whole day,
    an event known to the minute a bar over that minute (or from its start to its end), with
    the marker in the middle of the span. *start*/*end* limit the axis (days, included);
    events outside it are listed under the chart and in the text alternative. *detail_day*
    adds a second panel with the hours of that day (the events known to the minute).
    Returns ``(fig, alt)`` for ``utils.figures.show``; the alt text lists every event.

    >>> fig, alt = plot_timeline(load_timeline(), start="2017-11-13", end="2017-11-22")
    >>> "27 Jul 1953 10:00 Armistice signed" in alt and "22 Nov 2017 UNC releases the video" in alt
    True
    >>> "covers its whole day" in alt
    True
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from utils.figures import OKABE_ITO

    needed = {"event", "start", "end", "precision", "source_type"}
    if not isinstance(events, pd.DataFrame) or not needed <= set(events.columns):
        raise CourseInputError("plot_timeline() takes a table like load_timeline(), with the "
                               f"columns {sorted(needed)}.")
    if events.empty:
        raise CourseInputError("plot_timeline() needs at least one event.")
    events = event_spans(chronological_order(events))
    lo, hi = _window(events, start, end)
    inside = events[(events["start"] >= lo) & (events["start"] < hi)]
    outside = events.drop(inside.index)
    types = list(dict.fromkeys(events["source_type"]))
    markers = ["o", "s", "D", "^", "v", "P", "X", "*"]
    style = {t: (OKABE_ITO[i % len(OKABE_ITO)], markers[i % len(markers)])
             for i, t in enumerate(types)}
    panels = [(inside, lo, hi, "%d %b", mdates.DayLocator())]
    if detail_day is not None:
        day = pd.Timestamp(detail_day).normalize()
        timed = inside[(inside["start"] >= day) & (inside["start"] < day + pd.Timedelta(days=1))
                       & (inside["granularity"] == "minute")]
        if len(timed):
            first = timed["span_start"].min().floor("h")
            last = timed["span_end"].max().ceil("h")
            panels.append((timed, first, last + pd.Timedelta(minutes=30), "%H:%M",
                           mdates.HourLocator()))
    heights = [max(len(p[0]), 1) + 1.5 for p in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 0.38 * sum(heights) + 1.2),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, (rows, left, right, fmt, locator) in zip(axes[:, 0], panels):
        for y, row in enumerate(rows.itertuples(index=False)):
            colour, marker = style[row.source_type]
            ax.fill_between([row.span_start, row.span_end], y - 0.28, y + 0.28, color=colour,
                            alpha=0.35, linewidth=1, edgecolor=colour, label=f"_span {row.event}")
            middle = row.span_start + (row.span_end - row.span_start) / 2
            ax.plot(middle, y, marker=marker, color=colour, markersize=8,
                    markeredgecolor="black", linestyle="none")
        ax.set_yticks(range(len(rows)), [f"{r.event} ({_when(r.start, r.precision)})"
                                         for r in rows.itertuples(index=False)], fontsize=9)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.set_xlim(left, right)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
        ax.tick_params(axis="x", labelsize=8, rotation=0)
        ax.grid(axis="x", color="#dddddd")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0, 0].set_title(title)
    if len(panels) > 1:
        axes[1, 0].set_title(f"Detail: {pd.Timestamp(detail_day):%d %b %Y}, by the hour", fontsize=10)
    shown = set(inside["source_type"])  # the legend lists the source types drawn
    handles = [plt.Line2D([], [], marker=m, color=c, markeredgecolor="black", linestyle="none",
                          label=t) for t, (c, m) in style.items() if t in shown]
    axes[0, 0].legend(handles=handles, title="source type", loc="upper left",
                      bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if len(outside):
        note = "Outside this window: " + "; ".join(
            f"{_when(r.start, r.precision)} {r.event}" for r in outside.itertuples(index=False))
        fig.text(0.01, -0.01, note, fontsize=9, ha="left", va="top", wrap=True)
    fig.tight_layout()
    listed = "; ".join(f"{_when(r.start, r.precision, r.end)} {r.event} ({r.source_type})"
                       for r in inside.itertuples(index=False))
    alt = (f"Timeline of {len(inside)} events from {lo:%d %b %Y} to "
           f"{hi - pd.Timedelta(days=1):%d %b %Y}, Korea Standard Time, one row each, marker "
           f"colour and shape by source type ({', '.join(types)}); each event is a bar over the "
           f"span its precision allows (an event known only to the day covers its whole day): "
           f"{listed}.")
    if len(panels) > 1:
        alt += f" A second panel shows the hours of {pd.Timestamp(detail_day):%d %b %Y}."
    if len(outside):
        alt += " Outside the window, listed under the chart: " + "; ".join(
            f"{_when(r.start, r.precision)} {r.event}" for r in outside.itertuples(index=False)) + "."
    return fig, alt


# --------------------------------------------------------------------------------------------
# 5. dateparser's own readings (notebook 03 shows them side by side)
# --------------------------------------------------------------------------------------------

DATEPARSER_PREFERENCES = ("current_period", "past", "future")


def dateparser_readings(expression: str, anchor: date) -> pd.DataFrame:
    """What ``dateparser`` alone makes of *expression* counted from *anchor*, under each value
    of its ``PREFER_DATES_FROM`` setting: one row per setting, with ``date`` and ``weekday``.

    The setting decides where an incomplete date such as a bare weekday points.
    ``"current_period"`` (dateparser's default) takes the weekday of the current period: for a
    weekday, the seven days that end on the anchor, the anchor's own weekday being the anchor
    itself. ``"past"`` takes the latest one strictly before the anchor, so the anchor's own
    weekday goes a week back; ``"future"`` the first one strictly after it, a week ahead.

    >>> table = dateparser_readings("Wednesday", date(2017, 11, 22))   # a Wednesday
    >>> table[["prefer_dates_from", "date"]].values.tolist()
    [['current_period', datetime.date(2017, 11, 22)], ['past', datetime.date(2017, 11, 15)], ['future', datetime.date(2017, 11, 29)]]
    >>> dateparser_readings("Friday", date(2017, 11, 22))["date"].tolist()
    [datetime.date(2017, 11, 17), datetime.date(2017, 11, 17), datetime.date(2017, 11, 24)]
    """
    import dateparser

    expression = require_text(expression, "The time expression", example='"Wednesday"').strip()
    anchor = _check_anchor(anchor)
    base = datetime(anchor.year, anchor.month, anchor.day)
    rows = []
    for preference in DATEPARSER_PREFERENCES:
        parsed = dateparser.parse(expression, languages=["en"],
                                  settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": preference,
                                            "RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            raise CourseInputError(f"dateparser cannot read {expression!r} as a date. Try a "
                                   "weekday such as 'Wednesday' or a date such as 'Nov. 18'.")
        rows.append({"prefer_dates_from": preference, "date": parsed.date(),
                     "weekday": f"{parsed:%A}",
                     "days_from_anchor": (parsed.date() - anchor).days})
    return pd.DataFrame(rows)


class LinkedTable:
    """A table shown with its ``source_links`` column as links a learner can click (HTML in
    JupyterLab, the plain table elsewhere). Made by :func:`with_links`."""

    def __init__(self, table: pd.DataFrame, column: str):
        self.table, self.column = table, column

    def _repr_html_(self) -> str:
        import html

        shown = self.table.copy()
        shown[self.column] = [
            " ".join(f'<a href="{html.escape(u)}" target="_blank" rel="noopener">link {i}</a>'
                     for i, u in enumerate(str(links).split(), start=1)) or "(no link found)"
            for links in shown[self.column]]
        body = shown.map(lambda v: v if isinstance(v, str) and v.startswith("<a ")
                         else html.escape(str(v)))
        return body.to_html(escape=False, index=False)

    def __repr__(self) -> str:
        return self.table.to_string(index=False)


def with_links(table: pd.DataFrame, column: str = "source_links") -> LinkedTable:
    """*table* shown with the addresses in *column* as links ("link 1", "link 2"), so that each
    row's source can be followed.

    >>> html = with_links(load_timeline()[["id", "source", "source_links"]].head(1))._repr_html_()
    >>> '<a href="https://www.archives.gov/' in html and "link 2</a>" in html
    True
    """
    if not isinstance(table, pd.DataFrame) or column not in table.columns:
        raise CourseInputError(f"with_links() takes a table with a {column!r} column, such as "
                               "load_timeline() or disputed_dates(anchor).")
    return LinkedTable(table, column)
