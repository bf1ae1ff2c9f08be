"""Scoring :func:`utils.text.attributions` against hand-annotated passages (who says what).

The gold files are ``data/attributions_dev.jsonl`` (tune on it) and
``data/attributions_heldout.jsonl`` (score it once, at the end); their schema and guideline
are in ``data/attributions_dev_notes.md``. Each attribution has a *source* span, a *cue* span
and, where there is one, a *content* span (character offsets into the passage, end exclusive).

Figures: precision, recall and F1 of

- **sources, strict**: a predicted source counts if its span is exactly a gold source span;
- **sources, relaxed**: its span overlaps a gold source span (spans that overlap are in the
  same sentence, so this is "the right speaker found in the right sentence, maybe with a
  word more or less", e.g. "Lee Cook-Jong" for "Lee Cook-Jong, the lead surgeon");
- **cues**: a predicted cue span overlaps a gold cue span ("said" for "said", "as noted by"
  for "as noted by").

Matching is one-to-one (a gold attribution is matched at most once). Run
``python -m utils.attribution_score`` to print the figures and every error on the dev set
(``--heldout`` for the held-out file).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

from utils.datafiles import require_devset
from utils.errors import CourseInputError

DATA = Path(__file__).resolve().parent.parent / "data"
DEV = DATA / "attributions_dev.jsonl"
HELDOUT = DATA / "attributions_heldout.jsonl"

Span = tuple[int, int]


def load_passages(path: str | Path = DEV) -> list[dict]:
    """The annotated passages of a JSONL file, each checked: every span's text must be the
    passage's text at its offsets.

    >>> passages = load_passages()
    >>> passages[0]["attributions"][0]["source"], passages[0]["attributions"][0]["cue"]
    ('Reuters', 'according to')
    """
    passages = []
    file = require_devset(path, "attribution development file")
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        for a in row["attributions"]:
            for part in ("source", "cue", "content"):
                start, end = a.get(f"{part}_start"), a.get(f"{part}_end")
                if start is None and part == "content":
                    continue
                if row["text"][start:end] != a[part]:
                    raise CourseInputError(f"{path}, line {number}: the {part} {a[part]!r} is not "
                                           f"the text at {start}:{end}. Fix the offsets.")
        passages.append(row)
    return passages


def overlaps(a: Span, b: Span) -> bool:
    """True when two character spans share at least one character.

    >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
    (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


def _locate(sentence: str, phrase: str, near: int | None = None) -> Span | None:
    """Where *phrase* (whitespace-normalised, case ignored) occurs in *sentence*: the
    occurrence nearest *near* if there are several."""
    words = phrase.split()
    if not words:
        return None
    pattern = r"\s*".join(re.escape(w) for w in words)
    if re.match(r"\w", phrase[0]):
        pattern = r"(?<!\w)" + pattern  # whole words: "he" is not inside "There"
    if re.match(r"\w", phrase[-1]):
        pattern += r"(?!\w)"
    found = [(m.start(), m.end()) for m in re.finditer(pattern, sentence, re.IGNORECASE)]
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda s: abs(s[0] - near))


def predicted_spans(text: str, table=None) -> list[dict]:
    """The rows of :func:`utils.text.attributions` on *text* as spans: dicts with
    ``source_start/end`` and ``cue_start/end`` (offsets into *text*), found by locating the
    row's source and cue in its sentence (the cue occurrence nearest the source).

    >>> [(p["source"], p["cue"], p["source_start"]) for p in predicted_spans("Rain fell, police said.")]
    [('police', 'said', 11)]
    """
    from utils.text import attributions, sentences

    if table is None:
        table = attributions(text)
    starts = [s.start_char for s in sentences(text)]
    result = []
    for row in table.itertuples():
        base = starts[row.sentence_no]
        source = _locate(row.sentence, row.source)
        cue = _locate(row.sentence, row.cue, near=source[0] if source else None)
        if cue is None:  # a cue made of words that are not next to each other
            cue = _locate(row.sentence, row.cue.split()[-1], near=source[0] if source else None)
        item = {"source": row.source, "cue": row.cue,
                "source_start": None, "source_end": None, "cue_start": None, "cue_end": None}
        if source:
            item.update(source_start=base + source[0], source_end=base + source[1])
        if cue:
            item.update(cue_start=base + cue[0], cue_end=base + cue[1])
        result.append(item)
    return result


