"""Nothing leaks from a classroom copy: the student package (``python -m utils.classroom
export-package``) and the student notebooks (nbgrader's ``release/``) hold no answer.

For every exercise of the series, by plain-text search of every file a student receives:

- its reference answer's value (as Python writes it, as JSON, and as its form reads it) is
  not in its record of the sealed keys, and, where it is not simply a word of the course's
  reading material (``data/``: the article, the sources, the tables the notebooks read), it is
  nowhere in the code, the keys or the student notebooks;
- its reference solution's code is not there;
- its explanation and its typical mistakes' messages (which give answers away) are not there
  in plain text (open exercises excepted: their public checks ship, and hold no answer);
- the texts of the hidden tests are not there.

And the classroom copy still works: each student notebook, run in a fresh kernel with the
package on the path and the reference answers typed in, gets "Correct" from every check.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from utils import classroom
from utils.exercises import all_exercises, exercises_for, reference_answer, solution_code
from utils.exercises.forms import FORMS
from utils.paths import NOTEBOOKS_DIR, ROOT

EXERCISES = list(all_exercises().values())
IDS = [ex.id for ex in EXERCISES]
STEMS = [p.stem for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))]
TEXT_SUFFIXES = {".py", ".json", ".jsonl", ".csv", ".tsv", ".md", ".txt", ".ipynb", ".html", ""}
DISTINCTIVE = 8  # characters: shorter renderings ("6", "[1, 2]") are searched in the keys only


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course_dir = tmp_path_factory.mktemp("classroom")
    classroom.export_package(course_dir)
    classroom.generate(course_dir)
    return course_dir


@pytest.fixture(scope="module")
def package(course) -> Path:
    return course / classroom.PACKAGE_DIR_NAME


@pytest.fixture(scope="module")
def files(course, package) -> dict[str, str]:
    """Every text file a student receives: the package and the student notebooks."""
    found = {}
    for root in (package, course / "release"):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                found[str(path.relative_to(course))] = path.read_text(encoding="utf-8",
                                                                      errors="replace")
    return found


@pytest.fixture(scope="module")
def keys(package) -> dict[str, dict]:
    data = json.loads((package / "utils" / "exercises" / "keys.json").read_text("utf-8"))
    return {record["id"]: record for record in data["exercises"]}


def _material(files: dict[str, str]) -> str:
    """The reading material: what the package's data/ holds (the article, the sources...)."""
    prefix = f"{classroom.PACKAGE_DIR_NAME}/data/"
    return "\n".join(text for name, text in files.items() if name.startswith(prefix))


def _renderings(value) -> set[str]:
    """How a value can be written: as Python writes it, as text, as JSON, item by item."""
    found = {repr(value), str(value)}
    try:
        found.add(json.dumps(value, ensure_ascii=False))
        found.add(json.dumps(value))
    except TypeError:
        pass
    if hasattr(value, "isoformat"):
        found.add(value.isoformat())
    if isinstance(value, (list, tuple, set)) and not isinstance(value, str):
        items = sorted(value, key=repr) if isinstance(value, set) else list(value)
        found |= {repr(items), repr(tuple(items))}
        for item in items:
            if isinstance(item, str):
                found |= {item, repr(item), json.dumps(item, ensure_ascii=False)}
    return {r for r in found if r.strip()}


def _answers(ex) -> list:
    reference = reference_answer(ex)
    if isinstance(reference, types.FunctionType):
        return []
    values = [reference, *(list(ex.accepted()) if ex.accepted else [])]
    if ex.form:
        values += [FORMS[ex.form](v) for v in list(values)]
    return values


def _token(rendering: str) -> re.Pattern:
    # not inside a longer word, number or base64 text (the sealed messages)
    return re.compile(rf"(?<![\w.¶+/=-]){re.escape(rendering)}(?![\w.+/=])")


def test_the_package_leaves_out_definitions_solutions_and_dev_sets(package):
    names = {p.name for p in package.rglob("*")}
    assert not any(re.fullmatch(r"nb0\d\.py", n) for n in names), "exercise definitions"
    assert "solutions" not in names and not any(n.endswith("_heldout.jsonl") for n in names)
    assert not any(n.startswith(("actions_dev", "attributions_dev", "entities_dev")) for n in names)
    assert (package / "utils" / "exercises" / "keys.json").exists()
    assert (package / "data" / "article.txt").exists() and (package / "README.md").exists()


def test_a_classroom_copy_reads_every_exercise_from_the_sealed_keys(package, tmp_path):
    program = ("import json, utils.exercises as e\n"
               "print(json.dumps([[i, type(x).__name__] for i, x in e.all_exercises().items()]))")
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [[i, "SealedExercise"] for i in IDS]


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_no_answer_in_the_sealed_keys(ex, keys):
    record = dict(keys[ex.id])
    shown = {"question", "hint"}  # shown in the notebook (the predict-then-check test reads them)
    stored = json.dumps({k: v for k, v in record.items() if k not in shown}, ensure_ascii=False)
    stored += json.dumps({k: v for k, v in record.items() if k not in shown})
    for value in _answers(ex):
        for rendering in _renderings(value):
            assert not _token(rendering).search(stored), f"{ex.id}: {rendering!r} in its keys"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_no_answer_in_the_code_or_the_student_notebooks(ex, files):
    material = _material(files)
    searched = {name: text for name, text in files.items()
                if not name.startswith(f"{classroom.PACKAGE_DIR_NAME}/data/")}
    for value in _answers(ex):
        for rendering in _renderings(value):
            if len(rendering) < DISTINCTIVE or rendering.strip("'\"") in material:
                continue  # short, or a word of the article and the tables: not an answer as such
            hits = [name for name, text in searched.items() if rendering in text]
            assert not hits, f"{ex.id}: its answer {rendering!r} is written in {hits}"


