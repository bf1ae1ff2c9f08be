"""A real JupyterHub for a class, started from ``deploy/jupyterhub/`` (tests and benchmarks).

Root only: it creates Unix users (a teacher and students, ``useradd``, homes in a temporary
folder, mode 700), gives each a random password (PAM logs them in), installs the hub's proxy
``configurable-http-proxy`` from the npm registry into a cache folder (``npm ci`` with the
pinned ``deploy/jupyterhub/proxy/package-lock.json``, once), and starts
``.venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` on free ports of 127.0.0.1.

>>> sorted(user_env("ctl-teacher", Path("/h"), Path("/x"), None))[:3]
['CTL_EXCHANGE_ROOT', 'HOME', 'JUPYTER_CONFIG_PATH']
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "jupyterhub"
HUB_CONFIG = DEPLOY / "jupyterhub_config.py"
PROXY_SPEC = DEPLOY / "proxy"
VENV_BIN = Path(sys.executable).parent
COURSE_ID = "crossing-the-line"
TEACHER = "ctl-teacher"
STUDENTS = ("ctl-student1", "ctl-student2", "ctl-student3")
# (first name, last name) in the gradebook, as the teacher adds them: the formgrader shows
# "last, first" (without them it shows "None, None")
STUDENT_NAMES = {"ctl-student1": ("Ada", "Ahn"), "ctl-student2": ("Ben", "Baek"),
                 "ctl-student3": ("Cho", "Choi")}


def why_not_runnable() -> str | None:
    """None where the hub can be started here, else the reason (for a skip message)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return ("the hub test needs root: it creates Unix users (useradd), runs nbgrader as "
                "each of them (runuser) and starts JupyterHub's LocalProcessSpawner as them. "
                "Run it as root: sudo make test-hub")
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "npm", "node"):
        if not shutil.which(tool):
            return f"`{tool}` not found: the hub test needs it (apt-get install passwd util-linux nodejs npm)"
    if not (VENV_BIN / "jupyterhub").exists():
        return ("jupyterhub is not installed in the course environment: "
                "python tools/course.py setup --test (requirements-hub.txt)")
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proxy_command(cache: Path | None = None) -> Path:
    """The pinned configurable-http-proxy, installed with ``npm ci`` into a cache folder
    (``~/.cache/crossing-the-line/hub-proxy-<version>``) the first time."""
    spec = json.loads((PROXY_SPEC / "package.json").read_text(encoding="utf-8"))
    version = spec["dependencies"]["configurable-http-proxy"]
    cache = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache / "crossing-the-line" / f"hub-proxy-{version}"
    command = target / "node_modules" / ".bin" / "configurable-http-proxy"
    if not command.exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(PROXY_SPEC / name, target / name)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target,
                       check=True, capture_output=True, text=True, timeout=300)
    return command


def _readable_by_all(path: Path) -> bool:
    """Whether every user can reach *path* (each folder above it is executable by others)."""
    for folder in [path, *path.parents]:
        if not folder.stat().st_mode & 0o001:
            return False
    return True


def _link_tree(source: Path, target: Path, skip: set[str] = frozenset()) -> None:
    """Hard links (copies across file systems) of the files under *source*."""
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d not in skip]
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        here.chmod(0o755)
        for name in files:
            src, dst = Path(folder) / name, here / name
            if src.is_symlink():
                dst.symlink_to(os.readlink(src))
                continue
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)


