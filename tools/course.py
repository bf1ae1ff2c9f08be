#!/usr/bin/env python3
"""Set up and run the "Crossing the Line" notebook series: one script for every platform.

The Makefile calls this script; on Windows (no make) call it directly:

    python tools/course.py lab          # set up (first time only) and open JupyterLab
    python tools/course.py test         # set up with the test tools and run the whole suite
    python tools/course.py test tests/test_nlp.py -k model   # extra arguments go to pytest
    python tools/course.py book         # the whole series as a static web site, in _site/
    python tools/course.py assignments  # nbgrader student versions into classroom/ (teachers)
    python tools/course.py bench        # speed and memory figures
    python tools/course.py browser-loop 10   # the browser test 10 times in a row (flakiness)
    python tools/course.py setup        # only set up (add --test for the test tools)

Set-up checks the Python version first (the range is pyproject.toml's requires-python) and
stops before creating anything when it is outside. It installs with uv when uv is available
or can be installed from the package index (pinned in requirements-setup.txt), else with pip;
both use the same pinned files. A stamp inside .venv records a digest of the requirement
files, written only after a complete install, so a second run installs nothing and starts in
seconds, and a failed install is never mistaken for a good one: a .venv created by the failed
run is removed, an existing one is marked incomplete and installed again next time.
Set CTL_INSTALLER=pip (or uv) to choose the installer, CTL_PYTHON=/path/to/python to use a
ready environment instead of .venv. Nothing is downloaded once set-up is done.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
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
SETUP_REQUIREMENTS = "requirements-setup.txt"  # the pinned uv
INCOMPLETE_MARKER = ".course-incomplete"
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
# Read by every Jupyter application of the environment (JupyterLab, nbconvert, nbgrader):
# the kernel manager gives each kernel CurveZMQ keys (the python3 kernel spec declares
# support), so kernel traffic is encrypted and ipykernel 7 has no reason to print its
# "Kernel is running over TCP without encryption" warning.
JUPYTER_CONFIG = {"KernelManager": {"transport_encryption": "auto"}}
# The same in JupyterLab's own settings.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    }
}
GET_PYTHON = """How to get a supported Python:
  - Windows: Python {latest} from the Microsoft Store, or the installer from
    https://www.python.org/downloads/ (tick "Add python.exe to PATH"); then: py -{latest} tools\\course.py lab
  - macOS: brew install python@{latest} (or the installer from https://www.python.org/downloads/);
    then: make lab PYTHON=python{latest}
  - Debian/Ubuntu: sudo apt install python{latest} python{latest}-venv (where your release
    has it; otherwise python.org); then: make lab PYTHON=python{latest}"""


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


# --- the supported Python versions (one range: pyproject.toml's requires-python) -------------

def python_range(pyproject: Path = ROOT / "pyproject.toml") -> tuple[tuple[int, int], tuple[int, int]]:
    """(lowest supported, first unsupported) minor version, from requires-python.

    Read with a regular expression: this must work on interpreters without tomllib, so that
    they get the message below instead of a traceback.
    """
    text = pyproject.read_text(encoding="utf-8")
    spec = re.search(r'^requires-python\s*=\s*"([^"]+)"', text, re.M).group(1)
    low = re.search(r">=\s*(\d+)\.(\d+)", spec)
    high = re.search(r"<\s*(\d+)\.(\d+)", spec)
    return (int(low.group(1)), int(low.group(2))), (int(high.group(1)), int(high.group(2)))


def supported_versions() -> list[str]:
    """The supported minor versions, e.g. ['3.11', '3.12', '3.13']."""
    (major, low), (_, high) = python_range()
    return [f"{major}.{minor}" for minor in range(low, high)]


def versions_text(versions: list[str]) -> str:
    """'3.11, 3.12 or 3.13'."""
    return versions[0] if len(versions) == 1 else ", ".join(versions[:-1]) + " or " + versions[-1]


def python_problem(version_info=sys.version_info) -> str | None:
    """None if this interpreter is supported, else the message that stops set-up."""
    low, high = python_range()
    if low <= tuple(version_info[:2]) < high:
        return None
    versions = supported_versions()
    found = ".".join(str(part) for part in version_info[:3])
    return (f"[course] This is Python {found}; Crossing the Line needs Python "
            f"{versions_text(versions)} (its pinned packages - pandas, numpy, matplotlib, "
            f"ipykernel, spaCy - install only there). Nothing was created or changed.\n"
            + GET_PYTHON.format(latest=versions[-1]))


# --- the environment ------------------------------------------------------------------------

def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_uv() -> Path:
    return venv_python().with_name("uv.exe" if os.name == "nt" else "uv")


def run(cmd: list[str | os.PathLike], **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def _digest(profile: str) -> str:
    h = hashlib.sha256()
    for name in [*PROFILES[profile], "constraints.txt", SETUP_REQUIREMENTS]:
        h.update(name.encode())
        h.update((ROOT / name).read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def _stamp_path() -> Path:
    return VENV / ".course-stamp.json"


def _marker_path() -> Path:
    return VENV / INCOMPLETE_MARKER


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


def _venv_version(python: Path) -> tuple[int, int] | None:
    """The (major, minor) of the environment's interpreter, or None if it does not run."""
    try:
        out = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=60)
        major, minor = out.stdout.split()
        return int(major), int(minor)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _unusable_venv_reason(python: Path) -> str | None:
    """Why an existing .venv cannot be completed (then set-up makes a new one), or None."""
    if not python.exists():
        return "it has no Python interpreter"
    version = _venv_version(python)
    if version is None:
        return "its Python interpreter does not start"
    low, high = python_range()
    if not low <= version < high:
        return f"it was made with Python {version[0]}.{version[1]}, which is not supported"
    return None


