"""Every exercise of the registry: its solution passes, its typical mistakes answer back, and
the notebooks use it as the series' conventions say (generic: new exercises are covered)."""
from __future__ import annotations

import ast
from functools import lru_cache

import nbformat
import pytest

from utils.checking import _MISSING, describe_type, evaluate_answer, has_expected_type
from utils.exercises import all_exercises, run_solution, solution_code, solution_path
from utils.paths import NOTEBOOKS_DIR

EXERCISES = list(all_exercises().values())
IDS = [ex.id for ex in EXERCISES]
NOTEBOOK_PATHS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
FRIENDLY = {"not-defined", "not-attempted", "wrong-type"}


@lru_cache(maxsize=None)
def _context(exercise_id: str) -> dict:
    ex = all_exercises()[exercise_id]
    return dict(ex.context()) if ex.context else {}


def _run_solution(ex) -> dict:
    return run_solution(ex, _context(ex.id))


def _notebook(path):
    return nbformat.read(path, as_version=4)


def _exercise_cells(nb):
    return [c for c in nb.cells if "exercise" in c.metadata]


def test_the_registry_is_not_empty():
    assert "00-warm-up" in IDS


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_exercise_is_complete(ex):
    assert ex.id.split("-")[0] == ex.notebook.split("-")[0], "id must start with the notebook number"
    assert (NOTEBOOKS_DIR / f"{ex.notebook}.ipynb").exists(), f"no notebook {ex.notebook}"
    assert ex.name.isidentifier()
    assert ex.question.strip() and ex.hint.strip() and ex.explanation.strip()
    assert ex.points > 0
    assert ex.context is not None, "context= gives the names the solution needs"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_reference_solution_defines_the_name_and_passes(ex):
    assert solution_path(ex.id).exists(), f"write utils/solutions/{ex.id}.py"
    namespace = _run_solution(ex)
    assert ex.name in namespace, f"the solution must define {ex.name}"
    feedback = evaluate_answer(ex, namespace[ex.name])
    assert feedback.passed, str(feedback)
    for i, hidden in enumerate(ex.hidden_checks, start=1):
        assert hidden(namespace[ex.name]), f"hidden check {i} rejects the reference solution"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_misconception_example_gets_its_own_message(ex):
    assert ex.misconceptions, "at least one typical mistake with a specific message"
    for mistake in ex.misconceptions:
        assert mistake.example is not None, f"give an example for: {mistake.message}"
        feedback = evaluate_answer(ex, mistake.example_answer())
        # a reasoned alternative (accept=True) passes, with its own message
        assert feedback.status == ("correct" if mistake.accept else "misconception"), str(feedback)
        assert feedback.message == mistake.message


def _wrong_type_value(ex):
    expected = ex.kind if isinstance(ex.kind, tuple) else (ex.kind,)
    for value in ("some text", {"not": "this"}, 12345, [1, 2]):
        if not has_expected_type(value, expected):
            return value
    raise AssertionError(f"{ex.id} accepts every type: {describe_type(ex.kind)}")


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_unanswered_and_wrong_type_answers_get_friendly_messages(ex):
    cases = {_MISSING: "not-defined", Ellipsis: "not-attempted", None: "not-attempted",
             "wrong": "wrong-type"}
    for answer, status in cases.items():
        value = _wrong_type_value(ex) if answer == "wrong" else answer
        feedback = evaluate_answer(ex, value)  # never raises
        assert feedback.status == status
        assert f"`{ex.name}`" in feedback.message
        assert not feedback.passed


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_exercise_ids_in_notebooks_are_registered(path):
    for cell in _exercise_cells(_notebook(path)):
        meta = cell.metadata["exercise"]
        assert meta["id"] in all_exercises(), f"unknown exercise id {meta['id']!r} in {path.name}"
        assert all_exercises()[meta["id"]].notebook == path.stem
        assert meta["role"] in ("answer", "check")


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_each_exercise_appears_once_in_its_notebook(ex):
    cells = [c for c in _exercise_cells(_notebook(NOTEBOOKS_DIR / f"{ex.notebook}.ipynb"))
             if c.metadata["exercise"]["id"] == ex.id]
    roles = [c.metadata["exercise"]["role"] for c in cells]
    assert roles == ["answer", "check"], f"{ex.id}: expected an answer then a check cell"
    answer, check_cell = cells
    assert f"{ex.name} = ..." in answer.source, "the learner version shows the placeholder"
    assert solution_code(ex.id) not in answer.source
    assert check_cell.source.strip() == f'check("{ex.id}")'


def _loaded_and_bound_names(source: str) -> tuple[set[str], set[str]]:
    tree = ast.parse(source)
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
    return loaded, bound


