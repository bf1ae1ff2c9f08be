"""utils.glossary and data/glossary.csv: a checked glossary, and an explorer that works without a browser."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from utils.errors import CourseInputError
from utils.glossary import (DROPDOWN_CLASS, OUTPUT_CLASS, glossary_explorer, load_glossary, lookup,
                            render_term, term_sentences, term_variants)

NOTEBOOK = ROOT / "notebooks" / "01-reading-the-article.ipynb"
ISSUE_TERMS = ["armistice", "ceasefire", "DMZ", "MDL", "JSA", "KPA", "UNC", "MAC", "NNSC", "USFK",
               "defector"]
# Capitalised abbreviations that are names of news outlets or of countries, not vocabulary.
NOT_VOCABULARY = {"CNN", "AFP", "ABC", "AP", "USA", "US", "UN", "HTML"}  # outlets, not the story's vocabulary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def _known(glossary) -> set[str]:
    return {v.lower() for entry in glossary.to_dict("records") for v in term_variants(entry)}


def test_glossary_file_is_valid(glossary):
    assert list(glossary.columns) == ["term", "variants", "category", "definition", "source"]
    assert len(glossary) >= 15
    assert (glossary["definition"].str.len() > 40).all()
    assert (glossary["source"] != "").all(), "every definition says where its facts come from"


def test_glossary_has_the_issue_terms(glossary):
    for term in ISSUE_TERMS:
        assert lookup(glossary, term)["term"].lower() == term.lower()


def test_armistice_facts_match_the_sources(glossary):
    dmz = lookup(glossary, "Demilitarized Zone")
    assert "4 km" in dmz["definition"] and "Art. I ¶1" in dmz["source"]
    assert "middle" in lookup(glossary, "MDL")["definition"]
    assert "¶7" in lookup(glossary, "Military Demarcation Line")["source"]


def _notebook_markdown() -> str:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_glossary_covers_every_term_the_notebook_uses(glossary, article):
    if not NOTEBOOK.exists():
        pytest.skip("notebook 01 not written yet")
    known = _known(glossary)
    markdown = _notebook_markdown()
    # 1. every term the notebook links to the glossary
    linked = re.findall(r"\[([^\]]+)\]\(\.\./data/glossary\.csv\)", markdown)
    linked = [t for t in linked if not t.endswith(".csv")]  # a link to the file itself
    assert linked, "notebook 01 links its key terms to ../data/glossary.csv"
    missing = sorted({t for t in linked if t.lower() not in known})
    assert not missing, f"linked in notebook 01 but not in the glossary: {missing}"
    # 2. every abbreviation in the notebook's prose and in the article
    prose = re.sub(r"`[^`]*`|\([^)]*\.(?:md|csv|ipynb)[^)]*\)", " ", markdown)
    abbreviations = set(re.findall(r"\b[A-Z]{2,5}\b", prose + "\n" + article.text))
    missing = sorted(a for a in abbreviations - NOT_VOCABULARY if a.lower() not in known)
    assert not missing, f"abbreviations without a glossary entry: {missing}"


def test_lookup_by_variant_and_unknown_term(glossary):
    assert lookup(glossary, "north korean people's army")["term"] == "KPA"
    with pytest.raises(CourseInputError, match="not in the glossary.*'DMZ'"):
        lookup(glossary, "DMZZ")
    with pytest.raises(CourseInputError, match="as text"):
        lookup(glossary, None)


def test_term_sentences_and_render(glossary):
    sents = ["The soldier crossed the Military Demarcation Line (MDL).", "He ran.", "The mdl is a line."]
    found = term_sentences(sents, lookup(glossary, "MDL"))
    assert [s for s, _ in found] == [sents[0], sents[2]]
    assert found[0][1] == [(24, 49), (51, 54)]
    page = render_term(sents, glossary, "MDL")
    assert page.count("<mark>") == 3 and "Used in 2 sentences" in page
    assert "<mark>Military Demarcation Line</mark>" in page and "<mark>mdl</mark>" in page
    assert "does not occur" in render_term(sents, glossary, "NNSC")


def test_render_escapes_html(glossary):
    page = render_term(["A lone <b> & more at the DMZ."], glossary, "DMZ")
    assert "<b>" not in page and "&lt;b&gt;" in page and "&amp;" in page
    with pytest.raises(CourseInputError, match="looks like HTML"):  # markup is refused at entry
        render_term(["<script>alert(1)</script> at the DMZ."], glossary, "DMZ")


def test_explorer_callback_without_a_browser(glossary, article):
    box = glossary_explorer(article.body, glossary)
    dropdown, output = box.children
    assert dropdown is box.dropdown and output is box.output
    assert DROPDOWN_CLASS in dropdown._dom_classes and OUTPUT_CLASS in output._dom_classes
    assert list(dropdown.options) == glossary["term"].tolist()
    first = output.value
    assert glossary["term"][0] in first  # something is shown before any choice
    dropdown.value = "MDL"
    assert output.value != first
    assert output.value.count("<mark>MDL</mark>") == 3
    assert "Used in 2 sentences" in output.value
    dropdown.value = "KPA"
    assert "<mark>North Korean People’s Army</mark>" in output.value
    assert output.value.count("<mark>") == 4
    dropdown.value = "JSA"
    assert "does not occur" in output.value
    assert box.show("DMZ") == output.value and "<mark>DMZ</mark>" in output.value


def test_explorer_on_another_text(glossary):
    box = glossary_explorer("Two defectors crossed the DMZ. Nobody fired.", glossary)
    box.dropdown.value = "defector"
    assert "<mark>defectors</mark>" in box.output.value
    assert "Used in 1 sentence of" in box.show("DMZ") and "Used in 0 sentences" in box.show("MDL")


def test_explorer_output_names_the_chosen_option(glossary, article):
    """What the browser test checks: after choosing an option, the output mentions its label."""
    box = glossary_explorer(article.body, glossary)
    for label in box.dropdown.options:
        box.dropdown.value = label
        plain = re.sub(r"<[^>]+>", "", box.output.value).lower()
        assert label.lower() in plain


@pytest.mark.parametrize("content, message", [
    ("", "is empty"),
    ("term,definition\n", "no terms"),
    ("word,meaning\nDMZ,a zone\n", "lacks the column"),
    ("term,definition\nDMZ,\n", "empty 'definition' on line\\(s\\) \\[2\\]"),
    ("term,definition\nDMZ,a zone\ndmz,again\n", "more than once"),
])
def test_bad_glossary_files(tmp_path, content, message):
    path = tmp_path / "glossary.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CourseInputError, match=message):
        load_glossary(path)


def test_minimal_glossary_gets_the_optional_columns(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("term,definition\nDMZ,a 4 km wide zone\n", encoding="utf-8")
    table = load_glossary(path)
    assert table.to_dict("records") == [{"term": "DMZ", "variants": "", "category": "",
                                         "definition": "a 4 km wide zone", "source": ""}]


def test_missing_or_non_utf8_glossary(tmp_path):
    with pytest.raises(FileNotFoundError, match="Glossary file not found"):
        load_glossary(tmp_path / "nope.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes("term,definition\nCaf\xe9,x\n".encode("latin-1"))
    with pytest.raises(CourseInputError, match="UTF-8"):
        load_glossary(path)
    with pytest.raises(CourseInputError, match="folder"):
        load_glossary(tmp_path)


def test_nnsc_is_defined_as_set_up_by_the_agreement(glossary):
    """Issue 14: the NNSC was established by the Armistice Agreement, not just "connected with" it."""
    definition = glossary.set_index("term").loc["NNSC", "definition"]
    assert "set up by the Armistice Agreement" in definition
