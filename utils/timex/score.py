"""TempEval-3 scores of the timeline engine: extents (strict and relaxed), values, types.

TempEval-3 (UzZaman et al. 2013) scores time expressions in two steps. **Extent**: a system
expression matches a gold one *strictly* when both start and end agree, *relaxed* when they
share at least one character (each gold expression is matched at most once). **Attributes**:
on the relaxed matches, the share with the right ``value`` (value accuracy) and ``type``
(type accuracy). The headline figure is **value F1 = relaxed F1 x value accuracy**.

    python -m utils.timex.score             # the development set (data/timex_dev.tsv)
    python -m utils.timex.score --heldout   # the held-out set, to score once at the end
    python -m utils.timex.score --newswire  # 1990s wire and business news (data/timex_newswire.tsv)
    python -m utils.timex.score PATH        # any file in the same format

>>> gold = [{"doc_id": "a", "start": 0, "end": 6, "type": "DATE", "value": "2017-11-20"},
...         {"doc_id": "a", "start": 20, "end": 29, "type": "DATE", "value": "2017-W46"}]
>>> system = [{"doc_id": "a", "start": 0, "end": 6, "type": "DATE", "value": "2017-11-20"},
...           {"doc_id": "a", "start": 25, "end": 29, "type": "DATE", "value": "2017-W47"},
...           {"doc_id": "a", "start": 40, "end": 44, "type": "DATE", "value": "2010"}]
>>> s = score(system, gold)
>>> s["strict_p"], s["strict_r"], s["relaxed_p"], s["relaxed_r"], s["value_accuracy"]
(0.333, 0.5, 0.667, 1.0, 0.5)
>>> s["relaxed_f1"], s["value_f1"]
(0.8, 0.4)
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from utils.errors import CourseInputError
from utils.paths import DATA_DIR

DEV_PATH = DATA_DIR / "timex_dev.tsv"
HELDOUT_PATH = DATA_DIR / "timex_heldout.tsv"
NEWSWIRE_PATH = DATA_DIR / "timex_newswire.tsv"
DEV_COLUMNS = ["doc_id", "dct", "passage", "text", "start", "end", "type", "value", "mod", "note"]


def load_devset(path: str | Path | None = None) -> pd.DataFrame:
    """The development set (default ``data/timex_dev.tsv``), one row per gold expression;
    ``start``/``end`` as integers (``-1`` on the one row of a passage without expressions).

    >>> dev = load_devset()
    >>> {"doc_id", "dct", "passage", "value"} <= set(dev.columns)
    True
    """
    file = Path(path) if path is not None else DEV_PATH
    if not file.exists():
        raise FileNotFoundError(f"The development set {file} is missing.")
    table = pd.read_csv(file, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    missing = [c for c in DEV_COLUMNS if c not in table.columns]
    if missing:
        raise CourseInputError(f"{file.name} lacks the columns {missing}.")
    for col in ("start", "end"):
        table[col] = table[col].replace("", "-1").astype(int)
    return table


def _rows(rows: Any) -> list[dict]:
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    out = []
    for r in rows:
        start = r.get("start", -1)
        if start is None or start == "" or int(start) < 0:
            continue
        out.append({"doc_id": r.get("doc_id", ""), "start": int(r["start"]), "end": int(r["end"]),
                    "type": str(r.get("type", "")), "value": str(r.get("value", "")),
                    "text": str(r.get("text", ""))})
    return out


def match(system: Iterable, gold: Iterable) -> list[tuple[dict, dict]]:
    """One-to-one relaxed matches (any overlapping character), the largest overlap first."""
    sys_rows, gold_rows = _rows(system), _rows(gold)
    by_doc: dict[Any, list[dict]] = defaultdict(list)
    for g in gold_rows:
        by_doc[g["doc_id"]].append(g)
    pairs = []
    for s in sys_rows:
        for g in by_doc.get(s["doc_id"], []):
            overlap = min(s["end"], g["end"]) - max(s["start"], g["start"])
            if overlap > 0:
                pairs.append((overlap, s["start"] == g["start"] and s["end"] == g["end"], id(s), id(g), s, g))
    pairs.sort(key=lambda p: (-p[1], -p[0]))
    used_s, used_g, out = set(), set(), []
    for _, _, si, gi, s, g in pairs:
        if si in used_s or gi in used_g:
            continue
        used_s.add(si)
        used_g.add(gi)
        out.append((s, g))
    return out


def _prf(hits: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(system_rows: Any, gold_rows: Any) -> dict[str, float]:
    """TempEval-3 figures for *system_rows* against *gold_rows* (tables or lists of dicts with
    ``doc_id``, ``start``, ``end``, ``type``, ``value``), rounded to 3 decimals."""
    sys_rows, gold = _rows(system_rows), _rows(gold_rows)
    pairs = match(sys_rows, gold)
    strict = sum(1 for s, g in pairs if s["start"] == g["start"] and s["end"] == g["end"])
    sp, sr, sf = _prf(strict, len(sys_rows), len(gold))
    rp, rr, rf = _prf(len(pairs), len(sys_rows), len(gold))
    value_ok = sum(1 for s, g in pairs if s["value"] == g["value"])
    type_ok = sum(1 for s, g in pairs if s["type"] == g["type"])
    acc = value_ok / len(pairs) if pairs else 0.0
    tacc = type_ok / len(pairs) if pairs else 0.0
    result = {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
              "relaxed_r": rr, "relaxed_f1": rf, "value_accuracy": acc, "value_f1": rf * acc,
              "type_accuracy": tacc}
    result = {k: round(v, 3) for k, v in result.items()}
    result.update({"n_system": len(sys_rows), "n_gold": len(gold), "n_matched": len(pairs)})
    return result


def _dct(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def run_devset(path: str | Path | None = None, *, rules: pd.DataFrame | None = None,
               heldout: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(system rows, gold rows) for the engine on a development file."""
    import warnings

    from utils.timex import normalise_many

    gold = load_devset(path if path is not None else (HELDOUT_PATH if heldout else DEV_PATH))
    passages = gold.drop_duplicates("doc_id")[["doc_id", "dct", "passage"]]
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = normalise_many(list(passages["passage"]), [_dct(d) for d in passages["dct"]],
                                rules=rules)
        for doc_id, table in zip(passages["doc_id"], tables):
            table = table.copy()
            table.insert(0, "doc_id", doc_id)
            rows.append(table)
    system = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return system, gold


