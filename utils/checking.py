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
The same rules hold for every exercise:

- a tuple, a NumPy array or a pandas Series (one column) is accepted where a list is expected,
  and checked as a list (and a list where a tuple is expected, as a tuple): see
  :func:`as_expected_kind`;
- a float is not a whole number: ``7.0`` where an int is expected is refused with a message
  saying to use ``int(...)``;
- a function defined with ``def`` but overwritten by the placeholder line ``f = ...`` left
  below it is recognised (from the notebook's input history), with "delete the line";
- text with a straight apostrophe ``'`` where the answer has a curly one ``’`` (or the
  reverse) gets its own message;
- an exception inside a learner's function, or a function that returns nothing, becomes
  feedback naming the input (:func:`call_learner`), also in the hidden tests, whose failures
  are sentences, never a bare traceback.
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
import types
from dataclasses import dataclass
from typing import Any, Sequence

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
    types.FunctionType: "a function (written with def)",
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


def _is_table(answer: Any) -> bool:
    return type(answer).__name__ == "DataFrame" or getattr(answer, "ndim", 1) > 1


def _type_tip(expected: tuple[type, ...], answer: Any) -> str:
    if isinstance(answer, str) and any(k in (int, float) for k in expected):
        return " Remove the quotes around a number."
    if _is_table(answer) and any(k in (list, tuple) for k in expected):
        return (" It is a table; pick one column and make it a list, e.g. "
                "table[\"paragraph\"].tolist().")
    if isinstance(answer, (int, float)) and str in expected:
        return " Put text inside quotes, e.g. \"Reuters\"."
    if isinstance(answer, (set, tuple, list)) and list in expected:
        return " Wrap it in list(...) or use square brackets."
    if callable(answer) and not isinstance(answer, type) and types.FunctionType not in expected:
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


def _is_one_column(answer: Any) -> bool:
    """A NumPy array of one dimension, or a pandas Series or Index (without importing them)."""
    module = type(answer).__module__.split(".")[0]
    return (module in ("numpy", "pandas") and hasattr(answer, "tolist")
            and getattr(answer, "ndim", 0) == 1)


def as_expected_kind(answer: Any, expected: type | tuple[type, ...]) -> Any:
    """*answer* as the sequence kind an exercise expects, by one rule for every exercise: where
    a list (or a tuple) is expected, a list, a tuple, a one-dimensional NumPy array or a pandas
    Series is accepted and converted to the first of list/tuple that *expected* names, with
    plain Python items (``tolist()``). Everything else is returned unchanged (sets too: they
    have no order).

    >>> as_expected_kind((1, 2), list), as_expected_kind([0.5, 0.25], tuple)
    ([1, 2], (0.5, 0.25))
    >>> import pandas as pd
    >>> as_expected_kind(pd.Series([3, 4]), list), as_expected_kind({1}, list)
    ([3, 4], {1})
    """
    kinds = expected if isinstance(expected, tuple) else (expected,)
    sequence_kinds = [k for k in kinds if k in (list, tuple)]
    if not sequence_kinds or (isinstance(answer, kinds) and not _is_one_column(answer)):
        return answer
    if _is_one_column(answer):
        return sequence_kinds[0](answer.tolist())
    if isinstance(answer, (list, tuple)):
        return sequence_kinds[0](answer)
    return answer


def _float_for_int(name: str, answer: Any) -> str:
    value = float(answer)
    if value.is_integer():
        return (f"{name} is {value!r}, a number with a decimal point (float), but a whole number "
                f"(int) is expected. Give a whole number: wrap your code in int(...), e.g. "
                f"int({value!r}) is {int(value)}.")
    return (f"{name} is {value!r}, a number with a decimal point (float), but a whole number "
            f"(int) is expected: a count or a position has no decimals. Check your arithmetic "
            f"(/ always gives a float; // and int(...) do not).")


_STRAIGHT, _CURLY = "'", "’"


def swap_apostrophes(text: str) -> str:
    """*text* with straight apostrophes made curly, or (if it has none) curly ones straight.

    >>> swap_apostrophes("People's Army"), swap_apostrophes("People’s Army")
    ('People’s Army', "People's Army")
    """
    if _STRAIGHT in text:
        return text.replace(_STRAIGHT, _CURLY)
    return text.replace(_CURLY, _STRAIGHT).replace("‘", _STRAIGHT)


