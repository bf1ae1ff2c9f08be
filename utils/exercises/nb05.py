"""Exercises of notebook 05, "Your own article": small programs that read any news text.

Every exercise asks for a function. ``check()`` runs the learner's function on a text the
notebook never shows (the *self-study* texts below) and compares it with the reference method;
the nbgrader autograder's hidden tests run it on other texts again (the *hidden* texts). All
the texts are invented by the project for these exercises: they report no real event.
"""
from __future__ import annotations

import math
from functools import lru_cache
from types import FunctionType
from typing import Any, Callable

from utils.checking import call_learner
from utils.exercises import Exercise, Misconception
from utils.exercises.shown import (PRACTICE_TEXT, PUBLISHED, SECOND_PRACTICE_TEXT,
                                   shown_texts)

NOTEBOOK = "05-your-own-article"

# Checked by check(): texts the notebook never shows (invented for the exercises).
SELF_STUDY_TEXTS = (
    "Wildfire Forces Evacuation of Hill Villages\n\n"
    "A wildfire spread across 1,200 hectares of forest on Monday and forced about 600 people "
    "to leave four villages, the regional fire service said.\n\n"
    "\"The wind changed direction twice in one hour,\" said Elena Duarte, the service's "
    "commander. She said the fire was under control by the evening. Two firefighters were "
    "treated for smoke inhalation, according to the hospital in Valmora.\n\n"
    "Three aircraft dropped water on the flames until dark. Residents may return on Friday if "
    "the weather stays calm.",
    "Port Workers End Strike After Pay Deal\n\n"
    "Dock workers at the port of Carrick returned to work on Tuesday after a strike that lasted "
    "nine days. The union accepted a pay rise of 6 percent, its leader, Omar Haddad, told "
    "reporters.\n\n"
    "About 40 ships had waited outside the harbour during the strike. The port authority said "
    "the backlog would be cleared within two weeks.\n\n"
    "The dispute began last month.",
)
# Run only by the autograder (hidden tests): other texts again, in other outlets' styles.
HIDDEN_TEXTS = (
    "Museum Returns 12 Stolen Paintings\n\n"
    "The National Museum of Ardenne said on Thursday that it had recovered 12 paintings stolen "
    "from its store in 2019. Police found the works in a warehouse near the border, according "
    "to a statement from the prosecutor's office.\n\n"
    "\"Every one of them is in good condition,\" said curator Ines Moreau. The museum will show "
    "the paintings again next year.",
    "BREAKING: Two Climbers Rescued From Glacier\n\n"
    "Two climbers were lifted off the Sorrel glacier by helicopter yesterday after spending a "
    "night in a crevasse, mountain police said.\n\n"
    "The pair, aged 31 and 34, fell about 15 metres on Sunday afternoon. One of them called for "
    "help with a satellite phone. Both are in hospital in Brenz with broken bones, a hospital "
    "spokeswoman said.\n\n"
    "Rescuers said three teams had searched the glacier for six hours.",
    "City Opens Its First Night Bus Line\n\n"
    "The first night bus in Lindholm ran on Saturday. The line links the station with five "
    "suburbs and runs every 30 minutes until 5 a.m.\n\n"
    "Transport councillor Mia Sorensen said 2,000 people a night are expected to use it. Taxi "
    "drivers criticised the plan last week.",
)


# --- reference methods (the solutions compute the same; the checks compare with these) ------

def _reading_minutes(text: str) -> int:
    from utils.text import words

    return max(1, math.ceil(len(words(text)) / 200))


def _sources(text: str) -> list[str]:
    from utils.text import attributions

    table = attributions(text)
    return sorted(set(table.loc[table["source_kind"] != "pronoun", "source"]))


def _unsourced_share(text: str) -> float:
    from utils.text import sentence_table, unattributed

    story = sentence_table(text)
    n = int((story["kind"] == "story").sum())
    return round(100 * len(unattributed(text)) / n, 1) if n else 0.0


def _counted(text: str) -> dict[str, Any]:
    from utils.report import number_value
    from utils.text import parse

    found: dict[str, Any] = {}
    for token in parse(text):
        if token.dep_ == "nummod" and token.head.pos_ == "NOUN":
            value = number_value(token.text)
            if value is not None:
                found.setdefault(token.head.lemma_.lower(), value)
    return found


@lru_cache(maxsize=16)
def _relative(text: str, published: str) -> list[str]:
    from datetime import date

    from utils.timeline import find_time_expressions, normalise

    alone = find_time_expressions(text)
    anchored = normalise(text, date.fromisoformat(published))
    before = dict(zip(zip(alone["start"], alone["end"]), alone["value"]))
    return [row.text for row in anchored.itertuples()
            if before.get((row.start, row.end)) != row.value]


