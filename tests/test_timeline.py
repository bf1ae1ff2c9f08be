"""utils.timeline: dates resolved against an anchor, the timeline data, the two orders, plots."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from utils.errors import CourseInputError
from utils.timeline import (anchor_from_metadata, back_calculate, chronological_order,
                            classify_expression, compare_orders, dateparser_readings,
                            disputed_dates, event_spans, load_cues,
                            load_timeline, narrative_order, plot_orders, plot_timeline,
                            resolve_date, time_expressions, zone_table)

WED = date(2017, 11, 22)  # a Wednesday


# --- resolve_date: cases computed by hand ----------------------------------------------------

@pytest.mark.parametrize("expression, anchor, expected", [
    ("on Wednesday", WED, date(2017, 11, 22)),       # the anchor's own weekday: that day
    ("Wednesday", date(2017, 11, 23), date(2017, 11, 22)),
    ("Monday", WED, date(2017, 11, 20)),
    ("on Thursday", WED, date(2017, 11, 16)),        # the past is preferred
    ("Tuesday night", WED, date(2017, 11, 21)),
    ("yesterday", WED, date(2017, 11, 21)),
    ("yesterday", date(2020, 3, 1), date(2020, 2, 29)),  # a leap year
    ("13 November 2017", WED, date(2017, 11, 13)),
    ("Nov. 18", WED, date(2017, 11, 18)),
    ("July 27, 1953", WED, date(1953, 7, 27)),
    ("64 years ago", WED, date(1953, 11, 22)),
    ("two days ago", WED, date(2017, 11, 20)),
])
def test_resolve_date_hand_computed(expression, anchor, expected):
    assert resolve_date(expression, anchor) == expected


def test_weekday_conventions():
    # dateparser alone counts the anchor's own weekday a week back
    assert resolve_date("Wednesday", WED, weekday_includes_anchor=False) == date(2017, 11, 15)
    assert resolve_date("on Wednesday", WED, prefer="future") == WED
    assert resolve_date("Friday", WED, prefer="future") == date(2017, 11, 24)
    assert resolve_date("last Wednesday", WED) < WED


def test_resolve_date_accepts_a_datetime_anchor_and_returns_a_date():
    result = resolve_date("yesterday", datetime(2017, 11, 22, 23, 30))
    assert result == date(2017, 11, 21) and type(result) is date


@pytest.mark.parametrize("expression", ["", "   ", None, b"Monday", 42, "flibbertigibbet",
                                        "24 years old", "two weeks"])
def test_resolve_date_rejects_what_is_not_a_date(expression):
    with pytest.raises(CourseInputError):
        resolve_date(expression, WED)


@pytest.mark.parametrize("anchor", ["2017-11-22", None, 2017, pd.NaT])
def test_resolve_date_rejects_a_non_date_anchor(anchor):
    with pytest.raises(CourseInputError, match="anchor"):
        resolve_date("yesterday", anchor)


def test_error_messages_say_how_to_fix():
    with pytest.raises(CourseInputError, match=r"date\(2017, 11, 22\)"):
        resolve_date("Monday", "2017-11-22")
    with pytest.raises(CourseInputError, match="back_calculate"):
        resolve_date("64-year-old", WED)
    with pytest.raises(CourseInputError, match="prefer"):
        resolve_date("Monday", WED, prefer="recent")


def test_back_calculate_gives_a_window():
    assert back_calculate("64-year-old", WED) == (date(1952, 11, 23), date(1953, 11, 22))
    assert back_calculate("a 24-year-old soldier", WED)[1] == date(1993, 11, 22)
    assert back_calculate("three days", WED) == (date(2017, 11, 19), date(2017, 11, 19))
    with pytest.raises(CourseInputError):
        back_calculate("on Monday", WED)


def test_classify_expression():
    kinds = [classify_expression(e) for e in
             ["on Friday", "64-year-old", "24 years old", "for two weeks", "soon", "Nov. 18"]]
    assert kinds == ["weekday", "age", "age", "duration", "vague", "date"]


# --- time_expressions --------------------------------------------------------------------------

def test_time_expressions_on_the_article(article):
    anchor = anchor_from_metadata(article.metadata)
    table = time_expressions(article.body, anchor).set_index("expression")
    assert table.loc["Wednesday", "kind"] == "weekday"
    assert table.loc["Wednesday", "resolved"] == date(2017, 11, 22)
    assert table.loc["Wednesday", "paragraph"] == 1
    assert table.loc["64-year-old", "kind"] == "age"
    assert table.loc["64-year-old", "resolved"].year == 1953
    assert table.loc["64-year-old", "paragraph"] == 5
    assert table.loc["24 years old", "kind"] == "age"
    assert table.loc["the future", "kind"] == "vague"   # TIMEX3 extent: no preposition
    assert table.loc["the future", "value"] == "FUTURE_REF"
    assert table.loc["the future", "resolved"] is None


def test_time_expressions_on_another_news_text():
    text = ("Officials said on Tuesday that talks held last week in Geneva would resume on "
            "March 3, 2021. The 70-year-old minister said a deal could come within two weeks.\n\n"
            "Yesterday, protesters gathered outside the ministry.")
    table = time_expressions(text, date(2021, 2, 26))  # a Friday
    found = dict(zip(table["expression"], zip(table["kind"], table["resolved"])))
    assert found["Tuesday"] == ("weekday", date(2021, 2, 23))
    assert found["March 3, 2021"] == ("date", date(2021, 3, 3))
    assert found["70-year-old"][0] == "age" and found["70-year-old"][1].year == 1951
    assert found["two weeks"] == ("duration", None)
    assert found["Yesterday"] == ("date", date(2021, 2, 25))
    assert table.set_index("expression").loc["Yesterday", "paragraph"] == 2
    for row in table.itertuples():
        assert text[row.start:row.start + len(row.expression)] == row.expression


def test_time_expressions_without_any_gives_an_empty_table():
    table = time_expressions("The soldiers crossed the river and walked to the town.", WED)
    assert table.empty and "resolved" in table.columns


def test_time_expressions_bad_input():
    with pytest.raises(CourseInputError):
        time_expressions("", WED)
    with pytest.raises(CourseInputError):
        time_expressions("He left on Monday.", "yesterday")


def test_changing_the_anchor_moves_now_but_not_wednesday(article):
    first = time_expressions(article.body, date(2017, 11, 22)).set_index("expression")
    later = time_expressions(article.body, date(2017, 11, 23)).set_index("expression")
    assert first.loc["Wednesday", "resolved"] == later.loc["Wednesday", "resolved"]
    assert (later.loc["now", "resolved"] - first.loc["now", "resolved"]).days == 1


def test_anchor_from_metadata():
    with pytest.raises(CourseInputError):
        anchor_from_metadata({"published": {}})


# --- the timeline data ---------------------------------------------------------------------------

def test_timeline_file():
    timeline = load_timeline()
    assert timeline["id"].is_unique
    assert timeline["source"].str.strip().astype(bool).all(), "every row cites its source"
    assert timeline["precision"].str.strip().astype(bool).all()
    starts = timeline.set_index("id")["start"]
    assert starts["armistice-signed"] == pd.Timestamp("1953-07-27 10:00")
    # The signing is a point; 22:00 is when the cease-fire took effect (its own row).
    assert pd.isna(timeline.set_index("id").loc["armistice-signed", "end"])
    assert starts["ceasefire-takes-effect"] == pd.Timestamp("1953-07-27 22:00")
    assert starts["dragged"] == pd.Timestamp("2017-11-13 15:56")
    assert (starts["video-released"] - starts["runs-across"]).days == 8  # 15:14 to 00:00
    assert (starts["video-released"].date() - starts["runs-across"].date()).days == 9
    ends = timeline.dropna(subset=["end"])
    assert (ends["end"] >= ends["start"]).all()


def _facts() -> str:
    from utils.paths import SOURCES_DIR

    return (SOURCES_DIR / "event-facts.md").read_text(encoding="utf-8")


def _without_links(markdown: str) -> str:
    import re

    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("*", "")


def test_every_timeline_source_is_in_event_facts():
    facts = _facts()
    for row in load_timeline().itertuples():
        assert row.when_as_written in facts, row.when_as_written
        assert row.source in _without_links(facts), row.source
        for link in row.source_links.split():
            assert f"]({link})" in facts, f"{row.id}: {link} is not a link of event-facts.md"


def test_timeline_links_every_source_that_event_facts_links():
    """A learner can follow each row's source: every link of its event-facts row is kept."""
    import re

    facts = _facts()
    for row in load_timeline().itertuples():
        line = next(l for l in facts.splitlines() if l.startswith(f"| {row.when_as_written} |")
                    or (row.when_as_written in l and l.startswith("| ")))
        assert set(re.findall(r"\]\(([^)]+)\)", line.split(" | ")[-1])) == set(
            row.source_links.split()), row.id


