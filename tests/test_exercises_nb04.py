"""Notebook 04's exercises and text: the build-it-yourself checks reject answers typed in for
the article, their hidden tests answer in sentences, the likeliest mistakes get their own
message, and the notebook's wording and citations follow the sources (issue 14)."""
from __future__ import annotations

import re

import nbformat
import pytest

from utils.armistice import checked_quotes, load_provisions
from utils.checking import assert_passes, evaluate_answer
from utils.exercises import SOLUTIONS_DIR, get_exercise, reference_answer
from utils.exercises import nb04
from utils.paths import DATA_DIR, NOTEBOOKS_DIR, ROOT, SOURCES_DIR
from utils.text import load_article, parse

NOTEBOOK = NOTEBOOKS_DIR / "04-the-armistice-rules.ipynb"
BUILD_IT_YOURSELF = ["04-find-actions", "04-action-rule", "04-rules-as-data"]


def _solution(exercise_id: str):
    return reference_answer(exercise_id)


def _notebook_text() -> str:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in nb.cells)


def _markdown_cells() -> list[str]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


# --- build it yourself: checked on other texts, hidden tests on yet others -------------------

def test_three_build_it_yourself_exercises_with_hidden_tests():
    for exercise_id in BUILD_IT_YOURSELF:
        ex = get_exercise(exercise_id)
        assert ex.hidden_checks, exercise_id
        assert ex.kind.__name__ == "function"


@pytest.mark.parametrize("exercise_id", BUILD_IT_YOURSELF)
def test_reference_solution_passes_the_check_and_the_hidden_tests(exercise_id):
    function = _solution(exercise_id)
    assert evaluate_answer(get_exercise(exercise_id), function).passed
    assert_passes(exercise_id, function)  # raises AssertionError on a failing hidden test


def test_the_inputs_of_the_checks_are_never_shown_in_the_notebook():
    shown = _notebook_text()
    for text in (*nb04.FIND_CHECK_TEXTS, *nb04.FIND_HIDDEN_TEXTS):
        for sentence in re.split(r"(?<=\.) ", text):
            assert sentence not in shown, sentence
    for verb, preposition, place in nb04.RULE_HIDDEN:
        assert f'"{verb}", "{preposition}", "{place}"' not in shown, (verb, preposition, place)


def test_find_actions_typed_in_for_the_article_fails():
    article_answer = nb04.reference_find_actions(parse(load_article().body))
    feedback = evaluate_answer(get_exercise("04-find-actions"), lambda doc: article_answer)
    assert not feedback.passed


def test_find_actions_hidden_test_says_what_went_wrong_in_a_sentence():
    """A walk that only knows the self-study texts passes the check, not the hidden test."""
    known = {parse(t).text: nb04.reference_find_actions(parse(t))
             for t in (load_article().body, *nb04.FIND_CHECK_TEXTS, nb04._SHORT)}
    memorised = lambda doc: known.get(doc.text, [])  # noqa: E731
    ex = get_exercise("04-find-actions")
    assert evaluate_answer(ex, memorised).passed
    sentence = ex.hidden_checks[0](memorised)
    assert isinstance(sentence, str) and "your function returns []" in sentence
    with pytest.raises(AssertionError, match="hidden test 1: For the text"):
        assert_passes(ex, memorised)


def test_provision_for_memorised_from_the_self_study_cases_fails_the_hidden_test():
    table = {case: nb04.reference_provision(*case) for case in nb04.RULE_CASES}
    memorised = lambda verb, preposition, place: table.get((verb, preposition, place), 0)  # noqa: E731
    ex = get_exercise("04-action-rule")
    assert evaluate_answer(ex, memorised).passed
    sentence = ex.hidden_checks[0](memorised)
    assert isinstance(sentence, str) and "provision_for(" in sentence and "the rule gives" in sentence


def test_linked_provisions_that_knows_the_series_table_by_heart_fails_the_hidden_test():
    provisions = load_provisions()
    by_heart = lambda action, table: nb04.reference_links(action, provisions)  # noqa: E731
    ex = get_exercise("04-rules-as-data")
    assert evaluate_answer(ex, by_heart).passed
    sentence = ex.hidden_checks[0](by_heart)
    assert isinstance(sentence, str) and "With a provisions table in which" in sentence


