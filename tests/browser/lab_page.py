"""Drive one notebook through the JupyterLab UI and report what a learner would see.

JupyterLab 4 renders an error output with the same mime type as stderr, so errors are read
from the notebook as JupyterLab saves it (File > Save Notebook), and the page is searched for
what the learner reads: tracebacks, "Error displaying widget" and broken widget views.

    >>> code_cells_to_run({"cells": [{"cell_type": "code", "source": ["x = 1"]},
    ...                              {"cell_type": "code", "source": "  "},
    ...                              {"cell_type": "markdown", "source": "# hi"}]})
    1
"""
from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"
# Text that must never appear in an output area.
FORBIDDEN_TEXT = ("Traceback", "Error displaying widget")
# A widget still showing this after the kernel went idle never rendered.
LOADING_WIDGET = "Loading widget..."
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

# Collected in the page in one go: the kernel as the notebook's session sees it (from the
# JupyterLab application, which the test server exposes as window.jupyterapp), open dialogs, and
# per cell its prompt, its execution count and outputs (mime type, text, whether it is
# ipywidgets' error view). The toolbar's execution indicator is NOT a kernel signal: it reads
# "idle" from the moment the notebook opens, before any kernel exists (the cause of the
# "0/26 code cells ran" failure under load: Run All was clicked before the kernel had started,
# so every cell was cleared instead of run).
_SNAPSHOT_JS = """
(notebookSelector) => {
  const notebook = document.querySelector(notebookSelector);
  if (!notebook) return null;
  const app = window.jupyterapp;
  const panel = app ? Array.from(app.shell.widgets('main'))
      .find(w => w.node.contains(notebook) && w.sessionContext) : null;
  let kernel = null;
  if (panel) {
    const session = panel.sessionContext;
    const k = session.session ? session.session.kernel : null;
    kernel = {ready: session.isReady, status: k ? k.status : null,
              connection: k ? k.connectionStatus : null, display: session.kernelDisplayStatus};
  }
  const models = panel ? panel.content.widgets.map(w => w.model) : [];
  return {
    exposed: !!app,
    kernel,
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.trim()),
    cells: [...notebook.querySelectorAll('.jp-Cell')].map((cell, index) => {
      const prompt = cell.querySelector('.jp-InputArea-prompt');
      const model = models[index];
      const isCode = cell.classList.contains('jp-CodeCell');
      const outputs = model && isCode ? model.outputs : null;
      return {
        index,
        code: isCode,
        hasSource: model ? model.sharedModel.getSource().trim() !== '' : true,
        count: model && isCode ? model.executionCount : null,
        modelError: outputs ? [...Array(outputs.length).keys()]
            .some(i => outputs.get(i).type === 'error') : false,
        prompt: prompt ? prompt.innerText.trim() : '',
        outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
          mime: o.dataset.mimeType || '',
          text: o.innerText || '',
          widgetError: !!o.querySelector('.jupyter-widgets-error-widget'),
        })),
      };
    }),
  };
}
"""
# True once the notebook's own session has a started kernel, connected over its websocket,
# that reported "idle" (a real status message from the kernel, not a default value).
_KERNEL_READY_JS = """
(notebookSelector) => {
  const notebook = document.querySelector(notebookSelector);
  const app = window.jupyterapp;
  if (!notebook || !app) return false;
  const panel = Array.from(app.shell.widgets('main'))
      .find(w => w.node.contains(notebook) && w.sessionContext);
  const session = panel && panel.sessionContext;
  const kernel = session && session.isReady && session.session && session.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}
"""


def code_cells_to_run(notebook_json: dict) -> int:
    """How many code cells of a notebook (nbformat JSON) have code, so get an execution count."""
    return sum(1 for cell in notebook_json.get("cells", [])
               if cell.get("cell_type") == "code" and _source(cell).strip())


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def saved_errors(notebook_json: dict) -> list[str]:
    """The error outputs of a saved notebook, as "cell N [count]: Name: value".

    >>> saved_errors({"cells": [{"cell_type": "code", "execution_count": 3, "outputs": [
    ...     {"output_type": "error", "ename": "KeyError", "evalue": "'x'", "traceback": []}]}]})
    ["cell 0 [3]: KeyError: 'x'"]
    """
    errors = []
    for index, cell in enumerate(notebook_json.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {index} [{cell.get('execution_count')}]: "
                              f"{out.get('ename')}: {out.get('evalue')}")
    return errors


@dataclass
class RunReport:
    """What the learner sees after Run All Cells: problems, timings, and stderr for context."""

    problems: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    executed: int = 0
    expected: int = 0
    seconds_to_kernel: float = 0.0
    seconds_to_idle: float = 0.0


def _snapshot(page: Page) -> dict | None:
    return page.evaluate(_SNAPSHOT_JS, NOTEBOOK)


