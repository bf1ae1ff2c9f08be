"""utils.armistice: the provisions table, the actions found in a text, and the matching rules."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from utils.armistice import (CHECKED_ELSEWHERE, PROVISION_COLUMNS, actors_table,
                             checked_quotes, dmz_width_km, full_years,
                             incident_actions, load_provisions, match_provisions,
                             paragraph_number, place_kind, plot_dmz_schematic, provision_label,
                             provisions_table, provisions_touched, render_actions)
from utils.errors import CourseInputError
from utils.paths import SOURCES_DIR

# A different border incident, written for the tests (not from any report).
OTHER_TEXT = (
    "Two South Korean soldiers were wounded when landmines exploded in the DMZ near Paju.\n\n"
    "The UN Command said that North Korean soldiers had crossed the Military Demarcation Line "
    "and planted the mines. Later, KPA troops entered the Demilitarized Zone carrying rifles.\n\n"
    "The hospital said both men were recovering."
)


@pytest.fixture(scope="module")
def provisions():
    return load_provisions()


@pytest.fixture(scope="module")
def article_actions(article):
    return incident_actions(article.body)


def _armistice_md() -> str:
    return (SOURCES_DIR / "armistice.md").read_text(encoding="utf-8")


# --- the provisions table ----------------------------------------------------------------------

def test_one_row_per_provision_of_the_source(provisions):
    assert provisions["id"].tolist() == ["Preamble", "Art. I ¶1", "Art. I ¶6", "Art. I ¶7",
                                         "Art. I ¶8", "Art. I ¶9", "Art. I ¶10", "Art. II ¶12"]
    source_rows = re.findall(r"^\| (Preamble|Art\. [IV]+ ¶\d+) \|", _armistice_md(), re.MULTILINE)
    assert provisions["id"].tolist() == source_rows
    assert list(provisions.columns) == PROVISION_COLUMNS


def test_every_checked_quote_is_a_checked_phrase_of_armistice_md(provisions):
    md = _armistice_md()
    checked = re.findall(r'\| "([^"]+)" \|$', md, re.MULTILINE)  # the "quoted (checked)" column
    quotes = [q for q in provisions["checked_quote"] if q]
    assert len(quotes) == 4
    for quote in quotes:
        assert quote in md and quote in checked, f"not a checked phrase of armistice.md: {quote}"
    # provisions with no checked phrase ("—" in the source) have no quote here
    for row in provisions.itertuples():
        source_row = next(l for l in md.splitlines() if l.startswith(f"| {row.id} |"))
        assert (row.checked_quote == "") == source_row.rstrip().endswith("| — |")


def test_checked_quotes_lists_every_checked_phrase_with_where_it_was_checked(provisions):
    """Issue 14, item 5: the Art. II ¶12 phrase quoted in event-facts.md's Timeline is checked too."""
    quotes = checked_quotes(provisions)
    assert len(quotes) == 4 + len(CHECKED_ELSEWHERE) == 5
    facts = (SOURCES_DIR / "event-facts.md").read_text(encoding="utf-8")
    for row in quotes.to_dict("records"):
        where = row["checked in"]
        text = _armistice_md() if "armistice.md" in where else facts
        assert row["checked phrase"] in text, row
        assert row["provision"] in where or "Timeline" in where
    timeline_row = next(line for line in facts.splitlines() if line.startswith("| 27 Jul 1953, 10:00"))
    assert "Art. II ¶12" in timeline_row and CHECKED_ELSEWHERE[0][1] in timeline_row
    with pytest.raises(CourseInputError, match="provisions table"):
        checked_quotes("Art. II ¶12")


def test_summaries_are_labelled_and_cite_their_paragraph(provisions):
    for row in provisions.itertuples():
        assert row.summary.startswith("Summary:")
        assert row.id in row.source and "armistice.md" in row.source
        assert row.checked_quote == "" or row.checked_quote not in row.summary


def test_paragraph_numbers_are_numbers(provisions):
    assert provisions["paragraph"].dropna().astype(int).tolist() == [1, 6, 7, 8, 9, 10, 12]
    assert pd.isna(provisions.loc[0, "paragraph"])


def test_missing_provisions_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="Check the path"):
        load_provisions(tmp_path / "nope.csv")


