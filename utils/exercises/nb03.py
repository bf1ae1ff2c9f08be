"""Exercises of notebook 03, "Building a timeline": resolve, count, order, re-anchor.

Every check is computed with the helpers of ``utils.timeline`` from the article's metadata
(the anchor), the article's text and ``data/timeline.csv``, never from a typed-in answer.
"""
from __future__ import annotations

import types
from datetime import date, datetime, timedelta
from functools import lru_cache

import pandas as pd

from utils.exercises import Exercise, Misconception
from utils.text import load_article
from utils.timeline import (anchor_from_metadata, back_calculate, chronological_order,
                            compare_orders, load_cues, load_timeline, narrative_order,
                            resolve_date)

NOTEBOOK = "03-building-a-timeline"
ANOTHER_ANCHOR = date(2017, 11, 23)       # the other publication date event-facts.md allows
THREE_EVENTS = ["video-released", "armistice-signed", "dragged"]  # 03-chronological


def _anchor() -> date:
    return anchor_from_metadata(load_article().metadata)


@lru_cache(maxsize=None)
def _timeline() -> pd.DataFrame:
    return load_timeline()


def _day(event_id: str) -> date:
    return _timeline().set_index("id").loc[event_id, "start"].date()


@lru_cache(maxsize=None)
def _orders() -> pd.DataFrame:
    return compare_orders(narrative_order(load_article().body, load_cues()), _timeline())


def _three_in_time() -> list[str]:
    timeline = _timeline()
    return list(chronological_order(timeline[timeline["id"].isin(THREE_EVENTS)])["id"])


def _three_as_told() -> list[str]:
    told = _orders()
    return list(told[told["event"].isin(THREE_EVENTS)]["event"])


def _ids(answer) -> list[str]:
    return [str(a).strip().strip("'\"") for a in answer]


def _days_before(function, expression: str, anchor: date) -> bool:
    expected = (anchor - resolve_date(expression, anchor)).days
    result = function(expression, anchor)
    return isinstance(result, int) and not isinstance(result, bool) and result == expected


def _hidden_other_anchors(function) -> bool:
    """Hidden test: the function works for other expressions and other anchors."""
    cases = [("Friday", date(2021, 6, 1)), ("yesterday", date(2020, 3, 1)),
             ("Nov. 18", date(2017, 11, 22)), ("on Sunday", date(2019, 4, 21))]
    return all(_days_before(function, expression, anchor) for expression, anchor in cases)


def _wrong_sign(function) -> bool:
    return function("Monday", _anchor()) == -(_anchor() - resolve_date("Monday", _anchor())).days != 0


