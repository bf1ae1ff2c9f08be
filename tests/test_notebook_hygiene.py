"""Notebooks as stored: no outputs, a python3 kernelspec, the front matter and the ending."""
from __future__ import annotations

import json
import re

import pytest

from conftest import NOTEBOOKS, ROOT

FRONT_MATTER = ["learning objectives", "prerequisites", "difficulty", "estimated time"]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "00-start-here.ipynb" in names, names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_without_outputs(path):
    for i, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_python3_kernelspec(path):
    spec = _load(path)["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3" and spec.get("language") == "python", spec


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_opens_with_front_matter(path):
    first = _load(path)["cells"][0]
    assert first["cell_type"] == "markdown", f"{path.name} must open with a markdown cell"
    text = "".join(first["source"]).lower()
    missing = [item for item in FRONT_MATTER if item not in text]
    assert not missing, f"{path.name}: the first cell lacks {missing}"
    assert re.search(r"estimated time[^\n]*\d+\s*min", text), f"{path.name}: time in minutes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_ends_with_summary_and_next_link(path):
    last = _load(path)["cells"][-1]
    text = "".join(last["source"])
    assert last["cell_type"] == "markdown" and "summary" in text.lower(), (
        f"{path.name} must end with a markdown summary")
    links = re.findall(r"\]\(([^)#]+\.ipynb)", text)
    assert links, f"{path.name}: the last cell must link to the next notebook"
    for link in links:
        assert (path.parent / link).exists(), f"{path.name} links to a missing notebook: {link}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_relative_links_resolve(path):
    """Every relative link in the markdown (to data, sources, other notebooks) exists."""
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for target in re.findall(r"\]\((?!https?:|mailto:|#)([^)\s#]+)", "".join(cell["source"])):
            assert (path.parent / target).exists(), f"{path.name}: broken link {target}"