@pytest.mark.parametrize("content, message", [
    ("", "is empty"),
    ("id,summary\nArt. I ¶7,Summary: x\n", "lacks the column"),
    (",".join(PROVISION_COLUMNS) + "\n", "no provisions"),
    (",".join(PROVISION_COLUMNS) + "\nArt. I ¶7,I,7,No one may cross,,,cross,MDL,,r,s\n",
     "must start with 'Summary:'"),
    (",".join(PROVISION_COLUMNS) + "\nArt. I ¶7,I,seven,Summary: x,,,cross,MDL,,r,s\n",
     "whole number"),
    (",".join(PROVISION_COLUMNS) + "\nArt. I ¶7,I,7,Summary: x,,,jump,MDL,,r,s\n",
     "unknown acts"),
    (",".join(PROVISION_COLUMNS) + "\nA,I,7,Summary: x,,,,,,r,s\nA,I,8,Summary: y,,,,,,r,s\n",
     "more than once"),
])
def test_bad_provisions_files(tmp_path, content, message):
    file = tmp_path / "bad.csv"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(CourseInputError, match=message):
        load_provisions(file)


def test_a_folder_is_not_a_provisions_file(tmp_path):
    with pytest.raises(CourseInputError, match="folder"):
        load_provisions(tmp_path)


def test_provisions_table_shows_quotes_in_quotation_marks(provisions):
    shown = provisions_table(provisions).set_index("provision")
    assert shown.loc["Art. I ¶6", "checked quote"].startswith("\u201cany hostile act")
    assert shown.loc["Art. I ¶7", "checked quote"] == "(none checked)"


@pytest.mark.parametrize("reference, number", [(7, 7), ("7", 7), ("¶7", 7), ("Art. I ¶7", 7),
                                               ("Article I, paragraph 7", 7), ("art. ii ¶12", 12)])
def test_paragraph_number_accepts_the_usual_forms(reference, number):
    assert paragraph_number(reference) == number


@pytest.mark.parametrize("reference", [None, True, "Preamble", "seven", 7.5, ["7"]])
def test_paragraph_number_rejects_other_things(reference):
    with pytest.raises(CourseInputError):
        paragraph_number(reference)


def test_provision_label(provisions):
    assert provision_label(provisions, "¶9") == "Art. I ¶9"
    with pytest.raises(CourseInputError, match="not in the provisions table"):
        provision_label(provisions, 11)


def test_dmz_geometry_and_dates():
    assert dmz_width_km() == 4
    assert full_years(date(1953, 7, 27), date(2017, 11, 13)) == 64
    assert full_years(date(1953, 7, 27), date(2017, 7, 26)) == 63
    with pytest.raises(CourseInputError):
        full_years("1953", date(2017, 1, 1))


def test_schematic_has_a_text_alternative_with_the_numbers():
    fig, alt = plot_dmz_schematic()
    assert "2 km" in alt and "4 km" in alt and "not a map" in alt
    assert fig.axes[0].get_ylim()[1] > 2


# --- the actions found in a text -------------------------------------------------------------

def _rows(actions, action, place_kind=None):
    found = actions[actions["action"] == action]
    return found if place_kind is None else found[found["place_kind"] == place_kind]


def test_article_firing_across_the_mdl_by_the_kpa(article_actions):
    firing = _rows(article_actions, "hostile act", "MDL")
    assert len(firing) == 1
    row = firing.iloc[0]
    assert row["actor"] == "the KPA" and row["side"] == "North"
    assert row["phrase"] == "firing weapons across the MDL"
    assert row["paragraph"] == 6


def test_article_firing_across_the_dmz_by_the_north_korean_soldiers(article_actions):
    row = _rows(article_actions, "hostile act", "DMZ").iloc[0]
    assert row["actor"] == "the North Korean soldiers" and row["side"] == "North"
    assert row["target"] == "the defector" and row["paragraph"] == 5


def test_article_crossings_of_the_mdl_are_attributed_to_the_kpa(article_actions):
    crossing = _rows(article_actions, "cross", "MDL")
    assert len(crossing) == 2
    assert set(crossing["side"]) == {"North"}
    assert "the KPA" in set(crossing["actor"])
    assert any("KPA" in actor and "soldier" in actor for actor in crossing["actor"])
    assert "actually crossing the MDL temporarily" in set(crossing["phrase"])


def test_article_passive_shooting_has_no_actor(article_actions):
    """ "he is seen by his former comrades and is shot": the parse names no shooter."""
    shot = article_actions[article_actions["verb"] == "shot"].iloc[0]
    assert shot["actor"] == "" and shot["target"] == "he" and shot["place_kind"] == ""


def test_other_text_actions(provisions):
    actions = incident_actions(OTHER_TEXT)
    summary = list(zip(actions["action"], actions["place_kind"], actions["side"]))
    assert ("cross", "MDL", "North") in summary
    assert ("enter", "DMZ", "North") in summary
    assert ("carry arms", "DMZ", "North") in summary
    assert ("hostile act", "DMZ", "") in summary           # the landmines exploded in the DMZ
    planted = actions[actions["verb"] == "planted"].iloc[0]
    assert planted["action"] == "hostile act" and planted["actor"] == "North Korean soldiers"
    assert set(actions["paragraph"]) == {1, 2}             # nothing in the hospital's paragraph


