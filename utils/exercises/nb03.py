"""Exercises of notebook 03, "Building a timeline": resolve, read the tense, count, order.

Three exercises have the learner write the core of a helper ("build it yourself"):
``03-resolve-wednesday`` (a weekday against an anchor, with ``datetime`` arithmetic),
``03-weekday-direction`` (past or future from the verb's tense, with spaCy's ``morph``),
``03-days-between`` (calendar days between two timeline rows, with pandas) and
``03-fortnight-rule`` (a new row of the timeline engine's rule table). Each is checked on the
article and on inputs the notebook never shows; the nbgrader hidden tests use yet others.
Every expected value is computed (by the series' helpers or by the arithmetic below) from the
input, never typed in.
"""
from __future__ import annotations

import types
from datetime import date, datetime, timedelta
from functools import lru_cache

import pandas as pd

from utils.checking import LearnerCodeError, call_learner
from utils.exercises import Exercise, Misconception
from utils.exercises.open_checks import OPEN_CHECKS, RULE_KEYS, tagged, works_on
from utils.exercises.shown import score_with_rule
from utils.text import load_article
from utils.timeline import (anchor_from_metadata, back_calculate, chronological_order,
                            compare_orders, load_cues, load_timeline, narrative_order)

NOTEBOOK = "03-building-a-timeline"
THREE_EVENTS = ["video-released", "armistice-signed", "dragged"]  # 03-chronological
# 03-new-anchor: an undated copy read two weeks after its likely publication, with the day of
# reading taken as the anchor (the mistake a program makes when it defaults to "today").
READING_DAY = date(2017, 12, 7)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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


# --- 03-resolve-wednesday: resolve_weekday(name, anchor, direction) -----------------------------

def weekday_date(name: str, anchor: date, direction: str) -> date:
    """The reference arithmetic: the weekday *name* of the seven days that end (``"past"``) or
    start (``"future"``) on *anchor*; the anchor's own weekday is the anchor itself.

    >>> weekday_date("Wednesday", date(2017, 11, 22), "past"), weekday_date("friday", date(2017, 11, 22), "future")
    (datetime.date(2017, 11, 22), datetime.date(2017, 11, 24))
    """
    target = WEEKDAYS.index(name.strip().lower())
    if direction == "past":
        return anchor - timedelta(days=(anchor.weekday() - target) % 7)
    return anchor + timedelta(days=(target - anchor.weekday()) % 7)


# (name, anchor, direction): the self-study check (never shown in the notebook) ...
_WEEKDAY_CASES = [("Friday", date(2021, 6, 1), "past"), ("Friday", date(2021, 6, 1), "future"),
                  ("Sunday", date(2019, 4, 21), "future"), ("monday", date(2020, 3, 1), "past"),
                  ("Tuesday", date(2017, 11, 22), "future")]
# ... and the hidden tests (other years, a new year, a leap day, every weekday as anchor).
_WEEKDAY_HIDDEN = [("Thursday", date(2018, 1, 1), "past"), ("Saturday", date(2016, 2, 27), "past"),
                   ("Monday", date(2016, 2, 27), "future"), ("WEDNESDAY", date(2024, 12, 30), "future"),
                   ("Sunday", date(2023, 7, 9), "past"), ("Thursday", date(1953, 7, 27), "past")] + [
                   (WEEKDAYS[(i * 3) % 7].title(), date(2022, 5, 2) + timedelta(days=i), d)
                   for i in range(7) for d in ("past", "future")]


def _resolved(f, name, anchor, direction):
    result = call_learner(f, name, anchor, direction)
    if isinstance(result, datetime):
        raise ValueError("a datetime")
    return result


def _weekday_right(f, cases) -> bool:
    return all(_resolved(f, *case) == weekday_date(*case) for case in cases)


def _weekday_article(f) -> bool:
    return _weekday_right(f, [("Wednesday", _anchor(), "past")] + _WEEKDAY_CASES)