def test_the_hidden_tables_change_the_answer():
    """Each changed table gives at least one of the hidden actions another answer."""
    series = load_provisions()
    for what, table in nb04._changed_tables():
        assert any(nb04.reference_links(a, table) != nb04.reference_links(a, series)
                   for a in nb04.LINK_HIDDEN_ACTIONS), what


@pytest.mark.parametrize("exercise_id, broken, says", [
    ("04-find-actions", lambda doc: doc["x"], "raised"),
    ("04-find-actions", lambda doc: None, "returned nothing"),
    ("04-action-rule", lambda verb, preposition, place: 1 / 0, "ZeroDivisionError"),
    ("04-rules-as-data", lambda action, provisions: action["missing"], "KeyError"),
    ("04-rules-as-data", lambda action, provisions: "Art. I ¶7", "not a list"),
])
def test_a_learner_function_that_fails_gets_feedback_naming_the_problem(exercise_id, broken, says):
    feedback = evaluate_answer(get_exercise(exercise_id), broken)
    assert not feedback.passed and says in feedback.message, feedback.message


# --- the likeliest mistakes ---------------------------------------------------------------

def test_firing_with_the_crossing_paragraph_gets_its_own_message():
    ex = get_exercise("04-firing-provisions")
    for answer in ([6, 7, 12], ["Art. I ¶6", "Art. I ¶7", "Art. II ¶12"], (12, 6, 7)):
        feedback = evaluate_answer(ex, answer)
        assert feedback.status == "misconception"
        assert "Remove ¶7" in feedback.message
        assert "no paragraph numbers were cited in the reports" in feedback.message


def test_firing_provisions_as_a_tuple_or_a_set_is_accepted():
    ex = get_exercise("04-firing-provisions")
    assert evaluate_answer(ex, ("Art. I ¶6", 12)).passed
    assert evaluate_answer(ex, {6, "Art. II ¶12"}).passed


@pytest.mark.parametrize("exercise_id, value", [("04-crossing-paragraph", 7.0),
                                                ("04-new-action", 9.0),
                                                ("04-ceasefire-years", 64.0)])
def test_a_float_where_a_whole_number_is_expected(exercise_id, value):
    feedback = evaluate_answer(get_exercise(exercise_id), value)
    assert feedback.status == "wrong-type" and "int(" in feedback.message


def test_a_rule_that_returns_a_float_gets_its_own_message():
    feedback = evaluate_answer(get_exercise("04-action-rule"), nb04._rule_example("float"))
    assert feedback.status == "misconception" and "7.0" in feedback.message


# --- the notebook's text (issue 14) -----------------------------------------------------------

NOT_SUPPORTED = ("cited no paragraph", "did not cite paragraph", "cite no paragraph",
                 "citing no paragraph")


def _owned_texts() -> dict[str, str]:
    texts = {"notebook 04": _notebook_text(),
             "utils/exercises/nb04.py": (ROOT / "utils/exercises/nb04.py").read_text("utf-8"),
             "utils/armistice.py": (ROOT / "utils/armistice.py").read_text("utf-8")}
    for path in sorted((SOLUTIONS_DIR / "discussions").glob("04-*.md")):
        texts[path.name] = path.read_text("utf-8")
    guide = (ROOT / "docs/teacher-guide.md").read_text("utf-8")
    for block in re.findall(r"^#### `04-[^`]+`\n.*?(?=^#{2,4} |^<!-- |\Z)", guide, re.M | re.S):
        texts["teacher guide, 04 notes"] = texts.get("teacher guide, 04 notes", "") + block
    return texts


def test_paragraph_numbers_wording_is_what_the_sources_support():
    """event-facts.md says "No paragraph numbers were cited in the reports", nothing more."""
    assert "No paragraph numbers were cited in the reports" in (
        SOURCES_DIR / "event-facts.md").read_text("utf-8")
    for where, text in _owned_texts().items():
        flat = " ".join(text.replace('"\n', " ").split()).lower()
        for phrase in NOT_SUPPORTED:
            assert phrase not in flat, f"{where}: {phrase!r}; write 'no paragraph numbers were cited in the reports'"


