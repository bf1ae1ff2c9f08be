"""What a learner sees in JupyterLab: every notebook runs, nothing shows an error, widgets answer.

For every notebook in notebooks/, in a private JupyterLab driven by headless chromium:
open it, Run > Run All Cells, wait for the kernel to be idle, check that no output is an
error, a traceback, or "Error displaying widget", operate every course widget found (and
require the ones the notebook builds), and save a screenshot to test-artifacts/browser/.

A self-test runs the same checks on a scratch notebook (written only into the server's
temporary copy) that contains working widgets, a widget that cannot render and a failing
cell, so the checks are shown to catch what they look for.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from .lab_page import (NOTEBOOK, RunReport, code_cells_to_run, run_notebook,
                       screenshot_whole_notebook)
from .lab_server import REPO_ROOT, SLOW_SESSION_S, SLOW_SESSIONS_FLAG
from .widget_drivers import WidgetCheck, operate_widgets

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
# Generous: the first notebook also pays for loading spaCy in a cold kernel.
RUN_TIMEOUT_S = float(os.environ.get("CTL_BROWSER_TIMEOUT", "240"))


def _code_of(notebook_json: dict) -> str:
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in notebook_json.get("cells", []) if c.get("cell_type") == "code")


def _drive(session, lab, relative_path: str, notebook_json: dict, artifacts_dir: Path,
           stem: str):
    """Run a notebook in the browser and operate its widgets; always leaves a screenshot and
    a details file in *artifacts_dir*. Returns (run report, widget checks, problems)."""
    page = session.page
    report, checks = RunReport(expected=code_cells_to_run(notebook_json)), []
    try:
        report = run_notebook(
            page, lab.url, relative_path, report.expected, RUN_TIMEOUT_S,
            read_saved=lambda content: lab.api(
                f"api/contents/{quote(relative_path)}?content={int(content)}"))
        if page.locator(NOTEBOOK).count():
            checks = operate_widgets(page, page.locator(NOTEBOOK).first, _code_of(notebook_json))
    finally:
        try:
            screenshot_whole_notebook(page, artifacts_dir / f"{stem}.png")
        except Exception as error:  # a crashed page must not hide the problems found
            report.problems.append(f"no screenshot: {error}")
        finally:
            problems = list(report.problems)
            problems += [f"{c.driver} (cell {c.cell_index}): {c.problem}"
                         for c in checks if c.problem]
            problems += [f"the browser tried to reach the network: {url}"
                         for url in session.blocked]
            _write_details(artifacts_dir / f"{stem}.txt", problems, report, checks, session, lab)
    return report, checks, problems


def _write_details(path: Path, problems: list[str], report, checks, session, lab) -> None:
    lines = [f"{report.executed}/{report.expected} code cells ran; kernel ready in "
             f"{report.seconds_to_kernel:.1f} s; Run All took {report.seconds_to_idle:.1f} s",
             "", "PROBLEMS", *problems, "", "WIDGETS OPERATED"]
    lines += [f"{c.driver} cell {c.cell_index}: chose {c.chosen}, dropped {c.dropped}; "
              f"before {c.before[:200]!r}; after {c.after[:200]!r}; problem: {c.problem}"
              for c in checks]
    lines += ["", "STDERR OUTPUTS", *report.stderr, "", "BROWSER CONSOLE (errors, warnings)",
              *session.console, "", "BLOCKED REQUESTS", *session.blocked, "",
              "JUPYTERLAB LOG (tail)", lab.log_tail(80)]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_its_widgets_answer_in_jupyterlab(path, lab, lab_session, artifacts_dir,
                                                            record_timing):
    started = time.monotonic()
    served = lab.root / "notebooks" / path.name
    if not served.exists():  # written after the server's copy of the repository was made
        shutil.copy2(path, served)
    notebook_json = json.loads(served.read_text(encoding="utf-8"))
    report, checks, problems = _drive(lab_session, lab, f"notebooks/{path.name}", notebook_json,
                                      artifacts_dir, path.stem)
    record_timing(path.name, report.seconds_to_kernel, report.seconds_to_idle,
                  time.monotonic() - started)
    assert not problems, (
        f"{path.name} in JupyterLab ({report.executed}/{report.expected} code cells ran; "
        f"screenshot and details in test-artifacts/browser/{path.stem}.png|.txt):\n- "
        + "\n- ".join(problems))


# --- self-test: the checks catch what they look for -------------------------------------------

def _cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": uuid.uuid4().hex[:8],
            "metadata": {}, "outputs": [], "source": source}


SCRATCH_CELLS = [
    # A glossary explorer built inline: a Dropdown and an HTML output, with the course's classes.
    """import ipywidgets as widgets
terms = {"armistice": "an agreement to stop fighting", "defector": "a person who leaves their side"}
term = widgets.Dropdown(options=list(terms), value="armistice")
term.add_class("ctl-glossary-term")
shown = widgets.HTML(f"<b>armistice</b>: {terms['armistice']}")
shown.add_class("ctl-glossary-output")
term.observe(lambda change: setattr(shown, "value", f"<b>{change.new}</b>: {terms[change.new]}"),
             names="value")
