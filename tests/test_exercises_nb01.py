"""Notebook 01's exercises: each reference solution passes, each misconception's example gets its message."""
from __future__ import annotations

import pytest

from utils.checking import evaluate_answer
from utils.exercises import exercises_for, solution_code
from utils.exercises.nb01 import EXERCISES, hit_report_table

IDS = [ex.id for ex in EXERCISES]


def test_at_least_five_exercises_registered():
    assert len(EXERCISES) >= 10
    assert [ex.id for ex in exercises_for("01-reading-the-article")] == IDS
    assert all(ex.id.startswith("01-") for ex in EXERCISES)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_reference_solution_passes(ex):
    code = solution_code(ex.id)
    assert code, f"utils/solutions/{ex.id}.py is missing"
    namespace = dict(ex.context()) if ex.context else {}
    exec(compile(code, f"{ex.id}.py", "exec"), namespace)
    feedback = evaluate_answer(ex, namespace[ex.name])
    assert feedback.passed, str(feedback)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_each_misconception_is_recognised(ex):
    assert ex.misconceptions and ex.hint and ex.explanation
    for mistake in ex.misconceptions:
        answer = mistake.example_answer()
        feedback = evaluate_answer(ex, answer)
        status = "correct" if mistake.accept else "misconception"
        assert feedback.status == status and feedback.message == mistake.message, (
            answer, str(feedback))


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_placeholder_and_wrong_type(ex):
    assert evaluate_answer(ex, ...).status == "not-attempted"
    wrong = 3.5 if ex.kind is not float else "x"
    if ex.kind is int:
        wrong = {"a": 1}
    assert evaluate_answer(ex, wrong).status == "wrong-type"


def test_checks_are_computed_not_typed_in():
    from utils.exercises.nb01 import EXERCISES as exs

    by_id = {ex.id: ex for ex in exs}
    assert evaluate_answer(by_id["01-story-paragraphs"], 6).passed
    assert evaluate_answer(by_id["01-longest-sentence"], 5).passed
    assert evaluate_answer(by_id["01-most-quoted"], "Col. Chad Carroll").passed
    assert evaluate_answer(by_id["01-most-quoted"], "Carroll").passed
    assert evaluate_answer(by_id["01-unsourced-paragraphs"], [1, 2]).passed
    assert evaluate_answer(by_id["01-korea-count"], 9).passed
    assert evaluate_answer(by_id["01-wednesday-head"], "defected").passed
    assert evaluate_answer(by_id["01-hits-contradict"], ["ABC", "AFP"]).passed
    assert not evaluate_answer(by_id["01-hits-contradict"], ["ABC", "AFP", "UNC"]).passed


def test_hit_reports_follow_event_facts():
    table = hit_report_table().set_index("report")
    assert table.loc["UNC", "says"] == "five" and table.loc["ABC", "says"] == "six"
    assert table.loc["USA Today", "at_least"] == 4 and table.loc["AFP", "at_least"] == 6


# --- build it yourself: checked on the article, on unseen texts and by hidden tests -------------

import re  # noqa: E402
import types  # noqa: E402

import pandas as pd  # noqa: E402

from utils.checking import assert_passes  # noqa: E402
from utils.exercises import get_exercise, reference_answer  # noqa: E402
from utils.exercises import nb01  # noqa: E402
from utils.text import (SPEECH_VERBS, attributions, load_article, parse,  # noqa: E402
                        reading_stats)

BUILD = ["01-paragraph-words", "01-speech-subjects", "01-according-to"]


def _reference(ex_id):
    return get_exercise(ex_id), reference_answer(ex_id)


@pytest.mark.parametrize("ex_id", BUILD)
def test_build_it_yourself_exercises_have_hidden_tests_and_pass_them(ex_id):
    ex, function = _reference(ex_id)
    assert ex.kind is types.FunctionType and ex.hidden_checks
    assert_passes(ex, function)


def _typed_in(ex_id):
    """An answer typed in for this article: right here, wrong on any other text."""
    article = load_article().body
    if ex_id == "01-paragraph-words":
        fixed = nb01.paragraph_words_reference(article)
        return lambda text: fixed.copy()
    if ex_id == "01-speech-subjects":
        fixed = nb01.speech_subjects_reference(parse(article))
        return lambda doc: list(fixed)
    fixed = nb01.according_to_reference(parse(article))
    return lambda doc: list(fixed)


@pytest.mark.parametrize("ex_id", BUILD)
def test_an_answer_typed_in_for_the_article_fails_with_a_sentence(ex_id):
    ex = get_exercise(ex_id)
    feedback = evaluate_answer(ex, _typed_in(ex_id))
    assert feedback.status == "incorrect" and feedback.message.startswith("On the text")
    for hidden in ex.hidden_checks:
        verdict = hidden(_typed_in(ex_id))
        assert isinstance(verdict, str) and "On the text" in verdict


