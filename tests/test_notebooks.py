"""Every notebook runs top to bottom in a fresh kernel, and what it shows follows the conventions.

New notebooks under notebooks/ are picked up automatically.
"""
from __future__ import annotations

import re

import pytest

from conftest import NOTEBOOKS
from notebook_runner import executed

pytestmark = pytest.mark.slow


def _outputs(nb):
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            yield index, cell, out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    nb = executed(path)  # raises CellExecutionError on the first failing cell
    errors = [(i, out.get("ename")) for i, _, out in _outputs(nb) if out.output_type == "error"]
    assert not errors, f"{path.name}: cells with errors: {errors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_has_a_text_alternative(path):
    """Figures go through utils.figures.show: an <img> with alt text, never a bare PNG."""
    nb = executed(path)
    for i, _, out in _outputs(nb):
        data = out.get("data", {})
        assert "image/png" not in data, (
            f"{path.name}, cell {i}: a figure without a text alternative; display it with "
            "utils.figures.show(fig, alt=...)")
        for img in re.findall(r"<img\b[^>]*>", data.get("text/html", "")):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and len(alt.group(1).strip()) >= 10, f"{path.name}, cell {i}: <img> without alt"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_warnings_or_tracebacks_on_stderr(path):
    nb = executed(path)
    for i, _, out in _outputs(nb):
        if out.output_type == "stream" and out.get("name") == "stderr":
            assert "Traceback" not in out.text and "Warning" not in out.text, (
                f"{path.name}, cell {i} wrote to stderr: {out.text[:300]}")