def test_disputed_dates():
    table = disputed_dates(WED).set_index("report_says")
    assert table.loc["Nov. 18", "days_off"] == 5
    assert table.loc["on Monday (November 20)", "weekday"] == "Monday"
    assert table.loc["Tuesday", "resolved"] == date(2017, 11, 21)


def test_disputed_dates_name_who_said_tuesday_and_who_did_not():
    """Only some US outlets wrote "Tuesday"; AP and CNN kept Wednesday (event-facts.md)."""
    facts = _facts()
    tuesday = disputed_dates(WED).set_index("report_says").loc["Tuesday"]
    assert not tuesday["reports"].startswith("US outlets")
    for outlet in ("Bustle", "ABC News", "Military.com", "AP", "CNN"):
        assert outlet in tuesday["reports"] and outlet in facts
    for row in disputed_dates(WED).itertuples():
        assert row.source_links, row.report_says
        for link in row.source_links.split():
            assert f"]({link})" in facts


def test_zone_table():
    table = zone_table(date(2017, 11, 22), hours=[13, 14])
    assert list(table["weekday in America/New_York"]) == ["Tuesday", "Wednesday"]
    summer = zone_table(date(2017, 7, 1), hours=[12])  # daylight saving time: 13 hours
    # Yonhap's report of the briefing, 11:19 KST on 22 Nov, was Tuesday evening in New York.
    assert zone_table(date(2017, 11, 22), hours=["11:19"]).iloc[0].tolist() == [
        "Wed 22 Nov 11:19", "Tue 21 Nov 21:19", "Tuesday"]
    for bad in (24, "11:75", "noon", True):
        with pytest.raises(CourseInputError, match="hour of the day"):
            zone_table(date(2017, 11, 22), hours=[bad])
    assert summer["America/New_York"].iloc[0] == "Fri 30 Jun 23:00"
    with pytest.raises(CourseInputError):
        zone_table(date(2017, 11, 22), to_zone="Mars/Olympus")