def _pip_config_files() -> list[Path]:
    """pip's configuration files, in pip's order (later ones win)."""
    home = Path.home()
    if os.name == "nt":
        files = [Path(os.environ.get("PROGRAMDATA", "C:/ProgramData")) / "pip" / "pip.ini",
                 Path(os.environ.get("APPDATA", home)) / "pip" / "pip.ini",
                 home / "pip" / "pip.ini"]
    else:
        xdg_dirs = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
        files = [Path(d) / "pip" / "pip.conf" for d in xdg_dirs] + [Path("/etc/pip.conf")]
        files += [home / ".pip" / "pip.conf",
                  Path(os.environ.get("XDG_CONFIG_HOME", home / ".config")) / "pip" / "pip.conf"]
        if sys.platform == "darwin":
            files.append(home / "Library" / "Application Support" / "pip" / "pip.conf")
    if os.environ.get("PIP_CONFIG_FILE"):
        files.append(Path(os.environ["PIP_CONFIG_FILE"]))
    return files


def _pip_sources(python: Path | None = None) -> list[str]:
    """uv options for the package sources pip is configured with (its configuration files,
    then PIP_* environment variables), so that both installers read the same indexes.

    Example: PIP_FIND_LINKS=/opt/wheels gives ['--find-links', '/opt/wheels', ...].
    """
    import configparser

    values: dict[str, list[str]] = {}
    for file in _pip_config_files():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(file, encoding="utf-8")
        except (OSError, configparser.Error):
            continue
        for section in ("global", "install"):
            for key in ("index-url", "extra-index-url", "find-links"):
                if parser.has_option(section, key):
                    values[key] = parser.get(section, key).split()
    for key in ("index-url", "extra-index-url", "find-links"):
        env = os.environ.get("PIP_" + key.upper().replace("-", "_"))
        if env:
            values[key] = env.split()
    args: list[str] = []
    for key in ("index-url", "extra-index-url", "find-links"):
        for value in values.get(key, [])[: 1 if key == "index-url" else None]:
            args += [f"--{key}", value]
    if values.get("extra-index-url") or values.get("find-links"):
        args += ["--index-strategy", "unsafe-best-match"]  # like pip: best version anywhere
    return args


def _uv_version(uv: Path) -> str | None:
    try:
        out = subprocess.run([str(uv), "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.split()[1] if out.returncode == 0 else None
    except (OSError, IndexError, subprocess.SubprocessError):
        return None


def _pinned_uv() -> str:
    text = (ROOT / SETUP_REQUIREMENTS).read_text(encoding="utf-8")
    return re.search(r"^uv==(\S+)", text, re.M).group(1)


def tool_cache() -> Path:
    """Where set-up keeps the pinned uv between clones (CTL_CACHE overrides)."""
    if os.environ.get("CTL_CACHE"):
        return Path(os.environ["CTL_CACHE"])
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "crossing-the-line"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "crossing-the-line"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crossing-the-line"


def _cached_uv(pinned: str) -> Path:
    folder = tool_cache() / f"uv-{pinned}"
    name = "uv.exe" if os.name == "nt" else "uv"
    for sub in ("bin", "Scripts"):
        if (folder / sub / name).exists():
            return folder / sub / name
    return folder / "bin" / name


def find_uv() -> tuple[Path | None, str]:
    """The pinned uv, without creating anything in .venv: the environment's own, the one
    cached by an earlier set-up, or one pip-installed now into that cache with this
    interpreter's pip. None (and why) if there is none; CTL_INSTALLER=pip says not to look."""
    choice = os.environ.get("CTL_INSTALLER", "auto").lower()
    if choice == "pip":
        return None, "CTL_INSTALLER=pip"
    pinned = _pinned_uv()
    for candidate in (venv_uv(), _cached_uv(pinned)):
        if candidate.exists() and _uv_version(candidate) == pinned:
            return candidate, f"uv {pinned}"
    target = tool_cache() / f"uv-{pinned}"
    try:
        subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
                        "-q", "--no-deps", "--target", str(target), f"uv=={pinned}"],
                       check=True, capture_output=True, text=True)
    except (subprocess.CalledProcessError, OSError):
        return None, f"uv {pinned} could not be installed with this Python's pip"
    uv = _cached_uv(pinned)
    if uv.exists() and _uv_version(uv) == pinned:
        return uv, f"uv {pinned}"
    return None, f"uv {pinned} was installed but does not run here"


