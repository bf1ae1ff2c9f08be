#!/usr/bin/env python3
"""Memory of the class's JupyterHub: the hub and its proxy, then four users working.

Starts the hub of ``deploy/jupyterhub/`` exactly as ``tests/hub`` does (root: it creates a
teacher and three students as Unix users, removed at the end), then

1. measures the hub and its proxy alone;
2. starts the four single-user servers through the hub's REST API;
3. in each server, starts a kernel and runs every code cell of notebook 01 (spaCy model,
   article, tables, figures): what a student working on the series holds in memory.

Memory is the proportional set size (PSS: shared libraries split between the processes that
share them, so the figures add up), sampled every half second over the hub's whole process
tree; the peak is reported. The per-user figure is (peak with four users - hub and proxy) / 4.

    sudo .venv/bin/python benchmarks/bench_hub.py            # prints the figures
    sudo .venv/bin/python benchmarks/bench_hub.py --json out.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub import harness  # noqa: E402  (after the path is set)

NOTEBOOK = ROOT / "notebooks" / "01-reading-the-article.ipynb"
MB = 2 ** 20


class TreeSampler(threading.Thread):
    """Samples the PSS (falls back to RSS) of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.root, self.every = psutil.Process(pid), every
        self.current = self.peak = 0.0
        self.running = True

    def measure(self) -> float:
        total = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                info = process.memory_full_info()
                total += getattr(info, "pss", info.rss)
            except psutil.Error:
                continue
        return total / MB

    def run(self) -> None:
        while self.running:
            self.current = self.measure()
            self.peak = max(self.peak, self.current)
            time.sleep(self.every)

    def phase_peak(self, seconds: float) -> float:
        """Reset the peak, sample for *seconds*, return the peak of that window."""
        self.peak = 0.0
        time.sleep(seconds)
        return self.peak


async def _run_notebook(hub: harness.Hub, user: str, cells: list[str]) -> tuple[float, int]:
    """Start a kernel in *user*'s server and run *cells* there; seconds taken, and how many
    cells raised an error (0: the notebook really ran)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    start = time.monotonic()
    headers = {"Authorization": f"token {hub.token}"}
    kernel = json.loads(_post(hub, f"/user/{user}/api/kernels", {"name": "python3"}))
    ws_url = hub.url.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel['id']}/channels"
    connection = await websocket_connect(HTTPRequest(ws_url, headers=headers))
    session = uuid.uuid4().hex
    errors = 0
    for code in cells:
        msg_id = uuid.uuid4().hex
        connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": user, "session": session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": False}}))
        while True:
            message = json.loads(await connection.read_message())
            if (message.get("msg_type") == "execute_reply"
                    and message["parent_header"].get("msg_id") == msg_id):
                errors += message["content"].get("status") != "ok"
                break
    connection.close()
    return time.monotonic() - start, errors


def _post(hub: harness.Hub, path: str, body: dict) -> bytes:
    import urllib.request

    request = urllib.request.Request(f"{hub.url}{path}", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Authorization": f"token {hub.token}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def measure() -> dict:
    reason = harness.why_not_runnable()
    if reason:
        raise SystemExit(f"bench_hub: {reason}")
    proxy = harness.proxy_command()
    room = harness.make_classroom()
    try:
        hub = harness.start_hub(room, proxy)
        try:
            sampler = TreeSampler(hub.process.pid)
            sampler.start()
            idle = sampler.phase_peak(5)
            started = time.monotonic()
            for name in room.users:
                hub.start_server(name)
            hub.wait_ready(room.users)
            servers_ready = time.monotonic() - started
            servers = sampler.phase_peak(5)
            cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
                     if c.cell_type == "code"]
            sampler.peak = 0.0

            async def everyone():
                return await asyncio.gather(*(_run_notebook(hub, u, cells) for u in room.users))

            run_times = asyncio.run(everyone())
            working = max(sampler.peak, sampler.phase_peak(3))
            sampler.running = False
        finally:
            hub.stop()
    finally:
        room.remove()
    users = len(room.users)
    per_user = (working - idle) / users
    return {
        "users": users,
        "hub_and_proxy_mb": round(idle, 1),
        "with_idle_servers_mb": round(servers, 1),
        "idle_server_mb_per_user": round((servers - idle) / users, 1),
        "peak_with_four_working_users_mb": round(working, 1),
        "per_working_user_mb": round(per_user, 1),
        "servers_ready_s": round(servers_ready, 1),
        "notebook_01_run_s": [round(seconds, 1) for seconds, _ in run_times],
        "notebook_01_cells_failed": [failed for _, failed in run_times],
        "sizing_30_students_mb": round(idle + 31 * per_user),  # 30 students + the teacher
        "cpus": psutil.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures = measure()
    print(f"hub + proxy alone:                  {figures['hub_and_proxy_mb']:8.1f} MB")
    print(f"+ 4 idle single-user servers:       {figures['with_idle_servers_mb']:8.1f} MB "
          f"({figures['idle_server_mb_per_user']} MB each)")
    print(f"peak, 4 users running notebook 01:  {figures['peak_with_four_working_users_mb']:8.1f} MB")
    print(f"per working user (server + kernel): {figures['per_working_user_mb']:8.1f} MB")
    print(f"sizing, 30 students + teacher:      {figures['sizing_30_students_mb']:8d} MB")
    print(f"servers ready in {figures['servers_ready_s']} s; notebook 01 ran in "
          f"{figures['notebook_01_run_s']} s on {figures['cpus']} CPUs (cells that failed: "
          f"{figures['notebook_01_cells_failed']})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
