"""Exercises of notebook 02, "Extracting entities": label, decide, spot, measure, build, fix, link.

Every check is computed from the gold annotation (``data/entities_gold.jsonl``), the model's
output or the helpers of ``utils.entities``, never from a typed-in constant. Three exercises
are "build it yourself" (``02-prf``, ``02-army-patterns``, ``02-surname-rule``): the learner
writes the core of a helper; the check runs it on the article and on inputs the notebook never
shows, and a hidden test (nbgrader) on others, so that an answer typed in for this article
fails. Learner functions are called through ``utils.checking.call_learner``.
"""
from __future__ import annotations

import importlib
import random
import types
from functools import lru_cache

from utils.checking import LearnerCodeError, call_learner
from utils.entities import (Entity, canonical_entities, evaluate, load_gold, score_table,
                            surname_consistency, _strip_the)
from utils.exercises import Exercise, Misconception
from utils.exercises.open_checks import (OPEN_CHECKS, army_found, bare_doc, bare_score,
                                         ents_with)
from utils.exercises.shown import (SMALL_GOLD, SMALL_PRED, SMALL_TEXT, _triples,
                                   small_case_table, small_sets)
from utils.nlp import resolve_model_name
from utils.text import load_article

NOTEBOOK = "02-extracting-entities"


@lru_cache(maxsize=None)
def _docs():
    from utils.nlp import get_nlp

    return bare_doc(), get_nlp(domain_rules=True)(load_article().text)


_bare_score = bare_score  # the bare model's score on the article (utils.exercises.open_checks)


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


# --- 02-write-pattern: its public check is utils.exercises.open_checks.WRITE_PATTERN ----------

def _keeps_f1_in_the_pipeline(pattern: dict) -> bool:
    """Hidden test: in the real pipeline (ruler before the NER) the pattern does not lower F1.

    A pattern can be right on its own and still hurt once the statistical NER works around it
    (a span it claims can no longer be part of a longer entity).
    """
    nlp = importlib.import_module(resolve_model_name()).load()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": pattern["label"], "pattern": pattern["pattern"]}])
    return evaluate(nlp(load_article().text), load_gold()).f1 >= _bare_score().f1


def _kpa_mentions() -> int:
    table = canonical_entities(_docs()[1])
    row = table[table["forms"].str.split("; ").apply(lambda forms: "KPA" in forms)]
    return int(row["mentions"].iloc[0])


# --- 02-prf: precision, recall and F1 from two sets of (start, end, label) ----------------------

@lru_cache(maxsize=None)
def _article_sets() -> tuple[frozenset, frozenset]:
    bare = {(e.start_char, e.end_char, e.label_) for e in _docs()[0].ents}
    return frozenset(bare), frozenset(_triples(load_gold()))


# An input the notebook never shows (the self-study check): a second text's entities.
_UNSEEN_GOLD = {(0, 6, "ORG"), (20, 29, "GPE"), (40, 53, "DATE"), (60, 63, "LOC"),
                (70, 82, "PERSON")}
_UNSEEN_PRED = {(0, 6, "ORG"), (20, 29, "LOC"), (40, 53, "DATE"), (57, 63, "LOC"),
                (90, 95, "ORG"), (100, 104, "GPE")}


def _truth(pred, gold) -> tuple[float, float, float]:
    result = evaluate(sorted(pred), sorted(gold), strip_the=False)
    return result.precision, result.recall, result.f1


def _scores(f, pred, gold) -> tuple[float, float, float]:
    result = call_learner(f, set(pred), set(gold))
    values = tuple(float(x) for x in result)
    if len(values) != 3:
        raise ValueError(f"prf must return three numbers, (precision, recall, f1); it returned "
                         f"{len(values)}")
    return values


def _close(a, b, tolerance: float = 1e-6) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def _prf_cases():
    article_pred, article_gold = _article_sets()
    return [small_sets(), (article_pred, article_gold), (_UNSEEN_PRED, _UNSEEN_GOLD),
            (set(), _UNSEEN_GOLD)]