# --- two orders --------------------------------------------------------------------------------

SMALL_STORY = ("Firefighters put out the blaze on Friday.\n\n"
               "It had started in a kitchen on Thursday night. Neighbours called for help.")
SMALL_TIMELINE = pd.DataFrame({
    "id": ["start", "call", "out"], "event": ["Fire starts", "Call", "Fire out"],
    "precision": ["minute"] * 3,
    "start": pd.to_datetime(["2021-01-07 22:00", "2021-01-07 22:10", "2021-01-08 02:00"])})
SMALL_CUES = {"out": "put out the blaze", "start": "had started", "call": "called for help"}


def test_narrative_order_small_case():
    told = narrative_order(SMALL_STORY, SMALL_CUES)
    assert list(told["event"]) == ["out", "start", "call"]
    assert list(told["paragraph"]) == [1, 2, 2]
    assert list(told["narrative_rank"]) == [1, 2, 3]


def test_chronological_order_and_comparison_small_case():
    assert list(chronological_order(SMALL_TIMELINE.iloc[::-1])["id"]) == ["start", "call", "out"]
    table = compare_orders(narrative_order(SMALL_STORY, SMALL_CUES), SMALL_TIMELINE)
    assert list(table["chronological_rank"]) == [3, 1, 2]
    assert list(table["shift"]) == [-2, 1, 1]


def test_narrative_order_errors():
    with pytest.raises(CourseInputError, match="not in the text"):
        narrative_order(SMALL_STORY, {"out": "extinguished"})
    with pytest.raises(CourseInputError):
        narrative_order(SMALL_STORY, ["put out"])
    with pytest.raises(CourseInputError, match="not in the timeline"):
        compare_orders(narrative_order(SMALL_STORY, {"smoke": "blaze"}), SMALL_TIMELINE)