def score_devset(rules: pd.DataFrame | None = None, *, path: str | Path | None = None,
                 heldout: bool = False) -> dict[str, float]:
    """The TempEval-3 figures of the engine (with *rules*, default the rule table) on the
    development set (or the held-out set)."""
    system, gold = run_devset(path, rules=rules, heldout=heldout)
    return score(system, gold)


def errors(system: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement: missed, spurious, extent, value and type errors, one row each."""
    pairs = match(system, gold)
    matched_s = {id(s) for s, _ in pairs}
    matched_g = {id(g) for _, g in pairs}
    from utils.timex.engine import granularity

    out = []
    for s, g in pairs:
        problems = [p for p, bad in (("extent", (s["start"], s["end"]) != (g["start"], g["end"])),
                                     ("value", s["value"] != g["value"]),
                                     ("type", s["type"] != g["type"])) if bad]
        if problems:
            out.append({"doc_id": g["doc_id"], "error": "+".join(problems), "gold_text": g["text"],
                        "system_text": s["text"], "gold_type": g["type"], "system_type": s["type"],
                        "gold_value": g["value"], "system_value": s["value"],
                        "granularity": granularity(g["value"])})
    for g in _rows(gold):
        pass
    sys_rows, gold_rows = _rows(system), _rows(gold)
    matched_gold_keys = {(g["doc_id"], g["start"], g["end"]) for _, g in pairs}
    matched_sys_keys = {(s["doc_id"], s["start"], s["end"]) for s, _ in pairs}
    for g in gold_rows:
        if (g["doc_id"], g["start"], g["end"]) not in matched_gold_keys:
            out.append({"doc_id": g["doc_id"], "error": "missed", "gold_text": g["text"],
                        "system_text": "", "gold_type": g["type"], "system_type": "",
                        "gold_value": g["value"], "system_value": "",
                        "granularity": granularity(g["value"])})
    for s in sys_rows:
        if (s["doc_id"], s["start"], s["end"]) not in matched_sys_keys:
            out.append({"doc_id": s["doc_id"], "error": "spurious", "gold_text": "",
                        "system_text": s["text"], "gold_type": "", "system_type": s["type"],
                        "gold_value": "", "system_value": s["value"],
                        "granularity": granularity(s["value"])})
    return pd.DataFrame(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="score the held-out set")
    parser.add_argument("--newswire", action="store_true",
                        help="score the newswire set (data/timex_newswire.tsv)")
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("path", nargs="?", default=None,
                        help="a set in the format of data/timex_dev.tsv (default: the development set)")
    args = parser.parse_args(argv)
    path = args.path if args.path else (NEWSWIRE_PATH if args.newswire else None)
    system, gold = run_devset(path, heldout=args.heldout)
    figures = score(system, gold)
    name = (Path(args.path).name if args.path else "newswire set" if args.newswire
            else "held-out set" if args.heldout else "development set")
    print(f"TempEval-3 scores on the {name} ({figures['n_gold']} gold, "
          f"{figures['n_system']} found, {figures['n_matched']} matched):")
    for key in ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                "value_accuracy", "value_f1", "type_accuracy"):
        print(f"  {key:15s} {figures[key]:.3f}")
    table = errors(system, gold)
    if len(table):
        gold_rows = pd.DataFrame(_rows(gold))
        from utils.timex.engine import granularity

        gold_rows["granularity"] = gold_rows["value"].map(granularity)
        print("\nErrors by gold type (missed / value / type / extent / spurious):")
        for col in ("gold_type", "granularity"):
            counts = table.groupby([col, "error"]).size().unstack(fill_value=0)
            print(counts.to_string())
            print()
        if args.errors:
            with pd.option_context("display.width", 250, "display.max_rows", 500,
                                   "display.max_colwidth", 40):
                print(table.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
