"""tools/course.py: the two commands, an idempotent set-up, and CI calling the test command."""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture()
def course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def fake_venv(course, tmp_path, monkeypatch):
    """course.VENV in a temporary folder, with a stub interpreter that "runs" Python 3.11."""
    monkeypatch.setattr(course, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(course, "_venv_version", lambda python: (3, 11))
    monkeypatch.setattr(course, "_site_packages", lambda python: tmp_path)
    monkeypatch.delenv("CTL_PYTHON", raising=False)
    monkeypatch.delenv("CTL_INSTALLER", raising=False)
    monkeypatch.setattr(course, "find_uv", lambda: (None, "test: no uv"))
    monkeypatch.setattr(course, "_has_pip", lambda python: True)

    def make():
        python = course.venv_python()
        python.parent.mkdir(parents=True, exist_ok=True)
        python.write_text("")
        return python
    return make


def _recorder(calls, fail_on=None):
    def run(cmd, **kwargs):
        cmd = [str(c) for c in cmd]
        calls.append(cmd)
        if fail_on and fail_on(cmd):
            raise subprocess.CalledProcessError(1, cmd)
    return run


def test_second_setup_installs_nothing(course, fake_venv, monkeypatch):
    """With a matching stamp, set-up runs no command at all (so `make lab` starts in seconds)."""
    python = fake_venv()
    course._stamp_path().write_text('{"base": "%s"}' % course._digest("base"))
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    assert course.setup("base") == python
    assert calls == []


def test_changed_requirements_trigger_an_install_with_the_constraints(course, fake_venv,
                                                                      monkeypatch, tmp_path):
    fake_venv()
    course._stamp_path().write_text('{"base": "an old digest"}')
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    monkeypatch.setattr(course, "bootstrap_uv", lambda python: (None, "test: no uv"))
    course.setup("base")
    installs = [c for c in calls if "install" in c and "-c" in c]
    assert installs and installs[0][installs[0].index("-c") + 1].endswith("constraints.txt")
    assert installs[0][installs[0].index("-r") + 1].endswith("requirements.txt")
    assert (tmp_path / "crossing_the_line.pth").read_text().strip() == str(course.ROOT)
    stamp = json.loads(course._stamp_path().read_text())
    assert stamp["base"] == course._digest("base") and stamp["installer"] == "pip"
    assert not course._marker_path().exists()
    # the kernels get CurveZMQ keys: no "running over TCP without encryption" warning
    config = json.loads((course.VENV / "etc" / "jupyter" / "jupyter_config.json").read_text())
    assert config["KernelManager"]["transport_encryption"] == "auto"


def test_uv_installs_the_same_pinned_files_into_the_venv(course, fake_venv, monkeypatch):
    python = fake_venv()
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    monkeypatch.setattr(course, "bootstrap_uv", lambda p: (Path("/fake/uv"), "uv 0.13.9"))
    monkeypatch.setattr(course, "_pip_sources", lambda *a: ["--find-links", "/opt/wheels"])
    assert course.install(python, "test") == "uv"
    cmd, = calls
    assert cmd[:4] == ["/fake/uv", "pip", "install", "--quiet"]
    assert cmd[cmd.index("--python") + 1] == str(python)
    assert cmd[cmd.index("-r") + 1].endswith("requirements-test.txt")
    assert cmd[cmd.index("-c") + 1].endswith("constraints.txt")
    assert str(course.ROOT / "requirements-setup.txt") in cmd  # the pinned pip and uv too
    assert cmd[-2:] == ["--find-links", "/opt/wheels"]


def test_with_uv_at_hand_the_venv_is_made_without_ensurepip(course, fake_venv, monkeypatch):
    """ensurepip is the slowest step of a fresh set-up; uv installs the pinned pip instead."""
    made = []
    monkeypatch.setattr(course, "find_uv", lambda: (Path("/fake/uv"), "uv 0.13.9"))
    monkeypatch.setattr(course.venv, "create", lambda path, **k: (made.append(k), fake_venv()))
    monkeypatch.setattr(course, "_pip_sources", lambda *a: [])
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    course.setup("base")
    assert made == [{"with_pip": False}]
    assert calls[0][0] == "/fake/uv" and course._read_stamp()["installer"] == "uv"


def test_find_uv_uses_the_cached_pinned_uv(course, monkeypatch, tmp_path):
    monkeypatch.setenv("CTL_CACHE", str(tmp_path))
    monkeypatch.delenv("CTL_INSTALLER", raising=False)
    monkeypatch.setattr(course, "VENV", tmp_path / ".venv")
    uv = course._cached_uv(course._pinned_uv())
    uv.parent.mkdir(parents=True)
    uv.write_text("")
    monkeypatch.setattr(course, "_uv_version", lambda path: course._pinned_uv())
    assert course.find_uv() == (uv, f"uv {course._pinned_uv()}")
    monkeypatch.setenv("CTL_INSTALLER", "pip")
    assert course.find_uv() == (None, "CTL_INSTALLER=pip")


def test_uv_failing_falls_back_to_pip_and_says_so(course, fake_venv, monkeypatch, capsys):
    python = fake_venv()
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls, fail_on=lambda c: c[0] == "/fake/uv"))
    monkeypatch.setattr(course, "bootstrap_uv", lambda p: (Path("/fake/uv"), "uv 0.13.9"))
    monkeypatch.setattr(course, "_pip_sources", lambda *a: [])
    assert course.install(python, "base") == "pip"
    assert calls[-1][1:4] == ["-m", "pip", "install"] and "-c" in calls[-1]
    assert "trying pip" in capsys.readouterr().out


