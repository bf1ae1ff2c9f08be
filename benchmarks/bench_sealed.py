#!/usr/bin/env python3
"""The cost of sealed answer keys (classroom copies): export time, size of the keys, and how
long a check takes to answer, sealed against full, over every exercise of the series.

Targets (2 cores): the export under 30 s; a sealed check answers within 2x the full check's
time (it calls a learner's function on the same inputs, plus hashing), and in under 1 s per
exercise on average.

    python benchmarks/bench_sealed.py [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_EXPORT_S = 30.0
TARGET_RATIO = 2.0
TARGET_MEAN_S = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from utils.checking import evaluate_answer
    from utils.classroom import export_package
    from utils.exercises import all_exercises, reference_answer
    from utils.exercises.sealed import load_keys

    exercises = list(all_exercises().values())
    answers = {ex.id: reference_answer(ex) for ex in exercises}
    for ex in exercises:  # warm the caches (model, parses) once for both sides
        evaluate_answer(ex, answers[ex.id])

    start = time.perf_counter()
    package = export_package(Path(tempfile.mkdtemp()))
    export_s = time.perf_counter() - start
    keys_path = package / "utils" / "exercises" / "keys.json"
    sealed = load_keys(keys_path)

    def best_of(ex, answer, runs=3) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            feedback = evaluate_answer(ex, answer)
            times.append(time.perf_counter() - t)
            assert feedback.passed, str(feedback)
        return min(times)

    full = {ex.id: best_of(ex, answers[ex.id]) for ex in exercises}
    seal = {ex.id: best_of(sealed[ex.id], answers[ex.id]) for ex in exercises}
    total_full, total_seal = sum(full.values()), sum(seal.values())
    result = {
        "exercises": len(exercises),
        "export_s": round(export_s, 2),
        "keys_kb": round(keys_path.stat().st_size / 1024, 1),
        "check_full_total_s": round(total_full, 3),
        "check_sealed_total_s": round(total_seal, 3),
        "ratio_sealed_to_full": round(total_seal / total_full, 2),
        "check_sealed_mean_s": round(statistics.mean(seal.values()), 4),
        "slowest_sealed": max(seal, key=seal.get),
        "slowest_sealed_s": round(max(seal.values()), 3),
    }
    for key, value in result.items():
        print(f"{key:24s} {value}")
    ok = (export_s <= TARGET_EXPORT_S and result["ratio_sealed_to_full"] <= TARGET_RATIO
          and result["check_sealed_mean_s"] <= TARGET_MEAN_S)
    print(f"targets (export <= {TARGET_EXPORT_S:g} s, sealed <= {TARGET_RATIO:g}x full, mean "
          f"<= {TARGET_MEAN_S:g} s): {'met' if ok else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