def _match(gold: list[Span], pred: list[Span | None], same: Callable[[Span, Span], bool],
           prefer: list[Span | None] | None = None, gold_prefer: list[Span] | None = None
           ) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) whose spans agree; where several could
    pair, those whose *prefer* spans (the cues) also overlap go first, then the nearest."""
    candidates = []
    for g, gs in enumerate(gold):
        for p, ps in enumerate(pred):
            if ps is not None and same(gs, ps):
                bonus = 0
                if prefer is not None and gold_prefer is not None and prefer[p] is not None:
                    bonus = 0 if overlaps(gold_prefer[g], prefer[p]) else 1
                candidates.append((bonus, abs(gs[0] - ps[0]), g, p))
    pairs, used_g, used_p = [], set(), set()
    for _, _, g, p in sorted(candidates):
        if g not in used_g and p not in used_p:
            pairs.append((g, p))
            used_g.add(g)
            used_p.add(p)
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 where undefined), rounded to 3 decimals.

    >>> prf(3, 4, 6)
    {'precision': 0.75, 'recall': 0.5, 'f1': 0.6}
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score_passage(gold: list[dict], pred: list[dict]) -> dict[str, Any]:
    """Counts for one passage: for each measure (``strict``, ``relaxed``, ``cue``) the true
    positives, and the gold and predicted items left unmatched (the errors).

    >>> gold = [{"source": "the doctor", "source_start": 0, "source_end": 10,
    ...          "cue": "said", "cue_start": 11, "cue_end": 15}]
    >>> pred = [{"source": "doctor", "source_start": 4, "source_end": 10,
    ...          "cue": "said", "cue_start": 11, "cue_end": 15}]
    >>> counts = score_passage(gold, pred)
    >>> counts["strict"]["tp"], counts["relaxed"]["tp"], counts["cue"]["tp"]
    (0, 1, 1)
    """
    g_src = [(a["source_start"], a["source_end"]) for a in gold]
    g_cue = [(a["cue_start"], a["cue_end"]) for a in gold]
    p_src = [None if a["source_start"] is None else (a["source_start"], a["source_end"]) for a in pred]
    p_cue = [None if a["cue_start"] is None else (a["cue_start"], a["cue_end"]) for a in pred]
    measures = {
        "strict": _match(g_src, p_src, lambda a, b: a == b, p_cue, g_cue),
        "relaxed": _match(g_src, p_src, overlaps, p_cue, g_cue),
        "cue": _match(g_cue, p_cue, overlaps),
    }
    result = {}
    for name, pairs in measures.items():
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        result[name] = {"tp": len(pairs), "gold": len(gold), "pred": len(pred),
                        "missed": [gold[i] for i in range(len(gold)) if i not in matched_g],
                        "spurious": [pred[i] for i in range(len(pred)) if i not in matched_p]}
    return result


def evaluate(passages: Iterable[dict],
             predict: Callable[[str], list[dict]] = predicted_spans) -> dict[str, Any]:
    """Precision/recall/F1 of *predict* (a function from a passage's text to predicted spans;
    by default :func:`utils.text.attributions` via :func:`predicted_spans`) on *passages*.

    Returns ``{"strict": {...}, "relaxed": {...}, "cue": {...}, "errors": [...]}``; each
    measure holds precision, recall, f1, tp, gold, pred; ``errors`` lists (passage id, kind,
    source, cue): "missed" and "spurious" sources (relaxed match), "span" (a gold source
    found with other bounds: the strict errors; its gold text is shown), "cue missed" and
    "cue spurious".

    >>> passage = {"id": "x", "text": "Rain fell, police said.", "attributions": [
    ...     {"source": "police", "source_start": 11, "source_end": 17,
    ...      "cue": "said", "cue_start": 18, "cue_end": 22}]}
    >>> evaluate([passage])["relaxed"]["f1"]
    1.0
    """
    totals = {m: {"tp": 0, "gold": 0, "pred": 0} for m in ("strict", "relaxed", "cue")}
    errors = []
    for passage in passages:
        pred = predict(passage["text"])
        counts = score_passage(passage["attributions"], pred)
        for m in totals:
            for k in ("tp", "gold", "pred"):
                totals[m][k] += counts[m][k]
        for kind in ("missed", "spurious"):
            for a in counts["relaxed"][kind]:
                errors.append((passage["id"], kind, a["source"], a["cue"]))
        strict_missed = {id(a) for a in counts["strict"]["missed"]}
        relaxed_missed = {id(a) for a in counts["relaxed"]["missed"]}
        for a in passage["attributions"]:
            if id(a) in strict_missed and id(a) not in relaxed_missed:
                errors.append((passage["id"], "span", a["source"], a["cue"]))
        for kind in ("missed", "spurious"):
            for a in counts["cue"][kind]:
                errors.append((passage["id"], f"cue {kind}", a["source"], a["cue"]))
    result: dict[str, Any] = {}
    for m, t in totals.items():
        result[m] = {**prf(t["tp"], t["pred"], t["gold"]), **t}
    result["errors"] = errors
    return result


def report(result: dict[str, Any], title: str = "dev") -> str:
    """The figures of :func:`evaluate` as a short text table, then the errors."""
    lines = [f"attributions ({title}): {result['relaxed']['gold']} gold, "
             f"{result['relaxed']['pred']} predicted",
             f"{'':16}{'P':>7}{'R':>7}{'F1':>7}"]
    for m, label in (("strict", "source strict"), ("relaxed", "source relaxed"), ("cue", "cue")):
        r = result[m]
        lines.append(f"{label:16}{r['precision']:7.3f}{r['recall']:7.3f}{r['f1']:7.3f}")
    lines.append("")
    lines.append("errors (passage, kind, source, cue):")
    lines += [f"  {pid:8} {kind:13} {source!r} / {cue!r}" for pid, kind, source, cue in result["errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    held = "--heldout" in argv
    result = evaluate(load_passages(HELDOUT if held else DEV))
    print(report(result, "held-out" if held else "dev"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
