#!/usr/bin/env python3
"""Speed and memory of the series: run with `make bench` (or `python tools/course.py bench`).

Prints, per notebook and in total, the wall time of a headless "Restart and Run All" in a fresh
kernel and the kernel's peak memory (resident set size), then the spaCy pipeline's cold load
time and, if present, the entity benchmark (bare spaCy against the domain rules).

Targets on a 2-core machine: the whole series in under 60 s; no kernel above 600 MB.

    python benchmarks/run_benchmarks.py               # all notebooks
    python benchmarks/run_benchmarks.py --json out.json
    python benchmarks/run_benchmarks.py --notebooks notebooks/00-start-here.ipynb
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_TOTAL_S = 60.0
TARGET_PEAK_MB = 600.0


def _peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of a process (Linux: VmHWM), or None where not available."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class _Sampler(threading.Thread):
    """Samples a process's resident memory (for systems without /proc)."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.process, self.every, self.peak, self.running = psutil.Process(pid), every, 0.0, True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, self.process.memory_info().rss / 2**20)
            except psutil.Error:
                return
            time.sleep(self.every)


def _kernel_config():
    """Kernels with CurveZMQ keys: no "Kernel is running over TCP without encryption"
    warning in the benchmark's output (utils.kernels, as the book and the tests)."""
    from utils.kernels import quiet_kernel_config

    return quiet_kernel_config()


def run_notebook(path: Path, timeout: int = 600) -> dict:
    """Execute one notebook in a fresh kernel; wall time (s) and kernel peak memory (MB)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", config=_kernel_config(),
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.pid
        sampler = _Sampler(pid)
        sampler.start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        sampler.running = False
        peak = _peak_rss_mb(pid) or sampler.peak
    return {"notebook": path.name, "seconds": time.perf_counter() - started, "peak_mb": peak}


def model_load_seconds() -> float:
    """Cold load time of the English pipeline, in a fresh Python process."""
    code = ("import time; t = time.perf_counter(); from utils.nlp import get_nlp; get_nlp(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "notebooks").glob("*.ipynb")))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--texts", type=int, default=300,
                        help="texts for the entity benchmark (default 300)")
    args = parser.parse_args(argv)

    results = {"machine": {"cores": psutil.cpu_count(), "python": sys.version.split()[0]}}
    rows = []
    print(f"{'notebook':40} {'wall s':>8} {'peak MB':>8}")
    for path in args.notebooks:
        row = run_notebook(path)
        rows.append(row)
        print(f"{row['notebook']:40} {row['seconds']:8.1f} {row['peak_mb']:8.0f}", flush=True)
    total = sum(r["seconds"] for r in rows)
    worst = max((r["peak_mb"] for r in rows), default=0.0)
    print(f"{'TOTAL':40} {total:8.1f} {worst:8.0f} (max)")
    print(f"targets: total < {TARGET_TOTAL_S:.0f} s -> {'met' if total < TARGET_TOTAL_S else 'MISSED'}; "
          f"every kernel < {TARGET_PEAK_MB:.0f} MB -> {'met' if worst < TARGET_PEAK_MB else 'MISSED'}")
    results["notebooks"] = rows
    results["total_seconds"] = total
    results["max_peak_mb"] = worst

    load = model_load_seconds()
    results["model_load_seconds"] = load
    print(f"spaCy pipeline cold load (fresh process): {load:.2f} s")

    bench_file = ROOT / "benchmarks" / "bench_entities.py"
    if bench_file.exists():
        sys.path.insert(0, str(bench_file.parent))
        import bench_entities

        ents = bench_entities.run(args.texts)
        results["entities"] = ents
        print("entity benchmark:", ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                             for k, v in ents.items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
