"""Classroom versions with nbgrader (utils.classroom, nbgrader_config.py).

The slow tests build a course in a temporary folder (never in classroom/), check that the
student versions hold no solution, validate them (fails; --invert passes) and do an nbgrader
round trip: a completed submission gets full autograded marks, an untouched one zero.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from utils import classroom
from utils.errors import CourseInputError
from utils.exercises import Exercise, all_exercises, exercises_for, get_exercise, solution_code
from utils.paths import NOTEBOOKS_DIR, ROOT

NOTEBOOK_PATHS = classroom.learner_notebooks()
STEMS = [p.stem for p in NOTEBOOK_PATHS]


def _nbgrader_cells(nb, **wanted):
    return [c for c in nb.cells
            if all(c.metadata.get("nbgrader", {}).get(k) == v for k, v in wanted.items())]


# --- fast: the conversion and the configuration ------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=STEMS)
def test_source_notebook_marks_every_cell(path):
    learner = nbformat.read(path, as_version=4)
    before = json.dumps(learner, sort_keys=True)
    source = classroom.to_source_notebook(learner)
    assert json.dumps(learner, sort_keys=True) == before, "the learner notebook is not changed"
    assert len(source.cells) == len(learner.cells)
    grade_ids = [c.metadata.nbgrader["grade_id"] for c in source.cells]
    assert len(set(grade_ids)) == len(grade_ids)
    for cell, original in zip(source.cells, learner.cells):
        meta, ex = cell.metadata.nbgrader, original.metadata.get("exercise")
        if ex and ex["role"] == "answer":
            assert meta["solution"] and not meta["grade"] and not meta["locked"]
            assert cell.source.startswith(original.source.rstrip())
            assert solution_code(ex["id"]) in cell.source
            assert "### BEGIN SOLUTION" in cell.source and cell.source.endswith("### END SOLUTION")
        elif ex:
            assert meta["grade"] and meta["locked"] and not meta["solution"]
            assert meta["points"] == get_exercise(ex["id"]).points
            assert f'check("{ex["id"]}", strict="nbgrader")' in cell.source
            hidden = bool(get_exercise(ex["id"]).hidden_checks)
            assert ("### BEGIN HIDDEN TESTS" in cell.source) == hidden
        elif "discussion" in original.metadata:
            assert cell.cell_type == "markdown" and meta["grade"] and meta["solution"]
            assert meta["points"] == original.metadata["discussion"]["points"] > 0
        else:
            assert meta["locked"] and not meta["grade"] and not meta["solution"]
            assert cell.source == original.source


def test_discussion_cells_become_manually_graded_answers():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Why?"),
        nbformat.v4.new_markdown_cell("*Write your answer here.*",
                                      metadata={"discussion": {"id": "99-why", "points": 3}})])
    question, answer = classroom.to_source_notebook(nb).cells
    assert question.metadata.nbgrader["locked"]
    assert answer.metadata.nbgrader == classroom.nbgrader_metadata(
        "99-why-discussion", solution=True, grade=True, points=3)


def test_hidden_tests_where_the_exercise_has_hidden_checks():
    ex = Exercise(id="99-demo", notebook="99-demo", name="x", question="?", kind=int,
                  is_correct=lambda a: a == 2, hidden_checks=(lambda a: a > 0,), points=2)
    source = classroom.check_source(ex)
    assert "### BEGIN HIDDEN TESTS" in source and 'assert_passes("99-demo")' in source
    assert source.splitlines()[-1] == 'display(check("99-demo", strict="nbgrader"))', "feedback last"
    assert "HIDDEN" not in classroom.check_source(get_exercise("00-warm-up"))


def test_a_missing_solution_is_a_clear_error():
    nb = nbformat.read(NOTEBOOKS_DIR / "00-start-here.ipynb", as_version=4)
    with pytest.raises(CourseInputError, match="no reference solution for '00-warm-up'"):
        classroom.to_source_notebook(nb, solutions=lambda ex_id: None)
    with pytest.raises(CourseInputError, match="nbformat.read"):
        classroom.to_source_notebook({"cells": []})


def test_notebook_selection():
    assert classroom.learner_notebooks(["00"]) == [NOTEBOOKS_DIR / "00-start-here.ipynb"]
    with pytest.raises(CourseInputError, match="No notebook matches"):
        classroom.learner_notebooks(["99-nothing"])
    assert classroom.main(["generate", "--notebook", "99-nothing", "--course-dir", "/nonexistent"]) == 1


def test_config_keeps_the_placeholder_and_runs_from_the_repo_root():
    config = classroom.nbgrader_config(Path("/tmp/somewhere"))
    assert config.ClearSolutions.code_stub == {"python": "# YOUR CODE HERE"}
    assert config.CourseDirectory.course_id == "crossing-the-line"
    from traitlets.config import PyFileConfigLoader

    as_is = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    assert Path(as_is.CourseDirectory.root) == ROOT / "classroom"
    assert "classroom/" in (ROOT / ".gitignore").read_text().split()


def test_export_package_has_no_solutions(tmp_path):
    package = classroom.export_package(tmp_path)
    assert (package / "utils" / "checking.py").exists()
    assert (package / "data" / "article.txt").exists()
    assert not (package / "utils" / "solutions").exists()
    assert not list(package.rglob("00-warm-up.py"))
    program = ("import utils; from utils.checking import solution, check\n"
               "print(utils.__file__)\nprint(repr(solution('00-warm-up')))\n"
               "print(check('00-warm-up', 3).status)")
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert str(package) in out.splitlines()[0]
    assert "not included" in out and "len(" not in out
    assert out.splitlines()[-1] in ("incorrect", "misconception")


# --- slow: nbgrader itself -------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course_dir = tmp_path_factory.mktemp("course")
    assert classroom.main(["generate", "--course-dir", str(course_dir)]) == 0  # the CLI
    released = sorted((course_dir / "release").glob("*/*.ipynb"))
    assert [p.parent.name for p in released] == STEMS
    return course_dir


def _release(course_dir: Path, stem: str) -> Path:
    return course_dir / "release" / stem / f"{stem}.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_student_versions_contain_no_solution(course, stem):
    learner = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    learner_text = "\n".join(c.source for c in learner.cells)
    student = nbformat.read(_release(course, stem), as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert "HIDDEN TESTS" not in text and "assert_passes" not in text
    assert "NotImplementedError" not in text
    for ex in exercises_for(stem):
        for line in solution_code(ex.id).splitlines():
            line = line.strip()
            if line and not line.startswith("#") and line not in learner_text:
                assert line not in text, f"solution line of {ex.id} leaked: {line}"
        answer = _nbgrader_cells(student, grade_id=f"{ex.id}-answer")[0]
        assert f"{ex.name} = ..." in answer.source and "# YOUR CODE HERE" in answer.source
    assert (course / "source" / stem / f"{stem}.ipynb").exists()


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_run_all_on_a_student_version_completes(course, stem, monkeypatch):
    from nbclient import NotebookClient

    from utils.kernels import quiet_kernel_config

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    path = _release(course, stem)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",  # raises on any error
                   config=quiet_kernel_config(),
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for ex in exercises_for(stem):
        check_cell = _nbgrader_cells(nb, grade_id=f"{ex.id}-check")[0]
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in check_cell.outputs)
        assert "Not started" in shown, f"{ex.id}: {shown}"


def _nbgrader(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    return done.stdout + done.stderr


@pytest.mark.slow
def test_validating_a_student_version_fails_and_inverted_passes(course):
    path = str(_release(course, "00-start-here"))
    assert "VALIDATION FAILED" in _nbgrader("validate", path)
    inverted = _nbgrader("validate", "--invert", path)
    assert "Success! The notebook does not pass any tests." in inverted


def _submit(course_dir: Path, stem: str, student: str, *, complete: bool) -> None:
    nb = nbformat.read(_release(course_dir, stem), as_version=4)
    if complete:
        for cell in nb.cells:
            ex = cell.metadata.get("exercise")
            if ex and ex["role"] == "answer":
                cell.source = solution_code(ex["id"])
    target = course_dir / "submitted" / student / stem / f"{stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # inside nbgrader's gradebook
@pytest.mark.parametrize("stem", STEMS)
def test_round_trip_full_marks_and_zero(course, stem):
    from nbgrader.api import Gradebook

    api = classroom.nbgrader_api(course)
    for student, complete in (("ada", True), ("bob", False)):
        _submit(course, stem, student, complete=complete)
        result = api.autograde(stem, student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")
        assert "cannot be converted" not in (result.get("log") or ""), "check cells: no result"
    expected = sum(ex.points for ex in exercises_for(stem))
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        ada = gb.find_submission(stem, "ada")
        bob = gb.find_submission(stem, "bob")
        assert ada.max_code_score == bob.max_code_score == expected > 0
        assert ada.code_score == expected
        assert bob.code_score == 0
    assert _failing_cells(course, "ada", stem) == [], "a completed notebook runs without errors"
    # untouched: only the graded check cells fail, so no other cell depends on an answer
    assert _failing_cells(course, "bob", stem) == [f"{ex.id}-check" for ex in exercises_for(stem)]


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_validate_gives_no_warning_on_the_check_cells(course, stem, tmp_path):
    """A completed notebook passes `nbgrader validate`, with no warning about a check cell's
    output (before, each passing check warned that it "cannot be converted to a float")."""
    nb = nbformat.read(_release(course, stem), as_version=4)
    for cell in nb.cells:
        ex = cell.metadata.get("exercise")
        if ex and ex["role"] == "answer":
            cell.source = solution_code(ex["id"])
        elif "discussion" in cell.metadata:
            cell.source = "My answer, with evidence from the text."
    completed = tmp_path / f"{stem}.ipynb"
    nbformat.write(nb, completed)
    out = _nbgrader("validate", str(completed))
    assert "Success! Your notebook passes all the tests." in out, out
    assert "cannot be converted" not in out and "Cell output is" not in out, out


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_a_failing_hidden_test_shows_its_sentence_in_the_autograded_notebook(tmp_path):
    """A made-up exercise (registered by a locked cell of its own notebook): the answer
    ``return 4`` passes the visible check (twice(2) == 4) but not the hidden one."""
    from utils.exercises import all_exercises

    sentence = "twice(5) should be 10: compute from x, do not type in the result."
    register = (
        "from utils.checking import check\n"
        "from utils.exercises import Exercise, all_exercises\n"
        "import types\n"
        "all_exercises()['99-twice'] = Exercise(\n"
        "    id='99-twice', notebook='99-demo', name='twice', question='Double x.',\n"
        "    kind=types.FunctionType, is_correct=lambda f: f(2) == 4, points=2,\n"
        f"    hidden_checks=(lambda f: f(5) == 10 or {sentence!r},))")
    exec(register, {})  # registers 99-twice here too, for to_source_notebook
    learner = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(register),
        nbformat.v4.new_code_cell("twice = ...", metadata={
            "exercise": {"id": "99-twice", "role": "answer"}}),
        nbformat.v4.new_code_cell('check("99-twice")', metadata={
            "exercise": {"id": "99-twice", "role": "check"}})])
    learner.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}
    try:
        source = classroom.to_source_notebook(
            learner, solutions=lambda ex_id: "def twice(x):\n    return 2 * x")
    finally:
        all_exercises().pop("99-twice", None)
    assert 'assert_passes("99-twice")' in source.cells[2].source
    nbformat.write(source, _mkparent(tmp_path / "source" / "99-demo" / "99-demo.ipynb"))
    api = classroom.nbgrader_api(tmp_path)
    assert api.generate_assignment("99-demo", force=True, create=True)["success"]
    released = nbformat.read(_release(tmp_path, "99-demo"), as_version=4)
    assert "assert_passes" not in json.dumps(released), "the hidden test is not released"
    for student, body in (("ada", "return 2 * x"), ("bob", "return 4")):
        nb = nbformat.read(_release(tmp_path, "99-demo"), as_version=4)
        nb.cells[1].source = f"def twice(x):\n    {body}"
        nbformat.write(nb, _mkparent(tmp_path / "submitted" / student / "99-demo" / "99-demo.ipynb"))
        result = api.autograde("99-demo", student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")
        assert "cannot be converted" not in (result.get("log") or "")
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        assert gb.find_submission("99-demo", "ada").code_score == 2
        assert gb.find_submission("99-demo", "bob").code_score == 0
    graded = nbformat.read(tmp_path / "autograded" / "bob" / "99-demo" / "99-demo.ipynb",
                           as_version=4)
    errors = [o for o in graded.cells[2].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "AssertionError"
    assert errors[0].evalue == f"[99-twice] hidden test 1: {sentence}"


def _mkparent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _failing_cells(course_dir: Path, student: str, stem: str) -> list[str]:
    graded = nbformat.read(course_dir / "autograded" / student / stem / f"{stem}.ipynb",
                           as_version=4)
    return [c.metadata.nbgrader["grade_id"] for c in graded.cells if c.cell_type == "code"
            and any(o.output_type == "error" for o in c.outputs)]


# --- the teacher guide -------------------------------------------------------------------

def test_teacher_guide_sections_are_up_to_date():
    text = classroom.GUIDE_PATH.read_text(encoding="utf-8")
    assert classroom.render_guide(text, classroom.guide_sections()) == text, (
        "notebooks changed: run `python -m utils.classroom guide` and commit docs/teacher-guide.md")


def test_teacher_guide_covers_every_notebook_and_the_classroom_topics():
    text = classroom.GUIDE_PATH.read_text(encoding="utf-8")
    for path in NOTEBOOK_PATHS:
        assert f"notebooks/{path.name}" in text
    for ex_id in all_exercises():
        assert f"`{ex_id}`" in text
    for words in ("make assignments", "nbgrader autograde", "nbgrader validate --invert",
                  "Exchange.root", "JupyterHub", "Rubric", "Evidence from the text",
                  "export-package", "Building a timeline", "The armistice rules"):
        assert words in text


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=STEMS)
def test_every_discussion_question_has_grading_notes(path):
    text = classroom.GUIDE_PATH.read_text(encoding="utf-8")
    for question in classroom.discussion_questions(nbformat.read(path, as_version=4)):
        assert f"#### `{question['id']}`" in text, (
            f"add grading notes for {question['id']} under 'What each discussion question "
            f"looks for' in docs/teacher-guide.md")


def test_discussion_questions_and_front_matter_are_read_from_the_notebook():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 07 · Demo\n\n| | |\n|---|---|\n"
                                      "| **Learning objectives** | read | \n| **Estimated time** | 20 min |"),
        nbformat.v4.new_markdown_cell("### Discussion 07-why\n\nWhy does the article | say so?"),
        nbformat.v4.new_markdown_cell("*Write your answer here.*",
                                      metadata={"discussion": {"id": "07-why", "points": 2}})])
    assert classroom.front_matter(nb) == {"title": "07 · Demo", "Learning objectives": "read",
                                          "Estimated time": "20 min"}
    assert classroom.discussion_questions(nb) == [
        {"id": "07-why", "points": 2, "question": "Why does the article \\| say so?"}]
    with pytest.raises(CourseInputError, match="no '<!-- nope:begin -->' marker"):
        classroom.render_guide("text", {"nope": "x"})
