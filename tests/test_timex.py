"""utils.timex: the TIMEX3 engine (rule table, values, direction, bad input, scores)."""
from __future__ import annotations

import warnings
from datetime import date, datetime

import pandas as pd
import pytest

from utils.errors import CourseInputError
from utils.timeline import find_time_expressions, load_rules, normalise, normalise_many
from utils.timex import COLUMNS, DCTWarning
from utils.timex.score import load_devset, score, score_devset

WED = date(2017, 11, 22)  # the article's dct, a Wednesday; every rule example uses it


def _examples():
    for row in load_rules().itertuples(index=False):
        sentences = row.example.split(" || ")
        values = row.example_value.split(" || ") if row.example_value else [""] * len(sentences)
        assert len(sentences) == len(values), f"rule {row.id}: one expected value per example"
        for sentence, value in zip(sentences, values):
            yield pytest.param(row.id, row.type, sentence, value, id=f"{row.id}:{sentence[:30]}")


@pytest.mark.parametrize("rule_id, rule_type, sentence, expected", list(_examples()))
def test_every_rule_example_gives_its_value(rule_id, rule_type, sentence, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DCTWarning)
        table = normalise(sentence, WED)
    if rule_type == "NONE":  # a negative rule: nothing in its example is a time expression
        assert table.empty, table[["text", "value", "rule"]].values.tolist()
        return
    fired = table[table["rule"] == rule_id]
    assert len(fired), f"{rule_id} did not fire on {sentence!r}: {table[['text', 'rule']].values.tolist()}"
    assert expected in list(fired["value"]), (sentence, fired[["text", "value"]].values.tolist())


def test_rule_ids_are_unique_and_every_row_has_an_example():
    rules = load_rules()
    assert rules["id"].is_unique
    assert (rules["example"].str.strip() != "").all()
    assert len(rules) >= 100


# --- direction from the verb ------------------------------------------------------------------

def test_one_word_flips_the_direction():
    past = normalise("The ministers met on Monday.", WED).iloc[0]
    future = normalise("The ministers will meet on Monday.", WED).iloc[0]
    assert (past["value"], past["direction"]) == ("2017-11-20", "past")
    assert (future["value"], future["direction"]) == ("2017-11-27", "future")
    assert "met" in past["why"] and "will meet" in future["why"]


@pytest.mark.parametrize("sentence, value, direction", [
    ("The video was released on Wednesday.", "2017-11-22", "same"),     # the dct's own weekday
    ("The report is due in April.", "2018-04", "future"),
    ("The talks began in April.", "2017-04", "past"),
    ("The court adjourned the case to Dec. 5.", "2017-12-05", "past"),  # a date just ahead
    ("The ministers plan to meet on Friday.", "2017-11-24", "future"),
    ("He is going to fly home on Sunday.", "2017-11-26", "future"),
    ("Talks broke down last March.", "2017-03", "past"),
    # a reduced relative reports a done event, whatever the main verb's tense
    ("The deal, announced on Nov. 20, is expected to close soon.", "2017-11-20", "past"),
    ("The summit, scheduled for Dec. 5, will go ahead.", "2017-12-05", "future"),
])
def test_direction_cases(sentence, value, direction):
    row = normalise(sentence, WED).iloc[0]
    assert (row["value"], row["direction"]) == (value, direction), row["why"]


# --- values keep their granularity ---------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, value, granularity", [
    ("Unemployment peaked in 2010.", "2010", "2010", "year"),
    ("Prices rose this month.", "this month", "2017-11", "month"),
    ("Prices rose last week.", "last week", "2017-W46", "week"),
    ("Sales fell in the first half of 2017.", "the first half of 2017", "2017-H1", "half"),
    ("The wall went up in the 1960s.", "the 1960s", "196", "decade"),
    ("The treaty dates from the 19th century.", "the 19th century", "18", "century"),
    ("He spoke this morning.", "this morning", "2017-11-22TMO", "part-of-day"),
    ("The polls close at 8 PM.", "8 PM", "2017-11-22T20:00", "minute"),
    ("The talks lasted three days.", "three days", "P3D", "day"),
    ("The surgery lasted two hours.", "two hours", "PT2H", "hour"),
    ("Crowds have grown in recent weeks.", "recent weeks", "PXW", "week"),
    ("Patrols are held daily.", "daily", "P1D", "day"),
    ("He lived there a year ago.", "a year ago", "2016", "year"),
    ("It has lasted more than a year.", "more than a year", "P1Y", "year"),
])
def test_values_keep_their_granularity(sentence, text, value, granularity):
    table = normalise(sentence, WED).set_index("text")
    assert table.loc[text, "value"] == value
    assert table.loc[text, "granularity"] == granularity