def _weekday_hidden(f):
    """Hidden test: other weekdays, anchors and directions."""
    for name, anchor, direction in _WEEKDAY_HIDDEN:
        got, expected = _resolved(f, name, anchor, direction), weekday_date(name, anchor, direction)
        if got != expected:
            return (f"resolve_weekday({name!r}, {anchor!r}, {direction!r}) returns {got!r}, but "
                    f"the {name.title()} of the seven days {'ending' if direction == 'past' else 'starting'}"
                    f" on {anchor:%A %d %B %Y} is {expected:%A %d %B %Y}.")
    return True


def _weekday_example(kind: str):
    def resolve_weekday(name, anchor, direction):
        target = WEEKDAYS.index(name.lower())
        if kind == "strict":       # dateparser's "past"/"future": never the anchor itself
            back = (anchor.weekday() - target - 1) % 7 + 1
            ahead = (target - anchor.weekday() - 1) % 7 + 1
        else:
            back, ahead = (anchor.weekday() - target) % 7, (target - anchor.weekday()) % 7
        if kind == "swapped":
            direction = "future" if direction == "past" else "past"
        if kind == "always-past" or direction == "past":
            day = anchor - timedelta(days=back)
        else:
            day = anchor + timedelta(days=ahead)
        if kind == "isoweekday":   # Monday = 1 in isoweekday(), but WEEKDAYS.index("monday") == 0
            day = day - timedelta(days=1)
        return datetime.combine(day, datetime.min.time()) if kind == "datetime" else day
    return resolve_weekday


def _weekday_case_sensitive(f) -> bool:
    try:
        call_learner(f, "monday", date(2020, 3, 1), "past")
    except LearnerCodeError as problem:
        return isinstance(problem.error, ValueError) and "monday" in str(problem.error)
    return False


# --- 03-weekday-direction: weekday_direction(doc) ----------------------------------------------

# Sentences the notebook never shows, each with the direction its weekday points to (by hand).
DIRECTION_CASES = {
    "The two leaders will meet on Friday.": "future",
    "The ferry left the port on Sunday.": "past",
    "The summit will be held on Tuesday.": "future",
    "Officials said the talks will resume on Monday.": "future",
    "The festival opens on Friday.": "future",
}
DIRECTION_HIDDEN = {
    "He was released from hospital on Saturday.": "past",
    "The company will announce its results on Thursday.": "future",
    "Witnesses said the ferry sank on Saturday.": "past",
    "The minister said the ceasefire would hold until Sunday.": "future",
    "The museum had closed on Friday.": "past",
    "The vote is expected on Saturday.": "future",
    "The agency reported that the envoy will arrive on Thursday.": "future",
    "On Sunday, the rescue team reached the village.": "past",
    "A new law takes effect on Monday.": "future",
    "The storm hit the coast on Tuesday.": "past",
}


@lru_cache(maxsize=None)
def _parsed(sentence: str):
    from utils.nlp import get_nlp

    return get_nlp()(sentence)


@lru_cache(maxsize=None)
def _first_sentence():
    """The article's first sentence, as the notebook gives it: a spaCy Span."""
    from utils.text import sentences

    return sentences(load_article().body)[0]


def _direction(f, sentence_or_doc) -> str:
    doc = _parsed(sentence_or_doc) if isinstance(sentence_or_doc, str) else sentence_or_doc
    result = call_learner(f, doc)
    if result not in ("past", "future"):
        raise TypeError(f"{result!r} instead of \"past\" or \"future\"")
    return result


def _direction_right(f) -> bool:
    return (_direction(f, _first_sentence()) == "past"
            and all(_direction(f, s) == d for s, d in DIRECTION_CASES.items()))


def _direction_hidden(f):
    """Hidden test: other sentences, past and future, reported speech, passives, modals."""
    for sentence, expected in DIRECTION_HIDDEN.items():
        got = _direction(f, _parsed(sentence))
        if got != expected:
            return (f"For the sentence {sentence!r} your function says {got!r}, but its weekday "
                    f"points to the {expected}. Print each token's text, dep_, head and morph for "
                    "that sentence to see where your rule goes wrong.")
    return True


