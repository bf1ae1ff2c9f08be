"""tools/course.py: the two commands, an idempotent set-up, and CI calling the test command."""
from __future__ import annotations

import importlib.util
import re

import pytest

from conftest import ROOT


@pytest.fixture()
def course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_second_setup_installs_nothing(course, tmp_path, monkeypatch):
    """With a matching stamp, set-up runs no command at all (so `make lab` starts in seconds)."""
    monkeypatch.setattr(course, "VENV", tmp_path)
    python = course.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("")
    course._stamp_path().write_text('{"base": "%s"}' % course._digest("base"))
    calls = []
    monkeypatch.setattr(course, "run", lambda *a, **k: calls.append(a))
    assert course.setup("base") == python
    assert calls == []


def test_changed_requirements_trigger_an_install(course, tmp_path, monkeypatch):
    monkeypatch.setattr(course, "VENV", tmp_path)
    python = course.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("")
    course._stamp_path().write_text('{"base": "an old digest"}')
    calls = []
    monkeypatch.setattr(course, "run", lambda cmd, **k: calls.append([str(c) for c in cmd]))
    monkeypatch.setattr(course, "_site_packages", lambda p: tmp_path)
    course.setup("base")
    installs = [c for c in calls if "install" in c and "-r" in c]
    assert installs and installs[0][installs[0].index("-c") + 1].endswith("constraints.txt")
    assert (tmp_path / "crossing_the_line.pth").read_text().strip() == str(course.ROOT)
    assert '"base"' in course._stamp_path().read_text()


def test_every_requirement_is_pinned():
    for name in ["requirements.txt", "requirements-classroom.txt", "requirements-test.txt"]:
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{name}: {line!r} is not pinned"


def test_readme_quick_start_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    commands = [l.split("#")[0].strip() for l in blocks[0].splitlines() if l.strip()]
    assert commands == ["make lab", "make test"]
    assert "py tools\\course.py lab" in quick and "py tools\\course.py test" in quick


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "set -euo pipefail" in ci


def test_data_article_matches_metadata_title():
    import json

    meta = json.loads((ROOT / "data" / "article.json").read_text(encoding="utf-8"))
    first_line = (ROOT / "data" / "article.txt").read_text(encoding="utf-8").splitlines()[0]
    assert meta["title"] == first_line
    assert meta["published"]["status"] == "assumption" and meta["published"]["reasoning"]