def _queued(snap: dict) -> list[int]:
    return [c["index"] for c in snap["cells"] if c["code"] and c["prompt"] == "[*]:"]


def _executed(snap: dict) -> int:
    """Code cells with an execution count (from the notebook model)."""
    return sum(1 for c in snap["cells"] if c["code"] and c["count"] is not None)


def kernel_ready(snap: dict | None) -> bool:
    """The notebook's kernel has started, is connected and reported idle.

    >>> kernel_ready({"kernel": {"ready": True, "status": "idle", "connection": "connected"}})
    True
    >>> kernel_ready({"kernel": {"ready": False, "status": None, "connection": None}})
    False
    """
    kernel = (snap or {}).get("kernel") or {}
    return bool(kernel.get("ready") and kernel.get("status") == "idle"
                and kernel.get("connection") == "connected")


def run_finished(snap: dict | None) -> bool:
    """Run All is over: the kernel is idle, no cell is queued, and every code cell with code
    has its execution count, or an error output stopped the run (JupyterLab then drops the
    rest of the queue).

    >>> cell = lambda count, error=False: {"code": True, "hasSource": True, "count": count,
    ...                                    "modelError": error, "prompt": ""}
    >>> idle = {"ready": True, "status": "idle", "connection": "connected"}
    >>> run_finished({"kernel": idle, "cells": [cell(1), cell(2)]})
    True
    >>> run_finished({"kernel": idle, "cells": [cell(None), cell(None)]})  # not started yet
    False
    >>> run_finished({"kernel": idle, "cells": [cell(1, error=True), cell(None)]})
    True
    """
    if not kernel_ready(snap) or _queued(snap):
        return False
    code = [c for c in snap["cells"] if c["code"] and c["hasSource"]]
    return (all(c["count"] is not None for c in code)
            or any(c["modelError"] for c in snap["cells"]))


def open_notebook(page: Page, base_url: str, relative_path: str, timeout_s: float) -> float:
    """Open a notebook in a new, empty workspace and wait until its kernel has really started:
    the session's kernel is connected and has reported idle (see _KERNEL_READY_JS); seconds
    taken."""
    started = time.monotonic()
    # A workspace of its own: notebooks opened before are not restored next to this one.
    workspace = "ctl-" + uuid.uuid4().hex[:12]
    page.goto(f"{base_url}lab/workspaces/{workspace}/tree/{quote(relative_path)}",
              wait_until="domcontentloaded")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=timeout_s * 1000)
    if not page.evaluate("() => !!window.jupyterapp"):
        raise RuntimeError("the JupyterLab page does not expose window.jupyterapp: start the "
                           "server with --LabApp.expose_app_in_browser=True (lab_server does)")
    page.wait_for_function(_KERNEL_READY_JS, arg=NOTEBOOK, timeout=timeout_s * 1000,
                           polling=100)
    return time.monotonic() - started


def _menu(page: Page, menu: str, command: str) -> None:
    """Open a main-menu menu by its label and click the item that runs *command*."""
    page.locator(".lm-MenuBar-item", has=page.locator(
        ".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(menu)}$"))).click()
    page.locator(f".lm-Menu-item[role=menuitem][data-command='{command}']").click()