APOSTROPHE_MESSAGE = ("Almost: only the apostrophe differs. The article writes a curly "
                      "apostrophe ’ (as in \"People’s\"), and your text has a straight one ' (or "
                      "the reverse). Copy the characters from the text, or compare both: "
                      "text.replace(\"’\", \"'\").")


def placeholder_below_def(name: str, sources: Sequence[str] | None) -> str | None:
    r"""Whether a function *name* was written with ``def`` and then replaced by the placeholder
    line ``name = ...`` (left below it, or still in the exercise cell run after it).

    *sources* are the cells run so far, oldest first (IPython's ``In``). Returns "same cell",
    "earlier cell" or None.

    >>> placeholder_below_def("f", ["def f(x):\n    return x\nf = ..."])
    'same cell'
    >>> placeholder_below_def("f", ["def f(x):\n    return x", "# def f(x):\nf = ..."])
    'earlier cell'
    >>> placeholder_below_def("f", ["f = ...\ndef f(x):\n    return x"]) is None
    True
    """
    if not sources or not isinstance(name, str):
        return None
    placeholder = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=[ \t]*\.\.\.[ \t]*(?:#.*)?$", re.M)
    definition = re.compile(rf"^[ \t]*def[ \t]+{re.escape(name)}[ \t]*\(", re.M)
    texts = [s for s in sources if isinstance(s, str)]
    for index in range(len(texts) - 1, -1, -1):
        lines = list(placeholder.finditer(texts[index]))
        if not lines:
            if definition.search(texts[index]):
                return None  # the latest word on it is a def
            continue
        last = lines[-1].start()
        if any(d.start() < last for d in definition.finditer(texts[index])):
            return "same cell"
        if any(definition.search(t) for t in texts[:index]):
            return "earlier cell"
        return None
    return None


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
    from utils.exercises.sealed import SealedExercise

    if isinstance(exercise, (Exercise, SealedExercise)):
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


def evaluate_answer(exercise, answer: Any, *, sources: Sequence[str] | None = None) -> Feedback:
    """Run the staged checks of *exercise* on *answer* and return the feedback (no display).

    *sources*: the cells run so far (IPython's ``In``), to recognise a function overwritten by
    the placeholder line left below it.
    """
    ex = _resolve(exercise)
    name = f"`{ex.name}`"
    if answer is _MISSING:
        return Feedback(ex.id, "not-defined",
                        f"{name} is not defined yet. Run the exercise cell above (it defines "
                        f"{name}), then run this cell again.", ex.hint)
    if answer is Ellipsis:
        where = placeholder_below_def(ex.name, sources)
        if where == "same cell":
            return Feedback(ex.id, "misconception",
                            f"You wrote the function {name} with def, but the line "
                            f"`{ex.name} = ...` below it replaces your function with the "
                            f"placeholder. Delete the line `{ex.name} = ...` and run the cell "
                            "again.", ex.hint)
        if where == "earlier cell":
            return Feedback(ex.id, "misconception",
                            f"You wrote the function {name} in another cell, but the exercise "
                            f"cell, run after it, still has the line `{ex.name} = ...`, which "
                            f"replaced your function with the placeholder. Delete that line (or "
                            "write your function in the exercise cell) and run both cells "
                            "again.", ex.hint)
    if answer is Ellipsis or answer is None:
        what = "still the placeholder `...`" if answer is Ellipsis else "None"
        return Feedback(ex.id, "not-attempted",
                        f"{name} is {what}. Replace it with your answer, "
                        f"{describe_type(ex.kind)}, and run both cells again.", ex.hint)
    expected = ex.kind if isinstance(ex.kind, tuple) else (ex.kind,)
    answer = as_expected_kind(answer, expected)
    if (int in expected and float not in expected and isinstance(answer, numbers.Real)
            and not isinstance(answer, (numbers.Integral, bool))):
        return Feedback(ex.id, "wrong-type", _float_for_int(name, answer), ex.hint)
    if not has_expected_type(answer, expected):
        shown = _short_repr(answer)
        return Feedback(ex.id, "wrong-type",
                        f"{name} should be {describe_type(ex.kind)}, but it is "
                        f"{describe_type(type(answer))}: {shown}.{_type_tip(expected, answer)}",
                        ex.hint)
    if getattr(ex, "sealed", False):  # a classroom copy: fingerprints, not answers
        from utils.exercises.sealed import evaluate_sealed

        status, message = evaluate_sealed(ex, answer)
        return Feedback(ex.id, status, message, ex.hint)
    status, message = judge(answer, name=name, mistakes=ex.misconceptions,
                            is_correct=ex.is_correct, explanation=ex.explanation,
                            incorrect_message=ex.incorrect_message)
    return Feedback(ex.id, status, message, ex.hint)


DEFAULT_INCORRECT = ("That is not the answer yet. Read the question again, look at the data, "
                     "and try once more.")


def judge(answer: Any, *, name: str, mistakes: Sequence, is_correct, explanation: str = "",
          incorrect_message: str = "") -> tuple[str, str]:
    """Stages 3 and 4 of a check, once the answer's type is right: (status, message).

    The typical *mistakes* (each with ``applies``, ``message`` and ``accept``) are tried in
    order, then *is_correct* (True/False, or a sentence saying what went wrong), then, for
    text, whether only an apostrophe differs. Used by every full check and by the open checks
    of classroom copies (:mod:`utils.exercises.open_checks`), so both word it alike.

    >>> judge(3, name="`n`", mistakes=(), is_correct=lambda a: a == 2)[0]
    'incorrect'
    """
    for mistake in mistakes:
        try:
            applies = mistake.applies(answer)
        except LearnerCodeError as problem:
            return "incorrect", str(problem)
        except Exception:  # a predicate that cannot judge this answer does not apply
            applies = False
        if applies:
            return ("correct" if getattr(mistake, "accept", False) else "misconception",
                    mistake.message)
    try:
        verdict = is_correct(answer)
        if isinstance(verdict, str):  # a sentence saying what went wrong (e.g. on another text)
            return "incorrect", verdict
        correct = bool(verdict)
    except LearnerCodeError as problem:
        return "incorrect", str(problem)
    except Exception as exc:
        return "incorrect", (f"{name} could not be checked ({type(exc).__name__}: {exc}). Look "
                             f"at its value and compare it with the question.")
    if correct:
        return "correct", explanation or "Well done."
    if isinstance(answer, str) and (_STRAIGHT in answer or _CURLY in answer):
        try:
            almost = bool(is_correct(swap_apostrophes(answer)))
        except Exception:
            almost = False
        if almost:
            return "misconception", APOSTROPHE_MESSAGE
    return "incorrect", incorrect_message or DEFAULT_INCORRECT


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
    history = _caller_value("In")
    sources = history if isinstance(history, list) else None
    feedback = evaluate_answer(ex, answer, sources=sources)
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
    answer = as_expected_kind(answer, ex.kind)
    for i, hidden in enumerate(ex.hidden_checks, start=1):
        try:
            result = hidden(answer)
        except LearnerCodeError as problem:
            raise AssertionError(f"[{ex.id}] hidden test {i}: {problem}") from None
        except Exception as exc:  # the check itself choked on the answer: say so in words
            raise AssertionError(
                f"[{ex.id}] hidden test {i}: your answer works on the article, but it could not "
                f"be checked on another input ({type(exc).__name__}: {exc}). Make it work for "
                "any input of the same kind, not only for this article's.") from None
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


class _Notes:
    """Markdown notes (what a good answer to a discussion question covers)."""

    def __init__(self, markdown: str):
        self.markdown = markdown

    def __repr__(self) -> str:
        return self.markdown

    def _repr_markdown_(self) -> str:
        return self.markdown


_DISCUSSION_ID = re.compile(r"^\d\d-[a-z0-9-]+$")


def solution(exercise) -> _Text | _Notes:
    """Reveal the reference solution of an exercise (try it yourself first!), or, for a
    discussion question's id, what a good answer covers (write yours first!)."""
    from utils.exercises import SOLUTIONS_DIR, all_exercises, discussion_notes, solution_code

    if isinstance(exercise, str) and exercise not in all_exercises():
        notes = discussion_notes(exercise)
        if notes is not None:
            return _Notes(notes + "\n\n*Other good answers exist: what counts is an argument "
                          "from the text and the sources.*")
        if _DISCUSSION_ID.match(exercise) and not SOLUTIONS_DIR.exists():
            return _Text(f"Notes for {exercise}",
                         "What a good answer covers is not included in this copy of the series "
                         "(a classroom version). Ask your teacher.")
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
