"""Exercises that answer back: staged feedback, hints and reference solutions.

Each exercise (see ``utils.exercises``) names the variable a learner must define, the type
of answer it expects, the typical mistakes with a message for each, and a final check.
``check`` walks through the stages in order, like Data 8's checks:

1. is the name defined, and was the placeholder ``...`` replaced?
2. is the answer of the right type?
3. does it match a known misconception? (a specific message for each)
4. is it correct?

In a notebook::

    n_paragraphs = ...          # the learner replaces ... with an answer
    check("01-paragraphs")      # reads n_paragraphs from the notebook and answers back

A wrong type, ``None`` or an unattempted answer gets a friendly message, never a traceback.
``check(..., strict=True)`` also raises ``AssertionError`` when the answer is not correct, so
that autograding can score it; the nbgrader versions use ``strict="nbgrader"``, which raises
only while nbgrader validates or autogrades (Run All in JupyterLab still completes).

>>> from utils.exercises import Exercise
>>> ex = Exercise(id="demo-two", notebook="demo", name="answer", question="What is 1 + 1?",
...               kind=int, is_correct=lambda a: a == 2, hint="Add them.")
>>> check(ex, 2).passed
True
>>> print(check(ex, "2"))
[demo-two] Not yet: `answer` should be a whole number (int), but it is a piece of text (str): '2'. Remove the quotes around a number.
"""
from __future__ import annotations

import html
import inspect
import re
import numbers
import os
from dataclasses import dataclass
from typing import Any

from utils.errors import CourseInputError

_MISSING = object()

STATUS_LABELS = {
    "correct": "Correct",
    "not-defined": "Not started",
    "not-attempted": "Not started",
    "wrong-type": "Not yet",
    "misconception": "Not yet",
    "incorrect": "Not yet",
}
# Okabe-Ito colours (colour-blind safe); the words and icons carry the meaning too.
_STYLE = {
    "correct": ("#0072B2", "✔"),
    "not-defined": ("#6b6b6b", "…"),
    "not-attempted": ("#6b6b6b", "…"),
    "wrong-type": ("#D55E00", "✘"),
    "misconception": ("#D55E00", "✘"),
    "incorrect": ("#D55E00", "✘"),
}
_TYPE_WORDS = {
    int: "a whole number (int)",
    float: "a number (float)",
    str: "a piece of text (str)",
    bool: "True or False (bool)",
    list: "a list",
    tuple: "a tuple",
    dict: "a dictionary (dict)",
    set: "a set",
}


def describe_type(kind: type | tuple[type, ...]) -> str:
    """Plain words for a type, for feedback messages.

    >>> describe_type(int)
    'a whole number (int)'
    >>> describe_type((list, tuple))
    'a list or a tuple'
    """
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_WORDS.get(k, f"a {k.__name__}") for k in kinds)


def _type_tip(expected: tuple[type, ...], answer: Any) -> str:
    if isinstance(answer, str) and any(k in (int, float) for k in expected):
        return " Remove the quotes around a number."
    if isinstance(answer, (int, float)) and str in expected:
        return " Put text inside quotes, e.g. \"Reuters\"."
    if isinstance(answer, (set, tuple, list)) and list in expected:
        return " Wrap it in list(...) or use square brackets."
    if callable(answer) and not isinstance(answer, type):
        return " Did you forget to call the function, with brackets ( )?"
    return ""


def has_expected_type(answer: Any, expected: tuple[type, ...]) -> bool:
    """Whether *answer* is of one of the *expected* types. NumPy and pandas numbers count as
    int or float (``df["n"].sum()`` is a fine answer); True and False are not numbers here.

    >>> has_expected_type(3, (int,)), has_expected_type(True, (int,))
    (True, False)
    >>> from fractions import Fraction
    >>> has_expected_type(Fraction(1, 2), (float,)), has_expected_type(2, (float,))
    (True, True)
    """
    if isinstance(answer, bool) and bool not in expected:
        return False
    if isinstance(answer, expected):
        return True
    if int in expected and isinstance(answer, numbers.Integral):
        return True
    return float in expected and isinstance(answer, numbers.Real)


def _short_repr(answer: Any, limit: int = 60) -> str:
    try:
        shown = repr(answer)
    except Exception:  # a broken __repr__ must not break the feedback
        shown = f"<{type(answer).__name__} object>"
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."


@dataclass(frozen=True)
class Feedback:
    """The result of a check: shown as a coloured box in JupyterLab, as text elsewhere."""

    exercise_id: str
    status: str
    message: str
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return f"[{self.exercise_id}] {STATUS_LABELS[self.status]}: {self.message}"

    def __repr__(self) -> str:
        text = str(self)
        if not self.passed and self.hint:
            text += f"\nStuck? hint({self.exercise_id!r}) gives a hint."
        return text

    def _repr_html_(self) -> str:
        colour, icon = _STYLE[self.status]
        extra = ""
        if not self.passed and self.status not in ("not-defined", "not-attempted"):
            extra = (f"<div style='margin-top:.3em;font-size:90%'>Stuck? Run "
                     f"<code>hint({html.escape(repr(self.exercise_id))})</code> for a hint.</div>")
        return (
            f"<div role='status' style='border-left:6px solid {colour};padding:.4em .8em;"
            f"margin:.3em 0;background:rgba(0,0,0,.03)'>"
            f"<strong style='color:{colour}'>{icon} {STATUS_LABELS[self.status]}</strong> "
            f"<span style='opacity:.7'>({html.escape(self.exercise_id)})</span><br>"
            f"{_inline_code(self.message)}{extra}</div>"
        )