def user_python(base: Path) -> tuple[Path, dict]:
    """A Python of the course environment that every Unix user can run, and the environment
    variables it needs.

    Where the environment's base interpreter is readable by all (a system Python, /opt), that
    is ``.venv/bin/python`` itself. Where it is not (a pyenv in root's home, as on the test
    machines), another user's ``.venv/bin/python`` silently loads the system's libpython and
    standard library instead, of another patch version. Then this builds ``<base>/venv``: a
    virtual environment on a linked copy of the same interpreter, which loads the course
    environment's packages (``.venv``'s site-packages, share/ and etc/).
    """
    base_prefix = Path(sys.base_prefix)
    if _readable_by_all(base_prefix):
        return Path(sys.executable), {}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    interpreter = base / "python"
    (interpreter / "bin").mkdir(parents=True)
    for folder in (base / "python", base / "python" / "bin"):
        folder.chmod(0o755)
    os.link(base_prefix / "bin" / version, interpreter / "bin" / version)
    (interpreter / "lib").mkdir(mode=0o755)
    for lib in (base_prefix / "lib").glob("libpython*"):
        if lib.is_symlink():
            (interpreter / "lib" / lib.name).symlink_to(os.readlink(lib))
        else:
            os.link(lib, interpreter / "lib" / lib.name)
    _link_tree(base_prefix / "lib" / version, interpreter / "lib" / version,
               skip={"site-packages", "test"})
    (interpreter / "lib" / version / "site-packages").mkdir(exist_ok=True)
    env = {"LD_LIBRARY_PATH": str(interpreter / "lib")}
    venv = base / "venv"
    subprocess.run([str(interpreter / "bin" / version), "-m", "venv", "--without-pip", str(venv)],
                   check=True, env={**os.environ, **env}, capture_output=True)
    course_env = Path(sys.prefix)
    site_packages = course_env / "lib" / version / "site-packages"
    (venv / "lib" / version / "site-packages" / "course_environment.pth").write_text(
        f"import site; site.addsitedir({str(site_packages)!r})\n", encoding="utf-8")
    for name in ("share", "etc"):  # kernels, JupyterLab, nbgrader's extensions, server config
        (venv / name).symlink_to(course_env / name)
    for path in [venv, *venv.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.parent.name == "bin" else 0o644)
    return venv / "bin" / "python", env


def user_env(name: str, home: Path, exchange: Path, student_package: Path | None,
             python: Path = Path(sys.executable), extra: dict | None = None) -> dict:
    """The environment of a command run as *name* (what their single-user server has)."""
    env = {"HOME": str(home), "USER": name, "LOGNAME": name, "LANG": "C.UTF-8",
           "PATH": os.pathsep.join([str(python.parent), "/usr/local/bin", "/usr/bin", "/bin"]),
           "JUPYTER_CONFIG_PATH": str(DEPLOY), "CTL_EXCHANGE_ROOT": str(exchange), **(extra or {})}
    if student_package is not None:
        env["PYTHONPATH"] = str(student_package)
    return env


def _remove_user(name: str) -> None:
    subprocess.run(["userdel", "--force", name], capture_output=True)