def test_a_parsed_doc_gives_the_same_actions(nlp):
    text = "KPA guards fired across the MDL. One soldier crossed the MDL."
    from_doc = incident_actions(nlp(text))
    assert from_doc[["actor", "action", "place_kind"]].values.tolist() == [
        ["KPA guards", "hostile act", "MDL"], ["One soldier", "cross", "MDL"]]


def test_no_action_in_an_unrelated_text():
    table = incident_actions("The hospital said the patient was recovering. Doctors were pleased.")
    assert table.empty and "actor" in table.columns


@pytest.mark.parametrize("bad", ["", "   ", None, b"KPA troops crossed the MDL.", 42])
def test_bad_input_gives_a_clear_error(bad):
    with pytest.raises(CourseInputError):
        incident_actions(bad)


def test_place_kinds():
    assert place_kind("the Military Demarcation Line (MDL), the border") == "MDL"
    assert place_kind("the Joint Security Area") == "JSA"
    assert place_kind("South Korea") == "territory"
    assert place_kind("the south of Seoul") == ""


# --- the matching rules --------------------------------------------------------------------

def _links(text, provisions):
    matches = match_provisions(incident_actions(text), provisions)
    return {(row.action, row.provision) for row in matches.itertuples()}


def test_firing_across_the_mdl_touches_6_and_12(provisions):
    assert _links("KPA guards fired across the MDL.", provisions) == {
        ("hostile act", "Art. I ¶6"), ("hostile act", "Art. II ¶12")}


def test_crossing_the_mdl_touches_7(provisions):
    assert _links("Two soldiers crossed the MDL.", provisions) == {("cross", "Art. I ¶7")}


def test_entering_the_dmz_touches_9(provisions):
    assert _links("A patrol entered the DMZ.", provisions) == {("enter", "Art. I ¶9")}


def test_carrying_arms_in_the_dmz_touches_10(provisions):
    assert ("carry arms", "Art. I ¶10") in _links(OTHER_TEXT, provisions)


def test_a_hostile_act_away_from_the_border_by_non_forces_touches_nothing(provisions):
    assert _links("The police shot a robber in Seoul.", provisions) == set()


def test_an_unrelated_action_touches_nothing(provisions):
    actions = incident_actions("Soldiers walked to the canteen and ate lunch.")
    assert match_provisions(actions, provisions).empty


def test_preamble_and_paragraph_1_are_never_matched(article_actions, provisions):
    matched = set(match_provisions(incident_actions(OTHER_TEXT), provisions)["provision"])
    matched |= set(match_provisions(article_actions, provisions)["provision"])
    assert not matched & {"Preamble", "Art. I ¶1"}


def test_article_matches_and_why(article_actions, provisions):
    matches = match_provisions(article_actions, provisions)
    mdl = matches[matches["phrase"] == "firing weapons across the MDL"]
    assert set(mdl["provision"]) == {"Art. I ¶6", "Art. II ¶12"}
    crossing = matches[matches["phrase"] == "actually crossing the MDL temporarily"]
    assert crossing["provision"].tolist() == ["Art. I ¶7"]
    dmz_why = matches[matches["place_kind"] == "DMZ"]["why"].iloc[0]
    assert "imprecise" in dmz_why                      # "across the DMZ" is flagged
    assert all(row.provision in row.why for row in matches.itertuples())


def test_rules_are_data_changing_the_table_changes_the_match(provisions):
    changed = provisions.copy()
    changed.loc[changed["id"] == "Art. I ¶7", "acts"] = ""
    assert _links("Two soldiers crossed the MDL.", changed) == set()


def test_provisions_touched():
    assert provisions_touched(OTHER_TEXT) == [6, 7, 9, 10, 12]
    assert provisions_touched("The hospital said he was fine.") == []


@pytest.mark.parametrize("bad", [None, "text", pd.DataFrame({"x": [1]})])
def test_match_provisions_rejects_bad_tables(bad, provisions):
    with pytest.raises(CourseInputError, match="match_provisions"):
        match_provisions(bad, provisions)
    if bad is not None:  # None means the series' table
        with pytest.raises(CourseInputError, match="match_provisions"):
            match_provisions(incident_actions("They crossed the MDL."), bad)


def test_render_actions(provisions):
    page = render_actions(match_provisions(incident_actions("They crossed the MDL."), provisions))
    assert "Art. I ¶7" in page and "ctl-armistice" in page
    empty = render_actions(match_provisions(incident_actions("He ate."), provisions))
    assert "No action" in empty


