"""A class on a real JupyterHub: nbgrader's exchange from release to feedback, as each user.

The hub runs ``deploy/jupyterhub/jupyterhub_config.py`` on 127.0.0.1 with its real proxy; a
teacher and three students are Unix users. Notebook 01 goes through the whole exchange: the
first student answers every exercise with the reference solutions, the second every other
one, the third nothing. Notebook 00 (due in the past) shows the bad inputs: a late
submission, a second submission, and a submission whose check cell was deleted.
Run alone with ``make test-hub`` (root: it creates Unix users).
"""
from __future__ import annotations

import csv
import json
import textwrap

import nbformat
import pytest

from utils.exercises import exercises_for

from .conftest import ASSIGNMENT, LATE, SOLUTIONS, answered_by
from .harness import COURSE_ID, STUDENTS, TEACHER

pytestmark = pytest.mark.hub


def _gradebook(room):
    from nbgrader.api import Gradebook

    db = room.homes[TEACHER] / "classroom" / "gradebook.db"
    return Gradebook(f"sqlite:///{db}", COURSE_ID)


def _points(exercises) -> float:
    return float(sum(ex.points for ex in exercises))


# --- the scores ------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_scores_are_full_partial_and_zero(room, exchange):
    total = _points(exercises_for(ASSIGNMENT))
    expected = {s: _points(answered_by(s)) for s in STUDENTS}
    assert expected[STUDENTS[0]] == total > expected[STUDENTS[1]] > expected[STUDENTS[2]] == 0
    with _gradebook(room) as gb:
        for student in STUDENTS:
            submission = gb.find_submission(ASSIGNMENT, student)
            assert submission.max_code_score == total
            assert submission.code_score == expected[student], student
            answered = {ex.id for ex in answered_by(student)}
            for ex in exercises_for(ASSIGNMENT):  # cell by cell
                grade = gb.find_grade(f"{ex.id}-check", ASSIGNMENT, ASSIGNMENT, student)
                assert grade.auto_score == (ex.points if ex.id in answered else 0), ex.id
            assert submission.total_seconds_late == 0
    # the teacher's export says the same
    rows = list(csv.DictReader(open(room.homes[TEACHER] / "grades.csv", encoding="utf-8")))
    scores = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == ASSIGNMENT}
    assert scores == expected


def test_a_student_validates_with_the_sealed_checks_of_the_package(room, exchange):
    """Validating runs the notebook as the student, with the student package (no answers in
    it): the complete notebook passes, the untouched one fails on every check cell."""
    complete, untouched = (exchange["validated"][s] for s in (STUDENTS[0], STUDENTS[2]))
    # every exercise passes; what validate still lists are the discussion answers (graded by
    # hand), which this test's students leave empty
    done = complete.stdout
    assert "Not yet" not in done and "Not started" not in done and "Traceback" not in done, done
    assert done.count("The following cell failed") == done.count(
        "You did not provide a response."), done
    failed = untouched.stdout
    assert "VALIDATION FAILED" in failed, failed
    for ex in exercises_for(ASSIGNMENT):
        assert f"[{ex.id}] Not started" in failed, ex.id


def test_grading_output_is_clean(exchange):
    for command, log in exchange["logs"].items():
        assert "cannot be converted" not in log, command
        assert "Traceback" not in log, command