def _direction_returns_other_words(f) -> bool:
    try:
        result = call_learner(f, _parsed("The two leaders will meet on Friday."))
    except LearnerCodeError:
        return False
    return result not in ("past", "future") and isinstance(result, str)


def _direction_example(kind: str):
    def weekday_direction(doc):
        day = next(t for t in doc if t.lower_ in WEEKDAYS)
        verb = day
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        if kind == "root":            # the sentence's main verb, not the weekday's own verb
            verb = next(t for t in doc if t.dep_ == "ROOT")
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        tensed = verb if kind == "verb-only" else (auxiliaries[0] if auxiliaries else verb)
        if tensed.lemma_ in ("will", "shall", "would"):
            return "Future" if kind == "capital" else "future"
        if "Past" in tensed.morph.get("Tense"):
            return "Past" if kind == "capital" else "past"
        return "Future" if kind == "capital" else "future"
    return weekday_direction


# --- 03-days-between: days_between(timeline, first, second) ------------------------------------

# A small timeline the notebook never shows (the self-study check) and one for the hidden test.
_OTHER_TIMELINE = pd.DataFrame({
    "id": ["fire-starts", "fire-out", "inquiry-opens"],
    "start": pd.to_datetime(["2021-01-07 22:40", "2021-01-08 03:10", "2021-01-19 00:00"])})
_HIDDEN_TIMELINE = pd.DataFrame({
    "id": ["landslide", "road-cleared", "report"],
    "start": pd.to_datetime(["2019-12-30 23:50", "2020-01-02 06:00", "2020-03-01 00:00"])})
_DAYS_CASES = [(_OTHER_TIMELINE, "fire-starts", "fire-out"),
               (_OTHER_TIMELINE, "fire-starts", "inquiry-opens")]


def _true_days(table, first, second) -> int:
    starts = table.set_index("id")["start"]
    return (starts[second].normalize() - starts[first].normalize()).days


def _elapsed_days(table, first, second) -> int:
    starts = table.set_index("id")["start"]
    return (starts[second] - starts[first]).days


def _days(f, table, first, second):
    result = call_learner(f, table.copy(), first, second)
    if isinstance(result, pd.Timedelta | timedelta):
        raise TypeError("a Timedelta")
    return result


def _days_right(f) -> bool:
    cases = [(_timeline(), "runs-across", "video-released")] + _DAYS_CASES
    return all(_days(f, *case) == _true_days(*case) for case in cases)


def _days_hidden(f):
    """Hidden test: other rows of the article's timeline (also backwards) and another timeline."""
    cases = [(_timeline(), "jeep-approaches", "second-operation"),
             (_timeline(), "helicopter", "wakes"), (_timeline(), "video-released", "dragged"),
             (_timeline(), "armistice-signed", "runs-across"),
             (_HIDDEN_TIMELINE, "landslide", "road-cleared"), (_HIDDEN_TIMELINE, "landslide", "report")]
    for table, first, second in cases:
        got, expected = _days(f, table, first, second), _true_days(table, first, second)
        if got != expected:
            extra = (" That is the whole days of the time between the two timestamps; count "
                     "calendar days instead." if got == _elapsed_days(table, first, second) else "")
            return (f"days_between(timeline, {first!r}, {second!r}) returns {got!r}, but the "
                    f"calendar days from one to the other are {expected}.{extra}")
    return True


def _days_example(kind: str):
    def days_between(timeline, first, second):
        starts = timeline.set_index("id")["start"]
        if kind == "timestamps":
            return (starts[second] - starts[first]).days
        if kind == "timedelta":
            return starts[second].normalize() - starts[first].normalize()
        days = (starts[second].normalize() - starts[first].normalize()).days
        return {"inclusive": days + 1, "reversed": -days}.get(kind, days)
    return days_between