# --- what is not a time expression -----------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The 64-year-old ceasefire still holds.",
    "The defector is 24 years old.",
    "A man aged 24 was arrested.",
    "The team won 65 to 3.",
    "He has scored 2017 points in his career.",
    "The car drove at 90 kilometres an hour.",
    "He was shot at least five times.",
    "His former comrades opened fire.",
])
def test_ages_and_bare_numbers_are_not_dates(sentence):
    assert normalise(sentence, WED).empty


def test_a_name_is_not_a_month():
    text = "Prime Minister Theresa May will travel to Brussels in May. May said the talks would last two and a half years."
    table = normalise(text, date(2019, 3, 12))
    assert table[["text", "value"]].values.tolist() == [["May", "2019-05"],
                                                        ["two and a half years", "P2.5Y"]]
    assert table["start"].iloc[0] == text.index("in May") + 3


def test_a_year_in_a_date_context_is_a_date_a_count_is_not():
    table = normalise("About 2,000 troops arrived in 1953 and 1950 people left.", WED)
    assert table["text"].tolist() == ["1953"]


# --- the table -------------------------------------------------------------------------------------

def test_columns_and_offsets():
    text = "He left on Monday and returned three days later, on Nov. 23."
    table = normalise(text, WED)
    assert list(table.columns) == COLUMNS
    for row in table.itertuples():
        assert text[row.start:row.end] == row.text
    assert table["period_start"].iloc[0] == pd.Timestamp("2017-11-20")
    assert table["period_end"].iloc[0] == pd.Timestamp("2017-11-21")


def test_find_time_expressions_gives_partial_values_without_a_dct():
    table = find_time_expressions("It was signed on 27 July 1953; he left yesterday and stayed "
                                  "three days.")
    rows = dict(zip(table["text"], zip(table["value"], table["note"])))
    assert rows["27 July 1953"] == ("1953-07-27", "")
    assert rows["yesterday"] == ("XXXX-XX-XX", "needs the publication date (dct)")
    assert rows["three days"][0] == "P3D"


def test_normalise_many_matches_normalise():
    texts = ["The ministers met on Monday.", "Floods hit the region in the spring of 2016.",
             "Shares fell 3% in the third quarter."]
    many = list(normalise_many(texts, [WED, WED, date(2016, 11, 1)]))
    one = [normalise(t, d) for t, d in zip(texts, [WED, WED, date(2016, 11, 1)])]
    for a, b in zip(many, one):
        assert a["value"].tolist() == b["value"].tolist()
    assert many[2]["value"].tolist() == ["2016-Q3"]


def test_a_learner_row_is_used():
    text = "Talks resumed a fortnight ago."
    assert "fortnight" not in " ".join(normalise(text, WED)["text"])
    row = pd.DataFrame([{"id": "fortnight_ago", "type": "DATE", "pattern": r"a\s+fortnight\s+ago",
                         "value": "rel(week,-2)", "mod": "", "constraint": "",
                         "example": text, "example_value": "2017-W45", "note": ""}])
    table = normalise(text, WED, rules=pd.concat([load_rules(), row], ignore_index=True))
    assert table[["text", "value", "rule"]].values.tolist() == [
        ["a fortnight ago", "2017-W45", "fortnight_ago"]]


# --- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", None, 42, b"Monday"])
def test_empty_or_non_text_is_refused(text):
    with pytest.raises(CourseInputError):
        normalise(text, WED)


@pytest.mark.parametrize("dct", [None, "2017-11-22", 2017, pd.NaT])
def test_a_missing_or_non_date_dct_is_refused(dct):
    with pytest.raises(CourseInputError, match="dct"):
        normalise("He left on Monday.", dct)


def test_a_dct_earlier_than_the_text_warns():
    with pytest.warns(DCTWarning, match="earlier"):
        normalise("The armistice was signed on 27 July 1953.", date(1950, 1, 1))


def test_a_datetime_dct_is_accepted():
    assert normalise("He left yesterday.", datetime(2017, 11, 22, 9, 0))["value"].tolist() == ["2017-11-21"]


