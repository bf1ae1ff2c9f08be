"""utils.entity_dev: the entity development set validates, and the pipelines keep their scores.

The floors are the F1 each pipeline reached on ``data/entities_dev.jsonl`` when the set was
made, rounded down to two decimals: a change to the patterns, the surname step or the model
that lowers them fails here. The held-out set is only validated (it is scored once, by hand,
with ``python -m utils.entity_dev --heldout``).
"""
from __future__ import annotations

import json

import pytest

from utils import entity_dev as D
from utils.entities import evaluate
from utils.errors import CourseInputError

# F1 on the dev set (34 passages, 320 entities), rounded down.
FLOORS = {
    "all": {"bare": 0.81, "+ domain rules": 0.83, "+ name consistency": 0.85},
    "korea": {"bare": 0.78, "+ domain rules": 0.85, "+ name consistency": 0.86},
    "other": {"bare": 0.82, "+ domain rules": 0.82, "+ name consistency": 0.83},
}


NAMES_WITH_THE = {"The Hague"}


@pytest.fixture(scope="module")
def scores():
    return {subset: D.dev_scores(subset=subset) for subset in FLOORS}


@pytest.mark.parametrize("path", [D.DEV_PATH, D.HELDOUT_PATH])
def test_dev_files_validate(path):
    passages = D.load_passages(path)
    assert len(passages) >= 10
    for p in passages:
        assert p["topic"] and isinstance(p["korea"], bool)
        assert all(e.text == p["text"][e.start:e.end] for e in p["entities"])
        # the guideline: no leading "the", unless it is part of the name ("The Hague")
        assert all(e.text == e.text.strip() and (not e.text.lower().startswith("the ")
                                                 or e.text in NAMES_WITH_THE)
                   for e in p["entities"]), p["id"]


def test_dev_set_size_and_variety():
    passages = D.load_passages()
    assert len(passages) >= 30 and sum(len(p["entities"]) for p in passages) >= 300
    assert 10 <= sum(p["korea"] for p in passages) <= len(passages) - 15
    labels = {e.label for p in passages for e in p["entities"]}
    assert {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "MONEY", "PERCENT",
            "EVENT", "LAW", "PRODUCT", "QUANTITY", "ORDINAL", "CARDINAL", "TIME"} <= labels


def test_heldout_shares_no_passage_with_dev():
    dev, held = D.load_passages(D.DEV_PATH), D.load_passages(D.HELDOUT_PATH)
    assert not {p["id"] for p in dev} & {p["id"] for p in held}
    assert not {p["text"] for p in dev} & {p["text"] for p in held}


@pytest.mark.parametrize("subset", list(FLOORS))
def test_f1_floors(scores, subset):
    for pipeline, floor in FLOORS[subset].items():
        f1 = scores[subset][pipeline].f1
        assert f1 >= floor, f"{pipeline} on {subset} passages: F1 {f1:.3f} < {floor}"


def test_domain_rules_do_not_lower_f1_on_other_texts(scores):
    other = scores["other"]
    assert other["+ domain rules"].f1 >= other["bare"].f1
    assert other["+ name consistency"].f1 >= other["+ domain rules"].f1


def test_domain_rules_help_on_korea_texts(scores):
    korea = scores["korea"]
    assert korea["+ domain rules"].f1 > korea["bare"].f1
    assert korea["+ name consistency"].f1 >= korea["+ domain rules"].f1


def test_micro_average_keeps_passages_apart():
    a = {"text": "Seoul.", "entities": [D.Entity(0, 5, "GPE", "Seoul")]}
    b = {"text": "Paris.", "entities": [D.Entity(0, 5, "GPE", "Paris")]}
    result = D.evaluate_passages([a, b], [[D.Entity(0, 5, "GPE", "Seoul")], []])
    assert (result.tp, result.n_pred, result.n_gold) == (1, 1, 2)
    assert result.f1 == evaluate([(0, 5, "GPE")], [(0, 5, "GPE"), (7, 12, "GPE")]).f1


def test_bad_files_are_explained(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "topic": "t", "korea": False, "text": "Seoul.",
                               "entities": [{"start": 0, "end": 4, "label": "GPE",
                                             "text": "Seoul"}]}) + "\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match="passage x"):
        D.load_passages(bad)
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(CourseInputError, match="lacks"):
        D.load_passages(bad)
    with pytest.raises(CourseInputError):
        D.dev_scores(subset="japan")


def test_command_prints_the_table(capsys):
    assert D.main([]) == 0
    out = capsys.readouterr().out
    assert "entities_dev.jsonl" in out and "+ name consistency" in out and "korea" in out
