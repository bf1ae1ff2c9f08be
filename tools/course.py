#!/usr/bin/env python3
"""Set up and run the "Crossing the Line" notebook series: one script for every platform.

The Makefile calls this script; on Windows (no make) call it directly:

    python tools/course.py lab          # set up (first time only) and open JupyterLab
    python tools/course.py test         # set up with the test tools and run the whole suite
    python tools/course.py test tests/test_nlp.py -k model   # extra arguments go to pytest
    python tools/course.py assignments  # nbgrader student versions into classroom/ (teachers)
    python tools/course.py bench        # speed and memory figures
    python tools/course.py setup        # only set up (add --test for the test tools)

Set-up is idempotent: a stamp inside .venv records a digest of the requirement files, so a
second run installs nothing and starts in seconds. Everything is installed from the pinned
files in the repository; nothing is downloaded once set-up is done.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
KERNEL_NAME = "crossing-the-line"
KERNEL_DISPLAY = "Python 3 (Crossing the Line)"
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
PROFILES = {
    "base": ["requirements.txt"],
    "classroom": ["requirements-classroom.txt", "requirements.txt"],
    "test": ["requirements-test.txt", "requirements-hub.txt", "requirements-classroom.txt",
             "requirements.txt"],
}
# Server settings that keep JupyterLab offline: no news feed, no update check, no extension
# manager browsing PyPI. Written into .venv/etc/jupyter, so they apply to every server started
# from the course environment (the tests' included).
SERVER_CONFIG = {
    "LabApp": {
        "news_url": None,
        "extension_manager": "readonly",
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
    }
}
# The same in JupyterLab's own settings.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    }
}


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str | os.PathLike], **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def _digest(profile: str) -> str:
    h = hashlib.sha256()
    for name in [*PROFILES[profile], "constraints.txt"]:
        h.update(name.encode())
        h.update((ROOT / name).read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def _stamp_path() -> Path:
    return VENV / ".course-stamp.json"


def _read_stamp() -> dict:
    try:
        return json.loads(_stamp_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    )
    return Path(out.stdout.strip())


def setup(profile: str = "base") -> Path:
    """Create .venv if missing and install the pinned requirements of *profile* once."""
    if sys.version_info < (3, 10):
        sys.exit("[course] Python 3.10 or newer is needed (found %s). Install it from "
                 "python.org and run this command again." % sys.version.split()[0])
    python = venv_python()
    if not python.exists():
        say(f"creating the virtual environment in {VENV.relative_to(ROOT)}/ ...")
        venv.create(VENV, with_pip=True)
    stamp = _read_stamp()
    wanted = _digest(profile)
    if stamp.get(profile) == wanted:
        return python
    say(f"installing the pinned requirements ({profile}); this happens once ...")
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
         *[arg for name in PROFILES[profile] for arg in ("-r", ROOT / name)],
         "-c", ROOT / "constraints.txt"])
    # Make the repository's utils package importable from any folder (a .pth file is what an
    # editable install writes, without needing a build backend).
    (_site_packages(python) / "crossing_the_line.pth").write_text(str(ROOT) + "\n", encoding="utf-8")
    # Keep JupyterLab offline: no news, no update check.
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8")
    server_config = VENV / "etc" / "jupyter" / "jupyter_server_config.json"
    server_config.parent.mkdir(parents=True, exist_ok=True)
    server_config.write_text(json.dumps(SERVER_CONFIG, indent=2), encoding="utf-8")
    # Register a named kernel so the course environment is also available from other Jupyter
    # installations (VS Code, a system JupyterLab). The notebooks themselves use "python3",
    # which inside this environment is this same interpreter.
    run([python, "-m", "ipykernel", "install", "--user", "--name", KERNEL_NAME,
         "--display-name", KERNEL_DISPLAY], stdout=subprocess.DEVNULL)
    # A profile includes the smaller ones: record them all as done.
    for name, files in PROFILES.items():
        if set(files) <= set(PROFILES[profile]):
            stamp[name] = _digest(name)
    _stamp_path().write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    say("set-up complete.")
    return python


def lab(extra: list[str]) -> int:
    python = setup("base")
    say("starting JupyterLab (stop it with Ctrl+C) ...")
    cmd = [python, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", START_NOTEBOOK, *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines often run as root
    try:
        return subprocess.call([str(c) for c in cmd], cwd=ROOT)
    except KeyboardInterrupt:
        return 0


def test(extra: list[str]) -> int:
    python = setup("test")
    code = subprocess.call([str(python), "-m", "pytest", *extra], cwd=ROOT)
    return code


def assignments(extra: list[str]) -> int:
    python = setup("classroom")
    return subprocess.call([str(python), "-m", "utils.classroom", "generate", *extra], cwd=ROOT)


def bench(extra: list[str]) -> int:
    python = setup("test")
    return subprocess.call([str(python), str(ROOT / "benchmarks" / "run_benchmarks.py"), *extra],
                           cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, extra = argv[0], argv[1:]
    if command == "setup":
        setup("test" if "--test" in extra else "classroom" if "--classroom" in extra else "base")
        return 0
    commands = {"lab": lab, "test": test, "assignments": assignments, "bench": bench}
    if command not in commands:
        print(f"[course] unknown command {command!r}; choose one of: setup, "
              + ", ".join(commands), file=sys.stderr)
        return 2
    return commands[command](extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