def _prf_right(f) -> bool:
    return all(_close(_scores(f, p, g), _truth(p, g)) for p, g in _prf_cases())


def _prf_swapped(f) -> bool:
    p, r, f1 = _truth(*small_sets())
    return _close(_scores(f, *small_sets()), (r, p, f1))


def _prf_arithmetic_mean(f) -> bool:
    p, r, _ = _truth(*small_sets())
    return _close(_scores(f, *small_sets()), (p, r, (p + r) / 2))


def _span_only(pred, gold) -> tuple[float, float, float]:
    spans = {(s, e) for s, e, _ in gold}
    hits = sum(1 for s, e, _ in pred if (s, e) in spans)
    p, r = hits / len(pred), hits / len(gold)
    return p, r, 2 * p * r / (p + r)


def _prf_ignores_label(f) -> bool:
    return _close(_scores(f, *small_sets()), _span_only(*small_sets()))


def _prf_percent(f) -> bool:
    return _close(_scores(f, *small_sets()), tuple(100 * x for x in _truth(*small_sets())), 1e-3)


def _prf_divides_by_zero(f) -> bool:
    try:
        call_learner(f, set(), set(_UNSEEN_GOLD))
    except LearnerCodeError as problem:
        return isinstance(problem.error, ZeroDivisionError)
    return False


def _prf_example(kind: str):
    def prf(pred, gold):
        correct = len(pred & gold) if kind != "label" else len(
            {(s, e) for s, e, _ in pred} & {(s, e) for s, e, _ in gold})
        if kind == "zero":
            precision, recall = correct / len(pred), correct / len(gold)
        else:
            precision = correct / len(pred) if pred else 0.0
            recall = correct / len(gold) if gold else 0.0
        if kind == "swap":
            precision, recall = recall, precision
        if kind == "mean":
            return precision, recall, (precision + recall) / 2
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if kind == "percent":
            return 100 * precision, 100 * recall, 100 * f1
        return precision, recall, f1
    return prf


def _random_sets(seed: int) -> tuple[set, set]:
    rng = random.Random(seed)
    labels = ["PERSON", "ORG", "GPE", "LOC", "DATE"]
    gold = {(10 * i, 10 * i + rng.randint(2, 8), rng.choice(labels)) for i in range(rng.randint(3, 12))}
    pred = set()
    for start, end, label in gold:
        roll = rng.random()
        if roll < 0.5:
            pred.add((start, end, label))                    # right
        elif roll < 0.65:
            pred.add((start, end, rng.choice(labels)))       # label (maybe right by chance)
        elif roll < 0.8:
            pred.add((start, end + 1, label))                # boundary
    pred |= {(500 + 10 * i, 505 + 10 * i, rng.choice(labels)) for i in range(rng.randint(0, 4))}
    return pred, gold


def _prf_hidden_other_sets(f):
    """Hidden test: other sets of entities, including no predictions and no gold entities."""
    cases = [_random_sets(seed) for seed in range(6)]
    cases += [(set(), {(0, 4, "ORG")}), ({(0, 4, "ORG")}, set()),
              ({(0, 4, "ORG"), (5, 9, "GPE")}, {(0, 4, "ORG"), (5, 9, "GPE")})]
    for pred, gold in cases:
        expected = _truth(pred, gold)
        got = _scores(f, pred, gold)
        if not _close(got, expected):
            shown = ", ".join(f"{x:.3f}" for x in got)
            right = ", ".join(f"{x:.3f}" for x in expected)
            return (f"For {len(pred)} predicted and {len(gold)} gold entities ({len(pred & gold)} "
                    f"exact matches) your function gives ({shown}); it should give ({right}). "
                    "Compute from the two sets you are given; use 0.0 when a denominator is 0.")
    return True