def _days_applies(kind: str):
    def applies(f) -> bool:
        case = (_timeline(), "runs-across", "video-released")
        return _days(f, *case) == _days_example(kind)(*case) != _true_days(*case)
    return applies


# --- 03-fortnight-rule: its public check is utils.exercises.open_checks.FORTNIGHT_RULE --------
# Sentences for the hidden tests only, by the kind of row: (sentence, dct).
_FORTNIGHT_HIDDEN = {
    "DURATION": [("He stayed in Seoul for a fortnight.", date(2020, 1, 8)),
                 ("Talks are expected to last a fortnight, officials said.", date(2018, 6, 30))],
    "DATE": [("A fortnight ago, the ceasefire broke down.", date(2020, 1, 8)),
             ("Officials said the talks began a fortnight ago.", date(2018, 6, 30))],
}
# The rows the hidden tests compare with (teacher side only: the DURATION row is the reference
# solution's rule).
_REFERENCE_ROWS = {
    "DURATION": {"id": "ref_dur_fortnight", "type": "DURATION",
                 "pattern": r"(?:a|one|the\s+(?:past|last|next|coming))\s+fortnight(?!\s+ago)",
                 "value": "=P2W", "mod": "", "example": "", "example_value": "", "note": ""},
    "DATE": {"id": "ref_fortnight_ago", "type": "DATE",
             "pattern": r"(?:a|one)\s+fortnight\s+ago", "value": "rel(week,-2)", "mod": "",
             "example": "", "example_value": "", "note": ""},
}


def _rule_hidden(row):
    """Hidden test: the rule on other sentences and other dcts (the fortnights they should
    give: those the reference rows give)."""
    cases = {kind: [(text, dct, tagged(_REFERENCE_ROWS[kind], text, dct)) for text, dct in texts]
             for kind, texts in _FORTNIGHT_HIDDEN.items()}
    return works_on(row, cases)


def _rule_example(kind: str) -> dict:
    row = {"id": "dur_fortnight", "type": "DURATION", "pattern": r"a\s+fortnight(?!\s+ago)",
           "value": "=P2W", "mod": "", "example": "The talks lasted a fortnight.",
           "example_value": "P2W", "note": "a fortnight = two weeks"}
    if kind == "keys":
        return {"id": "fortnight", "pattern": "fortnight"}
    if kind == "no-fortnight":
        row.update(pattern=r"two\s+weeks", example="The talks lasted two weeks.")
    if kind == "existing-id":
        row.update(id="dur_num_unit")
    if kind == "no-equals":
        row.update(value="P2W")
    if kind == "date-type":
        row.update(type="DATE")
    if kind == "days":
        row.update(type="DATE", pattern=r"a\s+fortnight\s+ago", value="rel(day,-14)",
                   example="The river burst its banks a fortnight ago.",
                   example_value="2017-11-08")
    if kind == "wrong-example-value":
        row.update(example_value="2W")
    if kind == "no-determiner":
        row.update(pattern="fortnight(?!\\s+ago)")
    return row


# --- the exercises -----------------------------------------------------------------------------

