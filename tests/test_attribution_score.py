"""The attribution scorer on hand-computed cases, the annotated files, and a floor for
utils.text.attributions on the development set."""
from __future__ import annotations

import json

import pytest

from utils import attribution_score as sc
from utils.errors import CourseInputError


def att(source, s0, cue, c0):
    return {"source": source, "source_start": s0, "source_end": s0 + len(source),
            "cue": cue, "cue_start": c0, "cue_end": c0 + len(cue)}


# "The doctor said he is fine, according to Lee Cook-Jong, the lead surgeon."
TEXT = "The doctor said he is fine, according to Lee Cook-Jong, the lead surgeon."
GOLD = [att("The doctor", 0, "said", 11), att("Lee Cook-Jong", 41, "according to", 28)]


def test_exact_prediction_scores_one():
    counts = sc.score_passage(GOLD, list(GOLD))
    assert all(counts[m]["tp"] == 2 for m in ("strict", "relaxed", "cue"))


def test_hand_computed_partial_prediction():
    pred = [att("doctor", 4, "said", 11),                      # relaxed only
            att("Lee Cook-Jong, the lead surgeon", 41, "according to", 28),  # relaxed only
            att("he", 16, "is", 19)]                           # spurious source and cue
    counts = sc.score_passage(GOLD, pred)
    assert counts["strict"]["tp"] == 0 and counts["relaxed"]["tp"] == 2
    assert counts["cue"]["tp"] == 2 and len(counts["cue"]["spurious"]) == 1
    # relaxed: P = 2/3, R = 2/2, F1 = 0.8; strict: all zero
    passage = {"id": "t", "text": TEXT, "attributions": GOLD}
    result = sc.evaluate([passage], predict=lambda text: pred)
    assert result["relaxed"] == {"precision": 0.667, "recall": 1.0, "f1": 0.8,
                                 "tp": 2, "gold": 2, "pred": 3}
    assert result["strict"]["f1"] == 0.0
    kinds = [e[1] for e in result["errors"]]
    assert kinds.count("spurious") == 1 and kinds.count("span") == 2


def test_matching_is_one_to_one_and_prefers_the_cue():
    # one speaker, two cues: "X said A and added B" -> two gold attributions, one source span
    gold = [att("X", 0, "said", 2), att("X", 0, "added", 15)]
    counts = sc.score_passage(gold, [att("X", 0, "added", 15)])
    assert counts["strict"]["tp"] == 1 and counts["strict"]["missed"] == [gold[0]]


def test_prf_edge_cases():
    assert sc.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert sc.prf(1, 2, 1) == {"precision": 0.5, "recall": 1.0, "f1": 0.667}


def test_predicted_spans_locate_whole_words():
    spans = sc.predicted_spans('"There is no reason for concern," he told reporters.')
    assert [(p["source"], p["source_start"], p["cue_start"]) for p in spans] == [("he", 34, 37)]


def test_files_load_and_offsets_agree():
    dev, held = sc.load_passages(sc.DEV), sc.load_passages(sc.HELDOUT)
    assert len(dev) >= 60 and sum(len(p["attributions"]) for p in dev) >= 150
    assert len(held) >= 20
    assert not {p["text"] for p in dev} & {p["text"] for p in held}
    assert {"article", "wire", "politics", "courts", "business", "sport", "health",
            "science"} <= {p["style"] for p in dev}
    for p in dev + held:
        for a in p["attributions"]:
            assert a["source"] == a["source"].strip() and a["cue"] == a["cue"].strip()


def test_a_wrong_offset_is_refused(tmp_path):
    row = {"id": "x", "style": "wire", "text": "Police said so.",
           "attributions": [att("Police", 1, "said", 7)]}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match="not the text at"):
        sc.load_passages(path)


@pytest.fixture(scope="module")
def dev_result():
    return sc.evaluate(sc.load_passages(sc.DEV))


# Floors: the figures reached on the dev set (rounded down). Before this work the helper
# scored relaxed source F1 0.903, strict 0.881, cue 0.903 on the same set.
def test_attributions_floor_on_the_dev_set(dev_result):
    assert dev_result["relaxed"]["f1"] >= 0.98, sc.report(dev_result)
    assert dev_result["strict"]["f1"] >= 0.98, sc.report(dev_result)
    assert dev_result["cue"]["f1"] >= 0.98, sc.report(dev_result)


def test_main_prints_figures_and_errors(capsys):
    assert sc.main([]) == 0
    out = capsys.readouterr().out
    assert "source relaxed" in out and "errors" in out