def _inline_code(message: str) -> str:
    """Escape *message* for HTML and show `names` in backticks as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(message))


_results: dict[str, Feedback] = {}


def _shown_args(args: tuple, kwargs: dict) -> str:
    parts = [_short_repr(a, 50) for a in args] + [f"{k}={_short_repr(v, 50)}" for k, v in kwargs.items()]
    return ", ".join(parts)


class LearnerCodeError(Exception):
    """The learner's function failed (raised, or returned nothing) on one input.

    Raised by :func:`call_learner`; the checks turn it into feedback that names the exception
    and the input, never a bare traceback.

    >>> def f(x):
    ...     return {"a": 1}[x]
    >>> try:
    ...     call_learner(f, "b")
    ... except LearnerCodeError as problem:
    ...     print(problem)
    Your function `f` raised KeyError: 'b' when it was called with ('b'). Run it yourself on that input to see why.
    """

    def __init__(self, function: Any, args: tuple = (), kwargs: dict | None = None,
                 error: BaseException | None = None):
        self.function_name = getattr(function, "__name__", "function")
        self.args_shown = _shown_args(tuple(args), dict(kwargs or {}))
        self.error = error
        if error is None:
            message = (f"Your function `{self.function_name}` returned nothing (None) when it was "
                       f"called with ({self.args_shown}). Did you forget the `return` line?")
        else:
            message = (f"Your function `{self.function_name}` raised {type(error).__name__}: "
                       f"{error} when it was called with ({self.args_shown}). Run it yourself on "
                       f"that input to see why.")
        super().__init__(message)


def call_learner(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a learner's *function*; an exception or a ``None`` result becomes a
    :class:`LearnerCodeError` whose message a learner understands.

    >>> call_learner(len, "abc")
    3
    """
    if not callable(function):
        raise LearnerCodeError(function, args, kwargs, TypeError(
            f"{_short_repr(function)} is not a function"))
    try:
        result = function(*args, **kwargs)
    except Exception as exc:  # the learner's code: any exception becomes feedback
        raise LearnerCodeError(function, args, kwargs, exc) from exc
    if result is None:
        raise LearnerCodeError(function, args, kwargs)
    return result


def _resolve(exercise) -> Any:
    from utils.exercises import Exercise, get_exercise

    if isinstance(exercise, Exercise):
        return exercise
    if not isinstance(exercise, str):
        raise CourseInputError(
            f"check() takes the exercise's id as text, e.g. check(\"01-paragraphs\"), "
            f"not {type(exercise).__name__}."
        )
    return get_exercise(exercise)


def _caller_value(name: str, depth: int = 2) -> Any:
    frame = inspect.currentframe()
    try:
        for _ in range(depth):
            frame = frame.f_back
        namespace = {**frame.f_globals, **frame.f_locals}
    finally:
        del frame
    return namespace.get(name, _MISSING)


def evaluate_answer(exercise, answer: Any) -> Feedback:
    """Run the staged checks of *exercise* on *answer* and return the feedback (no display)."""
    ex = _resolve(exercise)
    name = f"`{ex.name}`"
    if answer is _MISSING:
        return Feedback(ex.id, "not-defined",
                        f"{name} is not defined yet. Run the exercise cell above (it defines "
                        f"{name}), then run this cell again.", ex.hint)
    if answer is Ellipsis or answer is None:
        what = "still the placeholder `...`" if answer is Ellipsis else "None"
        return Feedback(ex.id, "not-attempted",
                        f"{name} is {what}. Replace it with your answer, "
                        f"{describe_type(ex.kind)}, and run both cells again.", ex.hint)
    expected = ex.kind if isinstance(ex.kind, tuple) else (ex.kind,)
    if not has_expected_type(answer, expected):
        shown = _short_repr(answer)
        return Feedback(ex.id, "wrong-type",
                        f"{name} should be {describe_type(ex.kind)}, but it is "
                        f"{describe_type(type(answer))}: {shown}.{_type_tip(expected, answer)}",
                        ex.hint)
    for mistake in ex.misconceptions:
        try:
            applies = mistake.applies(answer)
        except LearnerCodeError as problem:
            return Feedback(ex.id, "incorrect", str(problem), ex.hint)
        except Exception:  # a predicate that cannot judge this answer does not apply
            applies = False
        if applies:
            return Feedback(ex.id, "misconception", mistake.message, ex.hint)
    try:
        correct = bool(ex.is_correct(answer))
    except LearnerCodeError as problem:
        return Feedback(ex.id, "incorrect", str(problem), ex.hint)
    except Exception as exc:
        return Feedback(ex.id, "incorrect",
                        f"{name} could not be checked ({type(exc).__name__}: {exc}). Look at "
                        f"its value and compare it with the question.", ex.hint)
    if correct:
        return Feedback(ex.id, "correct", ex.explanation or "Well done.", ex.hint)
    return Feedback(ex.id, "incorrect",
                    ex.incorrect_message or "That is not the answer yet. Read the question "
                    "again, look at the data, and try once more.", ex.hint)


