"""Notebook 02's build-it-yourself exercises: an answer typed in for this article fails, the
hidden tests say why in a sentence, and a learner's function that fails becomes feedback."""
from __future__ import annotations

import pytest

from utils.checking import evaluate_answer
from utils.exercises import get_exercise
from utils.exercises import nb02


def _hidden(ex_id: str, answer):
    (hidden,) = get_exercise(ex_id).hidden_checks
    return hidden(answer)


# --- 02-prf ---------------------------------------------------------------------------------------

def _reference_prf():
    namespace: dict = {}
    exec(open(nb02.__file__.replace("exercises/nb02.py", "solutions/02-prf.py")).read(), namespace)
    return namespace["prf"]


def test_prf_typed_in_for_the_visible_cases_fails_the_hidden_test():
    truths = {frozenset(p): nb02._truth(p, g) for p, g in nb02._prf_cases()}

    def memorised(predicted, gold):
        return truths.get(frozenset(predicted), (0.5, 0.5, 0.5))

    assert evaluate_answer("02-prf", memorised).passed  # every visible case memorised...
    message = _hidden("02-prf", memorised)
    assert isinstance(message, str) and "should give" in message  # ...the hidden test fails


def test_prf_reference_passes_the_hidden_test_and_a_raising_function_is_feedback():
    assert _hidden("02-prf", _reference_prf()) is True

    def broken(predicted, gold):
        return predicted[0]  # sets cannot be indexed

    feedback = evaluate_answer("02-prf", broken)
    assert feedback.status == "incorrect" and "TypeError" in feedback.message
    assert "called with" in feedback.message

    def silent(predicted, gold):
        len(predicted & gold)

    assert "returned nothing" in evaluate_answer("02-prf", silent).message


def test_prf_hidden_test_covers_empty_gold():
    from utils.checking import LearnerCodeError, assert_passes

    def no_gold_guard(predicted, gold):
        correct = len(predicted & gold)
        p = correct / len(predicted) if predicted else 0.0
        r = correct / len(gold)
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    assert evaluate_answer("02-prf", no_gold_guard).passed
    with pytest.raises(LearnerCodeError, match="ZeroDivisionError"):
        _hidden("02-prf", no_gold_guard)
    with pytest.raises(AssertionError, match=r"hidden test 1: Your function .* set\(\)"):
        assert_passes("02-prf", no_gold_guard)


# --- 02-army-patterns ------------------------------------------------------------------------

REFERENCE_ARMY = [{"label": "ORG", "pattern": "KPA"}] + [
    {"label": "ORG", "pattern": f"{north}Korean People{a}s Army"}
    for north in ("", "North ") for a in ("'", "\u2019")]


def test_army_patterns_typed_in_for_the_article_fail():
    # exactly the article's spelling: right on the article, wrong elsewhere
    article_only = [{"label": "ORG", "pattern": "North Korean People\u2019s Army"},
                    {"label": "ORG", "pattern": "KPA"}]
    feedback = evaluate_answer("02-army-patterns", article_only)
    assert feedback.status == "misconception" and "straight apostrophe" in feedback.message


def test_army_patterns_with_a_token_pattern_pass_everything():
    token = [{"label": "ORG", "pattern": "KPA"},
             {"label": "ORG", "pattern": [{"TEXT": "North", "OP": "?"}, {"TEXT": "Korean"},
                                          {"TEXT": "People"}, {"TEXT": {"IN": ["'s", "\u2019s"]}},
                                          {"TEXT": "Army"}]}]
    assert evaluate_answer("02-army-patterns", token).passed
    assert _hidden("02-army-patterns", token) is True
    assert _hidden("02-army-patterns", REFERENCE_ARMY) is True


def test_army_hidden_test_rejects_a_pattern_that_labels_other_words():
    greedy = REFERENCE_ARMY + [{"label": "ORG", "pattern": [{"IS_TITLE": True}, {"LOWER": "health"}]}]
    assert evaluate_answer("02-army-patterns", greedy).passed
    message = _hidden("02-army-patterns", greedy)
    assert isinstance(message, str) and "does not mention the army" in message


def test_army_hidden_test_needs_the_curly_form_without_north():
    almost = [p for p in REFERENCE_ARMY if p["pattern"] != "Korean People\u2019s Army"]
    assert evaluate_answer("02-army-patterns", almost).passed
    assert "curly apostrophe" in _hidden("02-army-patterns", almost)


# --- 02-surname-rule -------------------------------------------------------------------------

def test_surname_rule_typed_in_for_the_article_fails():
    def memorised(doc):
        return {(2019, 2026, "PERSON")}

    assert not evaluate_answer("02-surname-rule", memorised).passed


def test_surname_rule_hidden_test_catches_a_last_name_only_rule():
    def last_word_only(doc):
        names = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                names.setdefault(ent[-1].text, ent.start)
        return {(e.start_char, e.end_char, "PERSON") for e in doc.ents
                if len(e) == 1 and e.label_ != "PERSON" and names.get(e.text, 10**9) < e.start}

    assert evaluate_answer("02-surname-rule", last_word_only).passed
    message = _hidden("02-surname-rule", last_word_only)
    assert isinstance(message, str) and "first name" in message


def test_surname_rule_matches_the_helper_on_the_unseen_text():
    from utils.nlp import get_nlp

    doc = get_nlp()(nb02.SURNAME_TEXT)
    assert nb02._helper_fixes(doc) == {(45, 51, "PERSON")}


# --- 02-write-pattern: the typical mistakes of issue 10 --------------------------------------

@pytest.mark.parametrize("pattern, words", [
    ({"label": "GPE", "pattern": "Seoul"}, "adds nothing"),
    ({"label": "ORG", "pattern": "North Korean People's Army"}, "straight apostrophe"),
])
def test_write_pattern_mistakes(pattern, words):
    feedback = evaluate_answer("02-write-pattern", pattern)
    assert feedback.status == "misconception" and words in feedback.message


# --- issue 10's targets for notebook 02 -------------------------------------------------------

def test_notebook_02_has_three_build_it_yourself_exercises_with_hidden_tests():
    from utils.exercises import exercises_for

    built = [ex.id for ex in exercises_for("02") if ex.hidden_checks]
    assert {"02-prf", "02-army-patterns", "02-surname-rule"} <= set(built)


def test_the_boundary_error_is_one_character(doc):
    """Issue 14.10: the notebook says the article's boundary error is one character."""
    from utils.entities import evaluate, load_gold

    errors = evaluate(doc, load_gold()).errors
    row = errors[errors["kind"] == "wrong boundary"].iloc[0]
    assert (row["pred_text"], row["gold_text"]) == ("North Korea-", "North Korea")
    assert len(row["pred_text"]) - len(row["gold_text"]) == 1