# --- 02-army-patterns: its public check is utils.exercises.open_checks.ARMY_PATTERNS ----------
# Texts the notebook never shows, for the hidden tests only.

_ARMY_TEXT_CURLY = ("A Korean People\u2019s Army unit crossed the line, and the KPA denied it on "
                    "Friday.")
_NO_ARMY_TEXT = ("Maria Lopez flew from Madrid to Lima on Friday with two colleagues from the "
                 "World Health Organization.")


def _army_hidden_other_texts(patterns):
    """Hidden test: a text with the curly apostrophe and no "North", and a text without the
    army, where the patterns must change nothing."""
    if not army_found(patterns, _ARMY_TEXT_CURLY):
        return ("Your patterns miss the army in another text: \"a Korean People\u2019s Army unit\" "
                "(curly apostrophe, no \"North\") or \"KPA\". Cover every spelling the question "
                "lists.")
    from utils.nlp import get_nlp

    bare = {_strip_the(Entity(e.start_char, e.end_char, e.label_, e.text))[:3]
            for e in get_nlp()(_NO_ARMY_TEXT).ents}
    if set(ents_with(patterns, _NO_ARMY_TEXT)) != bare:
        return ("Your patterns change the entities of a text that does not mention the army at "
                "all: a pattern matches words that are not the army's name.")
    return True


# --- 02-surname-rule: a lone surname gets the label of the full name ----------------------------

SURNAME_TEXT = "Gen. Vincent Brooks visited the base. Later, Brooks said the findings were clear."


def _hand_doc(text: str, ents: list[tuple[str, str, int]]):
    """A Doc of *text* with hand-set entities: (words, label, occurrence)."""
    import spacy

    doc = spacy.blank("en")(text)
    spans = []
    for words, label, occurrence in ents:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        spans.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = spans
    return doc


def _helper_fixes(doc) -> set[tuple[int, int, str]]:
    """What the series' surname_consistency component relabels in *doc*."""
    before = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    copy = doc.copy()
    after = {(e.start_char, e.end_char, e.label_) for e in surname_consistency(copy).ents}
    return after - before


def _fixes(f, doc) -> set:
    result = call_learner(f, doc)
    return {tuple(item) if isinstance(item, (list, tuple)) else item for item in result}


def _surname_docs():
    from utils.nlp import get_nlp

    return [_docs()[0], get_nlp()(SURNAME_TEXT)]


def _order_doc():
    return _hand_doc("Brooks signed first. Then Vincent Brooks spoke, and Brooks left.",
                     [("Brooks", "ORG", 0), ("Vincent Brooks", "PERSON", 0), ("Brooks", "GPE", 2)])


def _persons_doc():
    return _hand_doc("Chad Carroll spoke. Carroll added something. Then Carroll left.",
                     [("Chad Carroll", "PERSON", 0), ("Carroll", "PERSON", 1), ("Carroll", "ORG", 2)])


def _surname_right(f) -> bool:
    return all(_fixes(f, doc) == _helper_fixes(doc)
               for doc in [*_surname_docs(), _order_doc(), _persons_doc()])


def _surname_texts(f) -> bool:
    doc = _docs()[0]
    return bool(_fixes(f, doc)) and all(isinstance(x, str) for x in _fixes(f, doc))


def _surname_token_offsets(f) -> bool:
    doc = _docs()[0]
    tokens = {(e.start, e.end, "PERSON") for e in doc.ents
              if (e.start_char, e.end_char, "PERSON") in _helper_fixes(doc)}
    return _fixes(f, doc) == tokens


def _surname_ignores_order(f) -> bool:
    doc = _order_doc()
    first = doc.ents[0]
    return (first.start_char, first.end_char, "PERSON") in _fixes(f, doc)


def _surname_keeps_persons(f) -> bool:
    doc = _persons_doc()
    persons = {(e.start_char, e.end_char, "PERSON") for e in doc.ents if e.label_ == "PERSON"}
    return bool(_fixes(f, doc) & persons)


