"""Notebook 03's exercises: the build-it-yourself checks cannot be passed by an answer typed in
for the article, their hidden tests say in a sentence what went wrong, and the notebook shows
what the issues asked for (dateparser's three settings, discussion ids, citations with links)."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from utils.checking import assert_passes, evaluate_answer
from utils.exercises import get_exercise, reference_answer
from utils.exercises.nb03 import (DIRECTION_CASES, EXERCISES, READING_DAY, WEEKDAYS,
                                  weekday_date)
from utils.paths import NOTEBOOKS_DIR, ROOT
from utils.timeline import load_timeline

NOTEBOOK = NOTEBOOKS_DIR / "03-building-a-timeline.ipynb"
WED = date(2017, 11, 22)
BUILD_IT_YOURSELF = ["03-resolve-wednesday", "03-weekday-direction", "03-days-between",
                     "03-fortnight-rule"]


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _markdown() -> str:
    return "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "markdown")


def _reference(exercise_id: str):
    return reference_answer(exercise_id)


def test_build_it_yourself_exercises_have_hidden_checks_on_other_inputs():
    for exercise_id in BUILD_IT_YOURSELF:
        ex = get_exercise(exercise_id)
        assert ex.hidden_checks, exercise_id
        assert_passes(ex, _reference(exercise_id))  # visible and hidden checks


# --- 03-resolve-wednesday -------------------------------------------------------------------

def test_weekday_reference_arithmetic_by_hand():
    assert weekday_date("Wednesday", WED, "past") == WED          # the anchor's own weekday
    assert weekday_date("Wednesday", WED, "future") == WED
    assert weekday_date("Friday", WED, "past") == date(2017, 11, 17)
    assert weekday_date("friday", WED, "future") == date(2017, 11, 24)
    assert weekday_date("Wednesday", READING_DAY, "past") == date(2017, 12, 6)
    assert weekday_date("Thursday", date(2018, 1, 1), "past") == date(2017, 12, 28)


def test_the_engine_agrees_with_the_reference_arithmetic():
    from utils.timex import normalise

    for name in ("Monday", "Wednesday", "Friday", "Sunday"):
        for sentence, direction in [(f"They met on {name}.", "past"),
                                    (f"They will meet on {name}.", "future")]:
            value = normalise(sentence, WED)["value"].iloc[0]
            assert value == weekday_date(name, WED, direction).isoformat(), sentence


def test_a_resolver_typed_in_for_the_article_fails():
    ex = get_exercise("03-resolve-wednesday")
    feedback = evaluate_answer(ex, lambda name, anchor, direction: date(2017, 11, 22))
    assert not feedback.passed


def test_a_resolver_that_raises_or_returns_nothing_gets_feedback_naming_the_input():
    ex = get_exercise("03-resolve-wednesday")

    def resolve_weekday(name, anchor, direction):
        return {"Wednesday": anchor}[name]

    feedback = evaluate_answer(ex, resolve_weekday)
    assert not feedback.passed and "KeyError" in feedback.message and "Friday" in feedback.message

    def forgets_return(name, anchor, direction):
        anchor - timedelta(days=1)

    feedback = evaluate_answer(ex, forgets_return)
    assert not feedback.passed and "returned nothing" in feedback.message


def test_a_resolver_that_fails_only_on_hidden_inputs_gets_a_sentence():
    from utils.exercises.nb03 import _WEEKDAY_HIDDEN, _weekday_hidden

    def resolve_weekday(name, anchor, direction):   # right except across a new year
        day = weekday_date(name, anchor, direction)
        return day if day.year == anchor.year else anchor
    assert evaluate_answer(get_exercise("03-resolve-wednesday"), resolve_weekday).passed
    message = _weekday_hidden(resolve_weekday)
    assert isinstance(message, str) and "2017" in message
    assert all(case[0].lower() in WEEKDAYS for case in _WEEKDAY_HIDDEN)


def test_the_dateparser_feedback_says_what_the_setting_does():
    """Issue 14: dateparser's default counts the anchor's own weekday as that day."""
    ex = get_exercise("03-resolve-wednesday")
    messages = " ".join(m.message for m in ex.misconceptions) + ex.hint + ex.explanation
    assert "PREFER_DATES_FROM" in messages and "strictly before" in messages
    assert "never counts" not in messages and "never counts" not in _markdown()
    source = "\n".join("".join(c["source"]) for c in _cells())
    assert 'dateparser_readings(day, anchor) for day in ["Wednesday"' in source
    assert '"current_period"' in _markdown() and "**default**" in _markdown()


# --- 03-weekday-direction ---------------------------------------------------------------------

def test_direction_cases_agree_with_the_engine():
    from utils.timex import normalise

    for sentence, expected in DIRECTION_CASES.items():
        assert normalise(sentence, WED)["direction"].iloc[0] == expected, sentence


def test_a_direction_typed_in_for_the_article_fails():
    ex = get_exercise("03-weekday-direction")
    assert not evaluate_answer(ex, lambda doc: "past").passed


def test_direction_hidden_check_names_the_sentence():
    from utils.exercises.nb03 import _direction_hidden

    reference = _reference("03-weekday-direction")

    def no_modals(doc):  # right on the visible cases, wrong with "would"
        result = reference(doc)
        return "past" if any(t.lower_ == "would" for t in doc) else result
    assert evaluate_answer(get_exercise("03-weekday-direction"), no_modals).passed
    message = _direction_hidden(no_modals)
    assert isinstance(message, str) and "would hold until Sunday" in message


# --- 03-days-between --------------------------------------------------------------------------

def test_days_between_eight_instead_of_nine_has_its_own_message():
    ex = get_exercise("03-days-between")

    def days_between(timeline, first, second):
        starts = timeline.set_index("id")["start"]
        return (starts[second] - starts[first]).days   # timestamps with times of day
    feedback = evaluate_answer(ex, days_between)
    assert feedback.status == "misconception"
    assert "8 days" in feedback.message and "9 calendar days" in feedback.message


def test_days_between_typed_in_for_the_article_fails_and_hidden_says_why():
    from utils.exercises.nb03 import _days_hidden

    ex = get_exercise("03-days-between")
    assert not evaluate_answer(ex, lambda timeline, first, second: 9).passed

    def only_article_ids(timeline, first, second):
        starts = timeline.set_index("id")["start"]
        if first == "jeep-approaches":
            return (starts[second] - starts[first]).days
        return (starts[second].normalize() - starts[first].normalize()).days
    message = _days_hidden(only_article_ids)
    assert isinstance(message, str) and "calendar days" in message and "timestamps" in message


def test_days_between_reference_on_the_article():
    assert _reference("03-days-between")(load_timeline(), "runs-across", "video-released") == 9


# --- 03-fortnight-rule ------------------------------------------------------------------------

def test_the_default_rule_table_has_no_fortnight_and_the_reference_row_raises_value_f1():
    from utils.exercises.open_checks import baseline_value_f1, improves_devset
    from utils.timex import load_rules

    assert not load_rules()["pattern"].str.contains("fortnight").any()
    assert improves_devset(_reference("03-fortnight-rule"))
    assert 0 < baseline_value_f1() < 1


def test_a_rule_with_a_bad_pattern_is_feedback_not_a_traceback():
    ex = get_exercise("03-fortnight-rule")
    row = dict(_reference("03-fortnight-rule"), pattern="(a fortnight")
    feedback = evaluate_answer(ex, row)
    assert not feedback.passed and "regular expression" in feedback.message


def test_a_rule_that_finds_nothing_new_fails():
    ex = get_exercise("03-fortnight-rule")
    row = dict(_reference("03-fortnight-rule"), pattern=r"a\s+fortnight\s+of\s+rain",
               example="We had a fortnight of rain.", example_value="P2W",
               value="=P2W")
    assert not evaluate_answer(ex, row).passed


# --- the notebook -----------------------------------------------------------------------------

def test_every_discussion_shows_its_id_and_has_notes_for_a_good_answer():
    cells = _cells()
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("discussion")
        if meta:
            question = "".join(cells[i - 1]["source"])
            assert f"Discussion {meta['id']}" in question, meta["id"]
            notes = ROOT / "utils" / "solutions" / "discussions" / f"{meta['id']}.md"
            assert notes.exists() and meta["id"] in notes.read_text(encoding="utf-8")


def test_every_citation_of_event_facts_names_its_row_or_section():
    """Issue 14, item 11: a learner can follow a citation to the row it means."""
    links = re.findall(r"\[([^\]]+)\]\(\.\./data/sources/event-facts\.md\)", _markdown())
    assert links
    for text in links:
        assert text != "event facts" and ("\"" in text or "," in text), text


def test_the_notebook_says_who_wrote_tuesday_and_when_the_briefing_was():
    """Issue 14, item 6: only some US outlets wrote "Tuesday"; the hour is now known."""
    text = _markdown()
    assert "US outlets dated the video's release \"Tuesday\"" not in text
    assert "some US outlets" in text and "AP" in text and "CNN" in text
    assert "11:19 KST" in text and "morning of 22 November" in text
    assert "do not give the hour" not in text


def test_the_front_matter_time_matches_the_readme():
    first = "".join(_cells()[0]["source"])
    minutes = re.search(r"\*\*Estimated time\*\* \| (\d+) min", first).group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "03-building-a-timeline.ipynb" in line)
    assert row.rstrip(" |").endswith(f"{minutes} min"), row


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.id for e in EXERCISES])
def test_hints_use_only_what_the_series_has_taught(ex):
    """A hint names only helpers the notebook imports or Python it shows before the exercise."""
    taught = {"resolve_weekday", "WEEKDAYS", "weekday", "timedelta", "lower", "index", "head",
              "pos_", "dep_", "lemma_", "morph", "get", "lower_", "children", "set_index",
              "normalize", "days", "isin", "chronological_order", "idxmin", "loc", "year",
              "load_rules", "score_devset", "to_dict", "normalise", "date"}
    code = re.sub(r'"[^"]*"', '""', ex.hint)  # quoted text (a pattern, a value) is not code
    called = set(re.findall(r"\.?([A-Za-z_]+)\(", code)) | set(re.findall(r"\.([a-z_]+)", code))
    assert called <= taught | {"s", "e", "g"}, sorted(called - taught)