def test_bootstrap_uv_pip_installs_the_pinned_uv(course, fake_venv, monkeypatch):
    python = fake_venv()
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    assert course.bootstrap_uv(python)[0] is None  # the fake pip installed nothing
    assert calls[0][1:4] == ["-m", "pip", "install"]
    assert calls[0][calls[0].index("-r") + 1].endswith("requirements-setup.txt")
    monkeypatch.setenv("CTL_INSTALLER", "pip")
    assert course.bootstrap_uv(python) == (None, "CTL_INSTALLER=pip")


def test_pip_sources_become_uv_options(course, monkeypatch, tmp_path):
    config = tmp_path / "pip.conf"
    config.write_text("[global]\nextra-index-url = file:///srv/index\n")
    monkeypatch.setattr(course, "_pip_config_files", lambda: [config])
    monkeypatch.setenv("PIP_FIND_LINKS", "/opt/wheels /srv/more")
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
    args = course._pip_sources()
    assert args[args.index("--extra-index-url") + 1] == "file:///srv/index"
    assert "--find-links" in args and "/opt/wheels" in args and "/srv/more" in args
    assert args[-2:] == ["--index-strategy", "unsafe-best-match"]


@pytest.mark.parametrize("old", [(3, 10, 12, "final", 0), (3, 9, 6, "final", 0),
                                 (3, 14, 0, "final", 0)])
def test_unsupported_python_stops_before_creating_anything(course, fake_venv, monkeypatch,
                                                           capsys, old):
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls))
    monkeypatch.setattr(course.venv, "create", lambda *a, **k: calls.append("venv.create"))
    monkeypatch.setattr(course.sys, "version_info", old)
    with pytest.raises(SystemExit) as stop:
        course.setup("base")
    assert stop.value.code == 3
    assert calls == [] and not course.VENV.exists()
    message = capsys.readouterr().err
    found = ".".join(map(str, old[:3]))
    assert f"This is Python {found}" in message
    assert "3.11, 3.12 or 3.13" in message and "Nothing was created" in message
    for way in ("python.org", "Microsoft Store", "apt install python3.13", "brew install",
                "make lab PYTHON=python3.13", "py -3.13"):
        assert way in message, way