def test_an_unresolvable_rule_gives_a_partial_value_and_a_note():
    broken = pd.DataFrame([{"id": "broken", "type": "DATE", "pattern": r"blue\s+moon",
                            "value": "rel(year,{missing})", "mod": "", "constraint": "",
                            "example": "", "example_value": "", "note": ""}])
    table = normalise("It happens once in a blue moon.", WED, rules=broken)
    assert table["value"].tolist() == ["XXXX"]
    assert "could not compute" in table["note"].iloc[0]


def test_a_bad_rule_table_is_refused_with_its_row():
    bad = pd.DataFrame([{"id": "oops", "type": "DATE", "pattern": "(unclosed", "value": "=1"}])
    with pytest.raises(CourseInputError, match="oops"):
        normalise("It happened in 1953.", WED, rules=bad)
    with pytest.raises(CourseInputError, match="rules="):
        normalise("It happened in 1953.", WED, rules=["not a table"])


# --- texts on other topics -------------------------------------------------------------------------

def test_other_topics():
    text = ("The central bank raised rates on Thursday, its third increase this year. Inflation "
            "has stayed above 4% for 18 months, and the bank will meet again in March.\n\n"
            "In football, the club sacked its manager after six straight defeats; his "
            "replacement starts tomorrow and will train the squad twice a day.")
    table = normalise(text, date(2022, 11, 4)).set_index("text")  # a Friday
    assert table.loc["Thursday", "value"] == "2022-11-03"
    assert table.loc["this year", "value"] == "2022"
    assert table.loc["18 months", "value"] == "P18M"
    assert table.loc["March", "value"] == "2023-03"
    assert table.loc["tomorrow", "value"] == "2022-11-05"
    assert table.loc["twice a day", ["type", "value"]].tolist() == ["SET", "P1D"]


def test_the_article():
    from utils.text import load_article

    table = normalise(load_article().body, WED).set_index("text")
    assert table.loc["Wednesday", "value"] == "2017-11-22"
    assert table.loc["now", "value"] == "PRESENT_REF"
    assert table.loc["the future", "value"] == "FUTURE_REF"
    assert not any("year" in t for t in table.index)  # the two ages are not time expressions


# --- scores ------------------------------------------------------------------------------------------

def test_score_hand_computed():
    gold = [{"doc_id": "a", "start": 0, "end": 10, "type": "DATE", "value": "2017"},
            {"doc_id": "a", "start": 20, "end": 25, "type": "DURATION", "value": "P1D"}]
    system = [{"doc_id": "a", "start": 2, "end": 10, "type": "DATE", "value": "2017"},
              {"doc_id": "a", "start": 3, "end": 5, "type": "DATE", "value": "2017"}]
    s = score(system, gold)
    assert (s["strict_f1"], s["relaxed_p"], s["relaxed_r"], s["value_accuracy"]) == (0.0, 0.5, 0.5, 1.0)
    assert s["value_f1"] == 0.5


# Figures reached on data/timex_dev.tsv (320 gold expressions), rounded down a little.
DEV_FLOOR = {"value_f1": 0.96, "strict_f1": 0.97, "relaxed_f1": 0.985,
             "value_accuracy": 0.965, "type_accuracy": 0.99}


def test_devset_scores_do_not_fall():
    figures = score_devset()
    for key, floor in DEV_FLOOR.items():
        assert figures[key] >= floor, f"{key} fell to {figures[key]} (floor {floor})"


# Figures reached on data/timex_newswire.tsv (173 gold expressions in 1990s wire and business
# news; 0.927 value F1 when it was written, before the newswire rules), rounded down a little.
NEWSWIRE_FLOOR = {"value_f1": 0.98, "strict_f1": 0.99, "relaxed_f1": 0.995,
                  "value_accuracy": 0.98, "type_accuracy": 0.99}


def test_newswire_scores_do_not_fall():
    from utils.timex.score import NEWSWIRE_PATH

    figures = score_devset(path=NEWSWIRE_PATH)
    for key, floor in NEWSWIRE_FLOOR.items():
        assert figures[key] >= floor, f"newswire {key} fell to {figures[key]} (floor {floor})"


def test_devset_file():
    dev = load_devset()
    assert dev["doc_id"].nunique() >= 100
    assert (dev["text"] != "").sum() >= 250