def test_each_student_fetched_their_own_feedback(room, exchange):
    for student in STUDENTS:
        pages = list((room.homes[student] / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, student
        assert pages[0].stat().st_uid == room_uid(student)
        html = pages[0].read_text(encoding="utf-8")
        # the heading: autograded points so far / all points (discussions still to grade)
        assert f"(Score: {round(_points(answered_by(student)), 2)} / " in html, student


def room_uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


# --- bad input: late, twice, a deleted check cell ----------------------------------------

@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_late_submissions_are_flagged(room, exchange):
    with _gradebook(room) as gb:
        for student in STUDENTS:
            submission = gb.find_submission(LATE, student)
            assert submission.total_seconds_late > 0, student
            # the course's late penalty is nbgrader's default: none (the flag is for you)
        assert gb.find_submission(LATE, STUDENTS[2]).code_score == 0


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_a_second_submission_replaces_the_first(room, exchange):
    inbound = room.exchange / COURSE_ID / "inbound"
    first_student = STUDENTS[0]
    assert len(list(inbound.glob(f"{first_student}+{LATE}+*"))) == 2, "both are in the exchange"
    with _gradebook(room) as gb:  # the untouched first one would score 0: the latest is graded
        assert gb.find_submission(LATE, first_student).code_score == 1


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_a_deleted_check_cell_is_restored_and_graded(room, exchange):
    student = STUDENTS[1]
    submitted = nbformat.read(room.homes[TEACHER] / "classroom" / "submitted" / student / LATE
                              / f"{LATE}.ipynb", as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in submitted.cells]
    assert "00-warm-up-check" not in ids, "the student deleted it"
    graded = nbformat.read(room.homes[TEACHER] / "classroom" / "autograded" / student / LATE
                           / f"{LATE}.ipynb", as_version=4)
    restored = [c for c in graded.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "00-warm-up-check"]
    assert len(restored) == 1 and "was missing from the submission" in restored[0].source
    with _gradebook(room) as gb:
        assert gb.find_submission(LATE, student).code_score == 1  # the check ran on the answer


# --- nothing leaks between students --------------------------------------------------------

PROBE = textwrap.dedent('''
    import json, os, sys
    result = {}
    for label, path in json.loads(sys.argv[1]).items():
        try:
            if os.path.isdir(path):
                os.listdir(path)
            else:
                open(path, "rb").read(1)
            result[label] = "readable"
        except PermissionError:
            result[label] = "denied"
        except FileNotFoundError:
            result[label] = "missing"
    try:
        import utils.solutions
        result["import utils.solutions"] = "imported"
    except ImportError:
        result["import utils.solutions"] = "ImportError"
    try:
        import utils.exercises.nb01
        result["import utils.exercises.nb01"] = "imported"
    except ImportError:
        result["import utils.exercises.nb01"] = "ImportError"
    import utils
    import utils.exercises
    result["exercises"] = sorted({type(x).__name__ for x in utils.exercises.all_exercises().values()})
    from utils.checking import solution
    result["utils from"] = os.path.dirname(utils.__file__)
    result["solution()"] = repr(solution(sys.argv[2]))
    print(json.dumps(result))
''')


def _probe(room, student: str) -> dict:
    others = [s for s in STUDENTS if s != student]
    course = room.exchange / COURSE_ID
    teacher = room.homes[TEACHER] / "classroom"
    first = exercises_for(ASSIGNMENT)[0].id
    paths = {"exchange inbound (list)": course / "inbound",
             "exchange feedback (list)": course / "feedback",
             "teacher's source notebook": teacher / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
             "teacher's gradebook": teacher / "gradebook.db",
             "reference solution file": SOLUTIONS / f"{first}.py"}
    for other in others:
        paths[f"{other}: submission without its random name"] = course / "inbound" / (
            f"{other}+{ASSIGNMENT}")
        paths[f"{other}: home notebook"] = room.homes[other] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        paths[f"{other}: fetched feedback"] = room.homes[other] / ASSIGNMENT / "feedback"
        paths[f"{other}: autograded"] = teacher / "autograded" / other / ASSIGNMENT
        paths[f"{other}: feedback in the course"] = teacher / "feedback" / other / ASSIGNMENT
    done = room.run_as(student, str(room.python), "-c", PROBE,
                       json.dumps({k: str(v) for k, v in paths.items()}), first)
    return json.loads(done.stdout)


@pytest.mark.parametrize("student", STUDENTS)
def test_a_student_cannot_read_others_work_or_the_solutions(room, exchange, student):
    seen = _probe(room, student)
    print(json.dumps(seen, indent=1))
    for label, outcome in seen.items():
        if "without its random name" in label:
            assert outcome == "missing", label  # the real name has a random part
        elif label not in ("import utils.solutions", "utils from", "solution()",
                           "import utils.exercises.nb01", "exercises"):
            assert outcome == "denied", f"{label}: {outcome}"
    assert seen["import utils.solutions"] == "ImportError"
    assert seen["import utils.exercises.nb01"] == "ImportError"  # the definitions hold answers
    assert seen["exercises"] == ["SealedExercise"]
    assert seen["utils from"] == str(room.student_package / "utils")
    assert "not included" in seen["solution()"]


def test_submissions_in_the_exchange_have_unguessable_names(room, exchange):
    """nbgrader's model: inbound is write-only for students (2733) and feedback is
    traverse-only (711); each submission's folder name ends in a random string and each
    feedback file is named by a hash of the submitted notebook, so another student can
    neither list nor guess them."""
    inbound = room.exchange / COURSE_ID / "inbound"
    assert oct(inbound.stat().st_mode & 0o7777) == "0o2733"
    assert oct((room.exchange / COURSE_ID / "feedback").stat().st_mode & 0o777) == "0o711"
    for entry in inbound.iterdir():
        random_part = entry.name.rsplit(" ", 1)[-1]
        assert len(random_part) >= 12, entry.name


# --- the hub and its proxy, through the REST API ---------------------------------------------

def test_every_users_server_answers_through_the_proxy(room, hub, exchange):
    for name in room.users:
        status, body = hub.get(f"/user/{name}/api/status")
        assert status == 200, (name, body[:200])
        model = hub.api("GET", f"/users/{name}")
        assert model["servers"][""]["ready"]
    # the teacher has the formgrader, the students do not, and see the course's assignments
    assert hub.get(f"/user/{TEACHER}/formgrader/api/assignments")[0] == 200
    for student in STUDENTS:
        assert hub.get(f"/user/{student}/formgrader/api/assignments")[0] == 404
        status, body = hub.get(f"/user/{student}/assignments?course_id={COURSE_ID}")
        assert status == 200 and ASSIGNMENT in body.decode(), body[:300]
