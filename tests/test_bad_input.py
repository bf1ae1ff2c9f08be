"""Every public text helper refuses the same bad inputs, with the same message.

One table of bad inputs (empty, None, bytes, not text, HTML markup, a text that is not English,
a text over spaCy's 1,000,000-character limit) is fed to every public helper of utils.text,
utils.entities, utils.timeline, utils.armistice and utils.report that takes a text. Each must
raise CourseInputError (never spaCy's raw ValueError, a TypeError or a traceback from deep
inside), with the message of the series' one input check, ``utils.text.check_text``.

Helpers that use no language model (``paragraphs``, ``find_term``...) read any language and
any length, as documented; they refuse the other rows in the same words.
"""
from __future__ import annotations

from datetime import date

import pytest

from utils.errors import CourseInputError

ANCHOR = date(2017, 11, 22)
LONG = "The soldier ran across the line and was shot. " * 21_800  # 1,002,800 characters
BAD_INPUTS = {
    "empty": ("", "is empty"),
    "blank": ("  \n\n ", "is empty"),
    "None": (None, "is None"),
    "bytes": (b"The soldier ran.", "is bytes"),
    "number": (42, "not int"),
    "html": ("<html><body><p>The soldier ran across the border.</p><p>He was shot five times."
             "</p></body></html>", "strip_html"),
    "german": ("Der Soldat wurde nach dem Grenzübertritt in ein Krankenhaus gebracht, sagten "
               "die Ärzte am Mittwoch in der Hauptstadt.", "does not look like English"),
    "too long": (LONG, "1,000,000"),
}
MODEL_FREE_ACCEPT = {"german", "too long"}  # no model: any language, any length


def _timeline(name):
    import utils.timeline as timeline

    if not hasattr(timeline, name):
        pytest.skip(f"utils.timeline.{name} is not there yet")
    return getattr(timeline, name)


def _helpers():
    from utils import armistice, entities, report, text
    from utils.timeline import narrative_order, time_expressions

    return {
        # utils.text
        "text.parse": text.parse,
        "text.as_doc": text.as_doc,
        "text.sentences": text.sentences,
        "text.sentence_table": text.sentence_table,
        "text.reading_stats": text.reading_stats,
        "text.attributions": text.attributions,
        "text.unattributed": text.unattributed,
        "text.source_shares": text.source_shares,
        "text.check_text(english)": lambda t: text.check_text(t, english=True),
        # utils.entities
        "entities.entity_table": entities.entity_table,
        "entities.entity_table(list)": lambda t: entities.entity_table([t]),
        # utils.timeline
        "timeline.time_expressions": lambda t: time_expressions(t, ANCHOR),
        "timeline.narrative_order": lambda t: narrative_order(t, {"run": "ran"}),
        "timeline.normalise": lambda t: _timeline("normalise")(t, ANCHOR),
        "timeline.find_time_expressions": lambda t: _timeline("find_time_expressions")(t),
        "timeline.normalise_many": lambda t: list(_timeline("normalise_many")([t], [ANCHOR])),
        # utils.armistice
        "armistice.incident_actions": armistice.incident_actions,
        "armistice.provisions_touched": armistice.provisions_touched,
        # utils.report
        "report.read_article": report.read_article,
        "report.numbers_by_noun": report.numbers_by_noun,
    }


def _model_free():
    from utils import text

    return {
        "text.paragraphs": text.paragraphs,
        "text.words": text.words,
        "text.find_term": lambda t: text.find_term(t, "soldier"),
        "text.find_terms": lambda t: text.find_terms(t, ["soldier"]),
        "text.render_paragraphs": text.render_paragraphs,
    }


HELPERS = ["text.parse", "text.as_doc", "text.sentences", "text.sentence_table",
           "text.reading_stats", "text.attributions", "text.unattributed", "text.source_shares",
           "text.check_text(english)", "entities.entity_table", "entities.entity_table(list)",
           "timeline.time_expressions", "timeline.narrative_order", "timeline.normalise",
           "timeline.find_time_expressions", "timeline.normalise_many",
           "armistice.incident_actions", "armistice.provisions_touched", "report.read_article",
           "report.numbers_by_noun"]
MODEL_FREE = ["text.paragraphs", "text.words", "text.find_term", "text.find_terms",
              "text.render_paragraphs"]


def test_the_tables_list_every_helper():
    assert sorted(_helpers()) == sorted(HELPERS)
    assert sorted(_model_free()) == sorted(MODEL_FREE)


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("helper", HELPERS)
def test_model_helpers_refuse_bad_input(helper, case):
    value, fragment = BAD_INPUTS[case]
    with pytest.raises(CourseInputError) as problem:
        _helpers()[helper](value)
    assert fragment in str(problem.value), f"{helper}({case}): {problem.value}"


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("helper", MODEL_FREE)
def test_model_free_helpers_refuse_the_same_bad_input(helper, case):
    value, fragment = BAD_INPUTS[case]
    call = _model_free()[helper]
    if case in MODEL_FREE_ACCEPT:
        assert call(value) is not None
        return
    if helper == "text.words" and case in ("empty", "blank"):
        assert call(value) == []  # documented: an empty text has no words
        return
    with pytest.raises(CourseInputError) as problem:
        call(value)
    assert fragment in str(problem.value), f"{helper}({case}): {problem.value}"


def test_html_message_names_the_helper_and_strip_html_fixes_it():
    from utils.report import read_article
    from utils.text import strip_html

    page = BAD_INPUTS["html"][0]
    with pytest.raises(CourseInputError, match=r"strip_html"):
        read_article(page)
    reading = read_article(strip_html(page))
    assert reading.stats["sentences"] == 2


def test_a_doc_over_html_or_in_german_is_refused_too():
    from spacy.tokens import Doc

    from utils.nlp import get_nlp
    from utils.text import as_doc

    nlp = get_nlp()
    for case in ("html", "german"):
        doc = nlp.make_doc(BAD_INPUTS[case][0])
        assert isinstance(doc, Doc)
        with pytest.raises(CourseInputError, match=BAD_INPUTS[case][1]):
            as_doc(doc)


def test_plain_text_with_angle_brackets_is_not_html():
    from utils.text import looks_like_html

    assert not looks_like_html("Turnout was < 40% in the north and > 60% in the south.")
    assert not looks_like_html("He wrote <b> once, by mistake.")
    assert looks_like_html("<!DOCTYPE html><title>x</title>")


@pytest.mark.parametrize("case", ["empty", "blank", "None", "bytes", "number"])
@pytest.mark.parametrize("helper", ["resolve_date", "back_calculate", "classify_expression"])
def test_expression_helpers_refuse_the_same_wrong_types(helper, case):
    """Helpers that take one time expression ("on Wednesday"), not a text, refuse the same
    wrong types in the same words."""
    import utils.timeline as timeline

    value, fragment = BAD_INPUTS[case]
    call = getattr(timeline, helper)
    args = (value,) if helper == "classify_expression" else (value, ANCHOR)
    with pytest.raises(CourseInputError) as problem:
        call(*args)
    assert fragment in str(problem.value), f"{helper}({case}): {problem.value}"
