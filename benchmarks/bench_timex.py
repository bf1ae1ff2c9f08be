#!/usr/bin/env python3
"""Speed of the timeline engine, and why it does its own calendar arithmetic.

1. Throughput: ``normalise_many`` over 200 news-sized texts against bare ``nlp.pipe`` on the
   same texts (target: ratio >= 0.8, ratio = engine texts/s divided by bare texts/s; CPU time
   of the process, as the machine may be shared). The texts
   are made offline from the project's own passages: the article's paragraphs and the
   development set's passages (``data/timex_dev.tsv``), shuffled into texts of about 400 words.
2. Arithmetic: on the development set's DATE and TIME expressions, ``dateparser`` (the pinned
   1.5.0, asked with the expression and the dct, its answer written at the granularity it
   reports) against the engine's own rule table: share of gold values reached, and time per
   expression.
3. The plain spaCy + dateparser pipeline (entities as extents, dateparser's values) against
   the engine, scored TempEval-3 style on the development set.

    python benchmarks/bench_timex.py            # 200 texts
    python benchmarks/bench_timex.py 50
"""
from __future__ import annotations

import random
import sys
import time
import warnings
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_RATIO = 0.8


def make_texts(n_texts: int = 200, seed: int = 0, words: int = 400) -> list[str]:
    """*n_texts* texts of about *words* words, from the article's paragraphs and the dev set's
    passages, in a seeded random order.

    >>> texts = make_texts(3)
    >>> len(texts), all(len(t.split()) >= 300 for t in texts)
    (3, True)
    """
    from utils.text import load_article, paragraphs
    from utils.timex.score import load_devset

    pieces = [p for p in paragraphs(load_article().body) if len(p.split()) > 5]
    pieces += list(load_devset().drop_duplicates("doc_id")["passage"])
    rng = random.Random(seed)
    texts = []
    for _ in range(n_texts):
        chosen, count = [], 0
        while count < words:
            piece = rng.choice(pieces)
            chosen.append(piece)
            count += len(piece.split())
        texts.append("\n\n".join(chosen))
    return texts


def throughput(n_texts: int = 200) -> dict[str, float]:
    from utils.nlp import get_nlp
    from utils.timex import normalise_many

    nlp = get_nlp()
    texts = make_texts(n_texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        list(nlp.pipe(texts[:5]))  # warm up
        list(normalise_many(texts[:5], date(2017, 11, 22), nlp=nlp))
        # CPU time of this process (the machine is shared: wall time measures the neighbours)
        start = time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare = time.process_time() - start
        start = time.process_time()
        found = sum(len(t) for t in normalise_many(texts, date(2017, 11, 22), nlp=nlp))
        engine = time.process_time() - start
    return {"texts": n_texts, "words_per_text": sum(len(t.split()) for t in texts) / n_texts,
            "bare_texts_per_s": n_texts / bare, "engine_texts_per_s": n_texts / engine,
            "ratio": bare / engine, "expressions": found}


def _dateparser_value(expression: str, dct: date) -> str:
    import dateparser
    from dateparser.date import DateDataParser

    base = datetime(dct.year, dct.month, dct.day)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base,
                                                       "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(expression)
    if data is None or data.date_obj is None:
        return ""
    d = data.date_obj
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}",
            "week": f"{d.isocalendar()[0]:04d}-W{d.isocalendar()[1]:02d}",
            "time": f"{d:%Y-%m-%dT%H:%M}"}.get(data.period, d.date().isoformat())


def arithmetic() -> dict[str, float]:
    """dateparser against the engine's rules on the dev set's DATE/TIME expressions, each
    given alone with its dct (the same input for both)."""
    from utils.timex.engine import tag
    from utils.timex.score import _dct, load_devset

    gold = load_devset()
    gold = gold[gold["type"].isin(["DATE", "TIME"])]
    dp_ok = engine_ok = 0
    dp_time = engine_time = 0.0
    for row in gold.itertuples(index=False):
        dct = _dct(row.dct)
        day = dct.date() if isinstance(dct, datetime) else dct
        start = time.perf_counter()
        value = _dateparser_value(row.text, day)
        dp_time += time.perf_counter() - start
        dp_ok += value == row.value
        start = time.perf_counter()
        found = [t for t in tag(row.text, day) if t.type != "NONE"]
        engine_time += time.perf_counter() - start
        best = max(found, key=lambda t: t.end - t.start).value if found else ""
        engine_ok += best == row.value
    n = len(gold)
    return {"expressions": n, "dateparser_accuracy": dp_ok / n, "engine_accuracy": engine_ok / n,
            "dateparser_ms": 1000 * dp_time / n, "engine_ms": 1000 * engine_time / n}


def baseline() -> dict[str, float]:
    """The plain pipeline the engine replaces, on the dev set: spaCy's DATE/TIME entities as
    extents, ``dateparser``'s reading (at the granularity it reports) as values."""
    import pandas as pd

    from utils.nlp import get_nlp
    from utils.timex.score import _dct, load_devset, score

    gold = load_devset()
    passages = gold.drop_duplicates("doc_id")
    rows = []
    nlp = get_nlp()
    for row, doc in zip(passages.itertuples(index=False), nlp.pipe(list(passages["passage"]))):
        dct = _dct(row.dct)
        day = dct.date() if isinstance(dct, datetime) else dct
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                rows.append({"doc_id": row.doc_id, "start": ent.start_char, "end": ent.end_char,
                             "type": ent.label_, "value": _dateparser_value(ent.text, day),
                             "text": ent.text})
    return score(pd.DataFrame(rows), gold)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 200
    speed = throughput(n)
    print(f"{speed['texts']} texts of ~{speed['words_per_text']:.0f} words "
          f"({speed['expressions']} time expressions found)")
    print(f"  bare nlp.pipe      {speed['bare_texts_per_s']:7.1f} texts/s")
    print(f"  normalise_many     {speed['engine_texts_per_s']:7.1f} texts/s")
    print(f"  ratio              {speed['ratio']:7.2f}  (target >= {TARGET_RATIO})")
    calc = arithmetic()
    print(f"\nCalendar arithmetic on the dev set's {calc['expressions']} DATE/TIME expressions "
          "(each alone, with its dct):")
    print(f"  dateparser 1.5.0   {calc['dateparser_accuracy']:.3f} of gold values, "
          f"{calc['dateparser_ms']:.2f} ms per expression")
    print(f"  engine rules       {calc['engine_accuracy']:.3f} of gold values, "
          f"{calc['engine_ms']:.2f} ms per expression")
    base = baseline()
    from utils.timex.score import score_devset

    engine = score_devset()
    print("\nDev set, TempEval-3 (strict F1 / relaxed F1 / value accuracy / value F1):")
    for name, f in (("spaCy + dateparser", base), ("timeline engine", engine)):
        print(f"  {name:19s} {f['strict_f1']:.3f} / {f['relaxed_f1']:.3f} / "
              f"{f['value_accuracy']:.3f} / {f['value_f1']:.3f}")
    return 0 if speed["ratio"] >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
