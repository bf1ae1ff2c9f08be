"""The entity helpers measured on texts the notebooks never show: the development set.

``data/entities_dev.jsonl`` holds short news passages written and annotated by the project
(one JSON object per line: ``id``, ``topic``, ``korea`` (whether the passage is about the Korean
peninsula), ``text`` and its ``entities``, annotated with the guideline of ``data/README.md``).
``data/entities_heldout.jsonl`` has the same format and other passages: it is scored once, at
the end, never used to tune the rules.

Three pipelines are compared: the bare model, the model with the domain rules (the
EntityRuler of ``data/entity_patterns.jsonl``), and the full
``get_nlp(domain_rules=True)`` (rules + the ``surname_consistency`` step). Print the table with::

    python -m utils.entity_dev            # the development set
    python -m utils.entity_dev --heldout  # the held-out set (score it once)

>>> passages = load_passages()
>>> len(passages) >= 30 and sum(len(p["entities"]) for p in passages) >= 290
True
"""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from utils.datafiles import require_devset
from utils.entities import Entity, Evaluation, evaluate, score_table, validate_gold
from utils.errors import CourseInputError
from utils.paths import DATA_DIR

DEV_PATH = DATA_DIR / "entities_dev.jsonl"
HELDOUT_PATH = DATA_DIR / "entities_heldout.jsonl"
PIPELINES = ["bare", "+ domain rules", "+ name consistency"]


def load_passages(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read an entity development file and validate every passage's offsets.

    Each passage is a dict with ``id``, ``topic``, ``korea``, ``text`` and ``entities`` (a list
    of :class:`utils.entities.Entity`).

    >>> load_passages()[0]["entities"][0].label
    'GPE'
    """
    file = require_devset(path if path is not None else DEV_PATH, "entity development file")
    passages, seen = [], set()
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise CourseInputError(f"{file.name}, line {number} is not valid JSON: {exc}.") from None
        missing = {"id", "topic", "korea", "text", "entities"} - set(item)
        if missing:
            raise CourseInputError(f"{file.name}, line {number} lacks {sorted(missing)}.")
        if item["id"] in seen:
            raise CourseInputError(f"{file.name}, line {number}: the id {item['id']!r} repeats.")
        seen.add(item["id"])
        item["entities"] = validate_gold(item["entities"], item["text"],
                                         source=f"{file.name}, passage {item['id']}")
        passages.append(item)
    return passages


def _pipeline(name: str):
    from utils.nlp import get_nlp

    if name == "bare":
        return get_nlp(), nullcontext()
    nlp = get_nlp(domain_rules=True)
    if name == "+ domain rules":
        return nlp, nlp.select_pipes(disable=["name_consistency"])
    if name == "+ name consistency":
        return nlp, nullcontext()
    raise CourseInputError(f"Unknown pipeline {name!r}; choose from {PIPELINES}.")


def predict(passages: Iterable[dict[str, Any]], pipeline: str) -> list[list[Entity]]:
    """The entities *pipeline* (one of :data:`PIPELINES`) finds in each passage."""
    passages = list(passages)
    nlp, context = _pipeline(pipeline)
    with context:
        docs = list(nlp.pipe([p["text"] for p in passages]))
    return [[Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents] for doc in docs]


def _offset(entities: Iterable[Entity], shift: int) -> list[Entity]:
    return [Entity(e.start + shift, e.end + shift, e.label, e.text) for e in entities]


def evaluate_passages(passages: Iterable[dict[str, Any]], predictions: list[list[Entity]]) -> Evaluation:
    """Micro-averaged :func:`utils.entities.evaluate` over many passages (each passage's
    offsets are moved so that no two passages overlap)."""
    pred, gold, shift = [], [], 0
    for passage, found in zip(passages, predictions):
        pred += _offset(found, shift)
        gold += _offset(passage["entities"], shift)
        shift += len(passage["text"]) + 1
    return evaluate(pred, gold)


def dev_scores(path: str | Path | None = None, subset: str = "all") -> dict[str, Evaluation]:
    """One :class:`Evaluation` per pipeline on the passages of *path* (default the dev set);
    *subset* is ``"all"``, ``"korea"`` or ``"other"``."""
    if subset not in ("all", "korea", "other"):
        raise CourseInputError("subset must be 'all', 'korea' or 'other'.")
    passages = [p for p in load_passages(path)
                if subset == "all" or p["korea"] == (subset == "korea")]
    return {name: evaluate_passages(passages, predict(passages, name)) for name in PIPELINES}


def dev_table(path: str | Path | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of each pipeline on all passages, the Korea passages and the
    others: one row per (subset, pipeline)."""
    tables = []
    for subset in ("all", "korea", "other"):
        table = score_table(dev_scores(path, subset))
        table.insert(0, "passages", subset)
        tables.append(table)
    return pd.concat(tables).set_index("passages", append=True).swaplevel()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = HELDOUT_PATH if "--heldout" in argv else DEV_PATH
    passages = load_passages(path)
    print(f"{path.name}: {len(passages)} passages, "
          f"{sum(len(p['entities']) for p in passages)} gold entities "
          f"({sum(p['korea'] for p in passages)} passages about Korea)")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(dev_table(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