def test_one_python_range_in_readme_pyproject_and_environment_check(course):
    import utils.environment as environment

    assert course.python_range() == ((3, 11), (3, 14))
    assert course.supported_versions() == ["3.11", "3.12", "3.13"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11, 3.12 or 3.13" in readme and "3.10 or newer" not in readme
    assert environment.SUPPORTED_PYTHON == ((3, 11), (3, 14))
    row = environment.check_environment(load_model=False).iloc[0]
    assert row["check"] == "Python 3.11, 3.12 or 3.13" and row["status"] == "ok"


def test_environment_check_names_the_versions_on_an_old_python(monkeypatch):
    import utils.environment as environment

    monkeypatch.setattr(environment, "_python_version", lambda: (3, 10, 12))
    row = environment.check_environment(load_model=False).iloc[0]
    assert row["status"] == "problem" and row["found"] == "3.10.12"
    assert "3.11, 3.12 or 3.13" in row["fix"] and "python.org" in row["fix"]


def test_a_failed_install_removes_the_venv_it_created(course, fake_venv, monkeypatch, capsys):
    """A first set-up whose install fails leaves no .venv (so no second run can take it for
    a good one)."""
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls, fail_on=lambda c: "-c" in c))
    monkeypatch.setattr(course, "bootstrap_uv", lambda python: (None, "test: no uv"))
    monkeypatch.setattr(course.venv, "create", lambda *a, **k: fake_venv())
    with pytest.raises(SystemExit) as stop:
        course.setup("base")
    assert stop.value.code == 4
    assert not course.VENV.exists()
    assert "half-built .venv/ was removed" in capsys.readouterr().err


def test_a_failed_update_is_marked_and_installed_again(course, fake_venv, monkeypatch, capsys):
    """An existing environment whose update fails keeps no stamp and carries the marker: the
    next run installs again instead of starting on a half-updated environment."""
    fake_venv()
    course._stamp_path().write_text(json.dumps({"base": course._digest("base")}))
    calls = []
    monkeypatch.setattr(course, "run", _recorder(calls, fail_on=lambda c: "-c" in c))
    monkeypatch.setattr(course, "bootstrap_uv", lambda python: (None, "test: no uv"))
    with pytest.raises(SystemExit):
        course.setup("test")  # the bigger profile: an install into the existing .venv
    assert course._marker_path().exists() and not course._stamp_path().exists()
    assert "marked incomplete" in capsys.readouterr().err
    calls.clear()
    monkeypatch.setattr(course, "run", _recorder(calls))
    course.setup("base")  # the base stamp was good before, but the failed run invalidated it
    assert any("-c" in c for c in calls)
    assert not course._marker_path().exists() and "base" in course._read_stamp()


def test_an_env_of_an_unsupported_python_is_replaced(course, fake_venv, monkeypatch, capsys):
    """A .venv left by an older set-up on Python 3.10 is removed, not installed into."""
    fake_venv()
    (course.VENV / "leftover").write_text("")
    monkeypatch.setattr(course, "_venv_version", lambda python: (3, 10))
    monkeypatch.setattr(course, "run", _recorder([]))
    monkeypatch.setattr(course, "bootstrap_uv", lambda python: (None, "test: no uv"))
    monkeypatch.setattr(course.venv, "create", lambda *a, **k: fake_venv())
    course.setup("base")
    assert not (course.VENV / "leftover").exists()
    assert "made with Python 3.10" in capsys.readouterr().out


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


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(f"_tool_{name}", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_book_docstring_examples_and_every_notebook_picked_up():
    """tools/book.py's link rewriting examples run; the book takes every notebook in
    notebooks/ (a new one, like 05, needs no change to the builder)."""
    import doctest

    book = _tool("book")
    assert doctest.testmod(book).failed == 0
    assert book.notebooks() == sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert len(book.notebooks()) >= 5


def test_book_output_folders_are_git_ignored():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "_site/" in ignored and ".book-cache/" in ignored