def bootstrap_uv(python: Path) -> tuple[Path | None, str]:
    """The pinned uv inside the environment, pip-installed there (by the environment's pip)
    if needed; or None and the reason why pip will be used instead."""
    choice = os.environ.get("CTL_INSTALLER", "auto").lower()
    if choice == "pip":
        return None, "CTL_INSTALLER=pip"
    uv, pinned = venv_uv(), _pinned_uv()
    if uv.exists() and _uv_version(uv) == pinned:
        return uv, f"uv {pinned}"
    try:
        run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
             "-r", ROOT / SETUP_REQUIREMENTS], stdout=subprocess.DEVNULL)
    except (subprocess.CalledProcessError, OSError):
        return None, f"uv {pinned} could not be installed from the package index"
    if uv.exists() and _uv_version(uv) == pinned:
        return uv, f"uv {pinned}"
    return None, f"uv {pinned} was installed but does not run here"


def _has_pip(python: Path) -> bool:
    return subprocess.run([str(python), "-c", "import pip"], capture_output=True).returncode == 0


def install(python: Path, profile: str, uv: Path | None = None, why: str = "") -> str:
    """Install the pinned requirements of *profile* (and the pinned pip and uv of
    requirements-setup.txt); returns the installer used."""
    requirements = ROOT / PROFILES[profile][0]
    constraints = ROOT / "constraints.txt"
    if uv is None:
        uv, why = bootstrap_uv(python)
    if uv is not None:
        say(f"installing the pinned requirements ({profile}) with {why} ...")
        try:
            run([uv, "pip", "install", "--quiet", "--python", python,
                 "-r", requirements, "-r", ROOT / SETUP_REQUIREMENTS, "-c", constraints,
                 *_pip_sources()])
            return "uv"
        except subprocess.CalledProcessError:
            if os.environ.get("CTL_INSTALLER", "auto").lower() == "uv":
                raise
            say("uv could not install them (its message is above); trying pip ...")
    else:
        say(f"installing the pinned requirements ({profile}) with pip ({why}; "
            "this takes a minute or two) ...")
    if not _has_pip(python):
        run([python, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-r", requirements, "-c", constraints])
    return "pip"


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def configure(python: Path) -> None:
    """The course's settings inside .venv: utils importable, JupyterLab offline, quiet and
    encrypted kernels. Cheap and idempotent, so it runs on every set-up."""
    # Make the repository's utils package importable from any folder (a .pth file is what an
    # editable install writes, without needing a build backend).
    _write_if_changed(_site_packages(python) / "crossing_the_line.pth", str(ROOT) + "\n")
    _write_if_changed(VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
                      json.dumps(LAB_OVERRIDES, indent=2))
    etc = VENV / "etc" / "jupyter"
    _write_if_changed(etc / "jupyter_server_config.json", json.dumps(SERVER_CONFIG, indent=2))
    _write_if_changed(etc / "jupyter_config.json", json.dumps(JUPYTER_CONFIG, indent=2))


def setup(profile: str = "base") -> Path:
    """Create .venv if missing and install the pinned requirements of *profile* once.

    CTL_PYTHON=/path/to/python skips set-up and uses that (already complete) environment,
    e.g. a prepared CI or JupyterHub image."""
    if os.environ.get("CTL_PYTHON"):
        return Path(os.environ["CTL_PYTHON"])
    problem = python_problem(sys.version_info)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(3)
    python = venv_python()
    if VENV.exists() and _read_stamp().get(profile) == _digest(profile) \
            and not _marker_path().exists() and python.exists():
        return python
    if VENV.exists():
        reason = _unusable_venv_reason(python)
        if reason:
            say(f"the existing {VENV.name}/ cannot be used ({reason}): making a new one ...")
            shutil.rmtree(VENV)
    created = not VENV.exists()
    started = time.monotonic()
    try:
        uv, why = find_uv()
        if created:
            say(f"creating the virtual environment in {VENV.name}/ ...")
            # With uv at hand, no ensurepip (slow): uv installs the pinned pip with the rest.
            venv.create(VENV, with_pip=uv is None)
        # From here until the stamp is written, the environment is incomplete.
        _marker_path().write_text("set-up started; not finished\n", encoding="utf-8")
        _stamp_path().unlink(missing_ok=True)
        installer = install(python, profile, uv, why)
        configure(python)
        # Register a named kernel so the course environment is also available from other
        # Jupyter installations (VS Code, a system JupyterLab). The notebooks themselves use
        # "python3", which inside this environment is this same interpreter.
        run([python, "-m", "ipykernel", "install", "--user", "--name", KERNEL_NAME,
             "--display-name", KERNEL_DISPLAY], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    except (subprocess.CalledProcessError, OSError, KeyboardInterrupt) as error:
        what = ("interrupted" if isinstance(error, KeyboardInterrupt)
                else f"failed ({error})")
        if created:
            shutil.rmtree(VENV, ignore_errors=True)
            left = f"the half-built {VENV.name}/ was removed"
        else:
            left = f"{VENV.name}/ is marked incomplete and will be installed again"
        print(f"[course] Set-up {what}: {left}. Fix the cause shown above (often the "
              "network or disk space) and run the same command again.", file=sys.stderr)
        sys.exit(4)
    # A profile includes the smaller ones: record them all as done; only now is it complete.
    stamp = {}
    for name, files in PROFILES.items():
        if set(files) <= set(PROFILES[profile]):
            stamp[name] = _digest(name)
    stamp["installer"] = installer
    _stamp_path().write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    _marker_path().unlink()
    say(f"set-up complete with {installer} in {time.monotonic() - started:.0f} s.")
    return python


# --- commands -------------------------------------------------------------------------------

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


def book(extra: list[str]) -> int:
    python = setup("base")
    return subprocess.call([str(python), str(ROOT / "tools" / "book.py"), *extra], cwd=ROOT)


def assignments(extra: list[str]) -> int:
    python = setup("classroom")
    return subprocess.call([str(python), "-m", "utils.classroom", "generate", *extra], cwd=ROOT)


def bench(extra: list[str]) -> int:
    python = setup("test")
    return subprocess.call([str(python), str(ROOT / "benchmarks" / "run_benchmarks.py"), *extra],
                           cwd=ROOT)


def browser_loop(extra: list[str]) -> int:
    """Run the browser test N times in a row (default 10); one line per run and a summary,
    logs in test-artifacts/browser-loop/. Exit code 0 only if every run passed."""
    runs = int(extra[0]) if extra and extra[0].isdigit() else 10
    pytest_args = extra[1:] if extra and extra[0].isdigit() else extra
    python = setup("test")
    out = ROOT / "test-artifacts" / "browser-loop"
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for number in range(1, runs + 1):
        log = out / f"run-{number:02d}.log"
        started = time.monotonic()
        with open(log, "w", encoding="utf-8") as handle:
            code = subprocess.call([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                    "tests/browser", "-m", "browser", *pytest_args],
                                   cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - started
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        results.append({"run": number, "passed": code == 0, "seconds": round(seconds, 1),
                        "summary": tail[-1] if tail else ""})
        say(f"browser run {number}/{runs}: {'PASSED' if code == 0 else 'FAILED'} in "
            f"{seconds:.0f} s ({results[-1]['summary']})")
    passed = sum(r["passed"] for r in results)
    times = [r["seconds"] for r in results]
    summary = {"runs": runs, "passed": passed, "seconds_mean": round(sum(times) / runs, 1),
               "seconds_min": min(times), "seconds_max": max(times), "cpus": os.cpu_count(),
               "results": results}
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    say(f"{passed}/{runs} runs passed; {summary['seconds_mean']:.0f} s per run on average "
        f"({summary['seconds_min']:.0f}-{summary['seconds_max']:.0f} s); logs in "
        f"{out.relative_to(ROOT)}/")
    return 0 if passed == runs else 1


COMMANDS = {"lab": lab, "test": test, "book": book, "assignments": assignments, "bench": bench,
            "browser-loop": browser_loop}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, extra = argv[0], argv[1:]
    if command == "setup":
        setup("test" if "--test" in extra else "classroom" if "--classroom" in extra else "base")
        return 0
    if command not in COMMANDS:
        print(f"[course] unknown command {command!r}; choose one of: setup, "
              + ", ".join(COMMANDS), file=sys.stderr)
        return 2
    return COMMANDS[command](extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