@lru_cache(maxsize=16)
def _only_in_first(a: str, b: str) -> list[str]:
    from utils.report import compare, read_article

    return sorted(compare(read_article(a, published=PUBLISHED),
                          read_article(b, published=PUBLISHED)).only_in("a"))



# --- typical mistakes, as functions (the tests prove each gets its own message) -------------

def _words(text: str) -> list[str]:
    from utils.text import words

    return words(text)


def _minutes_rounded_down(text: str) -> int:
    return len(_words(text)) // 200


def _minutes_from_characters(text: str) -> int:
    return math.ceil(len(text) / 200)


def _minutes_as_decimal(text: str) -> float:
    return len(_words(text)) / 200


def _share_as_fraction(text: str) -> float:
    return round(_unsourced_share(text) / 100, 3)


def _share_sourced(text: str) -> float:
    return round(100 - _unsourced_share(text), 1)


def _every_source_row(text: str) -> list[str]:
    from utils.text import attributions

    return sorted(attributions(text)["source"])


def _nummods(text: str):
    from utils.text import parse

    return [t for t in parse(text) if t.dep_ == "nummod" and t.head.pos_ == "NOUN"]


def _counted_as_text(text: str) -> dict[str, str]:
    return {t.head.lemma_.lower(): t.text for t in _nummods(text)}


def _counted_as_written(text: str) -> dict[str, Any]:
    from utils.report import number_value

    return {t.head.text: number_value(t.text) for t in _nummods(text)
            if number_value(t.text) is not None}


def _every_time_expression(text: str, published) -> list[str]:
    from utils.timeline import normalise

    return list(normalise(text, published)["text"])


# --- how a learner's function is judged -----------------------------------------------------

def _same(function, reference: Callable, *args) -> bool:
    return _equal(call_learner(function, *args), reference(*args))


def _mistake(function, wrong: Callable, right: Callable, *args) -> bool:
    """The learner's answer is the typical mistake's (where the mistake gives another answer)."""
    return not _equal(wrong(*args), right(*args)) and _same(function, wrong, *args)


def _equal(answer: Any, expected: Any) -> bool:
    if isinstance(expected, float):
        return isinstance(answer, (int, float)) and abs(float(answer) - expected) < 0.051
    if isinstance(expected, list):
        return isinstance(answer, (list, tuple)) and list(answer) == expected
    if isinstance(expected, dict):
        return isinstance(answer, dict) and answer == expected
    return answer == expected


def _on_all(reference: Callable, texts: tuple[str, ...], extra: tuple = ()) -> Callable:
    """A check that runs the function on *texts* (for check(): True/False)."""
    return lambda f: all(_same(f, reference, text, *extra) for text in texts)


def _hidden(reference: Callable, texts: tuple[str, ...], what: str, extra: tuple = ()) -> Callable:
    """A hidden test: True, or a sentence saying on which kind of text it went wrong."""
    def test(f) -> bool | str:
        for number, text in enumerate(texts, start=1):
            try:
                ok = _same(f, reference, text, *extra)
            except Exception as problem:  # the learner's code: say so, do not crash the grader
                return f"On hidden text {number}, {problem}"
            if not ok:
                return (f"On hidden text {number} (another news text), your function does not "
                        f"give {what}. Make sure it computes from the text it is given.")
        return True
    return test


def _constant(f, *extra) -> bool:
    first = call_learner(f, SELF_STUDY_TEXTS[0], *extra)
    return first == call_learner(f, SELF_STUDY_TEXTS[1], *extra) and first != _sources(SELF_STUDY_TEXTS[0])


def _constant_message(what: str) -> str:
    return (f"Your function gives the same answer for two different texts: it must compute "
            f"{what} from the text it is given, not return a fixed value.")


def _pair(f, a: str, b: str) -> bool:
    return _equal(call_learner(f, a, b), _only_in_first(a, b))