def run_all_cells(page: Page) -> None:
    """Run > Run All Cells, through the main menu as a learner does."""
    page.locator(".lm-MenuBar-item", has=page.locator(
        ".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$"))).click()
    page.locator(".lm-Menu-item[role=menuitem]", has=page.locator(
        ".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))).click()


def wait_until_done(page: Page, timeout_s: float) -> tuple[dict, bool]:
    """Poll until the run is over (see run_finished): no waiting on time, only on the kernel's
    status and the cells' execution counts.

    Returns the last snapshot and whether the run finished in time."""
    deadline = time.monotonic() + timeout_s
    snap = _snapshot(page)
    while time.monotonic() < deadline:
        snap = _snapshot(page)
        if snap is None:
            return snap, False
        if run_finished(snap):
            return snap, True
        page.wait_for_timeout(200)
    return snap, False


def _wait_for_widgets(page: Page, timeout_s: float = 20.0) -> None:
    """Give widget views time to replace their 'Loading widget...' placeholder."""
    try:
        page.wait_for_function(
            """([sel, text]) => ![...document.querySelectorAll(sel + ' .jp-OutputArea-output')]
                 .some(o => (o.innerText || '').includes(text))""",
            arg=[NOTEBOOK, LOADING_WIDGET], timeout=timeout_s * 1000, polling=250)
    except PlaywrightTimeout:
        pass  # reported as a problem by check_outputs


def check_outputs(snap: dict) -> tuple[list[str], list[str]]:
    """Problems a learner would see on the page, and the stderr texts (for context)."""
    problems, stderr = [], []
    for cell in snap["cells"]:
        where = f"cell {cell['index']} {cell['prompt']}".strip()
        for out in cell["outputs"]:
            text = out["text"].strip()
            if out["mime"] == ERROR_MIME:
                problems.append(f"{where} shows an error output: {text[:500]}")
            for forbidden in FORBIDDEN_TEXT:
                if forbidden in text:
                    problems.append(f"{where} shows {forbidden!r}: {text[-500:]}")
            if out["widgetError"]:
                problems.append(f"{where} shows a broken widget (ipywidgets' error view: "
                                f"{text[:200]!r}; the browser console has the JavaScript error)")
            if LOADING_WIDGET in text:
                problems.append(f"{where}: a widget never rendered (still {LOADING_WIDGET!r})")
            if out["mime"] == STDERR_MIME:
                stderr.append(f"{where}: {text[:300]}")
    for dialog in snap.get("dialogs", []):
        problems.append(f"a dialog is open: {dialog[:300]}")
    return problems, stderr


def save_notebook(page: Page, read_saved: Callable[[bool], dict],
                  timeout_s: float = 30.0) -> dict:
    """File > Save Notebook; returns the notebook as saved on the server (contents model).

    *read_saved(with_content)* returns the server's contents-API model of the notebook."""
    before = read_saved(False).get("last_modified")
    _menu(page, "File", "docmanager:save")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if read_saved(False).get("last_modified") != before:
            return read_saved(True)
        # Not time.sleep: playwright's sync API serves the page's routed requests (the save
        # itself) only while a playwright call is waiting.
        page.wait_for_timeout(200)
    raise TimeoutError(f"the notebook was not saved within {timeout_s:.0f} s")


def run_notebook(page: Page, base_url: str, relative_path: str, expected: int,
                 timeout_s: float, read_saved: Callable[[bool], dict]) -> RunReport:
    """Open *relative_path*, Run All Cells through the UI, and check what the learner sees.

    *read_saved(with_content)* returns the server's contents-API model of the notebook.
    """
    report = RunReport(expected=expected)
    try:
        report.seconds_to_kernel = open_notebook(page, base_url, relative_path, timeout_s)
    except PlaywrightTimeout:
        snap = _snapshot(page)
        dialogs = snap["dialogs"] if snap else []
        kernel = snap["kernel"] if snap else None
        report.problems.append(f"the notebook or its kernel was not ready within {timeout_s:.0f} s"
                               f" (kernel {kernel}; dialogs: {dialogs or 'none'})")
        return report
    started = time.monotonic()
    run_all_cells(page)
    snap, finished = wait_until_done(page, timeout_s)
    report.seconds_to_idle = time.monotonic() - started
    _wait_for_widgets(page)
    snap = _snapshot(page) or snap
    if snap is None:
        report.problems.append("the notebook panel disappeared")
        return report
    report.executed = _executed(snap)
    if not finished:
        missing = [c["index"] for c in snap["cells"]
                   if c["code"] and c["hasSource"] and c["count"] is None]
        report.problems.append(
            f"Run All Cells did not finish within {timeout_s:.0f} s (kernel {snap['kernel']}, "
            f"cells still queued or running: {_queued(snap)}, code cells without an "
            f"execution count: {missing})")
    problems, report.stderr = check_outputs(snap)
    try:
        saved = save_notebook(page, read_saved)
        report.problems.extend(f"error output in {e}" for e in saved_errors(saved["content"]))
    except (TimeoutError, PlaywrightTimeout) as error:
        report.problems.append(f"could not save the notebook to read its outputs: {error}")
    report.problems.extend(problems)
    if finished and report.executed < expected:
        report.problems.append(f"only {report.executed} of {expected} code cells ran")
    return report


def screenshot_whole_notebook(page: Page, path, max_height: int = 16_000) -> None:
    """Save a screenshot tall enough to show the whole notebook (capped at *max_height*)."""
    heights = page.evaluate(
        """(sel) => { const nb = document.querySelector(sel);
                     const outer = nb && nb.querySelector('.jp-WindowedPanel-outer');
                     return outer ? [outer.scrollHeight, outer.clientHeight] : null; }""",
        NOTEBOOK)
    original = page.viewport_size
    if heights and original:
        extra = max(0, heights[0] - heights[1])
        page.set_viewport_size({"width": original["width"],
                                "height": min(max_height, original["height"] + extra)})
        page.wait_for_timeout(300)  # let Lumino lay the panels out again
    page.evaluate("""(sel) => { const o = document.querySelector(sel + ' .jp-WindowedPanel-outer');
                               if (o) o.scrollTop = 0; }""", NOTEBOOK)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if heights and original:
            page.set_viewport_size(original)