def _statements(code: str) -> list[str]:
    return [line.strip() for line in code.splitlines()
            if len(line.strip()) >= 30 and not line.strip().startswith("#")]


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_no_reference_solution_code(ex, files):
    code = solution_code(ex.id)
    flat = " ".join(code.split())
    for name, text in files.items():
        assert flat not in " ".join(text.split()), f"{ex.id}: its solution is in {name}"
    learner = "\n".join(c.source for c in nbformat.read(
        NOTEBOOKS_DIR / f"{ex.notebook}.ipynb", as_version=4).cells)
    # the helpers a notebook meets after writing one do the same work by design; the check
    # machinery and the student notebooks must not hold the solution's lines
    checked = {n: t for n, t in files.items() if "/utils/exercises/" in f"/{n}" or
               n.startswith("release/")}
    keys_file = f"{classroom.PACKAGE_DIR_NAME}/utils/exercises/keys.json"
    records = json.loads(checked[keys_file])["exercises"]
    # a hint may give a line on purpose (hint() shows it on request): not the keys' own data
    checked[keys_file] = json.dumps([{k: v for k, v in r.items() if k not in ("hint",)}
                                     for r in records], ensure_ascii=False)
    for line in _statements(code):
        if line in learner:
            continue  # shown to every learner (a placeholder, a given line)
        hits = [n for n, t in checked.items() if line in t]
        assert not hits, f"{ex.id}: the solution line {line!r} is in {hits}"


def _sealed_messages(ex) -> list[str]:
    messages = [ex.explanation] + [m.message for m in ex.misconceptions]
    return [m for m in messages if m and len(m) >= 25]


@pytest.mark.parametrize("ex", [e for e in EXERCISES if not e.open_check],
                         ids=[e.id for e in EXERCISES if not e.open_check])
def test_explanations_and_mistake_messages_are_sealed(ex, files):
    for message in _sealed_messages(ex):
        probe = message[:60]
        hits = [name for name, text in files.items() if probe in text]
        assert not hits, f"{ex.id}: {probe!r}... is readable in {hits}"


def _hidden_texts() -> list[str]:
    """The strings of every module-level name with HIDDEN in it, in the definition modules."""
    texts = []
    for path in sorted((ROOT / "utils" / "exercises").glob("nb0*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if any("HIDDEN" in n for n in names) and getattr(node, "value", None) is not None:
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        if len(sub.value) >= 40:  # texts, not phrases of the sources
                            texts.append(sub.value)
    return texts


def test_hidden_test_texts_stay_with_the_teacher(files):
    texts = _hidden_texts()
    assert len(texts) >= 10, "the definitions have hidden texts to look for"
    for text in texts:
        probe = text[:50]
        hits = [name for name, body in files.items() if probe in body]
        assert not hits, f"hidden text {probe!r}... is in {hits}"


def test_no_notebook_hides_a_helper_column():
    """A table is narrowed by choosing its columns, never by dropping one a helper returns
    (a column dropped from view is still there for anyone who calls the helper)."""
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert ".drop(" not in cell.source, f"{path.name}: {cell.source[:80]}"


# --- the classroom copy still answers back ---------------------------------------------------

def _check_outputs(nb) -> dict[str, str]:
    shown = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-check"):
            shown[grade_id[:-len("-check")]] = "".join(
                o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_student_notebooks_answer_back_from_the_package(course, package, stem, tmp_path,
                                                        monkeypatch):
    from nbclient import NotebookClient

    from utils.kernels import quiet_kernel_config

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(package))
    work = tmp_path / stem
    shutil.copytree(course / "release" / stem, work)
    nb = nbformat.read(work / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        exercise = cell.metadata.get("exercise")
        if exercise and exercise["role"] == "answer":
            cell.source = solution_code(exercise["id"])
    nb.cells.append(nbformat.v4.new_code_cell("import utils\nprint(utils.__file__)"))
    NotebookClient(nb, timeout=300, kernel_name="python3", config=quiet_kernel_config(),
                   resources={"metadata": {"path": str(work)}}).execute()
    assert str(package) in nb.cells[-1].outputs[0]["text"], "the kernel used the package"
    shown = _check_outputs(nb)
    assert sorted(shown) == sorted(ex.id for ex in exercises_for(stem))
    for exercise_id, text in shown.items():
        assert "Correct" in text, f"{exercise_id}: {text}"


def test_a_scorer_in_the_package_says_the_dev_sets_are_left_out(package, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(package)}
    done = subprocess.run([sys.executable, "-m", "utils.entity_dev"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "leaves the development sets out" in done.stderr, done.stderr[-500:]