@pytest.mark.parametrize("ex_id", BUILD)
def test_bad_functions_get_feedback_never_a_traceback(ex_id):
    ex = get_exercise(ex_id)
    name = ex.name
    assert evaluate_answer(ex, ...).status == "not-attempted"
    assert evaluate_answer(ex, None).status == "not-attempted"
    assert evaluate_answer(ex, "text").status == "wrong-type"
    raised = evaluate_answer(ex, lambda x: {}["key"])
    assert "raised KeyError" in raised.message and "called with" in raised.message
    assert "returned nothing" in evaluate_answer(ex, lambda x: None).message
    left = evaluate_answer(ex, ..., sources=[f"def {name}(x):\n    return 1\n{name} = ..."])
    assert f"Delete the line `{name} = ...`" in left.message
    with pytest.raises(AssertionError, match="returned nothing"):
        assert_passes(ex, lambda x: None)


def test_paragraph_words_agrees_with_reading_stats_on_every_text():
    for text in [load_article().body, *nb01._OTHER_TEXTS, *nb01._HIDDEN_TEXTS]:
        mine = nb01.paragraph_words_reference(text).values.tolist()
        helper = reading_stats(text)[["paragraph", "words"]].values.tolist()
        assert mine == helper, text


def test_speech_subjects_and_according_to_agree_with_attributions():
    for text in [load_article().body, *nb01._OTHER_TEXTS, *nb01._HIDDEN_TEXTS]:
        table = attributions(text)
        doc = parse(text)
        subjects = nb01.speech_subjects_reference(doc)
        helper_verbs = table.loc[table["cue"].str.lower().map(
            lambda cue: parse(cue)[0].lemma_ in SPEECH_VERBS and " " not in cue), "cue"]
        # the helper keeps a speech verb only with a claim ("No one commented" is none)
        learner_verbs = [v for _, v in subjects]
        assert all(learner_verbs.count(v) >= list(helper_verbs).count(v) for v in helper_verbs), text
        sources = nb01.according_to_reference(doc)
        helper = table.loc[table["cue"] == "according to", "source"].tolist()
        assert all(h.startswith(s) for s, h in zip(sources, helper)) and len(sources) == len(helper)


def test_the_unseen_texts_exercise_what_the_article_does_not():
    joined = " ".join(nb01._OTHER_TEXTS + nb01._HIDDEN_TEXTS)
    assert "’" in joined and "\n \n" in joined and "\n\n\n\n" in joined
    verbs = {t.lemma_ for text in nb01._HIDDEN_TEXTS for t in parse(text)
             if t.lemma_ in SPEECH_VERBS}
    assert {"warn", "tell", "confirm"} <= verbs  # not in the article


def test_most_quoted_accepts_the_surgeon_reading_with_its_reason():
    ex = get_exercise("01-most-quoted")
    for answer in ("Lee Cook-Jong", "the doctors", "Cook-Jong"):
        feedback = evaluate_answer(ex, answer)
        assert feedback.passed and "reading" in feedback.message
    assert not evaluate_answer(ex, "CNN").passed


def test_float_tuple_and_series_answers_follow_the_generic_rules():
    by_id = {ex.id: ex for ex in EXERCISES}
    assert evaluate_answer(by_id["01-unsourced-paragraphs"], (1, 2)).passed
    assert evaluate_answer(by_id["01-unsourced-paragraphs"], pd.Series([1, 2])).passed
    assert "int(6.0) is 6" in evaluate_answer(by_id["01-story-paragraphs"], 6.0).message
    assert evaluate_answer(by_id["01-hits-contradict"], ("ABC", "AFP")).passed


# --- sources a learner can follow (issue 14, item 11) ----------------------------------------

from utils.paths import NOTEBOOKS_DIR  # noqa: E402

SOURCE_WORDS = re.compile(r"event facts|event-facts|armistice notes|armistice\.md|\(article, paragraph", re.I)


@pytest.mark.parametrize("stem", ["00-start-here", "01-reading-the-article"])
def test_every_citation_is_a_link_a_learner_can_follow(stem):
    import nbformat

    nb = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        outside_links = re.sub(r"\[[^\]]*\]\([^)]*\)", "", cell.source)
        assert not SOURCE_WORDS.search(outside_links), (
            f"{stem}: a citation that is not a link: {SOURCE_WORDS.search(outside_links).group()!r} "
            f"in {cell.source[:120]!r}")


def test_notebook_01_says_what_the_sources_support():
    import nbformat

    text = "\n".join(c.source for c in nbformat.read(
        NOTEBOOKS_DIR / "01-reading-the-article.ipynb", as_version=4).cells)
    assert "UNC did not cite" not in text and "cited no paragraph" not in text
    assert "No paragraph numbers\nwere cited in the reports" in text
    assert "AP and CNN" in text  # not every US outlet wrote "Tuesday"
    assert "any run of letters or digits, so that" not in text


def test_the_warm_up_prompt_does_not_give_its_answer(article):
    """Issue 14: notebook 00 once suggested typing the answer, "15", as a wrong answer."""
    import nbformat

    answer = str(len(article.title.split()))
    nb = nbformat.read(NOTEBOOKS_DIR / "00-start-here.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # (the estimated time, "15 min", is not the answer)
            assert not re.search(rf"(?<![\w.]){answer}(?![\w.]| min)", cell.source), cell.source
