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


def _map_rows(markdown: str) -> dict[str, str]:
    """{'01': '85 min', ...} from a series table whose first column is the number."""
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"\d\d", cells[0]):
            rows[cells[0]] = cells[-1]
    return rows


@pytest.mark.parametrize("where", ["notebooks/00-start-here.ipynb", "README.md"])
def test_series_maps_list_every_notebook_with_its_time(where):
    """The map in 00 and the README's table name every notebook, with the time its front
    matter states (so a new notebook or a longer one cannot be forgotten there)."""
    import nbformat

    from utils.classroom import front_matter

    path = ROOT / where
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    rows = _map_rows(text)
    expected = {p.name[:2]: front_matter(nbformat.read(p, as_version=4))["Estimated time"]
                for p in NOTEBOOKS}
    assert rows == expected, f"{where}: the series table says {rows}, the notebooks say {expected}"