def _code_without_magics(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_no_other_cell_depends_on_an_exercise_answer(path):
    nb = _notebook(path)
    answers = {all_exercises()[c.metadata["exercise"]["id"]].name for c in _exercise_cells(nb)
               if c.metadata["exercise"]["id"] in all_exercises()}
    redefined: set[str] = set()  # names a non-exercise cell defines itself are fine later on
    for cell in nb.cells:
        if cell.cell_type != "code" or "exercise" in cell.metadata:
            continue
        loaded, bound = _loaded_and_bound_names(_code_without_magics(cell.source))
        depends = (loaded & answers) - bound - redefined
        assert not depends, (f"{path.name}: a cell uses the exercise answer(s) {sorted(depends)}; "
                             f"Run All must work with unanswered exercises:\n{cell.source}")
        redefined |= bound & answers


class _TopLevelBindings(ast.NodeVisitor):
    """Names a piece of code binds in the notebook's namespace (not inside comprehensions,
    lambdas, functions or classes; imports are left out: they rebind the same object)."""

    def __init__(self):
        self.names: set[str] = set()

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self.names.add(node.id)

    def _own_scope(self, node):
        if hasattr(node, "name"):
            self.names.add(node.name)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _own_scope
    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _own_scope


def _top_level_bindings(source: str) -> set[str]:
    finder = _TopLevelBindings()
    finder.visit(ast.parse(source))
    return finder.names


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_reference_solution_does_not_overwrite_names_the_notebook_uses(ex):
    """The classroom versions run the solution in place of the answer: a helper variable of
    the solution that the notebook also uses (e.g. `gold`) would break the cells after it."""
    path = NOTEBOOKS_DIR / f"{ex.notebook}.ipynb"
    if not path.exists():
        pytest.skip(f"no notebook {path.name} yet")
    cells = _notebook(path).cells
    start = next(i for i, c in enumerate(cells) if c.metadata.get("exercise", {}).get("id") == ex.id)
    used_later: set[str] = set()
    rebound: set[str] = set()  # a later cell that defines the name again is not affected
    for cell in cells[start:]:
        if cell.cell_type == "code" and "exercise" not in cell.metadata:
            loaded, bound = _loaded_and_bound_names(_code_without_magics(cell.source))
            used_later |= loaded - bound - rebound
            rebound |= bound
    clobbered = (_top_level_bindings(solution_code(ex.id)) - {ex.name}) & used_later
    assert not clobbered, (f"utils/solutions/{ex.id}.py overwrites {sorted(clobbered)}, which "
                           f"later cells of {path.name} use: rename the helper variable(s)")


def test_the_overwrite_check_ignores_local_scopes():
    assert _top_level_bindings("gold = 4\nx = [t for t in y]\nf = lambda q: q\nimport os") == {
        "gold", "x", "f"}


def test_the_dependency_check_can_fail():
    loaded, bound = _loaded_and_bound_names("print(n_words_in_title + 1)")
    assert "n_words_in_title" in loaded - bound


# --- discussion questions: the id is shown, what a good answer covers can be revealed ---------

def _discussions(path):
    nb = _notebook(path)
    return [(i, c.metadata["discussion"]["id"]) for i, c in enumerate(nb.cells)
            if "discussion" in c.metadata], nb


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_every_discussion_question_shows_its_id(path):
    found, nb = _discussions(path)
    for index, discussion_id in found:
        question = nb.cells[index - 1].source if index else ""
        assert discussion_id in question, (
            f"{path.name}: show the id {discussion_id!r} in the question's text (e.g. a heading "
            f"'### Discussion {discussion_id}'): the teacher guide grades it by id")


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_solution_reveals_what_a_good_answer_covers(path):
    from utils.checking import solution

    for _, discussion_id in _discussions(path)[0]:
        shown = solution(discussion_id)
        assert f"What a good answer to {discussion_id} covers" in repr(shown)
        assert repr(shown) == shown._repr_markdown_()


def test_discussion_notes_stay_out_of_the_student_versions(tmp_path, monkeypatch):
    import utils.exercises as exercises
    from utils.checking import solution
    from utils.classroom import export_package

    notes = sorted((exercises.SOLUTIONS_DIR / "discussions").glob("[0-9][0-9]-*.md"))
    assert notes
    learner_text = "\n".join(p.read_text(encoding="utf-8") for p in NOTEBOOK_PATHS)
    for path in notes:
        line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if len(ln) > 40)
        assert line not in learner_text, f"{path.name} is copied into a notebook"
    package = export_package(tmp_path)
    assert not list(package.rglob("discussions"))
    assert not [p for p in package.rglob("*.md") if p.name in {n.name for n in notes}]
    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", tmp_path / "missing")
    shown = repr(solution("01-unsourced-claims"))
    assert "not included" in shown and "Secure" not in shown


def test_grading_notes_come_from_one_place_per_question():
    """A notes file serves the guide too; a question never has two sets of notes there."""
    from utils.exercises import GUIDE_PATH, discussion_notes_path

    guide = GUIDE_PATH.read_text(encoding="utf-8")
    for path in NOTEBOOK_PATHS:
        for _, discussion_id in _discussions(path)[0]:
            assert guide.count(f"#### `{discussion_id}`") <= 1, (
                f"{discussion_id}: one set of grading notes in docs/teacher-guide.md (delete the "
                "hand-written ones if utils/solutions/discussions/ has a file, then run "
                "`python -m utils.classroom guide`)")
    for stem in ("01-unsourced-claims", "01-dmz-vs-mdl"):
        block = guide.split("<!-- discussion-notes:begin -->")[1].split("<!-- discussion-notes:end -->")[0]
        body = discussion_notes_path(stem).read_text(encoding="utf-8").split("\n", 2)[2].strip()
        assert body in block, f"the guide's notes for {stem} are generated from its file"
