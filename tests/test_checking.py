"""The feedback mechanism itself (utils.checking), on a made-up exercise and on 00-warm-up."""
from __future__ import annotations

import types

import pytest

from utils import checking
from utils.checking import (Feedback, assert_passes, call_learner, check, describe_type,
                            evaluate_answer, hint, progress, solution)
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
    (5.0, "wrong-type", "int(5.0) is 5"),
    (5.5, "wrong-type", "a count or a position has no decimals"),
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


# --- generic feedback: the same rules for every exercise --------------------------------------

LISTY = Exercise(id="demo-list", notebook="99-demo", name="numbers", question="1 and 2?",
                 kind=list, is_correct=lambda a: a == [1, 2], hint="h", explanation="e",
                 hidden_checks=(lambda a: isinstance(a, list),))
PAIR = Exercise(id="demo-pair", notebook="99-demo", name="pair", question="(1, 2)?",
                kind=tuple, is_correct=lambda a: a == (1, 2), hint="h", explanation="e")


@pytest.mark.parametrize("answer", [[1, 2], (1, 2)], ids=["list", "tuple"])
def test_tuples_and_lists_are_interchangeable(answer):
    assert evaluate_answer(LISTY, answer).passed
    assert evaluate_answer(PAIR, answer).passed
    assert_passes(LISTY, answer)  # the hidden checks see a list too


def test_numpy_arrays_and_pandas_series_count_as_lists():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert evaluate_answer(LISTY, np.array([1, 2])).passed
    assert evaluate_answer(LISTY, pd.Series([1, 2])).passed
    assert evaluate_answer(PAIR, pd.Series([1, 2])).passed
    table = evaluate_answer(LISTY, pd.DataFrame({"paragraph": [1, 2]}))
    assert table.status == "wrong-type" and "pick one column" in table.message
    assert evaluate_answer(LISTY, np.array([[1, 2]])).status == "wrong-type"
    assert evaluate_answer(LISTY, {1, 2}).status == "wrong-type"  # a set has no order


def test_a_float_where_a_whole_number_is_expected():
    np = pytest.importorskip("numpy")
    for answer in (7.0, np.float64(7.0)):
        feedback = evaluate_answer(DEMO, answer)
        assert feedback.status == "wrong-type"
        assert "int(7.0) is 7" in feedback.message and "quotes" not in feedback.message
    assert "no decimals" in evaluate_answer(DEMO, 7.5).message
    either = Exercise(id="demo-num", notebook="99-demo", name="x", question="?",
                      kind=(int, float), is_correct=lambda a: a == 4)
    assert evaluate_answer(either, 4.0).passed


def test_a_function_overwritten_by_the_placeholder_line_below_it():
    fn = Exercise(id="demo-fn", notebook="99-demo", name="f", question="write f",
                  kind=types.FunctionType, is_correct=lambda f: call_learner(f, 2) == 4,
                  hint="h")
    same = evaluate_answer(fn, ..., sources=["", "def f(x):\n    return 2 * x\nf = ...\n"])
    assert same.status == "misconception" and "Delete the line `f = ...`" in same.message
    earlier = evaluate_answer(fn, ..., sources=["def f(x):\n    return 2 * x", "# def f(x):\nf = ..."])
    assert earlier.status == "misconception" and "Delete that line" in earlier.message
    untouched = evaluate_answer(fn, ..., sources=["# def f(x):\n#     return ...\nf = ..."])
    assert untouched.status == "not-attempted"
    # check() reads IPython's input history, In, from the notebook's namespace
    namespace = {"check": check, "fn": fn, "f": ...,
                 "In": ["", "def f(x):\n    return 2 * x\nf = ...", "check(fn)"]}
    exec("result = check(fn)", namespace)
    assert "Delete the line" in namespace["result"].message


