#!/usr/bin/env python3
"""Fresh clone to a serving JupyterLab: set-up time with uv and with pip, side by side.

For each installer, the repository is cloned into a temporary folder and
`python tools/course.py lab` is started there (CTL_INSTALLER chooses the installer); the clock
runs from the start of the clone until JupyterLab's "is running at" line. Then one kernel is
started through the server's REST API and its log is searched for kernel warnings (such as
"Kernel is running over TCP without encryption"). A warm-up set-up per installer first fills
the package caches (skip it with --no-warmup to measure a cold cache). Nothing of the working
copy is touched: no .venv but the temporary clones', kernels registered into a temporary
JUPYTER_DATA_DIR.

Target on 2 cores: with uv and a warm cache under 15 s; with pip as before (about 47 s for the
install alone) or better.

    python benchmarks/bench_setup.py                 # uv and pip, warm caches
    python benchmarks/bench_setup.py --installers uv --no-warmup
    python benchmarks/bench_setup.py --json benchmarks/results/setup.json
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_UV_S = 15.0
SERVING = re.compile(r"is running at|http://127\.0\.0\.1:\d+/lab")
TOKEN = "bench-setup"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_python() -> str:
    """The interpreter a new user would run set-up with (not this script's virtualenv)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _api(port: int, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as reply:
        data = reply.read()
    return json.loads(data) if data else None


def fresh_clone_to_lab(installer: str, python: str, workdir: Path,
                       timeout: float = 900) -> dict:
    """Clone, run `course.py lab` with *installer*, stop at "serving"; times and log lines."""
    clone = workdir / f"clone-{installer}"
    shutil.rmtree(clone, ignore_errors=True)
    env = dict(os.environ, CTL_INSTALLER=installer,
               JUPYTER_DATA_DIR=str(workdir / f"jupyter-data-{installer}"),
               PYTHONUNBUFFERED="1")
    env.pop("CTL_PYTHON", None)
    env.pop("VIRTUAL_ENV", None)
    port = _free_port()
    started = time.monotonic()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    cloned = time.monotonic()
    cmd = [python, "tools/course.py", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}"]
    process = subprocess.Popen(cmd, cwd=clone, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    serving = threading.Event()
    marks: dict[str, float] = {}

    def read():
        for line in process.stdout:
            lines.append(f"{time.monotonic() - started:6.1f}s {line.rstrip()}"
                         if line.startswith("[course]") else line.rstrip())
            if "set-up complete" in line:
                marks["setup_done"] = time.monotonic()
            if SERVING.search(line) and not serving.is_set():
                marks["serving"] = time.monotonic()
                serving.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ok = serving.wait(timeout)
    result = {"installer": installer, "ok": ok,
              "clone_s": round(cloned - started, 1),
              "setup_s": round(marks.get("setup_done", float("nan")) - cloned, 1),
              "lab_start_s": round(marks.get("serving", float("nan"))
                                   - marks.get("setup_done", float("nan")), 1),
              "total_s": round(marks.get("serving", float("nan")) - started, 1)}
    kernel_warnings: list[str] = []
    if ok:
        try:
            for attempt in range(20):  # the first request may race the server's start
                try:
                    kernel = _api(port, "api/kernels", "POST", {"name": "python3"})
                    break
                except OSError:  # URLError (connection refused) is an OSError
                    time.sleep(1)
            else:
                kernel = _api(port, "api/kernels", "POST", {"name": "python3"})
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                state = _api(port, f"api/kernels/{kernel['id']}")
                if state.get("execution_state") == "idle":
                    break
                time.sleep(0.5)
            time.sleep(2)  # the kernel's own start-up messages
            _api(port, f"api/kernels/{kernel['id']}", "DELETE")
        except OSError as error:
            kernel_warnings.append(f"could not start a kernel on port {port}: {error} "
                                   f"(server still running: {process.poll() is None})")
            result["log_tail"] = lines[-15:]
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    reader.join(timeout=5)
    kernel_warnings += [line for line in lines if "IPKernelApp" in line and
                        ("WARNING" in line or "ERROR" in line)]
    result["installer_said"] = [line for line in lines if "[course]" in line]
    result["kernel_warnings"] = kernel_warnings
    result["noise"] = [line for line in lines if "without encryption" in line
                       or re.search(r"\bWarning\b", line)]
    if not ok:
        result["log_tail"] = lines[-30:]
    shutil.rmtree(clone, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installers", nargs="+", default=["uv", "pip"], choices=["uv", "pip"])
    parser.add_argument("--python", default=_base_python(),
                        help="interpreter that runs the set-up (default: this one's base)")
    parser.add_argument("--no-warmup", action="store_true",
                        help="measure without first filling the package caches")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory(prefix="ctl-bench-setup-") as tmp:
        workdir = Path(tmp)
        for installer in args.installers:
            if not args.no_warmup:
                print(f"[bench] warm-up set-up with {installer} (fills the caches) ...",
                      flush=True)
                fresh_clone_to_lab(installer, args.python, workdir)
            print(f"[bench] fresh clone -> JupyterLab serving, with {installer} ...", flush=True)
            rows.append(fresh_clone_to_lab(installer, args.python, workdir))
    print(f"\n{'installer':10} {'clone s':>8} {'set-up s':>9} {'lab start s':>12} "
          f"{'total s':>8}  kernel warnings")
    for row in rows:
        print(f"{row['installer']:10} {row['clone_s']:8.1f} {row['setup_s']:9.1f} "
              f"{row['lab_start_s']:12.1f} {row['total_s']:8.1f}  "
              f"{len(row['kernel_warnings']) or 'none'}")
        for said in row["installer_said"]:
            print(f"    {said}")
        for line in row["kernel_warnings"] + row.get("log_tail", []):
            print(f"    ! {line}")
    uv = next((r for r in rows if r["installer"] == "uv"), None)
    if uv:
        met = uv["ok"] and uv["total_s"] < TARGET_UV_S
        print(f"target: uv{'' if not args.no_warmup else ' (caches as found)'} fresh clone -> "
              f"serving < {TARGET_UV_S:.0f} s -> {'met' if met else 'MISSED'} "
              f"({uv['total_s']:.1f} s on {os.cpu_count()} CPUs)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"cpus": os.cpu_count(), "warm": not args.no_warmup,
                                         "runs": rows}, indent=2), encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
