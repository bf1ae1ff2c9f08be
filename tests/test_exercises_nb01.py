"""Notebook 01's exercises: each reference solution passes, each misconception's example gets its message."""
from __future__ import annotations

import pytest

from utils.checking import evaluate_answer
from utils.exercises import exercises_for, solution_code
from utils.exercises.nb01 import EXERCISES, hit_report_table

IDS = [ex.id for ex in EXERCISES]


def test_at_least_five_exercises_registered():
    assert len(EXERCISES) >= 5
    assert [ex.id for ex in exercises_for("01-reading-the-article")] == IDS
    assert all(ex.id.startswith("01-") for ex in EXERCISES)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_reference_solution_passes(ex):
    code = solution_code(ex.id)
    assert code, f"utils/solutions/{ex.id}.py is missing"
    namespace = dict(ex.context()) if ex.context else {}
    exec(compile(code, f"{ex.id}.py", "exec"), namespace)
    feedback = evaluate_answer(ex, namespace[ex.name])
    assert feedback.passed, str(feedback)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_each_misconception_is_recognised(ex):
    assert ex.misconceptions and ex.hint and ex.explanation
    for mistake in ex.misconceptions:
        answer = mistake.example_answer()
        feedback = evaluate_answer(ex, answer)
        assert feedback.status == "misconception" and feedback.message == mistake.message, (
            answer, str(feedback))


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_placeholder_and_wrong_type(ex):
    assert evaluate_answer(ex, ...).status == "not-attempted"
    wrong = 3.5 if ex.kind is not float else "x"
    assert evaluate_answer(ex, wrong).status == "wrong-type"


def test_checks_are_computed_not_typed_in():
    from utils.exercises.nb01 import EXERCISES as exs

    by_id = {ex.id: ex for ex in exs}
    assert evaluate_answer(by_id["01-story-paragraphs"], 6).passed
    assert evaluate_answer(by_id["01-longest-sentence"], 5).passed
    assert evaluate_answer(by_id["01-most-quoted"], "Col. Chad Carroll").passed
    assert evaluate_answer(by_id["01-most-quoted"], "Carroll").passed
    assert evaluate_answer(by_id["01-unsourced-paragraphs"], [1, 2]).passed
    assert evaluate_answer(by_id["01-korea-count"], 9).passed
    assert evaluate_answer(by_id["01-wednesday-head"], "defected").passed
    assert evaluate_answer(by_id["01-hits-contradict"], ["ABC", "AFP"]).passed
    assert not evaluate_answer(by_id["01-hits-contradict"], ["ABC", "AFP", "UNC"]).passed


def test_hit_reports_follow_event_facts():
    table = hit_report_table().set_index("report")
    assert table.loc["UNC", "says"] == "five" and table.loc["ABC", "says"] == "six"
    assert table.loc["USA Today", "at_least"] == 4 and table.loc["AFP", "at_least"] == 6
