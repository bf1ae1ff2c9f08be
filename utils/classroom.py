"""Classroom versions of the series with nbgrader (for teachers).

The learner notebooks in ``notebooks/`` are the only notebook source, and each reference
solution is written once, in ``utils/solutions/<id>.py``. This module joins them into an
nbgrader course directory and lets nbgrader make the student versions:

- the answer cell of an exercise becomes a solution cell: the learner's placeholder line(s),
  then the reference solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
- its check cell becomes a locked, autograded test cell worth ``Exercise.points``:
  ``check("<id>", strict="nbgrader")`` (it raises only while nbgrader validates or
  autogrades, so "Run All" on a student version completes), plus hidden tests where the exercise has hidden checks;
- a discussion answer cell becomes a manually graded (markdown) answer cell;
- every other cell is read-only.

From the repository root (``make assignments`` runs the first line)::

    python -m utils.classroom generate                 # into classroom/ (git-ignored)
    python -m utils.classroom generate --course-dir /srv/nbgrader/crossing-the-line
    python -m utils.classroom export-package           # utils + data, WITHOUT the solutions
    python -m utils.classroom guide                    # refresh docs/teacher-guide.md's tables

>>> learner = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("n_words_in_title = ...",
...                               metadata={"exercise": {"id": "00-warm-up", "role": "answer"}})])
>>> lines = to_source_notebook(learner).cells[0].source.splitlines()
>>> lines[:2], lines[-1]
(['n_words_in_title = ...', '### BEGIN SOLUTION'], '### END SOLUTION')
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Callable, Iterable

import nbformat

from utils.errors import CourseInputError
from utils.exercises import Exercise, get_exercise, solution_code
from utils.paths import NOTEBOOKS_DIR, ROOT

DEFAULT_COURSE_DIR = ROOT / "classroom"
CONFIG_FILE = ROOT / "nbgrader_config.py"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
PACKAGE_DIR_NAME = "student-package"
# What a classroom copy of the series ships: everything the notebooks need, no solutions.
PACKAGE_CONTENTS = ("utils", "data", "requirements.txt", "constraints.txt",
                    # the environment check of notebook 00 reads the supported Python range
                    "pyproject.toml", "tools/course.py")
# ... and what it leaves out: the reference solutions, the full exercise definitions (they
# compute the answers and hold the explanations and the hidden tests' texts; sealed answer
# keys replace them), and the development sets of the helpers (engineering data that no
# notebook reads, with the article's own gold annotations).
PACKAGE_LEFT_OUT = ("solutions", "nb0[0-9].py", "keys.json", "actions_dev*", "actions_heldout*",
                    "attributions_dev*", "attributions_heldout*", "entities_dev*",
                    "entities_heldout*", "timex_heldout*", "timex_newswire*")


def nbgrader_metadata(grade_id: str, *, solution: bool = False, grade: bool = False,
                      locked: bool = False, points: float | None = None) -> dict:
    """The ``nbgrader`` cell metadata (schema 3) for one cell.

    >>> nbgrader_metadata("00-warm-up-check", grade=True, locked=True, points=1)["points"]
    1
    >>> "points" in nbgrader_metadata("cell-001", locked=True)
    False
    """
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points if points is not None else 0
    return meta


def answer_source(placeholder: str, solution: str) -> str:
    """The source of an nbgrader solution cell: placeholder, then the marked solution.

    >>> print(answer_source("x = ...", "x = 2"))
    x = ...
    ### BEGIN SOLUTION
    x = 2
    ### END SOLUTION
    """
    begin, end = SOLUTION_MARKERS
    return f"{placeholder.rstrip()}\n{begin}\n{solution.strip()}\n{end}"


def check_source(ex: Exercise) -> str:
    """The source of the autograded test cell of *ex* (hidden tests first, so that the
    visible feedback comes last).

    The feedback is *displayed*, not the cell's result: nbgrader reads a test cell's result
    as partial credit and warns that a feedback text "cannot be converted to a float". With no
    result, a passing cell gets its points, a failing one (an error) none.

    >>> check_source(get_exercise("00-warm-up"))
    'display(check("00-warm-up", strict="nbgrader"))'
    """
    visible = f'display(check("{ex.id}", strict="nbgrader"))'
    if not ex.hidden_checks:
        return visible
    begin, end = HIDDEN_MARKERS
    return (f"{begin}\nfrom utils.checking import assert_passes\n"
            f'assert_passes("{ex.id}")\n{end}\n{visible}')


def _reference_solution(exercise_id: str, solutions: Callable[[str], str | None]) -> str:
    code = solutions(exercise_id)
    if code is None:
        raise CourseInputError(
            f"There is no reference solution for {exercise_id!r} (utils/solutions/"
            f"{exercise_id}.py). Build the classroom version from a full copy of the series.")
    return code


def to_source_notebook(learner: nbformat.NotebookNode, *,
                       solutions: Callable[[str], str | None] = solution_code,
                       ) -> nbformat.NotebookNode:
    """The nbgrader source version (with solutions and grading metadata) of a learner notebook.

    The learner notebook is not changed. See the module docstring for what each cell becomes.

    >>> learner = nbformat.read(NOTEBOOKS_DIR / "00-start-here.ipynb", as_version=4)
    >>> source = to_source_notebook(learner)
    >>> sum(c.metadata.nbgrader.get("points", 0) for c in source.cells)
    1
    """
    if not isinstance(learner, nbformat.NotebookNode):
        raise CourseInputError("to_source_notebook() needs a notebook read with nbformat.read(), "
                               f"not {type(learner).__name__}.")
    nb = copy.deepcopy(learner)
    for i, cell in enumerate(nb.cells):
        exercise = cell.metadata.get("exercise")
        discussion = cell.metadata.get("discussion")
        if exercise and exercise.get("role") == "answer":
            ex_id = exercise["id"]
            cell.source = answer_source(cell.source, _reference_solution(ex_id, solutions))
            meta = nbgrader_metadata(f"{ex_id}-answer", solution=True)
        elif exercise and exercise.get("role") == "check":
            ex = get_exercise(exercise["id"])
            cell.source = check_source(ex)
            meta = nbgrader_metadata(f"{ex.id}-check", grade=True, locked=True, points=ex.points)
        elif discussion:
            if cell.cell_type != "markdown":
                raise CourseInputError(f"Discussion cell {discussion.get('id')!r} must be a "
                                       "markdown cell.")
            meta = nbgrader_metadata(f"{discussion['id']}-discussion", solution=True, grade=True,
                                     points=discussion.get("points", 1))
        else:
            meta = nbgrader_metadata(f"cell-{i:03d}", locked=True)
        cell.metadata["nbgrader"] = meta
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def learner_notebooks(names: Iterable[str] | None = None) -> list[Path]:
    """The learner notebooks in series order, all of them or those whose stem (or number
    prefix, "01") is in *names*.

    >>> [p.name for p in learner_notebooks(["00"])]
    ['00-start-here.ipynb']
    """
    paths = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    if names is None:
        return paths
    wanted = set(names)
    chosen = [p for p in paths if p.stem in wanted or p.stem.split("-")[0] in wanted]
    if not chosen:
        raise CourseInputError(f"No notebook matches {sorted(wanted)}; choose from "
                               f"{[p.stem for p in paths]}.")
    return chosen


def write_sources(course_dir: Path, names: Iterable[str] | None = None) -> list[str]:
    """Write ``source/<assignment>/<notebook>.ipynb`` for the chosen notebooks; return the
    assignment names (one per notebook, named by its stem).

    >>> import tempfile
    >>> write_sources(Path(tempfile.mkdtemp()), ["00"])
    ['00-start-here']
    """
    assignments = []
    for path in learner_notebooks(names):
        source = to_source_notebook(nbformat.read(path, as_version=4))
        target = Path(course_dir) / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source, target)
        assignments.append(path.stem)
    return assignments


def nbgrader_config(course_dir: Path):
    """The repository's ``nbgrader_config.py``, with the course root set to *course_dir*.

    >>> config = nbgrader_config(Path("/tmp/course"))
    >>> config.CourseDirectory.root, config.ClearSolutions.code_stub["python"]
    ('/tmp/course', '# YOUR CODE HERE')
    """
    from traitlets.config import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    config.CourseDirectory.root = str(Path(course_dir).resolve())
    return config


def _put_interpreter_scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script (installed next to this Python) when it creates a
    gradebook; make it findable even when the environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    paths = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in paths:
        os.environ["PATH"] = os.pathsep.join([scripts, *[p for p in paths if p]])


def nbgrader_api(course_dir: Path):
    """An ``nbgrader.apps.NbGraderAPI`` for the course in *course_dir* (the repository's config).

    >>> nbgrader_api(Path("/tmp/course")).coursedir.course_id
    'crossing-the-line'
    """
    _put_interpreter_scripts_on_path()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = nbgrader_config(course_dir)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def generate(course_dir: Path = DEFAULT_COURSE_DIR, names: Iterable[str] | None = None,
             ) -> list[Path]:
    """Build the nbgrader course: sources with solutions, then the student versions in
    ``release/``. Returns the student notebooks written (takes a few seconds).

    >>> import tempfile
    >>> [p.name for p in generate(Path(tempfile.mkdtemp()), ["00"])]
    ['00-start-here.ipynb']
    """
    course_dir = Path(course_dir).resolve()
    assignments = write_sources(course_dir, names)
    api = nbgrader_api(course_dir)
    released = []
    for assignment in assignments:
        result = api.generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                               f"{result.get('error') or result.get('log')}")
        released.extend(sorted((course_dir / "release" / assignment).glob("*.ipynb")))
    return released


def export_package(course_dir: Path = DEFAULT_COURSE_DIR) -> Path:
    """Copy what the student versions need (utils, data, requirement files) into
    ``<course_dir>/student-package``, e.g. for a JupyterHub image, WITHOUT the answers:
    no ``utils/solutions``, no exercise definitions (``utils/exercises/nb0*.py``), no
    development sets; sealed answer keys (``utils/exercises/keys.json``, see
    :mod:`utils.exercises.sealed`) let every check answer back all the same.

    Installed there (a ``.pth`` file pointing at it, or PYTHONPATH), ``check()`` answers from
    the sealed keys and ``solution()`` says that the solutions are not included. A new salt
    is drawn at each export.

    >>> import tempfile
    >>> package = export_package(Path(tempfile.mkdtemp()))
    >>> (package / "utils" / "checking.py").exists(), (package / "utils" / "solutions").exists()
    (True, False)
    >>> (package / "utils" / "exercises" / "nb01.py").exists()
    False
    """
    from utils.exercises import all_exercises
    from utils.exercises.sealed import write_keys

    exercises = list(all_exercises().values())
    if not exercises or getattr(exercises[0], "sealed", False):
        raise CourseInputError("This copy of the series has no exercise definitions (a "
                               "classroom copy?): export the package from a full copy.")
    target = Path(course_dir).resolve() / PACKAGE_DIR_NAME
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints",
                                  *PACKAGE_LEFT_OUT)
    for name in PACKAGE_CONTENTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=skip)
        elif source.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    write_keys(target / "utils" / "exercises" / "keys.json", exercises)
    (target / "README.md").write_text(PACKAGE_README, encoding="utf-8")
    return target


PACKAGE_README = """# Crossing the Line: student package (classroom copy)

Made by `python -m utils.classroom export-package` from a full copy of the series. Put this
folder on the students' Python path (PYTHONPATH, or a .pth file); the student notebooks come
from nbgrader (`release/`).

What it holds: the helpers (`utils/`) and the data the notebooks read (`data/`).
What it leaves out: the reference solutions, the exercise definitions (they compute the
answers), the hidden tests and their texts, and the helpers' development sets.
`utils/exercises/keys.json` holds salted fingerprints of the answers, not the answers, and
encrypted feedback that an answer unlocks only when it is given: `check()` answers back at
once, and the teacher's autograding (in the full copy) does the grading.
"""


# --- The generated sections of docs/teacher-guide.md ------------------------------------------

GUIDE_PATH = ROOT / "docs" / "teacher-guide.md"
_FRONT_ROW = re.compile(r"^\|\s*\*\*(?P<key>[^*]+)\*\*\s*\|\s*(?P<value>.*?)\s*\|\s*$")


def front_matter(nb: nbformat.NotebookNode) -> dict[str, str]:
    r"""The title and the table rows of a notebook's first cell ("Learning objectives"...).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# 05 · Demo\n\n| | |\n|---|---|\n| **Estimated time** | 30 min |")])
    >>> front_matter(nb)
    {'title': '05 · Demo', 'Estimated time': '30 min'}
    """
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        return {}
    lines = nb.cells[0].source.splitlines()
    info = {"title": next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), "")}
    for line in lines:
        match = _FRONT_ROW.match(line.strip())
        if match:
            info[match["key"].strip()] = match["value"]
    return info


def _plain(markdown: str, limit: int = 300) -> str:
    text = " ".join(ln.strip() for ln in markdown.splitlines() if not ln.lstrip().startswith("#"))
    text = re.sub(r"\s+", " ", text).strip().replace("|", "\\|")
    if len(text) <= limit:
        return text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # no link cut in half
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + " …"


_LINK = re.compile(r"\]\((?!https?:|#|\.\./|/)([^)]+)\)")


def _from_docs(markdown: str) -> str:
    """Links written in a notebook (relative to notebooks/) made to work from docs/.

    >>> _from_docs("[01](01-a.ipynb), [facts](../data/x.md), [web](https://x.org)")
    '[01](../notebooks/01-a.ipynb), [facts](../data/x.md), [web](https://x.org)'
    """
    return _LINK.sub(r"](../notebooks/\1)", markdown)


def _question_text(cell_source: str, discussion_id: str) -> str:
    """The question: the text after the cell's "... <id>" heading, or the whole cell."""
    lines = cell_source.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") and discussion_id in line:
            return "\n".join(lines[i + 1:])
    return cell_source


def discussion_questions(nb: nbformat.NotebookNode) -> list[dict]:
    """The discussion questions of a notebook: id, points and the question (from the markdown
    cell just before the answer cell).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Why?"),
    ...     nbformat.v4.new_markdown_cell("...", metadata={"discussion": {"id": "9-w", "points": 2}})])
    >>> discussion_questions(nb)
    [{'id': '9-w', 'points': 2, 'question': 'Why?'}]
    """
    found = []
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("discussion")
        if meta:
            question = nb.cells[i - 1].source if i > 0 else ""
            found.append({"id": meta["id"], "points": meta.get("points", 1),
                          "question": _plain(_question_text(question, meta["id"]), 600)})
    return found


def guide_sections(paths: Iterable[Path] | None = None) -> dict[str, str]:
    """The markdown of the generated sections of the teacher guide, by marker name.

    >>> sections = guide_sections([NOTEBOOKS_DIR / "00-start-here.ipynb"])
    >>> sorted(sections), "`00-warm-up`" in sections["graded"]
    (['discussion-notes', 'graded', 'notebooks', 'rubric'], True)
    """
    from utils.exercises import exercises_for, guide_discussion_notes

    notebooks, graded, rubric, discussion_ids = [], [], [], []
    for path in (learner_notebooks() if paths is None else list(paths)):
        nb = nbformat.read(path, as_version=4)
        info, questions = front_matter(nb), discussion_questions(nb)
        exercises = exercises_for(path.stem)
        auto = sum(ex.points for ex in exercises)
        manual = sum(q["points"] for q in questions)
        notebooks.append(
            f"### {info.get('title') or path.stem}\n\n"
            f"File: [`notebooks/{path.name}`](../notebooks/{path.name}) · assignment "
            f"`{path.stem}`\n\n"
            f"- **Learning objectives:** {_from_docs(info.get('Learning objectives', '-'))}\n"
            f"- **Prerequisites:** {_from_docs(info.get('Prerequisites', '-'))}\n"
            f"- **Difficulty:** {info.get('Difficulty', '-')} · **Estimated time:** "
            f"{info.get('Estimated time', '-')}\n"
            f"- **Graded:** {len(exercises)} exercise(s), {auto} point(s) autograded; "
            f"{len(questions)} discussion question(s), {manual} point(s) graded by hand.\n")
        for ex in exercises:
            graded.append(f"| `{path.stem}` | `{ex.id}` | exercise, autograded"
                          f"{' (+ hidden tests)' if ex.hidden_checks else ''} | {ex.points} | "
                          f"{_from_docs(_plain(ex.question, 160))} |")
        for q in questions:
            discussion_ids.append(q["id"])
            graded.append(f"| `{path.stem}` | `{q['id']}` | discussion, by hand | {q['points']} | "
                          f"{_from_docs(_plain(q['question'], 160))} |")
            rubric.append(f"- **`{q['id']}`** ({q['points']} points, notebook {path.stem[:2]}): "
                          f"{_from_docs(q['question'])}")
    table = ("| assignment | item | graded | points | question |\n|---|---|---|---|---|\n"
             + "\n".join(graded)) if graded else "*No graded items yet.*"
    rubric_text = ("The discussion questions of the series, to grade with this rubric:\n\n"
                   + "\n".join(rubric)) if rubric else "*No discussion questions yet.*"
    guide_text = GUIDE_PATH.read_text(encoding="utf-8") if GUIDE_PATH.exists() else ""
    return {"notebooks": "\n".join(notebooks).rstrip(), "graded": table, "rubric": rubric_text,
            # grading notes from utils/solutions/discussions/<id>.md (also solution("<id>"))
            "discussion-notes": guide_discussion_notes(discussion_ids, guide_text)}


def render_guide(text: str, sections: dict[str, str]) -> str:
    r"""*text* with each ``<!-- name:begin -->...<!-- name:end -->`` block replaced.

    >>> render_guide("a\n<!-- x:begin -->\nold\n<!-- x:end -->\nb", {"x": "new"})
    'a\n<!-- x:begin -->\nnew\n<!-- x:end -->\nb'
    """
    for name, body in sections.items():
        pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise CourseInputError(f"The guide has no '<!-- {name}:begin -->' marker.")
        text = pattern.sub(lambda m: f"{m[1]}{body}\n{m[2]}", text)
    return text


def update_guide(path: Path = GUIDE_PATH) -> bool:
    """Rewrite the generated sections of the teacher guide; True if it changed.

    >>> import tempfile
    >>> copy_of_guide = Path(tempfile.mkdtemp()) / "guide.md"
    >>> _ = copy_of_guide.write_text(GUIDE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    >>> update_guide(copy_of_guide) in (True, False)
    True
    """
    old = path.read_text(encoding="utf-8")
    new = render_guide(old, guide_sections())
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m utils.classroom generate|export-package|guide``; 0 on success.

    >>> main(["generate", "--notebook", "99", "--course-dir", "/tmp/course"])
    1
    """
    parser = argparse.ArgumentParser(prog="python -m utils.classroom", description=__doc__.split(
        "\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="nbgrader student versions of every notebook")
    gen.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR)
    gen.add_argument("--notebook", action="append", dest="names", metavar="STEM",
                     help="only this notebook (stem or number, e.g. 01); repeatable")
    exp = sub.add_parser("export-package", help="utils + data without the solutions")
    exp.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR)
    sub.add_parser("guide", help="update the generated sections of docs/teacher-guide.md")
    args = parser.parse_args(argv)
    try:
        if args.command == "guide":
            changed = update_guide()
            print(f"{GUIDE_PATH.relative_to(ROOT)} {'updated' if changed else 'already up to date'}")
        elif args.command == "generate":
            released = generate(args.course_dir, args.names)
            for path in released:
                print(f"student version: {path}")
            print(f"{len(released)} student notebook(s) in {Path(args.course_dir) / 'release'}")
        else:
            print(f"student package (no solutions): {export_package(args.course_dir)}")
    except (CourseInputError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