def test_article_orders_are_computed_from_the_text(article):
    table = compare_orders(narrative_order(article.body, load_cues()), load_timeline())
    assert table["event"].iloc[0] == "video-released"        # told first...
    assert table["chronological_rank"].iloc[0] > len(table) / 2  # ...happened late
    armistice = table.set_index("event").loc["armistice-signed"]
    assert armistice["chronological_rank"] == 1 and armistice["paragraph"] == 5
    assert list(table["paragraph"]) == sorted(table["paragraph"])


# --- plots -------------------------------------------------------------------------------------

def test_plot_timeline_alt_text_mentions_every_event():
    import matplotlib.pyplot as plt

    timeline = load_timeline()
    fig, alt = plot_timeline(timeline, start="2017-11-13", end="2017-11-22",
                             detail_day="2017-11-13")
    plt.close(fig)
    for name in timeline["event"]:
        assert name in alt, name
    assert "Outside the window" in alt and "1953" in alt


def test_event_spans_cover_the_granularity():
    spans = event_spans(load_timeline()).set_index("id")
    day = spans.loc["video-released"]          # known to the day: the whole day
    assert (day["span_start"], day["span_end"]) == (pd.Timestamp("2017-11-22"),
                                                    pd.Timestamp("2017-11-23"))
    week = spans.loc["investigation"]          # 13-20 Nov: both days included
    assert week["span_end"] == pd.Timestamp("2017-11-21")
    flight = spans.loc["helicopter"]           # to the minute, with an end
    assert (flight["span_start"], flight["span_end"]) == (pd.Timestamp("2017-11-13 16:23"),
                                                          pd.Timestamp("2017-11-13 16:45"))
    assert spans.loc["dragged", "span_end"] == pd.Timestamp("2017-11-13 15:57")
    other = pd.DataFrame({"start": pd.to_datetime(["2021-02-10 00:00", "2021-06-01 08:20"]),
                          "end": pd.NaT, "precision": ["month", "hour"]})
    assert event_spans(other)["span_end"].tolist() == [pd.Timestamp("2021-03-01"),
                                                       pd.Timestamp("2021-06-01 09:00")]
    with pytest.raises(CourseInputError):
        event_spans(pd.DataFrame({"start": []}))


def test_plot_timeline_draws_a_day_event_over_its_whole_day():
    import matplotlib.pyplot as plt

    timeline = load_timeline()
    fig, alt = plot_timeline(timeline, start="2017-11-13", end="2017-11-22")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    row = labels.index("UNC releases the video (22 Nov 2017)")
    import matplotlib.dates as mdates

    assert row >= 0
    bar = next(c for c in ax.collections if c.get_label() == "_span UNC releases the video")
    xs = bar.get_paths()[0].vertices[:, 0]
    plt.close(fig)
    assert mdates.num2date(xs.min()).replace(tzinfo=None) == datetime(2017, 11, 22)
    assert mdates.num2date(xs.max()).replace(tzinfo=None) == datetime(2017, 11, 23)
    assert "covers its whole day" in alt


def test_dateparser_readings_pin_the_three_settings():
    """dateparser's default counts the anchor's own weekday as that day (issue 14, item 1)."""
    table = dateparser_readings("Wednesday", WED).set_index("prefer_dates_from")["date"]
    assert table.to_dict() == {"current_period": date(2017, 11, 22), "past": date(2017, 11, 15),
                               "future": date(2017, 11, 29)}
    with pytest.raises(CourseInputError):
        dateparser_readings("", WED)


def test_plot_timeline_bad_input():
    with pytest.raises(CourseInputError):
        plot_timeline(pd.DataFrame({"x": [1]}))
    with pytest.raises(CourseInputError):
        plot_timeline(load_timeline(), start="2017-11-22", end="2017-11-13")


def test_plot_orders_alt_text():
    import matplotlib.pyplot as plt

    table = compare_orders(narrative_order(SMALL_STORY, SMALL_CUES), SMALL_TIMELINE)
    fig, alt = plot_orders(table)
    plt.close(fig)
    assert all(name in alt for name in SMALL_TIMELINE["event"])
    assert "number 3 of 3 in time" in alt