def _surname_example(kind: str):
    def surname_fixes(doc):
        names, fixes = {}, set()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                for word in (ent[0].text, ent[-1].text):
                    names.setdefault(word, ent.start)
        for ent in doc.ents:
            if len(ent) == 1 and ent.text in names and (kind == "order" or names[ent.text] < ent.start):
                if kind == "persons" or ent.label_ != "PERSON":
                    if kind == "texts":
                        fixes.add(ent.text)
                    elif kind == "tokens":
                        fixes.add((ent.start, ent.end, "PERSON"))
                    else:
                        fixes.add((ent.start_char, ent.end_char, "PERSON"))
        return fixes
    return surname_fixes


def _surname_hidden_other_docs(f):
    """Hidden test: texts with hand-set entities (the rule, not the model, is tested)."""
    cases = {
        "a first name repeated": _hand_doc(
            "Moon Jae-in arrived. Reporters asked Moon about it.",
            [("Moon Jae-in", "PERSON", 0), ("Moon", "ORG", 1)]),
        "two people": _hand_doc(
            "Lee Cook-Jong and Chad Carroll met. Carroll and Lee spoke.",
            [("Lee Cook-Jong", "PERSON", 0), ("Chad Carroll", "PERSON", 0),
             ("Carroll", "GPE", 1), ("Lee", "ORG", 1)]),
        "no person at all": _hand_doc("Reuters and CNN reported it.",
                                      [("Reuters", "ORG", 0), ("CNN", "ORG", 0)]),
        "a longer name that contains the surname": _hand_doc(
            "Vincent Brooks spoke. Brooks Brothers sold suits.",
            [("Vincent Brooks", "PERSON", 0), ("Brooks Brothers", "ORG", 0)]),
    }
    for what, doc in cases.items():
        got, expected = _fixes(f, doc), _helper_fixes(doc)
        if got != expected:
            return (f"On another text ({what}: {doc.text!r}) your function returns "
                    f"{sorted(got, key=str)}, but it should return {sorted(expected)}.")
    return True