def test_learner_functions_that_raise_or_return_nothing_get_feedback_naming_the_input():
    fn = Exercise(id="demo-fn2", notebook="99-demo", name="f", question="write f",
                  kind=types.FunctionType, is_correct=lambda f: call_learner(f, "x") == "X",
                  misconceptions=(Misconception(lambda f: call_learner(f, "y") == "y", "same"),))

    def raises(text):
        return {"a": 1}[text]

    def nothing(text):
        text.upper()

    raised = evaluate_answer(fn, raises)
    assert raised.status == "incorrect"
    assert "raised KeyError: 'y'" in raised.message and "('y')" in raised.message
    silent = evaluate_answer(fn, nothing)
    assert "returned nothing (None)" in silent.message and "`return`" in silent.message
    assert evaluate_answer(fn, lambda text: text.upper()).passed
    assert evaluate_answer(fn, "text").status == "wrong-type"


def test_a_hidden_test_that_fails_says_so_in_a_sentence():
    def weekday_check(f):
        return {"Monday": 0}[call_learner(f, "Friday")]  # the check itself raises KeyError

    def learner(day):
        return day

    ex = Exercise(id="demo-hidden-raw", notebook="99-demo", name="f", question="?",
                  kind=types.FunctionType, is_correct=lambda f: True,
                  hidden_checks=(weekday_check,))
    with pytest.raises(AssertionError) as raised:
        assert_passes(ex, learner)
    message = str(raised.value)
    assert message.startswith("[demo-hidden-raw] hidden test 1: your answer works on the article")
    assert "KeyError" in message and "Traceback" not in message
    with pytest.raises(AssertionError, match="returned nothing"):
        assert_passes(Exercise(id="demo-h2", notebook="99-demo", name="f", question="?",
                               kind=types.FunctionType, is_correct=lambda f: True,
                               hidden_checks=(lambda f: call_learner(f, 1) == 1,)),
                      lambda x: None)
    with pytest.raises(AssertionError, match="Friday is not a weekday here"):
        assert_passes(Exercise(id="demo-h3", notebook="99-demo", name="x", question="?",
                               kind=int, is_correct=lambda a: True,
                               hidden_checks=(lambda a: "Friday is not a weekday here.",)), 1)


def test_a_straight_apostrophe_where_the_text_has_a_curly_one():
    ex = Exercise(id="demo-apostrophe", notebook="99-demo", name="army", question="?",
                  kind=str, is_correct=lambda a: a.strip() == "People’s Army", hint="h")
    feedback = evaluate_answer(ex, "People's Army")
    assert feedback.status == "misconception" and "curly apostrophe" in feedback.message
    assert evaluate_answer(ex, "People’s Army").passed
    assert evaluate_answer(ex, "Peoples Army").status == "incorrect"
    reverse = Exercise(id="demo-apostrophe2", notebook="99-demo", name="x", question="?",
                       kind=str, is_correct=lambda a: a == "it's")
    assert "curly apostrophe" in evaluate_answer(reverse, "it’s").message


def test_a_reasoned_alternative_is_accepted_with_its_own_message():
    ex = Exercise(id="demo-alt", notebook="99-demo", name="who", question="?", kind=str,
                  is_correct=lambda a: a == "Carroll",
                  misconceptions=(Misconception(lambda a: a == "Lee", "Accepted, if ...",
                                                example="Lee", accept=True),))
    feedback = evaluate_answer(ex, "Lee")
    assert feedback.passed and feedback.message == "Accepted, if ..."


def test_every_generic_case_handles_placeholder_none_and_wrong_type():
    for ex in (LISTY, PAIR):
        assert evaluate_answer(ex, ...).status == "not-attempted"
        assert evaluate_answer(ex, None).status == "not-attempted"
        assert evaluate_answer(ex, "1, 2").status == "wrong-type"


def test_a_final_check_may_say_what_went_wrong_in_a_sentence():
    ex = Exercise(id="demo-sentence", notebook="99-demo", name="f", question="?",
                  kind=types.FunctionType,
                  is_correct=lambda f: True if call_learner(f, "b") == "B" else
                  f"On the text 'b', f returns {call_learner(f, 'b')!r}, but the answer is 'B'.")
    feedback = evaluate_answer(ex, lambda text: text)
    assert feedback.status == "incorrect" and feedback.message.startswith("On the text 'b'")
    assert evaluate_answer(ex, lambda text: text.upper()).passed
