"""The feedback mechanism itself (utils.checking), on a made-up exercise and on 00-warm-up."""
from __future__ import annotations

import pytest

from utils import checking
from utils.checking import (Feedback, assert_passes, check, describe_type, evaluate_answer,
                            hint, progress, solution)
from utils.errors import CourseInputError
from utils.exercises import Exercise, Misconception, get_exercise

DEMO = Exercise(
    id="demo-sum", notebook="99-demo", name="total", question="What is 2 + 3?", kind=int,
    is_correct=lambda a: a == 5,
    misconceptions=(Misconception(lambda a: a == 23, "You joined the digits instead of adding.",
                                  example=23),
                    Misconception(lambda a: a < 0, "A sum of positive numbers is positive.",
                                  example=-5)),
    hint="Use +.", explanation="2 + 3 is 5.", incorrect_message="Not 5 yet.",
    hidden_checks=(lambda a: a % 5 == 0,),
)


@pytest.mark.parametrize("answer, status, words", [
    (checking._MISSING, "not-defined", "`total` is not defined yet"),
    (..., "not-attempted", "still the placeholder"),
    (None, "not-attempted", "is None"),
    ("5", "wrong-type", "Remove the quotes"),
    (True, "wrong-type", "True or False"),
    (5.0, "wrong-type", "a number (float)"),
    (len, "wrong-type", "forget to call the function"),
    (23, "misconception", "joined the digits"),
    (-5, "misconception", "positive"),
    (7, "incorrect", "Not 5 yet."),
    (5, "correct", "2 + 3 is 5."),
])
def test_stages_give_the_expected_status_and_message(answer, status, words):
    feedback = evaluate_answer(DEMO, answer)
    assert feedback.status == status
    assert words in feedback.message
    assert feedback.passed is (status == "correct")


def test_stages_come_in_order_misconception_before_the_final_check():
    # 10 matches no misconception and is wrong; a misconception predicate that also matches a
    # correct-looking value wins, because typical mistakes are checked first.
    sneaky = Exercise(id="demo-order", notebook="99-demo", name="x", question="?", kind=int,
                      is_correct=lambda a: True,
                      misconceptions=(Misconception(lambda a: a == 1, "one is a trap", 1),))
    assert evaluate_answer(sneaky, 1).status == "misconception"
    assert evaluate_answer(sneaky, 2).status == "correct"


def test_numpy_numbers_count_as_int():
    np = pytest.importorskip("numpy")
    assert evaluate_answer(DEMO, np.int64(5)).passed


def test_a_predicate_that_raises_does_not_break_the_check():
    fragile = Exercise(id="demo-fragile", notebook="99-demo", name="x", question="?",
                       kind=list, is_correct=lambda a: a[10] == 1,
                       misconceptions=(Misconception(lambda a: a[5] == 0, "never", [0] * 6),))
    feedback = evaluate_answer(fragile, [1, 2])
    assert feedback.status == "incorrect"
    assert "could not be checked" in feedback.message


def test_check_reads_the_answer_from_the_callers_namespace():
    total = 5  # noqa: F841  (read by check through the caller's frame)
    assert check(DEMO).passed


def test_check_reads_globals_of_the_calling_notebook():
    namespace = {"check": check, "DEMO": DEMO, "total": 23}
    exec("result = check(DEMO)", namespace)
    assert namespace["result"].status == "misconception"


def test_an_explicit_answer_wins_over_the_namespace():
    total = 5  # noqa: F841
    assert check(DEMO, 7).status == "incorrect"


def test_strict_mode_raises_assertion_error_with_the_feedback():
    with pytest.raises(AssertionError, match="joined the digits"):
        check(DEMO, 23, strict=True)
    with pytest.raises(AssertionError, match="Not started"):
        check(DEMO, ..., strict=True)
    assert check(DEMO, 5, strict=True).passed


def test_strict_nbgrader_raises_only_while_nbgrader_grades(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert check(DEMO, 23, strict="nbgrader").status == "misconception"
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="joined the digits"):
        check(DEMO, 23, strict="nbgrader")
    assert check(DEMO, 5, strict="nbgrader").passed
    with pytest.raises(CourseInputError, match="strict="):
        check(DEMO, 5, strict="yes")


def test_assert_passes_runs_the_hidden_checks():
    assert_passes(DEMO, 5)
    with pytest.raises(AssertionError, match="hidden test 1"):
        # passes the visible check but not the hidden one
        assert_passes(Exercise(id="demo-hidden", notebook="99-demo", name="x", question="?",
                               kind=int, is_correct=lambda a: a > 0,
                               hidden_checks=(lambda a: a % 2 == 0,)), 3)
    with pytest.raises(AssertionError, match="Not yet"):
        assert_passes(DEMO, 7)


def test_text_rendering_names_the_exercise_status_and_hint():
    feedback = evaluate_answer(DEMO, 23)
    assert str(feedback) == "[demo-sum] Not yet: You joined the digits instead of adding."
    assert "hint('demo-sum')" in repr(feedback)
    assert "hint(" not in repr(evaluate_answer(DEMO, 5))


def test_html_rendering_is_escaped_and_says_the_status_in_words():
    feedback = Feedback("demo-sum", "misconception", "a <b> & c", "h")
    html = feedback._repr_html_()
    assert "Not yet" in html and "role='status'" in html
    assert "a &lt;b&gt; &amp; c" in html and "<b>" not in html
    assert "hint(" in html
    done = Feedback("demo-sum", "correct", "ok")._repr_html_()
    assert "Correct" in done and "hint(" not in done
    assert "hint(" not in Feedback("demo-sum", "not-attempted", "...")._repr_html_()


def test_unknown_id_suggests_the_nearest():
    with pytest.raises(CourseInputError, match="Did you mean '00-warm-up'"):
        check("00-warmup", 3)
    with pytest.raises(CourseInputError, match="id as text"):
        check(42)


def test_hint_shows_the_hint_as_text_and_html():
    shown = hint("00-warm-up")
    assert get_exercise("00-warm-up").hint in repr(shown)
    assert "Hint for 00-warm-up" in shown._repr_html_()


def test_solution_shows_the_reference_solution():
    shown = solution("00-warm-up")
    assert "len(article.title.split())" in repr(shown)
    assert "<pre" in shown._repr_html_()


def test_solution_without_the_solutions_folder_says_so(tmp_path, monkeypatch):
    import utils.exercises as exercises

    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", tmp_path / "missing")
    shown = repr(solution("00-warm-up"))
    assert "not included" in shown
    assert "len(" not in shown


def test_progress_lists_the_checked_exercises(article):
    checking._results.pop("00-warm-up", None)
    assert progress("00").set_index("exercise").loc["00-warm-up", "status"] == "Not started"
    check("00-warm-up", len(article.title.split()))
    table = progress("00-start-here")
    assert table.set_index("exercise").loc["00-warm-up", "status"] == "Correct"
    assert list(table.columns) == ["exercise", "question", "status"]


def test_describe_type_in_plain_words():
    assert describe_type(str) == "a piece of text (str)"
    assert describe_type((int, float)) == "a whole number (int) or a number (float)"