EXERCISES = [
    Exercise(
        id="03-resolve-wednesday",
        notebook=NOTEBOOK,
        name="wednesday_date",
        question="Resolve \"on Wednesday\" (article, paragraph 1) against the anchor: which date "
                 "is it?",
        kind=date,
        is_correct=lambda a: type(a) is date and a == resolve_date("on Wednesday", _anchor()),
        misconceptions=(
            Misconception(lambda a: isinstance(a, datetime),
                          "That is a datetime (a date and a time of day). Give a date: "
                          "date(year, month, day), or add .date() to a datetime.",
                          example=lambda: datetime.combine(_anchor(), datetime.min.time())),
            Misconception(lambda a: a == _day("runs-across"),
                          "That is the day of the defection, which the sentence may seem to "
                          "say. But it was a Monday: count from the anchor, which Wednesday "
                          "does a story published on the anchor day mean?",
                          example=lambda: _day("runs-across")),
            Misconception(lambda a: a == resolve_date("on Wednesday", _anchor(),
                                                      weekday_includes_anchor=False),
                          "That is a week too early: it is what dateparser gives on its own, "
                          "because it never counts the anchor's own weekday as that day. A "
                          "news story published on a Wednesday means that very day by "
                          "\"on Wednesday\".",
                          example=lambda: resolve_date("on Wednesday", _anchor(),
                                                       weekday_includes_anchor=False)),
        ),
        hint="resolve_date(\"on Wednesday\", anchor) does it. What weekday is the anchor itself? "
             "anchor.strftime(\"%A\") tells you.",
        explanation="22 November 2017: the anchor is itself a Wednesday, so \"on Wednesday\" is "
                    "the publication day, the day the UN Command released the video, not the "
                    "day of the defection (Monday 13 November).",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-armistice-year",
        notebook=NOTEBOOK,
        name="ceasefire_year",
        question="\"the 64-year-old ceasefire agreement\" (article, paragraph 5): counted back "
                 "from the anchor, in which year did it begin?",
        kind=int,
        is_correct=lambda a: a == back_calculate("64-year-old", _anchor())[1].year,
        misconceptions=(
            Misconception(lambda a: a == 64,
                          "64 is its age, a length of time. The question asks for a point in "
                          "time: count 64 years back from the anchor.",
                          example=64),
            Misconception(lambda a: a == back_calculate("64-year-old", _anchor())[1].year + 1,
                          "One year too late: something that began then would be only 63 years "
                          "old on the anchor day.",
                          example=lambda: back_calculate("64-year-old", _anchor())[1].year + 1),
            Misconception(lambda a: a == back_calculate("64-year-old", _anchor())[0].year,
                          "Possible only if it began in the last weeks of that year, after the "
                          "anchor's day and month. Counting 64 whole years back from the anchor "
                          "lands in the next year, and the sources confirm it.",
                          example=lambda: back_calculate("64-year-old", _anchor())[0].year),
        ),
        hint="back_calculate(\"64-year-old\", anchor) gives the earliest and latest dates it can "
             "have begun; or simply anchor.year - 64.",
        explanation="1953: the Armistice Agreement was signed on 27 July 1953, 64 years and about "
                    "4 months before the anchor.",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-new-anchor",
        notebook=NOTEBOOK,
        name="wednesday_if_23",
        question="Suppose the article was published on Thursday 23 November 2017 (the other "
                 "date event-facts.md allows). What does \"on Wednesday\" resolve to then?",
        kind=date,
        is_correct=lambda a: type(a) is date and a == resolve_date("on Wednesday", ANOTHER_ANCHOR),
        misconceptions=(
            Misconception(lambda a: a == ANOTHER_ANCHOR,
                          "That is the new anchor itself, a Thursday. \"Wednesday\" is the "
                          "Wednesday of the seven days up to the anchor.",
                          example=ANOTHER_ANCHOR),
            Misconception(lambda a: a == resolve_date("on Wednesday", ANOTHER_ANCHOR,
                                                      prefer="future"),
                          "That Wednesday is after the anchor: a news story reports what has "
                          "happened, so prefer the past.",
                          example=lambda: resolve_date("on Wednesday", ANOTHER_ANCHOR,
                                                       prefer="future")),
            Misconception(lambda a: a == resolve_date("on Wednesday", ANOTHER_ANCHOR)
                          - timedelta(days=7),
                          "A week too early: the Wednesday just before Thursday 23 November is "
                          "the day before it.",
                          example=lambda: resolve_date("on Wednesday", ANOTHER_ANCHOR)
                          - timedelta(days=7)),
        ),
        hint="resolve_date(\"on Wednesday\", date(2017, 11, 23)).",
        explanation="Still 22 November 2017: the day before the new anchor. \"On Wednesday\" "
                    "does not move; expressions counted in days from the anchor (\"now\", "
                    "\"yesterday\") do.",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-days-before",
        notebook=NOTEBOOK,
        name="days_before_anchor",
        question="Write a function days_before_anchor(expression, anchor) that returns how many "
                 "days before the anchor the expression points, as an int (0 for the anchor "
                 "day itself).",
        kind=types.FunctionType,
        is_correct=lambda f: all(_days_before(f, e, _anchor())
                                 for e in ("on Wednesday", "Monday", "yesterday")),
        misconceptions=(
            Misconception(_wrong_sign,
                          "The sign is reversed: a day before the anchor should give a positive "
                          "number. Subtract the resolved date from the anchor.",
                          example=lambda: (lambda expression, anchor:
                                           (resolve_date(expression, anchor) - anchor).days)),
            Misconception(lambda f: isinstance(f("Monday", _anchor()), timedelta),
                          "Your function returns a timedelta (a length of time). Return a whole "
                          "number: a timedelta's .days.",
                          example=lambda: (lambda expression, anchor:
                                           anchor - resolve_date(expression, anchor))),
        ),
        hidden_checks=(_hidden_other_anchors,),
        hint="Inside the function: resolve the expression with resolve_date(expression, anchor), "
             "subtract it from the anchor, and return the difference's .days.",
        explanation="A function works for any expression and any anchor: the autograder also "
                    "tries it on other dates.",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-days-between",
        notebook=NOTEBOOK,
        name="days_between",
        question="How many days passed between the defection and the release of the video?",
        kind=int,
        is_correct=lambda a: a == (_day("video-released") - _day("runs-across")).days,
        misconceptions=(
            Misconception(lambda a: a == -(_day("video-released") - _day("runs-across")).days,
                          "A negative number: you subtracted the later date from the earlier "
                          "one. Subtract the defection's date from the release's date.",
                          example=lambda: -(_day("video-released") - _day("runs-across")).days),
            Misconception(lambda a: a == (_day("video-released") - _day("runs-across")).days + 1,
                          "One too many: you counted both the first and the last day, as on a "
                          "calendar. The days *between* two dates are their difference.",
                          example=lambda: (_day("video-released") - _day("runs-across")).days + 1),
        ),
        hint="Take the two rows of timeline (ids \"runs-across\" and \"video-released\"), their "
             "start as a date (.date()), and subtract: a timedelta has .days.",
        explanation="9 days: Monday 13 to Wednesday 22 November 2017. A reader who attaches "
                    "\"on Wednesday\" to \"defected\" is 9 days off.",
        context=lambda: {"timeline": _timeline()},
    ),
    Exercise(
        id="03-chronological",
        notebook=NOTEBOOK,
        name="in_order",
        question="Put the events \"video-released\", \"armistice-signed\" and \"dragged\" in the "
                 "order they happened, earliest first, as a list of their ids.",
        kind=list,
        is_correct=lambda a: _ids(a) == _three_in_time(),
        misconceptions=(
            Misconception(lambda a: _ids(a) == _three_as_told(),
                          "That is the order the article tells them in (paragraphs 1, 3 and 5), "
                          "not the order they happened in. Look at their start times: here "
                          "the telling runs backwards in time.",
                          example=lambda: _three_as_told()),
            Misconception(lambda a: sorted(_ids(a)) == sorted(THREE_EVENTS)
                          and _ids(a)[0] != _three_in_time()[0],
                          "Not the earliest first: one of the three happened decades before "
                          "November 2017. Look at the years in the start column.",
                          example=lambda: [_three_in_time()[1], _three_in_time()[0],
                                           _three_in_time()[2]]),
            Misconception(lambda a: sorted(_ids(a)) != sorted(THREE_EVENTS),
                          "Use exactly the three ids of the question, each once, e.g. "
                          "\"dragged\" (copy them with their hyphens).",
                          example=["video", "armistice", "dragged"]),
        ),
        hint="Keep the three rows of timeline (timeline[timeline[\"id\"].isin([...])]) and pass "
             "them to chronological_order(...); or read their start column.",
        explanation="armistice-signed (1953), dragged (13 Nov 2017, 15:56), video-released "
                    "(22 Nov 2017): the article tells them in the opposite order.",
        context=lambda: {"timeline": _timeline()},
    ),
    Exercise(
        id="03-told-early",
        notebook=NOTEBOOK,
        name="told_early",
        question="In the comparison table, which event does the article tell furthest ahead of "
                 "its place in time? Give its id.",
        kind=str,
        is_correct=lambda a: a.strip().strip("'\"") == _orders().loc[_orders()["shift"].idxmin(),
                                                                      "event"],
        misconceptions=(
            Misconception(lambda a: a.strip().strip("'\"") == _orders().loc[
                              _orders()["shift"].idxmax(), "event"],
                          "That is the opposite case: the event told furthest *behind* its "
                          "place in time (told late, happened first). Look for the most "
                          "negative shift.",
                          example=lambda: _orders().loc[_orders()["shift"].idxmax(), "event"]),
            Misconception(lambda a: a.strip().strip("'\"") in set(
                              _orders().loc[_orders()["shift"] == 0, "event"]),
                          "That event is told in its place in time (shift 0). Look for the "
                          "event with the most negative shift.",
                          example=lambda: _orders().loc[_orders()["shift"] == 0, "event"].iloc[0]),
        ),
        hint="orders[\"shift\"] is narrative rank minus chronological rank: negative means told "
             "before its time. orders.loc[orders[\"shift\"].idxmin(), \"event\"].",
        explanation="video-released: told first (paragraph 1), it is one of the last things that "
                    "happened (22 November). News puts the newest event first.",
        context=lambda: {"orders": _orders()},
    ),
]

__all__ = ["EXERCISES", "THREE_EVENTS", "ANOTHER_ANCHOR"]