EXERCISES = [
    Exercise(
        id="05-reading-minutes",
        notebook=NOTEBOOK,
        name="reading_minutes",
        question="Write a function reading_minutes(text) that returns how many whole minutes it "
                 "takes to read a text at 200 words a minute, rounded up (at least 1), counting "
                 "words with utils.text.words.",
        kind=FunctionType,
        is_correct=_on_all(_reading_minutes, SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: _mistake(f, _minutes_rounded_down, _reading_minutes, SELF_STUDY_TEXTS[0]),
                          "Your function rounds down: a text of 250 words takes more than one "
                          "minute. Round up with math.ceil (and give at least 1).",
                          example=lambda: _minutes_rounded_down),
            Misconception(lambda f: _mistake(f, _minutes_from_characters, _reading_minutes, SELF_STUDY_TEXTS[0]),
                          "Your function counts characters (len(text)), not words: count the "
                          "words with words(text).",
                          example=lambda: _minutes_from_characters),
            Misconception(lambda f: isinstance(call_learner(f, SELF_STUDY_TEXTS[0]), float),
                          "Your function returns a decimal number: the question asks for whole "
                          "minutes (an int), rounded up.",
                          example=lambda: _minutes_as_decimal),
        ),
        hidden_checks=(_hidden(_reading_minutes, HIDDEN_TEXTS, "the right number of minutes"),),
        hint="len(words(text)) is the number of words; divide by 200 and round up with "
             "math.ceil(...); max(1, ...) makes the shortest text take one minute.",
        explanation="Reading time is a rough guide (readers differ), but it is computed from the "
                    "text: read_article's stats do the same.",
        context=lambda: {},
    ),
    Exercise(
        id="05-sources-quoted",
        notebook=NOTEBOOK,
        name="sources_quoted",
        question="Write a function sources_quoted(text) that returns the sorted list of the "
                 "distinct sources a text quotes: the `source` column of attributions(text), "
                 "without the pronouns (source_kind \"pronoun\": \"he\", \"she\", \"they\").",
        kind=FunctionType,
        is_correct=_on_all(_sources, SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: _constant(f), _constant_message("the sources"),
                          example=lambda: (lambda text: ["the fire service"])),
            Misconception(lambda f: _mistake(f, _every_source_row, _sources, SELF_STUDY_TEXTS[0]),
                          "Your list has a source twice, or a pronoun: keep each source once "
                          "(set(...)) and leave out the rows whose source_kind is \"pronoun\".",
                          example=lambda: _every_source_row),
        ),
        hidden_checks=(_hidden(_sources, HIDDEN_TEXTS, "the sources it quotes"),),
        hint="table = attributions(text); keep table[table[\"source_kind\"] != \"pronoun\"]; "
             "then sorted(set(...)) of its \"source\" column.",
        explanation="Who is quoted is the first question of notebook 01, and the same code "
                    "answers it for any text.",
        context=lambda: {},
    ),
    Exercise(
        id="05-unsourced-share",
        notebook=NOTEBOOK,
        name="unsourced_share",
        question="Write a function unsourced_share(text) that returns the percentage (0 to 100, "
                 "rounded to 1 decimal) of the story's sentences (kind \"story\" in "
                 "sentence_table(text)) that carry no attribution (unattributed(text)).",
        kind=FunctionType,
        is_correct=_on_all(_unsourced_share, SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: _mistake(f, _share_as_fraction, _unsourced_share,
                                             SELF_STUDY_TEXTS[0]),
                          "Your function returns a fraction (between 0 and 1): multiply by 100 "
                          "for a percentage.",
                          example=lambda: _share_as_fraction),
            Misconception(lambda f: _mistake(f, _share_sourced, _unsourced_share,
                                             SELF_STUDY_TEXTS[0]),
                          "That is the share of sentences that *are* attributed. The question "
                          "asks for those with no attribution.",
                          example=lambda: _share_sourced),
        ),
        hidden_checks=(_hidden(_unsourced_share, HIDDEN_TEXTS, "the right percentage"),),
        hint="len(unattributed(text)) sentences have no source; the story has "
             "(sentence_table(text)[\"kind\"] == \"story\").sum() sentences. Divide, multiply by "
             "100 and round(..., 1).",
        explanation="A high share is not wrong in itself (a reporter may have seen it), but each "
                    "unsourced sentence is one a reader cannot check.",
        context=lambda: {},
    ),
    Exercise(
        id="05-count-nouns",
        notebook=NOTEBOOK,
        name="counted",
        question="Write a function counted(text) that returns a dict: for every token of "
                 "parse(text) whose dep_ is \"nummod\" and whose head is a NOUN, the head's "
                 "lemma_ in lower case -> number_value(token.text) (skip a token whose value is "
                 "None; if a noun is counted twice, keep the first).",
        kind=FunctionType,
        is_correct=_on_all(_counted, SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: any(isinstance(v, str) for v in
                                        dict(call_learner(f, SELF_STUDY_TEXTS[0])).values()),
                          "Your values are text (\"four\"): convert each with "
                          "number_value(token.text), which gives 4.",
                          example=lambda: _counted_as_text),
            Misconception(lambda f: _mistake(f, _counted_as_written, _counted, SELF_STUDY_TEXTS[0]),
                          "Your keys are the nouns as written (\"villages\"): use the head's "
                          "lemma_ in lower case (\"village\"), so that \"4 villages\" and "
                          "\"1 village\" count the same thing.",
                          example=lambda: _counted_as_written),
        ),
        hidden_checks=(_hidden(_counted, HIDDEN_TEXTS, "the right numbers and nouns"),),
        hint="for token in parse(text): if token.dep_ == \"nummod\" and token.head.pos_ == "
             "\"NOUN\": value = number_value(token.text); if value is not None: "
             "found.setdefault(token.head.lemma_.lower(), value).",
        explanation="This is the heart of compare()'s numbers: two reports that count the same "
                    "noun differently (hits, rounds, ages) disagree on a fact.",
        context=lambda: {},
    ),
    Exercise(
        id="05-relative-dates",
        notebook=NOTEBOOK,
        name="relative_dates",
        question="Write a function relative_dates(text, published) that returns the list of "
                 "time expressions (their `text`, in text order) whose value depends on the "
                 "publication date: those whose value in normalise(text, published) differs "
                 "from their value in find_time_expressions(text).",
        kind=FunctionType,
        is_correct=lambda f: all(_equal(call_learner(f, t, _date()), _relative(t, PUBLISHED))
                                 for t in SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: _same(f, _every_time_expression, SELF_STUDY_TEXTS[1], _date())
                          and _every_time_expression(SELF_STUDY_TEXTS[1], _date())
                          != _relative(SELF_STUDY_TEXTS[1], PUBLISHED),
                          "Your list has every time expression. Keep only those whose value "
                          "changes when the publication date is given: an absolute date "
                          "(\"27 July 1953\") or a duration (\"nine days\") has the same value "
                          "without it.",
                          example=lambda: _every_time_expression),
        ),
        hidden_checks=(lambda f: _hidden_relative(f),),
        hint="alone = find_time_expressions(text); anchored = normalise(text, published). Match "
             "rows by (start, end), and keep anchored rows whose value differs.",
        explanation="A relative date is only as good as the anchor: change the publication "
                    "date and every expression in your list moves with it.",
        context=lambda: {},
    ),
    Exercise(
        id="05-only-in-first",
        notebook=NOTEBOOK,
        name="only_in_first",
        question="Write a function only_in_first(text_a, text_b) that returns the sorted list of "
                 "the entities (canonical names) that text_a names and text_b does not, using "
                 "read_article (with published=PUBLISHED) and compare(...).only_in(\"a\").",
        kind=FunctionType,
        is_correct=lambda f: _pair(f, *SELF_STUDY_TEXTS),
        misconceptions=(
            Misconception(lambda f: _equal(call_learner(f, *SELF_STUDY_TEXTS),
                                           _only_in_first(SELF_STUDY_TEXTS[1], SELF_STUDY_TEXTS[0])),
                          "Your list holds the entities of text_b that text_a does not name: the "
                          "other way round. only_in(\"a\") is for the first reading given to "
                          "compare.",
                          example=lambda: (lambda a, b: _only_in_first(b, a))),
        ),
        hidden_checks=(lambda f: _hidden_pair(f),),
        hint="c = compare(read_article(text_a, published=PUBLISHED), read_article(text_b, "
             "published=PUBLISHED)); return sorted(c.only_in(\"a\")).",
        explanation="What one report names and another leaves out is where reading two reports "
                    "of an event starts: then ask why.",
        context=lambda: {"PUBLISHED": PUBLISHED},
    ),
]