def test_an_actor_s_bracket_is_closed_in_the_table_and_the_list(article_actions, provisions):
    """Issue 14, item 10: "(KPA: “crossed…" had lost its closing bracket."""
    assert "a soldier from the North Korean People’s Army (KPA)" in set(article_actions["actor"])
    page = render_actions(match_provisions(article_actions, provisions))
    assert "(KPA:" not in page and "(KPA):" in page
    for actor in article_actions["actor"]:
        assert actor.count("(") == actor.count(")"), actor
    # a table written by hand with a bracket left open is closed when it is shown
    table = match_provisions(incident_actions("They crossed the MDL."), provisions)
    table["actor"] = "troops of the Korean People’s Army (KPA"
    assert "(KPA):" in render_actions(table)


def test_actors_table_does_not_hold_the_answer_of_named_violations():
    """Whether the UNC named an action is the answer of 04-named-violations: the table (which
    ships to classroom copies) holds the actors, what they did and the sources, nothing more."""
    from utils.exercises.nb04 import NAMED_BY_UNC

    table = actors_table()
    assert len(table) == 4
    assert list(table.columns) == ["actor", "did", "source"]
    assert set(NAMED_BY_UNC) < set(table["actor"])  # the check data names actors of the table
    for source in table["source"]:  # every citation is of a section of the checked sources
        assert re.search(r"(event-facts|armistice)\.md", source), source


# --- rules measured on data/actions_dev.jsonl (utils.action_score); texts written for the tests

@pytest.mark.parametrize("text", [
    "The runner crossed the finish line in record time.",
    "The board fired the chief executive after the merger.",
    "The crew shot a music video at the DMZ.",
    "The senator attacked the proposal in a speech.",
    "The winger fired a shot past the goalkeeper in the final minute of the match.",
    "The KPA guards did not fire.",
    "North Korea threatened to shell the border villages.",
    "The soldiers tried to cross the MDL at night.",
])
def test_other_senses_denied_and_intended_actions_are_not_taken(text):
    assert incident_actions(text).empty


def test_other_ceasefire_lines_are_crossings_set_elsewhere(provisions):
    actions = incident_actions("Two gunmen crossed the Line of Control and Pakistani troops "
                               "shelled an Indian post.")
    assert actions[["action", "place_kind", "setting"]].values.tolist() == [
        ["cross", "other line", "elsewhere"], ["hostile act", "", "elsewhere"]]
    assert match_provisions(actions, provisions).empty


def test_the_northern_limit_line_is_korean_but_not_the_mdl(provisions):
    text = "North Korean boats crossed the Northern Limit Line and a navy ship fired warning shots."
    assert _links(text, provisions) == {("hostile act", "Art. II ¶12")}


def test_a_text_that_names_no_setting_keeps_its_links(provisions):
    actions = incident_actions("Soldiers fired across the border.")
    assert actions["setting"].tolist() == [""]
    assert {"Art. I ¶6", "Art. II ¶12"} <= set(match_provisions(actions, provisions)["provision"])


def test_exchanged_fire_and_a_place_in_the_target():
    actions = incident_actions("Troops exchanged fire across the MDL. KPA soldiers fired on a "
                               "guard post inside the DMZ.")
    assert actions[["verb", "action", "place_kind"]].values.tolist() == [
        ["exchanged", "hostile act", "MDL"], ["fired", "hostile act", "DMZ"]]


def test_actors_of_relative_clauses_coordination_and_passives():
    actions = incident_actions("The soldier who crossed the MDL was questioned. The defector "
                               "was shot and then crawled across the MDL. The man who had "
                               "been shot crossed the border.")
    crossings = actions[actions["action"] == "cross"]
    assert crossings["actor"].tolist() == ["the soldier", "the defector", "the man"]


def test_a_pronoun_place_and_a_mislemmatised_verb(provisions):
    actions = incident_actions("The KPA said it respects the MDL, but two of its soldiers "
                               "crossed it last week.")
    assert actions[["action", "place", "place_kind"]].values.tolist() == [["cross", "it", "MDL"]]
    waded = incident_actions("Three men waded across the border at night.")
    assert waded[["action", "place_kind"]].values.tolist() == [["cross", "border"]]


def test_a_passive_patient_of_another_sense_is_not_a_hostile_act():
    assert incident_actions("The chairman was fired by the board.").empty


def test_setting_of_an_action_in_a_korean_text(provisions):
    """Another people in a Korean text stays in Korea; a border crossed into another country
    is not the MDL."""
    korean = incident_actions("North Korean soldiers guard the MDL. American guards fired "
                              "across the border on Monday.")
    assert korean["setting"].tolist() == ["Korea"]
    into_china = incident_actions("Two North Korean defectors crossed the border into China.")
    assert into_china["setting"].tolist() == ["elsewhere"]
    assert match_provisions(into_china, provisions).empty