GRADING_ENV = "NBGRADER_EXECUTION"  # set by nbgrader while it validates or autogrades


def is_grading() -> bool:
    """Whether nbgrader is running this code now (``nbgrader validate`` or ``autograde``).

    >>> import os
    >>> is_grading() == bool(os.environ.get("NBGRADER_EXECUTION"))
    True
    """
    return bool(os.environ.get(GRADING_ENV))


def _is_strict(strict: bool | str) -> bool:
    if strict == "nbgrader":
        return is_grading()
    if isinstance(strict, bool):
        return strict
    raise CourseInputError(f"strict= takes True, False or \"nbgrader\", not {strict!r}.")


def check(exercise, answer: Any = _MISSING, *, strict: bool | str = False) -> Feedback:
    """Check an exercise and answer back at once.

    *exercise* is the exercise id (or an ``Exercise``). Without *answer*, the variable the
    exercise names is read from the notebook. With ``strict=True`` an answer that is not
    correct also raises ``AssertionError`` (for autograding). ``strict="nbgrader"`` (used in
    the nbgrader student versions) raises only while nbgrader validates or autogrades, so
    that "Run All" in JupyterLab still completes and shows friendly feedback.
    """
    ex = _resolve(exercise)
    strict_now = _is_strict(strict)
    if answer is _MISSING:
        answer = _caller_value(ex.name)
    feedback = evaluate_answer(ex, answer)
    _results[ex.id] = feedback
    if strict_now and not feedback.passed:
        raise AssertionError(str(feedback))
    return feedback


def assert_passes(exercise, answer: Any = _MISSING) -> None:
    """For hidden tests: the answer passes the visible check and every hidden check."""
    ex = _resolve(exercise)
    if answer is _MISSING:
        answer = _caller_value(ex.name)
    feedback = evaluate_answer(ex, answer)
    if not feedback.passed:
        raise AssertionError(str(feedback))
    for i, hidden in enumerate(ex.hidden_checks, start=1):
        try:
            result = hidden(answer)
        except LearnerCodeError as problem:
            raise AssertionError(f"[{ex.id}] hidden test {i}: {problem}") from None
        # A hidden check returns True (passed), False, or a sentence saying what went wrong.
        if isinstance(result, str):
            raise AssertionError(f"[{ex.id}] hidden test {i}: {result}")
        if not result:
            raise AssertionError(f"[{ex.id}] hidden test {i} failed: your answer works on the "
                                 "article but not on another text or input. Make it compute "
                                 "from its input, not from this article.")


class _Text:
    """Markdown-ish text that shows nicely in JupyterLab and as plain text elsewhere."""

    def __init__(self, title: str, body: str, code: str | None = None):
        self.title, self.body, self.code = title, body, code

    def __repr__(self) -> str:
        parts = [self.title, self.body]
        if self.code:
            parts.append(self.code)
        return "\n".join(p for p in parts if p)

    def _repr_html_(self) -> str:
        code = ""
        if self.code:
            code = f"<pre style='margin:.4em 0'><code>{html.escape(self.code)}</code></pre>"
        return (f"<div style='border-left:6px solid #009E73;padding:.4em .8em;margin:.3em 0'>"
                f"<strong>{html.escape(self.title)}</strong><br>{html.escape(self.body)}{code}</div>")


def hint(exercise) -> _Text:
    """Show the hint for an exercise."""
    ex = _resolve(exercise)
    return _Text(f"Hint for {ex.id}", ex.hint or "No hint for this one: re-read the question.")


def solution(exercise) -> _Text:
    """Reveal the reference solution of an exercise (try it yourself first!)."""
    from utils.exercises import solution_code

    ex = _resolve(exercise)
    code = solution_code(ex.id)
    if code is None:
        return _Text(f"Solution for {ex.id}",
                     "The solutions are not included in this copy of the series (a classroom "
                     "version). Ask your teacher.")
    return _Text(f"Reference solution for {ex.id}",
                 "One way to answer it; yours may differ and still be right. Copy it into the "
                 "exercise cell and run both cells if you want to move on.", code)


def progress(notebook: str | None = None):
    """A table of the exercises checked in this session: id, question and status."""
    import pandas as pd

    from utils.exercises import exercises_for

    rows = []
    for ex in exercises_for(notebook):
        fb = _results.get(ex.id)
        rows.append({"exercise": ex.id, "question": ex.question,
                     "status": STATUS_LABELS[fb.status] if fb else "Not started"})
    return pd.DataFrame(rows, columns=["exercise", "question", "status"])
