"""The series' exercises: one registry, one module of definitions per notebook.

An :class:`Exercise` says what a learner must define and how to check it; its reference
solution is written once, as a Python file ``utils/solutions/<id>.py``. The learner notebooks
show only a placeholder; ``utils.classroom`` inserts the solutions when it builds the nbgrader
source notebooks.

>>> ex = get_exercise("00-warm-up")
>>> ex.name
'n_words_in_title'
>>> "title" in solution_code("00-warm-up")
True
"""
from __future__ import annotations

import difflib
import importlib
import re
from dataclasses import dataclass
from typing import Any, Callable

from utils.errors import CourseInputError
from utils.paths import ROOT

SOLUTIONS_DIR = ROOT / "utils" / "solutions"
# One module of exercise definitions per notebook, in series order.
_MODULES = ["utils.exercises.nb00", "utils.exercises.nb01", "utils.exercises.nb02",
            "utils.exercises.nb03", "utils.exercises.nb04", "utils.exercises.nb05"]


@dataclass(frozen=True)
class Misconception:
    """A typical wrong answer: when ``applies(answer)`` is true, ``message`` is shown.

    ``example`` is one such wrong answer (a value, or a function of no arguments that returns
    one, when it must be computed from the text); the tests prove that it gets ``message``.
    With ``accept=True`` it is a reasoned alternative instead: the answer passes, with its own
    message (the reading it rests on).
    """

    applies: Callable[[Any], bool]
    message: str
    example: Any = None
    accept: bool = False

    def example_answer(self) -> Any:
        return self.example() if callable(self.example) else self.example


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    - ``id``: short and stable, prefixed by the notebook number ("01-sources").
    - ``notebook``: the notebook's file stem ("01-reading-the-article").
    - ``name``: the variable the learner defines in the exercise cell.
    - ``kind``: the expected type(s) of the answer.
    - ``is_correct``: the final check. ``misconceptions`` come first, in order.
    - ``context``: for tests, a function returning the names the reference solution needs
      (what earlier cells of the notebook define), e.g. ``lambda: {"doc": get_nlp()(text)}``.
    - ``hidden_checks``: extra checks run only by the nbgrader autograder's hidden tests.
    - ``cues``: extra words that tie a displayed value to this question, for the
      predict-then-check test (``tests/test_predict_then_check.py``); the phrases quoted in
      the question and the words of ``name`` are cues already.
    - ``form``: for an answer that is a value, the name of its form in
      :mod:`utils.exercises.forms` (what differences do not count): the classroom copy's
      sealed check compares the fingerprint of the answer read through it.
    - ``accepted``: where more than one answer is right, a function returning all of them
      (else the reference solution's answer is the one).
    - ``open_check``: for an open exercise (many answers are right: a pattern, a rule row),
      the name of its public check in :mod:`utils.exercises.open_checks`, which classroom
      copies run instead of a fingerprint.
    """

    id: str
    notebook: str
    name: str
    question: str
    kind: type | tuple[type, ...]
    is_correct: Callable[[Any], bool]
    misconceptions: tuple[Misconception, ...] = ()
    hint: str = ""
    explanation: str = ""
    incorrect_message: str = ""
    points: int = 1
    context: Callable[[], dict[str, Any]] | None = None
    hidden_checks: tuple[Callable[[Any], bool | str], ...] = ()
    cues: tuple[str, ...] = ()
    form: str | None = None
    accepted: Callable[[], Any] | None = None
    open_check: str | None = None


def _load() -> dict[str, Exercise]:
    registry: dict[str, Exercise] = {}
    for module_name in _MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # a notebook without exercises yet
                continue
            raise
        for ex in getattr(module, "EXERCISES", []):
            if ex.id in registry:
                raise ValueError(f"Two exercises share the id {ex.id!r}.")
            registry[ex.id] = ex
    if not registry:
        # A classroom copy: no definitions (they hold the answers), only the sealed keys.
        from utils.exercises.sealed import KEYS_FILE, load_keys

        if KEYS_FILE.exists():
            return load_keys(KEYS_FILE)
    return registry


_REGISTRY: dict[str, Exercise] | None = None


def all_exercises() -> dict[str, Exercise]:
    """Every exercise of the series, by id, in series order."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _load()
    return _REGISTRY


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id, or a clear error suggesting the nearest ids."""
    registry = all_exercises()
    if exercise_id in registry:
        return registry[exercise_id]
    close = difflib.get_close_matches(str(exercise_id), list(registry), n=3)
    suggestion = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    raise CourseInputError(f"There is no exercise called {exercise_id!r}.{suggestion} "
                           "Copy the id from the exercise's heading.")


def exercises_for(notebook: str | None = None) -> list[Exercise]:
    """The exercises of one notebook (by file stem or number prefix), or all of them."""
    exs = list(all_exercises().values())
    if notebook is None:
        return exs
    return [ex for ex in exs if ex.notebook == notebook or ex.notebook.split("-")[0] == notebook]


# --- Discussion questions: what a good answer covers ------------------------------------------

GUIDE_PATH = ROOT / "docs" / "teacher-guide.md"
_NOTES_TITLE = re.compile(r"^#\s+What a good answer to\s+\S+\s+covers\s*\n+", re.I)


def discussion_notes_path(discussion_id: str):
    return SOLUTIONS_DIR / "discussions" / f"{discussion_id}.md"


def _guide_notes(discussion_id: str, guide_text: str) -> str | None:
    """The hand-written notes for *discussion_id* under its ``#### `id` `` heading."""
    match = re.search(rf"^#### `{re.escape(discussion_id)}`\s*\n(.*?)(?=^#{{2,4}} |^<!-- |\Z)",
                      guide_text, re.M | re.S)
    return match.group(1).strip() if match else None


def discussion_notes(discussion_id: str) -> str | None:
    """What a good answer to a discussion question covers (markdown), for ``solution(id)``:
    ``utils/solutions/discussions/<id>.md``, else the teacher guide's notes for it; None where
    neither is shipped (a classroom copy).

    >>> "Secure" in discussion_notes("01-dmz-vs-mdl")
    True
    >>> discussion_notes("99-no-such-question") is None
    True
    """
    path = discussion_notes_path(str(discussion_id))
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    if SOLUTIONS_DIR.exists() and GUIDE_PATH.exists():
        notes = _guide_notes(str(discussion_id), GUIDE_PATH.read_text(encoding="utf-8"))
        if notes:
            return f"# What a good answer to {discussion_id} covers\n\n{notes}"
    return None


def guide_discussion_notes(discussion_ids, guide_text: str) -> str:
    r"""The teacher guide's generated block of grading notes: for each discussion id (in series
    order) with a notes file and no hand-written notes in the guide outside the block, a
    ``#### `id` `` heading and the file's text (its title line left out).

    >>> block = guide_discussion_notes(["01-dmz-vs-mdl"], "")
    >>> block.startswith("#### `01-dmz-vs-mdl`") and "Secure" in block
    True
    >>> guide_discussion_notes(["01-dmz-vs-mdl"], "#### `01-dmz-vs-mdl`\nhand-written")
    '*No notes from utils/solutions/discussions/ yet.*'
    """
    outside = re.sub(r"<!-- discussion-notes:begin -->.*?<!-- discussion-notes:end -->", "",
                     guide_text, flags=re.S)
    parts = []
    for discussion_id in discussion_ids:
        path = discussion_notes_path(discussion_id)
        if not path.exists() or f"#### `{discussion_id}`" in outside:
            continue
        body = _NOTES_TITLE.sub("", path.read_text(encoding="utf-8").strip(), count=1)
        parts.append(f"#### `{discussion_id}`\n\n{body.strip()}\n")
    return "\n".join(parts).rstrip() if parts else "*No notes from utils/solutions/discussions/ yet.*"


def solution_path(exercise_id: str):
    return SOLUTIONS_DIR / f"{exercise_id}.py"


def solution_code(exercise_id: str) -> str | None:
    """The reference solution's code, or None where solutions are not shipped."""
    path = solution_path(exercise_id)
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8").strip()


def run_solution(exercise, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run an exercise's reference solution in the names its notebook defines before it
    (*context*, by default ``Exercise.context()``); the resulting names. For tests, and for
    the classroom export.

    >>> run_solution("00-warm-up")["n_words_in_title"] > 0
    True
    """
    ex = exercise if isinstance(exercise, Exercise) else get_exercise(exercise)
    code = solution_code(ex.id)
    if code is None:
        raise CourseInputError(f"The reference solution of {ex.id} is not in this copy of the "
                               "series (a classroom copy?): use a full copy.")
    if context is None:
        context = ex.context() if ex.context else {}
    namespace = dict(context)
    exec(compile(code, str(solution_path(ex.id)), "exec"), namespace)
    return namespace


def reference_answer(exercise) -> Any:
    """The reference solution's answer: the value of the name the exercise asks for.

    >>> reference_answer("00-warm-up") == run_solution("00-warm-up")["n_words_in_title"]
    True
    """
    ex = exercise if isinstance(exercise, Exercise) else get_exercise(exercise)
    return run_solution(ex)[ex.name]