_NUMBER_WORDS = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def test_the_count_of_provisions_is_the_data_s():
    provisions = load_provisions()
    numbered = int(provisions["paragraph"].notna().sum())
    text = " ".join(_markdown_cells())
    counts = re.findall(r"\b(five|six|seven|eight|nine) numbered provisions", text)
    assert counts and all(_NUMBER_WORDS[c] == numbered for c in counts)
    assert "Preamble" in provisions["id"].tolist()
    assert not re.search(r"\beight provisions\b", text)
    readme = (DATA_DIR / "README.md").read_text("utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `armistice_provisions.csv`"))
    assert "eight provisions" not in row.lower()


def _quoted_phrases(markdown: str) -> list[str]:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r'\brows? "[^"]+"', " ", text)  # a row of a source named by its label
    return [q for q in re.findall(r'"([^"]+)"', " ".join(text.split())) if len(q.split()) >= 4]


NOT_QUOTATIONS = {"this broke paragraph X"}  # words a learner might write, in a question


def test_every_quotation_is_from_the_article_a_checked_phrase_or_a_quote_in_the_sources():
    """What the notebook quotes of the Agreement is a checked phrase; nothing is quoted from a
    summary (the gist column of armistice.md is not the Agreement's wording)."""
    article = " ".join(load_article().text.split()).replace("’", "'")
    checked = [q for q in checked_quotes()["checked phrase"]]
    facts = (SOURCES_DIR / "event-facts.md").read_text("utf-8")
    source_quotes = [" ".join(facts.split())]  # the series' notes on the event, quoted as such
    for name in ("event-facts.md", "armistice.md"):
        source_quotes += re.findall(r'"([^"]+)"', (SOURCES_DIR / name).read_text("utf-8"))
    for markdown in _markdown_cells():
        for quote in _quoted_phrases(markdown):
            plain = quote.replace("’", "'").rstrip(",.")
            if plain in NOT_QUOTATIONS:
                continue
            assert (plain in article or any(plain in q for q in checked)
                    or any(plain in q for q in source_quotes)), f"unchecked quotation: {quote!r}"


def test_checked_quotes_are_verbatim_in_the_file_they_cite():
    for row in checked_quotes().itertuples():
        file = ROOT / row._3.split(" (")[0]
        assert row._2 in file.read_text("utf-8"), (row.provision, row._2)
    assert "effective twelve (12) hours after this Armistice Agreement is signed" in set(
        checked_quotes()["checked phrase"])


def test_every_citation_is_a_link_a_learner_can_follow():
    """(article, paragraph N), event facts and armistice notes are links (issue 14, item 11)."""
    for markdown in _markdown_cells():
        without_links = re.sub(r"\[[^\]]*\]\([^)]*\)", "LINK", markdown)
        assert not re.search(r"\(article, paragraph", without_links), markdown[:200]
        for name in ("event facts", "armistice notes", "(armistice,"):
            assert name not in without_links.lower(), (name, markdown[:200])
        for target in re.findall(r"\]\((?!https?:)([^)]+)\)", markdown):
            assert (NOTEBOOKS_DIR / target).exists(), target


def test_discussion_ids_are_shown_and_have_notes():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("discussion")
        if meta:
            assert f"Discussion {meta['id']}" in nb.cells[i - 1].source
            notes = SOLUTIONS_DIR / "discussions" / f"{meta['id']}.md"
            assert notes.read_text("utf-8").startswith(f"# What a good answer to {meta['id']} covers")


def test_the_summary_links_to_notebook_05():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert "(05-your-own-article.ipynb)" in nb.cells[-1].source


def test_tables_with_a_source_column_show_it_as_links():
    from utils.armistice import actors_table, source_links

    for citation in actors_table()["source"]:
        shown = source_links(citation)
        assert '<a href="../data/sources/' in shown
        for target in re.findall(r'href="([^"]+)"', shown):
            assert (NOTEBOOKS_DIR / target).exists(), target
    code = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    for table in ("actors_table()", "checked_quotes(provisions)"):
        cell = next(c for c in code if table in c)
        assert "source_links" in cell, cell
