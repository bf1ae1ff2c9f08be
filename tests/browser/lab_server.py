"""Start and stop a private, offline JupyterLab server for the browser test.

The server runs the course interpreter (``sys.executable -m jupyter lab``) on 127.0.0.1 at a
free port with an empty token, rooted at a temporary copy of the repository, with its own
config, user-settings, workspaces and runtime folders so that nothing from the user's
``~/.jupyter`` leaks in and nothing the test does leaks out.

    >>> port = free_port()
    >>> 1024 < port < 65536
    True
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Not copied into the server's root: environments, VCS data and generated files.
SKIPPED_NAMES = {".venv", ".git", "classroom", "test-artifacts", ".pytest_cache", "__pycache__",
                 ".ipynb_checkpoints"}


def _skipped(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore callback: the names in *folder* that are not copied."""
    skipped = {n for n in names if n in SKIPPED_NAMES or n.endswith(".pyc")}
    if Path(folder).name == "benchmarks" and "results" in names:
        skipped.add("results")
    return skipped

# User settings written into the private user-settings folder (file name -> settings).
# windowingMode "none": every cell stays in the DOM, so the test sees every output.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}




# A Python config file next to the JSON one: while a file named SLOW_SESSIONS_FLAG exists in
# the server's runtime folder, the session manager answers the session list and creates
# sessions SLOW_SESSION_S seconds late, as a server under load does. The browser test's
# regression test for Run All clicked before the notebook's kernel exists switches it on for
# one notebook; otherwise it changes nothing.
SLOW_SESSIONS_FLAG = "ctl-slow-sessions"
SLOW_SESSION_S = 3
SLOW_SESSION_CONFIG = f"""
import asyncio, os
from jupyter_server.services.sessions.sessionmanager import SessionManager

def _slow():
    return os.path.exists(os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], {SLOW_SESSIONS_FLAG!r}))

class SlowWhenFlagged(SessionManager):
    async def list_sessions(self):
        if _slow():
            await asyncio.sleep({SLOW_SESSION_S})
        return await super().list_sessions()

    async def create_session(self, *args, **kwargs):
        if _slow():
            await asyncio.sleep({SLOW_SESSION_S})
        return await super().create_session(*args, **kwargs)

c.ServerApp.session_manager_class = SlowWhenFlagged
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    >>> isinstance(free_port(), int)
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_repository(destination: Path, source: Path = REPO_ROOT) -> Path:
    """Copy the repository (without .venv, .git and generated files) to *destination*.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     copied = copy_repository(Path(tmp) / "repo")
    ...     (copied / "notebooks").is_dir(), (copied / ".venv").exists()
    (True, False)
    """
    shutil.copytree(source, destination, ignore=_skipped, symlinks=True)
    return destination


def server_config() -> dict:
    """The jupyter_server_config.json that keeps the lab private and offline.

    >>> server_config()["LabApp"]["news_url"] is None
    True
    """
    return {
        "ServerApp": {
            "open_browser": False,
            "allow_root": True,  # CI containers often run as root
        },
        "IdentityProvider": {"token": ""},
        # As in the course environment (tools/course.py): kernels get CurveZMQ keys, so
        # ipykernel prints no "running over TCP without encryption" warning.
        "KernelManager": {"transport_encryption": "auto"},
        "LabApp": {
            "news_url": None,  # no announcements feed
            "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "extension_manager": "readonly",  # never query PyPI for extensions
        },
    }


@dataclass
class LabServer:
    """A running JupyterLab: its URL, its root folder (a copy of the repo) and its process."""

    url: str
    root: Path
    process: subprocess.Popen
    log_path: Path
    started_in: float = 0.0
    _log_file: object = field(default=None, repr=False)
    _cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar,
                                               repr=False)

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API (JSON out; None for empty replies).

        Talks to 127.0.0.1 directly whatever proxy the environment names, and sends the
        _xsrf cookie back as X-XSRFToken, as the JupyterLab page does.
        """
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPCookieProcessor(self._cookies))
        headers = {}
        if method != "GET":
            if not any(c.name == "_xsrf" for c in self._cookies):
                opener.open(self.url + "lab", timeout=10).read()  # sets the _xsrf cookie
            headers = {"X-XSRFToken": c.value for c in self._cookies if c.name == "_xsrf"}
        request = urllib.request.Request(self.url + path, method=method, headers=headers)
        with opener.open(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel session (keeps memory low between notebooks)."""
        for session in self.api("api/sessions") or []:
            try:
                self.api(f"api/sessions/{session['id']}", method="DELETE")
            except urllib.error.URLError:
                pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server (and its kernels); kill it if it does not stop in time."""
        if self.process.poll() is None:
            try:
                self.shutdown_kernels()
            except (OSError, ValueError):
                pass
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._log_file is not None:
            self._log_file.close()


def start_lab(workdir: Path, *, startup_timeout: float = 90.0) -> LabServer:
    """Start JupyterLab rooted at a fresh copy of the repository inside *workdir*.

    Raises RuntimeError (with the server log) if /api/status does not answer in time.
    """
    root = copy_repository(workdir / "repo")
    config_dir = workdir / "jupyter-config"
    settings_dir = workdir / "user-settings"
    for folder in (config_dir, settings_dir, workdir / "workspaces", workdir / "runtime",
                   workdir / "data"):
        folder.mkdir(parents=True, exist_ok=True)
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(server_config(), indent=2),
                                                          encoding="utf-8")
    (config_dir / "jupyter_server_config.py").write_text(SLOW_SESSION_CONFIG, encoding="utf-8")
    for name, values in USER_SETTINGS.items():
        target = settings_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")

    port = free_port()
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "JUPYTER_DATA_DIR": str(workdir / "data"),
        # The kernel imports utils/ from the copy, not from the working tree.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH", "")])),
        # Anything in the server or a kernel that tries the network through a proxy-aware
        # client fails at once instead of reaching the internet.
        "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        "MPLBACKEND": "Agg",
    })
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--IdentityProvider.token=", "--ServerApp.password=",  # no token: only 127.0.0.1
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        "--LabApp.extension_manager=readonly",
        # window.jupyterapp: the test waits on the notebook session's real kernel status.
        "--LabApp.expose_app_in_browser=True",
    ]
    log_path = workdir / "jupyterlab.log"
    log_file = open(log_path, "w", encoding="utf-8")
    started = time.monotonic()
    process = subprocess.Popen(cmd, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = LabServer(url=f"http://127.0.0.1:{port}/", root=root, process=process,
                       log_path=log_path, _log_file=log_file)
    deadline = started + startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            status = server.api("api/status")
            if isinstance(status, dict):
                server.started_in = time.monotonic() - started
                return server
        except (urllib.error.URLError, ConnectionError, OSError, ValueError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer /api/status within {startup_timeout:.0f} s:\n"
                       f"{server.log_tail()}")
