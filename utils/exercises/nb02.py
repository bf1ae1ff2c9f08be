"""Exercises of notebook 02, "Extracting entities": label, spot, fix, measure, decide, link.

Every check is computed from the gold annotation (``data/entities_gold.jsonl``), the model's
output or the helpers of ``utils.entities``, never from a typed-in constant.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

import pandas as pd

from utils.entities import (Entity, canonical_entities, evaluate, load_gold, score_table,
                            _strip_the)
from utils.exercises import Exercise, Misconception
from utils.nlp import resolve_model_name
from utils.text import load_article

NOTEBOOK = "02-extracting-entities"

# A small case for computing precision and recall by hand (exercise 02-precision-recall).
SMALL_TEXT = "Col. Chad Carroll said the KPA fired across the MDL near Panmunjom."


def _span(text: str, label: str) -> Entity:
    start = SMALL_TEXT.index(text)
    return Entity(start, start + len(text), label, text)


SMALL_GOLD = [_span("Chad Carroll", "PERSON"), _span("KPA", "ORG"), _span("MDL", "LOC"),
              _span("Panmunjom", "GPE")]
SMALL_PRED = [_span("Col. Chad Carroll", "PERSON"), _span("KPA", "ORG"), _span("MDL", "ORG")]


def small_case_table() -> pd.DataFrame:
    """The small case side by side: each gold entity and each prediction, with offsets.

    >>> small_case_table()["source"].value_counts().to_dict()
    {'gold': 4, 'model': 3}
    """
    rows = [{"source": "gold", "text": e.text, "label": e.label, "start": e.start, "end": e.end}
            for e in SMALL_GOLD]
    rows += [{"source": "model", "text": e.text, "label": e.label, "start": e.start, "end": e.end}
             for e in SMALL_PRED]
    return pd.DataFrame(rows)


@lru_cache(maxsize=None)
def _docs():
    from utils.nlp import get_nlp

    text = load_article().text
    return get_nlp()(text), get_nlp(domain_rules=True)(text)


@lru_cache(maxsize=None)
def _bare_score():
    return evaluate(_docs()[0], load_gold())


def _gold_label(text: str, first_line_only: bool = False) -> str:
    title_end = len(load_article().text.splitlines()[0])
    for ent in load_gold():
        if ent.text == text and (not first_line_only or ent.end <= title_end):
            return ent.label
    raise LookupError(text)


def _clean(answer: str) -> str:
    return answer.strip().strip("'\"").strip()


def _label(answer: str) -> str:
    return _clean(answer).upper()


def _errors_of(kind: str, column: str = "gold_text") -> set[str]:
    errors = _bare_score().errors
    return set(errors.loc[errors["kind"] == kind, column])


def _no_the(answer: str) -> str:
    cleaned = _clean(answer)
    return _strip_the(Entity(0, len(cleaned), "", cleaned)).text.replace("'", "’")


# --- 02-write-pattern -------------------------------------------------------------------------

def _pattern_matches(pattern: dict) -> list[Entity]:
    """The entities one EntityRuler pattern alone finds in the article (tokenizer only)."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": pattern["label"], "pattern": pattern["pattern"]}])
    doc = nlp(load_article().text)
    return [_strip_the(Entity(e.start_char, e.end_char, e.label_, e.text)) for e in doc.ents]


def _gold_set() -> set[Entity]:
    return {_strip_the(e) for e in load_gold()}


def _fixes_an_error(pattern: dict) -> bool:
    matches = _pattern_matches(pattern)
    gold = _gold_set()
    bare = {_strip_the(Entity(e.start_char, e.end_char, e.label_, e.text)) for e in _docs()[0].ents}
    return bool(matches) and all(m in gold for m in matches) and any(m not in bare for m in matches)


def _keeps_f1_in_the_pipeline(pattern: dict) -> bool:
    """Hidden test: in the real pipeline (ruler before the NER) the pattern does not lower F1.

    A pattern can be right on its own and still hurt once the statistical NER works around it
    (a span it claims can no longer be part of a longer entity).
    """
    nlp = importlib.import_module(resolve_model_name()).load()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": pattern["label"], "pattern": pattern["pattern"]}])
    return evaluate(nlp(load_article().text), load_gold()).f1 >= _bare_score().f1


def _right_words_wrong_label(pattern: dict) -> bool:
    matches = _pattern_matches(pattern)
    spans = {(g.start, g.end): g.label for g in _gold_set()}
    return bool(matches) and all((m.start, m.end) in spans and spans[(m.start, m.end)] != m.label
                                 for m in matches)