EXERCISES = [
    Exercise(
        id="02-label-entity",
        notebook=NOTEBOOK,
        name="us_label",
        question="In \"a U.S. military helicopter\", which OntoNotes label does \"U.S.\" get?",
        kind=str,
        form="label",
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
        form="label",
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
        hint="What does \"South\" refer to in this headline? Read the first paragraph: which "
             "place does the text name there? Then ask whether that place has a government.",
        # "South" alone also matches "South Korea GPE" in the model's output, which is not this
        # question: the cues are the title's "South" (quoted) and the title's words.
        cues=('"South"', "Defected To South", "the title"),
        explanation="GPE: \"South\" is a headline's short name for South Korea, a country. The "
                    "model misses it, and no general rule can safely find it.",
        context=lambda: {},
    ),
    Exercise(
        id="02-spot-mistake",
        notebook=NOTEBOOK,
        name="mislabelled",
        question="Give the text of one entity that the bare model found with exactly the right "
                 "words but the wrong label.",
        kind=str,
        form="entity-text",
        accepted=lambda: sorted(_errors_of("wrong label")),
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
        id="02-precision-recall",
        notebook=NOTEBOOK,
        name="precision_recall",
        question="For the small case, compute (precision, recall) by hand: only the exact span "
                 "with the exact label counts as correct.",
        kind=(tuple, list),
        form="two-decimals",
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
        id="02-prf",
        notebook=NOTEBOOK,
        name="prf",
        question="Write a function prf(predicted, gold) that takes two sets of (start, end, "
                 "label) tuples and returns (precision, recall, f1), counting only exact "
                 "matches, with 0.0 where a denominator is 0.",
        kind=types.FunctionType,
        is_correct=_prf_right,
        misconceptions=(
            Misconception(_prf_swapped,
                          "Precision and recall are swapped: precision divides the matches by "
                          "what the model predicted, recall by what the gold annotation has.",
                          example=lambda: _prf_example("swap")),
            Misconception(_prf_arithmetic_mean,
                          "Your F1 is the ordinary average (P + R) / 2. F1 is the harmonic mean, "
                          "2 * P * R / (P + R): it stays low when either of the two is low.",
                          example=lambda: _prf_example("mean")),
            Misconception(_prf_ignores_label,
                          "You counted a prediction as correct when only its span matches. Compare "
                          "whole (start, end, label) tuples: the label must match too.",
                          example=lambda: _prf_example("label")),
            Misconception(_prf_percent,
                          "Your numbers are percentages. Return fractions between 0 and 1 "
                          "(0.25, not 25).",
                          example=lambda: _prf_example("percent")),
            Misconception(_prf_divides_by_zero,
                          "Your function divides by zero when the model predicts nothing (an "
                          "empty set). By the definition used here, precision is then 0.0: test "
                          "`if predicted` before dividing (the same for gold, and for F1).",
                          example=lambda: _prf_example("zero")),
        ),
        incorrect_message="Your numbers differ from the definition on one of the checked inputs "
                          "(the small case, the article, or a pair of sets not shown). Try "
                          "prf(small_predicted, small_gold): it should give (1/3, 1/4, 2/7).",
        hidden_checks=(_prf_hidden_other_sets,),
        hint="The exact matches are the tuples in both sets: predicted & gold. Then precision = "
             "matches / len(predicted), recall = matches / len(gold), "
             "f1 = 2 * precision * recall / (precision + recall), each 0.0 when its "
             "denominator is 0.",
        explanation="Your function works on any two sets: the check also ran it on the article's "
                    "42 predictions and 45 gold entities and on a set pair the notebook does not "
                    "show.",
        context=lambda: {},
    ),
    Exercise(
        id="02-write-pattern",
        notebook=NOTEBOOK,
        name="pattern",
        question="Write one EntityRuler pattern, a dict with the keys \"label\" and \"pattern\", "
                 "that fixes one of the bare model's errors on the article and matches nothing "
                 "the gold annotation does not have.",
        kind=dict,
        # the check, its typical mistakes and its messages: utils.exercises.open_checks
        **OPEN_CHECKS["write_pattern"].exercise_fields({
            "not-a-pattern": {"DMZ": "LOC"},
            "offsets": {"label": "LOC", "pattern": "DMZ", "start": 1345},
            "straight-apostrophe": {"label": "ORG", "pattern": "North Korean People's Army"},
            "adds-nothing": {"label": "GPE", "pattern": "Seoul"},
            "one-name": {"label": "PERSON", "pattern": "Oh"},
            "wrong-label": {"label": "ORG", "pattern": "MDL"},
        }),
        hidden_checks=(_keeps_f1_in_the_pipeline,),
        hint="Pick a row of bare_score.errors whose kind is \"wrong label\" or \"missed\", e.g. "
             "an acronym of the border. The pattern is {\"label\": <gold label>, \"pattern\": "
             "<the words>}.",
        context=lambda: {},
    ),
    Exercise(
        id="02-army-patterns",
        notebook=NOTEBOOK,
        name="army_patterns",
        question="Write a list of EntityRuler patterns that label North Korea's army ORG in any "
                 "news text: its acronym KPA and its long name, with or without \"North\", with a "
                 "straight (') or a curly (\u2019) apostrophe.",
        kind=(list, tuple),
        # the check, its typical mistakes and its messages: utils.exercises.open_checks
        **OPEN_CHECKS["army_patterns"].exercise_fields({
            "not-patterns": ["KPA", "Korean People's Army"],
            "no-long-name": [{"label": "ORG", "pattern": "KPA"}],
            "straight-only": [{"label": "ORG", "pattern": "Korean People's Army"},
                              {"label": "ORG", "pattern": "North Korean People's Army"},
                              {"label": "ORG", "pattern": "KPA"}],
            "curly-only": [{"label": "ORG", "pattern": "Korean People\u2019s Army"},
                           {"label": "ORG", "pattern": "North Korean People\u2019s Army"},
                           {"label": "ORG", "pattern": "KPA"}],
            "other-label": [{"label": "LOC", "pattern": p} for p in (
                "Korean People's Army", "North Korean People's Army",
                "Korean People\u2019s Army", "North Korean People\u2019s Army", "KPA")],
            "without-north": [{"label": "ORG", "pattern": "Korean People's Army"},
                              {"label": "ORG", "pattern": "Korean People\u2019s Army"},
                              {"label": "ORG", "pattern": "KPA"}],
        }),
        hidden_checks=(_army_hidden_other_texts,),
        hint="Four phrase patterns cover the long name (with or without \"North\", each with ' "
             "and \u2019), one more the acronym: {\"label\": \"ORG\", \"pattern\": \"KPA\"}. Or "
             "use token patterns: \"People\u2019s\" is two tokens, \"People\" and \"\u2019s\", and "
             "{\"TEXT\": {\"IN\": [\"'s\", \"\u2019s\"]}} matches either.",
        context=lambda: {},
    ),
    Exercise(
        id="02-surname-rule",
        notebook=NOTEBOOK,
        name="surname_fixes",
        question="Write a function surname_fixes(doc) that returns the set of (start_char, "
                 "end_char, \"PERSON\") of every one-word entity, not labelled PERSON, that repeats "
                 "the first or last word of a PERSON name of two words or more met earlier in the "
                 "doc.",
        kind=types.FunctionType,
        is_correct=_surname_right,
        misconceptions=(
            Misconception(_surname_texts,
                          "Your function returns the words themselves. Return (start_char, "
                          "end_char, \"PERSON\") tuples: the same word can be a name in one place "
                          "and not in another.",
                          example=lambda: _surname_example("texts")),
            Misconception(_surname_token_offsets,
                          "Those are token positions (ent.start, ent.end). Use the character "
                          "offsets, ent.start_char and ent.end_char, as the gold annotation does.",
                          example=lambda: _surname_example("tokens")),
            Misconception(_surname_keeps_persons,
                          "Your set also holds entities the model already labelled PERSON. Keep "
                          "only those whose label the rule changes.",
                          example=lambda: _surname_example("persons")),
            Misconception(_surname_ignores_order,
                          "Your function also relabels a mention that comes before the full name "
                          "(\"Brooks signed first. Then Vincent Brooks spoke\"). Only a word met "
                          "after the full name repeats it: compare the entities' positions.",
                          example=lambda: _surname_example("order")),
        ),
        incorrect_message="Your set is not the right one on one of the checked docs. On the "
                          "article's doc it should hold one tuple, for \"Carroll\"; on a text the "
                          "notebook does not show, one for a lone \"Brooks\" after \"Vincent "
                          "Brooks\". Print surname_fixes(doc) and compare.",
        hidden_checks=(_surname_hidden_other_docs,),
        hint="Two loops over doc.ents. First, for each PERSON entity with len(ent) >= 2, "
             "remember its first and last word (ent[0].text, ent[-1].text) and where it starts "
             "(ent.start). Then, for each entity with len(ent) == 1 whose label is not PERSON: if "
             "its text is a remembered word that started earlier, add (ent.start_char, "
             "ent.end_char, \"PERSON\").",
        explanation="Your rule is general: it found \"Carroll\" in the article and \"Brooks\" in "
                    "a text the notebook does not show, and left a \"Brooks\" before the full "
                    "name alone.",
        context=lambda: {},
    ),
    Exercise(
        id="02-who-is-who",
        notebook=NOTEBOOK,
        name="kpa_mentions",
        question="How many times does the article mention North Korea's army, counting its long "
                 "name and its acronym?",
        kind=int,
        form="exact",
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
           "small_sets", "score_table"]