EXERCISES = [
    Exercise(
        id="03-resolve-wednesday",
        notebook=NOTEBOOK,
        name="resolve_weekday",
        question="Write a function resolve_weekday(name, anchor, direction) that returns the "
                 "date a weekday name points to, counted from the anchor: with direction "
                 "\"past\" the one of the seven days up to the anchor, with \"future\" the one of "
                 "the seven days from the anchor on (the anchor's own weekday is the anchor).",
        kind=types.FunctionType,
        is_correct=_weekday_article,
        misconceptions=(
            Misconception(lambda f: _resolved(f, "Wednesday", date(2017, 11, 22), "past")
                          == date(2017, 11, 15),
                          "A week too early for the anchor's own weekday: that is what "
                          "dateparser gives with PREFER_DATES_FROM=\"past\" (strictly before the "
                          "anchor; \"future\" is strictly after). In news, \"on Wednesday\" in a "
                          "story of a Wednesday means that very day: allow 0 days back.",
                          example=lambda: _weekday_example("strict")),
            Misconception(lambda f: _resolved(f, "Friday", date(2021, 6, 1), "future")
                          == date(2021, 5, 28) == _resolved(f, "Friday", date(2021, 6, 1), "past"),
                          "Your function always goes back in time: with direction \"future\", "
                          "count forward from the anchor instead.",
                          example=lambda: _weekday_example("always-past")),
            Misconception(lambda f: _resolved(f, "Friday", date(2021, 6, 1), "past")
                          == date(2021, 6, 4),
                          "Past and future are swapped: \"past\" should give a date on or before "
                          "the anchor.",
                          example=lambda: _weekday_example("swapped")),
            Misconception(lambda f: _resolved(f, "Wednesday", date(2017, 11, 22), "past")
                          == date(2017, 11, 21),
                          "One day off: anchor.weekday() counts Monday as 0 (isoweekday() counts "
                          "it as 1). Number the weekday names the same way, from 0.",
                          example=lambda: _weekday_example("isoweekday")),
            Misconception(_weekday_case_sensitive,
                          "Your function fails on \"monday\" written in small letters: compare "
                          "names in one case, e.g. name.lower().",
                          example=lambda: (lambda name, anchor, direction: weekday_date(
                              WEEKDAYS[[w.title() for w in WEEKDAYS].index(name)], anchor,
                              direction))),
            Misconception(lambda f: isinstance(call_learner(f, "Friday", date(2021, 6, 1), "past"),
                                               datetime),
                          "Your function returns a datetime (a date with a time of day). Return a "
                          "date: anchor - timedelta(days=...) keeps it a date.",
                          example=lambda: _weekday_example("datetime")),
        ),
        hidden_checks=(_weekday_hidden,),
        hint="WEEKDAYS.index(name.lower()) numbers the weekday from 0 (Monday), like "
             "anchor.weekday(). Going back, the number of days is (anchor.weekday() - target) % 7; "
             "going forward, (target - anchor.weekday()) % 7. Add or subtract "
             "timedelta(days=...) from the anchor.",
        explanation="Your function counts within the seven days that end (or start) on the "
                    "anchor, so \"Wednesday\" in a story of Wednesday 22 November 2017 is that "
                    "very day, the day the UN Command released the video.",
        context=lambda: {"anchor": _anchor(), "WEEKDAYS": list(WEEKDAYS)},
    ),
    Exercise(
        id="03-weekday-direction",
        notebook=NOTEBOOK,
        name="weekday_direction",
        question="Write a function weekday_direction(doc) that takes a parsed sentence with a "
                 "weekday name and returns \"past\" or \"future\": where the weekday points, "
                 "read from the tense of the verb it belongs to.",
        kind=types.FunctionType,
        is_correct=_direction_right,
        misconceptions=(
            Misconception(lambda f: _direction(f, "Officials said the talks will resume on "
                                                  "Monday.") == "past",
                          "In \"Officials said the talks will resume on Monday\" your function "
                          "reads the sentence's main verb, \"said\". The weekday belongs to "
                          "\"resume\": start from the weekday's token and go up through .head "
                          "until you reach a verb.",
                          example=lambda: _direction_example("root")),
            Misconception(lambda f: _direction(f, "The summit will be held on Tuesday.") == "past",
                          "In \"The summit will be held on Tuesday\" the verb \"held\" has "
                          "Tense=Past (a participle looks past), but its auxiliary \"will\" makes "
                          "the sentence future. Read the tense from the first auxiliary (the "
                          "verb's children with dep_ \"aux\" or \"auxpass\") when there is one.",
                          example=lambda: _direction_example("verb-only")),
            Misconception(_direction_returns_other_words,
                          "Return exactly \"past\" or \"future\" (small letters), not the morph "
                          "value itself (\"Past\") or other words.",
                          example=lambda: _direction_example("capital")),
        ),
        hidden_checks=(_direction_hidden,),
        hint="Find the weekday's token (token.lower_ in WEEKDAYS). Go up: while the token's pos_ "
             "is not \"VERB\" or \"AUX\", token = token.head. Then look at that verb's children "
             "with dep_ \"aux\" or \"auxpass\": the first one (or the verb itself, if it has none) "
             "carries the tense. lemma_ \"will\", \"shall\" or \"would\": future; "
             "\"Past\" in its morph.get(\"Tense\"): past; otherwise (present): future.",
        explanation="The tense sits on the first auxiliary or on the verb itself, and the "
                    "weekday belongs to the verb it hangs from, not always to the sentence's main "
                    "verb: your rule works on sentences it has never seen.",
        context=lambda: {"WEEKDAYS": list(WEEKDAYS), "first_sentence": _first_sentence()},
    ),
    Exercise(
        id="03-armistice-year",
        notebook=NOTEBOOK,
        name="ceasefire_year",
        question="\"the 64-year-old ceasefire agreement\" (article, paragraph 5): counted back "
                 "from the anchor, in which year did it begin?",
        kind=int,
        form="exact",
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
        hint="Count 64 years back from the anchor: anchor.year - 64 is the latest year it can "
             "have begun in.",
        explanation="1953: the Armistice Agreement was signed on 27 July 1953, 64 years and about "
                    "4 months before the anchor.",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-new-anchor",
        notebook=NOTEBOOK,
        name="wednesday_if_read_later",
        question="A reader meets the undated copy on Thursday 7 December 2017 and takes that day "
                 "as the anchor. What date does \"on Wednesday\" (article, paragraph 1) point to "
                 "then?",
        kind=date,
        form="exact",
        is_correct=lambda a: type(a) is date and a == weekday_date("Wednesday", READING_DAY,
                                                                   "past"),
        misconceptions=(
            Misconception(lambda a: isinstance(a, datetime),
                          "That is a datetime (a date and a time of day). Give a date: "
                          "date(year, month, day), or add .date() to a datetime.",
                          example=lambda: datetime.combine(READING_DAY, datetime.min.time())),
            Misconception(lambda a: a == weekday_date("Wednesday", _anchor(), "past"),
                          "That is where it points with the series' anchor, 22 November. The "
                          "question moves the anchor to 7 December: count from there.",
                          example=lambda: weekday_date("Wednesday", _anchor(), "past")),
            Misconception(lambda a: a == READING_DAY,
                          "That is the new anchor itself, a Thursday. \"Wednesday\" is the "
                          "Wednesday of the seven days up to the anchor.",
                          example=READING_DAY),
            Misconception(lambda a: a == weekday_date("Wednesday", READING_DAY, "future"),
                          "That Wednesday is after the anchor, but \"defected\" is in the past "
                          "tense: count back.",
                          example=lambda: weekday_date("Wednesday", READING_DAY, "future")),
        ),
        hint="Use your resolve_weekday from above with the anchor date(2017, 12, 7) and the "
             "direction of \"defected\"; or count back on a calendar from Thursday 7 December.",
        explanation="6 December 2017, two weeks after the release of the video: a date resolved "
                    "against a wrong anchor is wrong by exactly the anchor's error, and nothing "
                    "in the text warns you.",
        context=lambda: {"anchor": _anchor()},
    ),
    Exercise(
        id="03-days-between",
        notebook=NOTEBOOK,
        name="days_between",
        question="Write a function days_between(timeline, first, second) that returns how many "
                 "calendar days lie between two events of a timeline table (by their ids), as a "
                 "whole number: second minus first.",
        kind=types.FunctionType,
        is_correct=_days_right,
        misconceptions=(
            Misconception(_days_applies("timestamps"),
                          "Your function says 8 days from the defection to the video's release, "
                          "but they are 9 calendar days apart (13 and 22 November). The "
                          "timestamps carry times of day: 15:14 on the 13th to 00:00 on the 22nd "
                          "is 8 days and 8 hours, and .days keeps only the whole days. Compare the "
                          "days: .normalize() (or .date()) on each timestamp before subtracting.",
                          example=lambda: _days_example("timestamps")),
            Misconception(_days_applies("inclusive"),
                          "One too many: you counted both the first and the last day, as on a "
                          "calendar. The days *between* two dates are their difference.",
                          example=lambda: _days_example("inclusive")),
            Misconception(_days_applies("reversed"),
                          "The sign is reversed: you subtracted the second event from the first. "
                          "Return second minus first (positive when the second came later).",
                          example=lambda: _days_example("reversed")),
            Misconception(lambda f: isinstance(call_learner(f, _timeline(), "runs-across",
                                                            "video-released"),
                                               pd.Timedelta | timedelta),
                          "Your function returns a Timedelta (a length of time). Return a whole "
                          "number: a Timedelta's .days.",
                          example=lambda: _days_example("timedelta")),
        ),
        hidden_checks=(_days_hidden,),
        hint="timeline.set_index(\"id\")[\"start\"] gives the start times by id. Take the two, "
             "drop their times of day with .normalize(), subtract, and return the result's .days.",
        explanation="Calendar days come from the days, not from the timestamps: 13 to 22 "
                    "November is 9 days, although only 8 days and 8 hours passed between 15:14 "
                    "and the start of 22 November.",
        context=lambda: {"timeline": _timeline()},
    ),
    Exercise(
        id="03-chronological",
        notebook=NOTEBOOK,
        name="in_order",
        question="Put the events \"video-released\", \"armistice-signed\" and \"dragged\" in the "
                 "order they happened, earliest first, as a list of their ids.",
        kind=list,
        form="ids",
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
        form="quoted-text",
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
    Exercise(
        id="03-fortnight-rule",
        notebook=NOTEBOOK,
        name="fortnight_rule",
        question="Write one new row of the timeline engine's rule table, as a dict with the keys "
                 "id, type, pattern, value, mod, example, example_value and note, that teaches it "
                 "the word fortnight (two weeks), so that the development set's value F1 rises.",
        kind=dict,
        # the check, its typical mistakes and its messages: utils.exercises.open_checks
        **OPEN_CHECKS["fortnight_rule"].exercise_fields({
            "keys": lambda: _rule_example("keys"),
            "no-fortnight": lambda: _rule_example("no-fortnight"),
            "existing-id": lambda: _rule_example("existing-id"),
            "no-equals": lambda: _rule_example("no-equals"),
            "date-type": lambda: _rule_example("date-type"),
            "days": lambda: _rule_example("days"),
            "wrong-example-value": lambda: _rule_example("wrong-example-value"),
            "no-determiner": lambda: _rule_example("no-determiner"),
            "eats-ago": lambda: {**_rule_example(""), "pattern": r"(?:a|one)\s+fortnight"},
            "unseen": lambda: {**_rule_example(""),
                               "pattern": r"(?<=lasted\s)a\s+fortnight(?!\s+ago)"},
        }),
        hidden_checks=(_rule_hidden,),
        hint="Start from the dur_num_unit row: type \"DURATION\", a pattern such as "
             "\"(?:a|one|the\\s+past)\\s+fortnight(?!\\s+ago)\" (\\s+ is one or more spaces, "
             "(?!\\s+ago) \"not followed by ago\"), value \"=P2W\", an example sentence of your own "
             "with \"a fortnight\" in it, and example_value \"P2W\".",
        context=lambda: {},
    ),
]

__all__ = ["EXERCISES", "THREE_EVENTS", "READING_DAY", "WEEKDAYS", "DIRECTION_CASES",
           "RULE_KEYS", "score_with_rule", "weekday_date"]
