"""Fixtures for the hub tests: the users, the hub with its proxy, and one run of nbgrader's
exchange from release to feedback (see test_exchange.py for what each student does).

Everything lives in a temporary folder and is removed at the end, users included. While the
tests run, the repository's ``utils/solutions/`` is readable by root only (as in a deployment,
where the teacher's checkout is not readable by students); its mode is restored afterwards.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest

from . import harness
from .harness import STUDENT_NAMES, STUDENTS, TEACHER

SOLUTIONS = harness.REPO / "utils" / "solutions"
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="package")
def room():
    reason = harness.why_not_runnable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    TIMINGS["start"] = time.monotonic()
    proxy = harness.proxy_command()
    TIMINGS["proxy installed"] = time.monotonic() - TIMINGS["start"]
    old_mode = stat.S_IMODE(SOLUTIONS.stat().st_mode)
    classroom = harness.make_classroom()
    classroom.proxy = proxy
    try:
        SOLUTIONS.chmod(0o700)
        _set_up_course(classroom)
        TIMINGS["users and course ready"] = time.monotonic() - TIMINGS["start"]
        yield classroom
    finally:
        SOLUTIONS.chmod(old_mode)
        classroom.remove()


def _set_up_course(room: harness.Classroom) -> None:
    """The teacher's course in their home: the repository's nbgrader_config.py, and the
    course built by `python -m utils.classroom generate` from the repository (which has the
    solutions; here root plays the teacher's checkout), then handed to the teacher."""
    home = room.homes[TEACHER]
    (home / "nbgrader_config.py").write_bytes((harness.REPO / "nbgrader_config.py").read_bytes())
    subprocess.run([sys.executable, "-m", "utils.classroom", "generate", "--course-dir",
                    str(home / "classroom"), "--notebook", "00", "--notebook", "01"],
                   cwd=harness.REPO, check=True, capture_output=True, text=True, timeout=600)
    subprocess.run(["chown", "-R", f"{TEACHER}:{TEACHER}", str(home)], check=True)


@pytest.fixture(scope="package")
def hub(room):
    running = harness.start_hub(room, room.proxy)
    TIMINGS["hub answering"] = time.monotonic() - TIMINGS["start"]
    try:
        yield running
    finally:
        running.stop()


def pytest_terminal_summary(terminalreporter):
    if len(TIMINGS) < 2:
        return
    terminalreporter.section("hub test timings (seconds from the start of the hub fixtures)")
    for name, seconds in TIMINGS.items():
        if name != "start":
            terminalreporter.write_line(f"{name:40s} {seconds:6.1f} s")
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    terminalreporter.write_line(
        f"CPU time of the commands run (nbgrader, kernels, hub and servers): "
        f"{used.ru_utime + used.ru_stime:.0f} s; on {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end")


# --- nbgrader's exchange, from release to feedback ------------------------------------------

ASSIGNMENT = "01-reading-the-article"  # the full exchange
LATE = "00-start-here"                 # the bad inputs: late, twice, a deleted check cell
PAST_DUE = "2020-01-01 00:00:00 UTC"


def answered_by(student: str) -> list:
    """The exercises of notebook 01 each student answers (with the reference solutions):
    all, every other one, none."""
    from utils.exercises import exercises_for

    exercises = exercises_for(ASSIGNMENT)
    return {STUDENTS[0]: exercises, STUDENTS[1]: exercises[::2], STUDENTS[2]: []}[student]


def _work_on(room, student: str, assignment: str, exercise_ids: set[str], *,
             delete_check_cells: bool = False) -> None:
    """The student types reference answers into their fetched notebook (written by root,
    then given back to the student)."""
    import nbformat

    from utils.exercises import solution_code

    path = room.homes[student] / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    kept = []
    for cell in nb.cells:
        ex = cell.metadata.get("exercise")
        if ex and ex["id"] in exercise_ids and ex["role"] == "answer":
            cell.source = solution_code(ex["id"])
        if ex and ex["role"] == "check" and delete_check_cells:
            continue
        kept.append(cell)
    nb.cells = kept
    nbformat.write(nb, path)
    room.give(student, path)


@pytest.fixture(scope="package")
def exchange(room, hub):
    """Release, fetch, work, submit, collect, autograde, feedback: every nbgrader command run
    as the user who would run it. The users' servers are started through the hub's REST API
    at the same time (the teacher's is used by the formgrader test)."""
    for name in room.users:
        hub.start_server(name)
    T, (S1, S2, S3) = TEACHER, STUDENTS
    logs: dict[str, str] = {}

    def teacher(*args):
        done = room.nbgrader(T, *args)
        logs[" ".join(args)] = done.stdout + done.stderr
        return done

    for s in STUDENTS:  # the class list, with names for the formgrader
        first, last = STUDENT_NAMES[s]
        teacher("db", "student", "add", s, f"--first-name={first}", f"--last-name={last}")
    teacher("db", "assignment", "add", LATE, f"--duedate={PAST_DUE}")
    teacher("release_assignment", ASSIGNMENT)
    teacher("release_assignment", LATE)
    for s in STUDENTS:
        room.nbgrader(s, "fetch_assignment", ASSIGNMENT)
        room.nbgrader(s, "fetch_assignment", LATE)
    for s in STUDENTS:
        _work_on(room, s, ASSIGNMENT, {ex.id for ex in answered_by(s)})
    # before submitting, a student validates (the Validate button): the checks run as that
    # student, from the student package (sealed keys, no answers)
    validated = {s: room.nbgrader(s, "validate", str(room.homes[s] / ASSIGNMENT /
                                                    f"{ASSIGNMENT}.ipynb"), check=False)
                 for s in (S1, S3)}
    for s in STUDENTS:
        room.nbgrader(s, "submit", ASSIGNMENT)
    # Bad input on notebook 00 (due in the past, so every submission is late):
    room.nbgrader(S1, "submit", LATE)                          # 1. untouched ...
    time.sleep(1.1)
    _work_on(room, S1, LATE, {"00-warm-up"})
    room.nbgrader(S1, "submit", LATE)                          #    ... then again, answered
    _work_on(room, S2, LATE, {"00-warm-up"}, delete_check_cells=True)
    room.nbgrader(S2, "submit", LATE)                          # 2. answered, check cell deleted
    room.nbgrader(S3, "submit", LATE)                          # 3. untouched
    TIMINGS["all submitted"] = time.monotonic() - TIMINGS["start"]
    for assignment in (ASSIGNMENT, LATE):
        teacher("collect", assignment)
        teacher("autograde", assignment)
    TIMINGS["autograded"] = time.monotonic() - TIMINGS["start"]
    teacher("generate_feedback", ASSIGNMENT)
    teacher("release_feedback", ASSIGNMENT)
    for s in STUDENTS:
        room.nbgrader(s, "fetch_feedback", ASSIGNMENT)
    TIMINGS["all feedback fetched"] = time.monotonic() - TIMINGS["start"]
    teacher("export", "--to", "grades.csv")
    ready = hub.wait_ready(room.users)
    TIMINGS["4 servers ready"] = time.monotonic() - TIMINGS["start"]
    return {"logs": logs, "ready": ready, "validated": validated}