def _one_capitalised_name(pattern: dict) -> bool:
    text = pattern.get("pattern")
    return (pattern.get("label") == "PERSON" and isinstance(text, str)
            and len(text.split()) == 1 and text[:1].isupper())


def _kpa_mentions() -> int:
    table = canonical_entities(_docs()[1])
    row = table[table["forms"].str.split("; ").apply(lambda forms: "KPA" in forms)]
    return int(row["mentions"].iloc[0])


EXERCISES = [
    Exercise(
        id="02-label-entity",
        notebook=NOTEBOOK,
        name="us_label",
        question="In \"a U.S. military helicopter\", which OntoNotes label does \"U.S.\" get?",
        kind=str,
        is_correct=lambda a: _label(a) == _gold_label("U.S."),
        misconceptions=(
            Misconception(lambda a: _label(a) == "NORP",
                          "NORP is for words of nationality or group, like \"North Korean\" or "
                          "\"American\". \"U.S.\" is the name of a country, even when it is used "
                          "before a noun.",
                          example="NORP"),
            Misconception(lambda a: _label(a) == "ORG",
                          "The helicopter belongs to the US military, but the word \"U.S.\" names "
                          "the country itself, not an organisation.",
                          example="ORG"),
        ),
        hint="Countries, cities and states share one label; spacy.explain(label) describes each "
             "label. Is \"U.S.\" a country, a nationality or an organisation?",
        explanation="GPE (geopolitical entity): a country name stays GPE when it is used as a "
                    "modifier, as in \"a U.S. military helicopter\".",
        context=lambda: {},
    ),
    Exercise(
        id="02-hard-case",
        notebook=NOTEBOOK,
        name="south_label",
        question="In the title, \"... Defected To South\": which label should \"South\" get? "
                 "(Answer \"NONE\" if you think it is not an entity.)",
        kind=str,
        is_correct=lambda a: _label(a) == _gold_label("South", first_line_only=True),
        misconceptions=(
            Misconception(lambda a: _label(a) in {"NONE", "O", "", "NO", "NOTHING"},
                          "Here \"South\" is not a direction: it is short for a country the "
                          "text names elsewhere. A short name of a country is still a name.",
                          example="NONE"),
            Misconception(lambda a: _label(a) == "LOC",
                          "LOC is for places without a government, such as regions, rivers or "
                          "the DMZ. What \"South\" refers to here has a government.",
                          example="LOC"),
        ),
        hint="What does \"South\" refer to in this headline? Read the first paragraph, then the "
             "guideline in data/README.md.",
        explanation="GPE: \"South\" is a headline's short name for South Korea, a country. The "
                    "model misses it, and no general rule can safely find it.",
        context=lambda: {},
    ),
    Exercise(
        id="02-precision-recall",
        notebook=NOTEBOOK,
        name="precision_recall",
        question="For the small case, compute (precision, recall) by hand: only the exact span "
                 "with the exact label counts as correct.",
        kind=(tuple, list),
        is_correct=lambda a: len(a) == 2 and all(
            abs(float(x) - y) < 0.01 for x, y in zip(a, _small_truth())),
        misconceptions=(
            Misconception(lambda a: len(a) == 2 and all(
                abs(float(x) - y) < 0.01 for x, y in zip(a, _small_truth()[::-1])),
                          "You swapped them: precision divides by what the model predicted, "
                          "recall by what the gold annotation has.",
                          example=lambda: tuple(_small_truth()[::-1])),
            Misconception(lambda a: len(a) == 2 and all(
                abs(float(x) - y) < 0.01 for x, y in zip(a, _small_overlap())),
                          "You counted a boundary error or a label error as correct. Only an "
                          "exact match, same span AND same label, counts.",
                          example=lambda: tuple(_small_overlap())),
        ),
        hint="Count the exact matches first. precision = matches / predictions; "
             "recall = matches / gold entities.",
        explanation="One exact match (KPA): precision 1/3 (three predictions), recall 1/4 (four "
                    "gold entities). The boundary and label errors count as wrong on both sides.",
        context=lambda: {},
    ),
    Exercise(
        id="02-spot-mistake",
        notebook=NOTEBOOK,
        name="mislabelled",
        question="Give the text of one entity that the bare model found with exactly the right "
                 "words but the wrong label.",
        kind=str,
        is_correct=lambda a: _no_the(a) in _errors_of("wrong label"),
        misconceptions=(
            Misconception(lambda a: _no_the(a) in _errors_of("spurious", "pred_text"),
                          "The model labelled those words, but the gold annotation has no entity "
                          "there at all: that is a spurious entity, not a wrong label.",
                          example="Featured Image"),
            Misconception(lambda a: _no_the(a) in _errors_of("missed"),
                          "The model did not find that entity at all: it is missed, not "
                          "mislabelled. Look for rows whose kind is \"wrong label\".",
                          example="Getty Images"),
            Misconception(lambda a: _no_the(a) in _errors_of("wrong boundary", "pred_text")
                          | _errors_of("wrong boundary"),
                          "That one has the wrong boundaries (too many or too few characters), "
                          "not the wrong label.",
                          example=lambda: sorted(_errors_of("wrong boundary", "pred_text"))[0]),
        ),
        hint="bare_score.errors is a table of every error; keep the rows where the column "
             "\"kind\" is \"wrong label\" and read the column \"gold_text\".",
        explanation="Right span, wrong label: the model saw where the name is but not what kind "
                    "of thing it is. A domain rule can fix that.",
        context=lambda: {"bare_score": _bare_score()},
    ),
    Exercise(
        id="02-write-pattern",
        notebook=NOTEBOOK,
        name="pattern",
        question="Write one EntityRuler pattern, a dict with the keys \"label\" and \"pattern\", "
                 "that fixes one of the bare model's errors on the article and matches nothing "
                 "the gold annotation does not have.",
        kind=dict,
        is_correct=_fixes_an_error,
        misconceptions=(
            Misconception(lambda a: not {"label", "pattern"} <= set(a),
                          "An EntityRuler pattern is a dict with two keys: \"label\" (such as "
                          "\"LOC\") and \"pattern\" (the words to match), e.g. "
                          "{\"label\": \"GPE\", \"pattern\": \"Seoul\"}.",
                          example={"DMZ": "LOC"}),
            Misconception(lambda a: bool({"start", "end", "offset", "start_char"} & set(a)),
                          "A pattern matches words wherever they occur; it has no offsets. "
                          "Rules tied to one text's positions would only memorise the answer.",
                          example={"label": "LOC", "pattern": "DMZ", "start": 1345}),
            Misconception(_one_capitalised_name,
                          "A pattern for one person's name labels that word in every text, "
                          "including where it is not a name (\"Oh, no!\"). Fix a label or a "
                          "boundary error with a name that always means the same thing.",
                          example={"label": "PERSON", "pattern": "Oh"}),
            Misconception(_right_words_wrong_label,
                          "Your pattern finds the right words but gives them a label the gold "
                          "annotation does not use for them. Check the label in the guideline "
                          "(data/README.md) or in the gold table.",
                          example={"label": "ORG", "pattern": "MDL"}),
        ),
        hidden_checks=(_keeps_f1_in_the_pipeline,),
        hint="Pick a row of bare_score.errors whose kind is \"wrong label\" or \"missed\", e.g. "
             "an acronym of the border. The pattern is {\"label\": <gold label>, \"pattern\": "
             "<the words>}.",
        explanation="A pattern matches the words everywhere, in any text: it is a general rule "
                    "about the domain, not a memorised answer.",
        context=lambda: {},
    ),
    Exercise(
        id="02-who-is-who",
        notebook=NOTEBOOK,
        name="kpa_mentions",
        question="How many times does the article mention North Korea's army, counting its long "
                 "name and its acronym?",
        kind=int,
        is_correct=lambda a: a == _kpa_mentions(),
        misconceptions=(
            Misconception(lambda a: a == load_article().text.count("KPA"),
                          "That counts only the acronym \"KPA\"; \"the North Korean People's "
                          "Army\" is the same army.",
                          example=lambda: load_article().text.count("KPA")),
        ),
        hint="In canonical_entities(ruled_doc), find the row whose forms include \"KPA\".",
        explanation="Two long names and two acronyms: one army, four mentions.",
        context=lambda: {"ruled_doc": _docs()[1]},
    ),
]


def _small_truth() -> tuple[float, float]:
    result = evaluate(SMALL_PRED, SMALL_GOLD)
    return result.precision, result.recall


def _small_overlap() -> tuple[float, float]:
    """The scores if every overlapping prediction counted as correct (a typical mistake)."""
    hits = sum(1 for p in SMALL_PRED if any(p.start < g.end and g.start < p.end for g in SMALL_GOLD))
    return hits / len(SMALL_PRED), hits / len(SMALL_GOLD)


__all__ = ["EXERCISES", "SMALL_TEXT", "SMALL_GOLD", "SMALL_PRED", "small_case_table",
           "score_table"]