@dataclass
class Classroom:
    """The Unix users, their homes, the exchange and the student package of one test run."""

    base: Path
    password: str
    homes: dict[str, Path] = field(default_factory=dict)
    python: Path = Path(sys.executable)  # the users' Python (see user_python)
    python_env: dict = field(default_factory=dict)

    @property
    def exchange(self) -> Path:
        return self.base / "exchange"

    @property
    def student_package(self) -> Path:
        return self.base / "opt" / "student-package"

    @property
    def users(self) -> list[str]:
        return [TEACHER, *STUDENTS]

    def env(self, name: str) -> dict:
        package = None if name == TEACHER else self.student_package
        return user_env(name, self.homes[name], self.exchange, package, self.python,
                        self.python_env)

    def run_as(self, name: str, *args: str, cwd: Path | None = None, check: bool = True,
               timeout: float = 600, stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run *args* as Unix user *name* (runuser), from their home, with their environment."""
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        done = subprocess.run([runuser, "-u", name, "--", *args], env=self.env(name),
                              cwd=cwd or self.homes[name], capture_output=True, text=True,
                              timeout=timeout, input=stdin)
        if check and done.returncode != 0:
            raise AssertionError(f"as {name}: {' '.join(args)} failed ({done.returncode}):\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    def nbgrader(self, name: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return self.run_as(name, str(self.python), "-m", "nbgrader", *args, **kwargs)

    def give(self, name: str, path: Path) -> None:
        """Make *path* (written by root into a home) belong to user *name*."""
        shutil.chown(path, name, name)

    def remove(self) -> None:
        for name in self.users:
            _remove_user(name)
        shutil.rmtree(self.base, ignore_errors=True)


def make_classroom() -> Classroom:
    """Create the users (homes 700 in a fresh folder), the exchange (1777) and the student
    package (``export_package``, readable by all)."""
    from utils.classroom import export_package

    base = Path(tempfile.mkdtemp(prefix="ctl-hub-"))
    base.chmod(0o755)
    room = Classroom(base=base, password=secrets.token_urlsafe(12))
    (base / "home").mkdir(mode=0o755)
    for name in room.users:
        _remove_user(name)  # left over from an interrupted run
        home = base / "home" / name
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell",
                        "/bin/bash", "--user-group", name], check=True, capture_output=True)
        home.chmod(0o700)
        room.homes[name] = home
    subprocess.run(["chpasswd"], input="".join(f"{n}:{room.password}\n" for n in room.users),
                   text=True, check=True, capture_output=True)
    room.python, room.python_env = user_python(base)
    room.exchange.mkdir()
    room.exchange.chmod(0o1777)
    (base / "opt").mkdir(mode=0o755)
    export_package(base / "opt")
    for path in [room.student_package, *room.student_package.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return room


@dataclass
class Hub:
    """A running JupyterHub (hub + proxy) for a :class:`Classroom`."""

    room: Classroom
    process: subprocess.Popen
    url: str
    token: str
    log_path: Path

    def api(self, method: str, path: str, body: dict | None = None, *, timeout: float = 30):
        """Call the hub's REST API with the service token; the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
        return json.loads(data) if data else None

    def get(self, path: str, *, timeout: float = 30) -> tuple[int, bytes]:
        """GET *path* through the proxy (e.g. ``/user/<name>/api/status``) with the token."""
        request = urllib.request.Request(f"{self.url}{path}",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def start_server(self, name: str) -> None:
        self.api("POST", f"/users/{name}/server")

    def wait_ready(self, names: list[str], timeout: float = 240) -> dict[str, float]:
        """Wait until each user's server is ready; seconds from now until each was."""
        start, ready = time.monotonic(), {}
        while len(ready) < len(names):
            for name in names:
                if name in ready:
                    continue
                server = self.api("GET", f"/users/{name}").get("servers", {}).get("")
                if server and server.get("ready"):
                    ready[name] = time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"servers not ready after {timeout} s: "
                                   f"{sorted(set(names) - set(ready))}\n{self.log_tail()}")
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped:\n{self.log_tail()}")
            time.sleep(0.5)
        return ready

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the hub stops the servers and its proxy (cleanup_*)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_hub(room: Classroom, proxy: Path, *, timeout: float = 120) -> Hub:
    """Start JupyterHub with the repository's configuration; wait until it answers."""
    port = free_port()
    token = secrets.token_hex(32)
    state = room.base / "hub-state"
    log_path = room.base / "jupyterhub.log"
    env = {**os.environ,
           "PATH": os.pathsep.join([str(VENV_BIN), str(proxy.parent), os.environ.get("PATH", "")]),
           "CTL_TEACHER": TEACHER, "CTL_STUDENTS": ",".join(STUDENTS),
           "CTL_HUB_PORT": str(port), "CTL_HUB_API_PORT": str(free_port()),
           "CTL_PROXY_API_PORT": str(free_port()), "CTL_HUB_STATE": str(state),
           "CTL_PROXY_COMMAND": str(proxy), "CTL_STUDENT_PACKAGE": str(room.student_package),
           "CTL_EXCHANGE_ROOT": str(room.exchange), "CTL_HUB_SERVICE_TOKEN": token,
           "JUPYTER_CONFIG_PATH": str(DEPLOY), "CTL_COURSE_PYTHON": str(room.python),
           **room.python_env}
    env.pop("PYTHONPATH", None)
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(HUB_CONFIG)],
                               cwd=room.base, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    hub = Hub(room=room, process=process, url=f"http://127.0.0.1:{port}", token=token,
              log_path=log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            hub.api("GET", "/")
            return hub
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                hub.stop()
                raise RuntimeError(f"JupyterHub did not start:\n{hub.log_tail()}") from None
            time.sleep(0.3)