def _date():
    from datetime import date

    return date.fromisoformat(PUBLISHED)


def _hidden_relative(f) -> bool | str:
    for number, text in enumerate(HIDDEN_TEXTS, start=1):
        try:
            ok = _equal(call_learner(f, text, _date()), _relative(text, PUBLISHED))
        except Exception as problem:
            return f"On hidden text {number}, {problem}"
        if not ok:
            return (f"On hidden text {number} (another news text), your function does not list "
                    "the expressions whose value needs the publication date.")
    return True


def _hidden_pair(f) -> bool | str:
    pairs = [(HIDDEN_TEXTS[0], HIDDEN_TEXTS[1]), (HIDDEN_TEXTS[2], HIDDEN_TEXTS[0])]
    for number, (a, b) in enumerate(pairs, start=1):
        try:
            ok = _pair(f, a, b)
        except Exception as problem:
            return f"On hidden pair {number}, {problem}"
        if not ok:
            return (f"On hidden pair {number} (two other news texts), your function does not "
                    "give the entities only the first one names.")
    return True


__all__ = ["EXERCISES", "HIDDEN_TEXTS", "PRACTICE_TEXT", "PUBLISHED", "SECOND_PRACTICE_TEXT",
           "SELF_STUDY_TEXTS", "shown_texts"]

# In the order the notebook asks them (the classroom tools expect the notebook's order).
_ORDER = ["05-reading-minutes", "05-sources-quoted", "05-unsourced-share", "05-count-nouns",
          "05-only-in-first", "05-relative-dates"]
EXERCISES = sorted(EXERCISES, key=lambda ex: _ORDER.index(ex.id))