widgets.VBox([term, shown])""",
    # Two entity explorers: a SelectMultiple and ToggleButtons, each with its output.
    """def explorer(control):
    control.add_class("ctl-entity-labels")
    out = widgets.HTML("labels: " + ", ".join(control.value if isinstance(control.value, tuple)
                                               else [control.value]))
    out.add_class("ctl-entity-output")
    def update(change):
        chosen = change.new if isinstance(change.new, tuple) else (change.new,)
        out.value = "labels: " + ", ".join(chosen)
    control.observe(update, names="value")
    return widgets.VBox([control, out])
explorer(widgets.SelectMultiple(options=["GPE", "PERSON", "DATE"], value=("GPE", "PERSON")))""",
    """explorer(widgets.ToggleButtons(options=["GPE", "PERSON", "DATE"], value="GPE"))""",
    # A widget whose front-end model does not exist: JupyterLab shows "Error displaying widget".
    """from traitlets import Unicode
class Unrenderable(widgets.DOMWidget):
    _model_module = Unicode("ctl-no-such-module").tag(sync=True)
    _model_module_version = Unicode("1.0.0").tag(sync=True)
    _model_name = Unicode("NoSuchModel").tag(sync=True)
    _view_module = Unicode("ctl-no-such-module").tag(sync=True)
    _view_module_version = Unicode("1.0.0").tag(sync=True)
    _view_name = Unicode("NoSuchView").tag(sync=True)
Unrenderable()""",
    # A view of a widget model the kernel never created (as in a notebook saved with widget
    # outputs and reopened): JupyterLab shows "Error displaying widget: model not found".
    """from IPython.display import display
display({"application/vnd.jupyter.widget-view+json": {
    "model_id": "0123456789abcdef0123456789abcdef", "version_major": 2, "version_minor": 0}},
    raw=True)""",
    """raise ValueError("deliberate failure for the self-test")""",
]


def test_the_checks_catch_errors_and_operate_widgets(lab, lab_session, artifacts_dir,
                                                     record_timing):
    started = time.monotonic()
    notebook_json = {
        "cells": [_cell(src) for src in SCRATCH_CELLS],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    # Only in the server's temporary copy of the repository, never in notebooks/.
    scratch = lab.root / "scratch-selftest" / "widgets-and-errors.ipynb"
    scratch.parent.mkdir(exist_ok=True)
    scratch.write_text(json.dumps(notebook_json), encoding="utf-8")

    report, checks, problems = _drive(lab_session, lab, "scratch-selftest/widgets-and-errors.ipynb",
                               notebook_json, artifacts_dir, "selftest")
    record_timing("(self-test scratch notebook)", report.seconds_to_kernel,
                  report.seconds_to_idle, time.monotonic() - started)

    by_driver = {}
    for check in checks:
        by_driver.setdefault(check.driver, []).append(check)
    assert [c.problem for c in checks] == [None, None, None], checks
    glossary, = by_driver["glossary explorer"]
    assert glossary.chosen == ["defector"] and "defector" in glossary.after.lower()
    assert "armistice" in glossary.before.lower()
    assert len(by_driver["entity explorer"]) == 2
    multiple, toggles = by_driver["entity explorer"]
    assert (multiple.chosen, multiple.dropped) == (["DATE"], ["GPE", "PERSON"])
    assert multiple.after == "labels: DATE"
    assert (toggles.chosen, toggles.dropped) == (["PERSON"], ["GPE"])
    assert toggles.after == "labels: PERSON"

    text = "\n".join(problems)
    assert "shows a broken widget" in text, problems  # the unrenderable widget, cell 3
    assert "cell 4 [5]: shows 'Error displaying widget'" in text, problems
    assert "error output in cell 5 [6]: ValueError: deliberate failure" in text, problems
    assert "cell 5 [6]: shows 'Traceback'" in text, problems
    assert report.executed == len(SCRATCH_CELLS), report  # all ran, the last one failed
    assert not lab_session.blocked, lab_session.blocked


# --- regression: Run All must wait for the notebook's kernel -----------------------------------

def test_run_all_waits_for_a_kernel_session_that_is_slow_to_start(lab, lab_session, artifacts_dir,
                                                                   record_timing):
    """The "0/26 code cells ran" failure: under load the server answered the notebook's
    session requests late; the old wait (the toolbar's execution indicator "idle" for one
    second) was met by the value that indicator shows from the start, before any kernel
    exists; Run All was clicked with no kernel, and JupyterLab clears a cell it cannot send to
    a kernel instead of running it. Here the test server answers session requests late
    (lab_server.SLOW_SESSION_CONFIG), which made the old wait fail every time."""
    started = time.monotonic()
    notebook_json = {
        "cells": [_cell(f"x{i} = {i}\nx{i}") for i in range(8)],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    relative = "scratch-selftest/slow-session.ipynb"
    (lab.root / "scratch-selftest").mkdir(exist_ok=True)
    (lab.root / relative).write_text(json.dumps(notebook_json), encoding="utf-8")
    flag = lab.root.parent / "runtime" / SLOW_SESSIONS_FLAG
    flag.write_text("", encoding="utf-8")
    try:
        report, _, problems = _drive(lab_session, lab, relative, notebook_json, artifacts_dir,
                                     "selftest-slow-session")
    finally:
        flag.unlink()
    record_timing("(self-test slow kernel session)", report.seconds_to_kernel,
                  report.seconds_to_idle, time.monotonic() - started)
    assert report.seconds_to_kernel >= SLOW_SESSION_S, report
    assert not problems and report.executed == 8, (report, problems)
