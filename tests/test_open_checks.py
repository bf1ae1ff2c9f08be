"""The open checks (utils.exercises.open_checks): a classroom copy's verdict on an open exercise
is the full check's, word for word, and the shipped module holds no answer."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from utils.checking import DEFAULT_INCORRECT, evaluate_answer
from utils.exercises import get_exercise, reference_answer, solution_code
from utils.exercises import open_checks
from utils.exercises.open_checks import OPEN_CHECKS, evaluate_open

OPEN = {"02-write-pattern": "write_pattern", "02-army-patterns": "army_patterns",
        "03-fortnight-rule": "fortnight_rule"}
SOURCE = Path(open_checks.__file__).read_text(encoding="utf-8")
SHOWN = Path(open_checks.__file__).with_name("shown.py")


def _run_solution(ex):
    return reference_answer(ex)


def _reference_row():
    return _run_solution(get_exercise("03-fortnight-rule"))


# Wrong answers that are not the examples of a typical mistake: the default or the exercise's
# own incorrect message, a sentence from the check, or "could not be checked".
WRONG = {
    "02-write-pattern": [
        lambda: {"label": "GPE", "pattern": "no such words in the article"},
        lambda: {"label": "LOC", "pattern": "Panmunjom"},
        lambda: {"label": 5, "pattern": "DMZ"},
    ],
    "02-army-patterns": [
        lambda: [{"label": "ORG", "pattern": "North Korean People\u2019s Army"},
                 {"label": "ORG", "pattern": "KPA"}],
        lambda: [{"label": "ORG", "pattern": [{"NO_SUCH_ATTRIBUTE": "KPA"}]}],
        lambda: [*_run_solution(get_exercise("02-army-patterns")),  # right, but F1 falls
                 {"label": "ORG", "pattern": "the"}],
    ],
    "03-fortnight-rule": [
        lambda: dict(_reference_row(), pattern="(a fortnight"),
        lambda: dict(_reference_row(), pattern=r"a\s+fortnight\s+of\s+rain",
                     example="We had a fortnight of rain."),
    ],
}


def _answers(ex_id):
    ex = get_exercise(ex_id)
    yield "reference", lambda: _run_solution(ex)
    for i, mistake in enumerate(ex.misconceptions):
        yield f"mistake {i}", mistake.example_answer
    for i, wrong in enumerate(WRONG[ex_id]):
        yield f"wrong {i}", wrong


CASES = [(ex_id, label, make) for ex_id in OPEN for label, make in _answers(ex_id)]


@pytest.mark.parametrize("ex_id, label, make", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_the_open_check_answers_as_the_full_check(ex_id, label, make):
    ex = get_exercise(ex_id)
    answer = make()
    full = evaluate_answer(ex, answer)
    assert evaluate_open(OPEN[ex_id], answer) == (full.status, full.message)
    if label == "reference":
        assert full.passed
    elif label.startswith("mistake"):
        assert full.message == ex.misconceptions[int(label.split()[1])].message
    else:
        assert not full.passed


def test_the_wrong_answers_reach_each_kind_of_ending():
    messages = [evaluate_answer(ex_id, make()).message for ex_id in OPEN
                for label, make in _answers(ex_id) if label.startswith("wrong")]
    assert any("could not be checked" in m for m in messages)
    assert any(m == get_exercise("02-army-patterns").incorrect_message for m in messages)
    assert any(m == DEFAULT_INCORRECT for m in messages)


@pytest.mark.parametrize("ex_id", OPEN)
def test_the_exercise_is_built_from_its_open_check(ex_id):
    ex, check = get_exercise(ex_id), OPEN_CHECKS[OPEN[ex_id]]
    assert ex.open_check == check.name and ex.name == check.variable
    assert ex.is_correct is check.is_correct
    assert [(m.applies, m.message, m.accept) for m in ex.misconceptions] == [
        (m.applies, m.message, m.accept) for m in check.mistakes]
    assert (ex.explanation, ex.incorrect_message) == (check.explanation, check.incorrect_message)
    assert all(m.example is not None for m in ex.misconceptions)


def test_a_classroom_copy_routes_the_open_exercises_to_their_checks(tmp_path):
    from utils.exercises.sealed import load_keys, write_keys

    exercises = [get_exercise(ex_id) for ex_id in OPEN]
    sealed = load_keys(write_keys(tmp_path / "keys.json", exercises, salt=b"test"))
    for ex in exercises:
        record = json.loads((tmp_path / "keys.json").read_text("utf-8"))
        assert "answers" not in next(r for r in record["exercises"] if r["id"] == ex.id)
        for answer in (_run_solution(ex), ex.misconceptions[-1].example_answer()):
            full, copy = evaluate_answer(ex, answer), evaluate_answer(sealed[ex.id], answer)
            assert (copy.status, copy.message) == (full.status, full.message)


def test_the_fortnights_expected_on_the_unseen_sentences_are_the_reference_rows():
    """open_checks states the expected fortnights by hand (it must not hold the reference
    rows); they are what the reference rows, teacher side, give."""
    from utils.exercises.nb03 import _REFERENCE_ROWS

    for kind, cases in open_checks.FORTNIGHT_TEXTS.items():
        for text, dct, expected in cases:
            assert open_checks.tagged(_REFERENCE_ROWS[kind], text, dct) == expected


# --- nothing in the shipped modules gives an answer away ----------------------------------------

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("path", [Path(open_checks.__file__), SHOWN], ids=["open_checks", "shown"])
def test_the_shipped_modules_import_no_definitions_and_no_solutions(path):
    for name in _imports(path):
        assert not name.startswith("utils.exercises.nb0"), name
        assert not name.startswith("utils.solutions"), name
        assert name not in ("utils.exercises.nb00", "utils.exercises.EXERCISES"), name


def _constants(text: str) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(text))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


GENERIC = set(open_checks.LABELS) | {"DATE", "DURATION", "TIME", ""} | set(open_checks.RULE_KEYS)


@pytest.mark.parametrize("ex_id", OPEN)
def test_open_checks_holds_no_reference_solution(ex_id):
    ex = get_exercise(ex_id)
    answer = _run_solution(ex)
    shipped_anyway = ex.question + ex.hint  # the question and the hint ship in every copy
    constants = _constants(SOURCE)
    # the answer as a whole, as Python or as JSON
    for written in (repr(answer), json.dumps(answer), json.dumps(answer, ensure_ascii=False)):
        assert written not in SOURCE
    # the solution's lines
    for line in solution_code(ex.id).splitlines():
        code = line.split("#")[0].strip()
        if len(code) > 20:
            assert code not in SOURCE, code
    if not isinstance(answer, dict):
        return  # a list of patterns: its items are the army's names, which the messages give
    # the values of a dict answer (an id is a name, not an answer: the messages suggest the
    # table's convention, dur_...), and the solution's long literals
    values = [v for k, v in answer.items() if k != "id"]
    literals = [c for c in _constants(solution_code(ex.id)) if len(c) >= 8 and c != answer.get("id")]
    for value in values + literals:
        if not isinstance(value, str) or value in GENERIC or value in shipped_anyway:
            continue
        assert value not in SOURCE and all(value not in c for c in constants), value


def test_open_checks_holds_no_example_of_a_typical_mistake_nor_a_hidden_text():
    from utils.exercises import nb02, nb03

    for ex_id in OPEN:
        for mistake in get_exercise(ex_id).misconceptions:
            example = mistake.example_answer()
            assert json.dumps(example, ensure_ascii=False) not in SOURCE
            assert repr(example) not in SOURCE
            if isinstance(example, dict) and "example" in example:  # a near-complete rule row
                assert example["pattern"] not in _constants(SOURCE)
    hidden = [nb02._ARMY_TEXT_CURLY, nb02._NO_ARMY_TEXT]
    hidden += [text for cases in nb03._FORTNIGHT_HIDDEN.values() for text, _ in cases]
    for text in hidden:
        assert text not in SOURCE
    for row in nb03._REFERENCE_ROWS.values():
        assert row["pattern"] not in _constants(SOURCE)


def test_shown_holds_no_answer_of_a_value_exercise():
    """What the notebooks show (utils/exercises/shown.py) is material to work an answer out
    from, never an answer: no text answer, and no list answer, is written there."""
    from utils.exercises import all_exercises

    text = SHOWN.read_text(encoding="utf-8")
    constants = set(_constants(text))
    for ex in all_exercises().values():
        if ex.open_check or ex.kind is type(lambda: 0) or getattr(ex, "sealed", False):
            continue
        answer = reference_answer(ex)
        if isinstance(answer, str) and len(answer.strip()) >= 4:
            assert answer.strip() not in constants, ex.id
        elif isinstance(answer, (list, tuple, set)) and len(answer) > 1:
            assert repr(answer) not in text and json.dumps(list(answer), default=str) not in text
