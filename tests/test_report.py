"""utils.report: one reading of any text, the HTML page, two reports compared, a folder read."""
from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import ROOT
from utils.errors import CourseInputError
from utils.report import (compare, my_articles_folder, number_value, numbers_by_noun,
                          read_article, read_folder)

REPORTS = ROOT / "data" / "reports"
COURSE_REPORT = REPORTS / "course-report.txt"

# Three texts written for these tests (invented events, not reports), in three outlets' styles.
WIRE = ("Ferry Sinks Off Northern Coast, Dozens Rescued\n\n"
        "A passenger ferry sank off the northern coast of Elmland on Tuesday and coastguards "
        "rescued 86 people, the transport ministry said.\n\n"
        "Two passengers were missing, according to the coastguard. \"The sea was very rough,\" "
        "said Captain Rosa Lind, who led the search.\n\n"
        "The ferry, built in 1987, had sailed from the port of Haven at 6 a.m.")
TABLOID = ("SHOCK AS ZOO'S STAR PANDA VANISHES\n\n"
           "Keepers at Brightwater Zoo were left baffled yesterday when Bao, the zoo's beloved "
           "giant panda, disappeared from her enclosure!\n\n"
           "Zoo boss Greg Hall told us: \"We have searched every corner.\" Police said three "
           "officers were helping with the search.\n\n"
           "Bao, 12, arrived from China in 2019.")
LOCAL = ("Library Extends Weekend Hours\n\n"
         "Starting next month, the Millbrook public library will open on Sundays from 10 a.m. "
         "to 4 p.m., librarian Ana Costa announced at Monday's council meeting.\n\n"
         "The change costs about $15,000 a year, Costa said. Councillor Ben Idowu said residents "
         "had asked for it for five years.")
PUBLISHED = "2024-05-08"  # a Wednesday


@pytest.fixture(scope="module")
def article_reading(article):
    return read_article(article.text, published=article.metadata["published"]["date"],
                        domain_rules=True)


@pytest.fixture(scope="module")
def course_reading():
    return read_article(COURSE_REPORT.read_text(encoding="utf-8"), published="2017-11-22",
                        domain_rules=True)


# --- read_article ----------------------------------------------------------------------------

def test_the_article_reading(article_reading):
    r = article_reading
    assert r.title.startswith("A Video Captures")
    assert r.stats["paragraphs"] == 6 and r.stats["credit_lines"] == 1
    assert r.stats["words"] > 300 and r.stats["reading_minutes"] == 2
    sources = set(r.attributions["source"])
    assert {"Reuters", "Col. Chad Carroll", "Lee Cook-Jong"} <= sources
    assert list(r.entities.columns) == ["text", "label", "start", "end", "group"]
    assert set(r.entities["group"]) <= set(r.entity_groups["entity"]) | set(
        r.entities["text"].str.replace(r"^the ", "", regex=True))
    carroll = r.entities[r.entities["text"] == "Carroll"]
    assert set(carroll["group"]) == {"Chad Carroll"}
    for row in r.entities.itertuples():
        assert r.text[row.start:row.end] == row.text
    wednesday = r.times[r.times["text"] == "Wednesday"].iloc[0]
    assert (wednesday["type"], wednesday["value"], bool(wednesday["resolved"])) == (
        "DATE", "2017-11-22", True)
    assert "2017-11-22" in r.times_note
    summary = r.summary()
    assert "16 sentences" in summary and "Reuters" in summary


@pytest.mark.parametrize("text, paragraphs, source, entity, value", [
    (WIRE, 3, "the transport ministry", "Rosa Lind", "2024-05-07"),
    (TABLOID, 3, "Police", "Greg Hall", "2024-05-07"),
    (LOCAL, 2, "librarian Ana Costa", "Millbrook", "2024-06"),
], ids=["wire", "tabloid", "local"])
def test_read_article_on_other_texts(text, paragraphs, source, entity, value):
    r = read_article(text, published=PUBLISHED)
    assert r.title == text.split("\n")[0]
    assert r.stats["paragraphs"] == paragraphs
    assert source in set(r.attributions["source"]), r.attributions["source"].tolist()
    assert entity in set(r.entity_groups["entity"]), r.entity_groups["entity"].tolist()
    assert value in set(r.times["value"]), r.times[["text", "value"]].values.tolist()
    assert r.summary().splitlines()[0] == r.title


def test_without_a_publication_date_times_are_listed_unresolved_and_the_reading_says_why():
    r = read_article(WIRE)
    tuesday = r.times[r.times["text"].str.contains("Tuesday")].iloc[0]
    assert not tuesday["resolved"] and "X" in tuesday["value"]
    assert "No publication date" in r.times_note and "published=" in r.times_note
    assert "No publication date" in r.summary()


@pytest.mark.parametrize("published", [date(2024, 5, 8), datetime(2024, 5, 8, 9, 0),
                                       "2024-05-08", "2024-05-08T09:00"])
def test_published_as_date_datetime_or_iso_text(published):
    r = read_article(WIRE, published=published)
    assert "2024-05-07" in set(r.times["value"])


@pytest.mark.parametrize("published, fragment", [
    ("last Tuesday", "not a date in ISO form"), ("08/05/2024", "not a date in ISO form"),
    (20240508, "not int")])
def test_a_publication_date_that_does_not_parse_is_refused(published, fragment):
    with pytest.raises(CourseInputError, match=fragment):
        read_article(WIRE, published=published)


def test_html_is_refused_with_the_helper_to_strip_it():
    with pytest.raises(CourseInputError, match=r"strip_html"):
        read_article("<article><h1>Ferry sinks</h1><p>A ferry sank on Tuesday.</p></article>")


def test_a_given_title_is_used_and_the_text_keeps_its_first_paragraph():
    r = read_article(LOCAL.split("\n\n", 1)[1], title="Library hours")
    assert r.title == "Library hours" and r.stats["paragraphs"] == 2


# --- save_html -------------------------------------------------------------------------------

def test_save_html_is_one_self_contained_page(tmp_path, article_reading):
    target = tmp_path / "new" / "folder" / "report.html"
    written = article_reading.save_html(target)
    assert written == target and target.exists()
    page = target.read_text(encoding="utf-8")
    loads = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page, re.IGNORECASE)
    assert all(not re.match(r"(?i)(https?:)?//", url) for url in loads), loads
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    images = re.findall(r"<img\b[^>]*>", page)
    assert images and all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert all('src="data:image/png;base64,' in img for img in images)
    for part in ("Who says what", "Entities", "Time expressions", "Reading statistics",
                 "Col. Chad Carroll", "2017-11-22", "class=\"entities\""):
        assert part in page, part


def test_save_html_without_dates_says_there_is_no_timeline(tmp_path):
    page = read_article(LOCAL).save_html(tmp_path / "local.html").read_text(encoding="utf-8")
    assert "no timeline to draw" in page and "<img" not in page


@pytest.mark.parametrize("name", ["report.txt", ""])
def test_save_html_needs_an_html_file_name(tmp_path, name):
    with pytest.raises(CourseInputError):
        read_article(WIRE).save_html(tmp_path / name if name else name)


def test_save_html_to_a_folder_says_so(tmp_path):
    with pytest.raises(CourseInputError, match="is a folder"):
        read_article(WIRE).save_html(tmp_path)


# --- compare ---------------------------------------------------------------------------------

def test_compare_the_article_and_the_course_report(article_reading, course_reading):
    c = compare(article_reading, course_reading)
    numbers = c.numbers.set_index("noun")
    assert numbers.loc["time", "status"] == "same number, worded differently"
    assert (numbers.loc["time", "a"], numbers.loc["time", "b"]) == ("at least five", "five")
    assert numbers.loc["round", "status"] == "only in b" and "40" in numbers.loc["round", "b"]
    assert {"Panmunjom", "Joint Security Area"} <= set(c.only_in("b"))
    assert {"Reuters", "CNN"} <= set(c.only_in("a"))
    both = set(c.entities.loc[c.entities["status"] == "both", "entity"])
    assert {"Chad Carroll", "Oh", "Suwon"} <= both
    assert "United Nations Command" in both  # "UN Command" (a) and "UNC" (b) are one group
    dates = c.dates.set_index("value")
    assert dates.loc["2017-11-22", "status"] == "same date, worded differently"
    assert dates.loc["2017-11-13", "status"] == "only in b"
    sources = c.sources.set_index("source")
    assert sources.loc["Col. Chad Carroll", "status"] == "both"
    assert sources.loc["Reuters", "status"] == "only in a"
    assert "at least five" in c.summary() and "<table" in c._repr_html_()


def test_compare_takes_readings_or_texts():
    c = compare(WIRE, TABLOID)
    assert "Rosa Lind" in c.only_in("a") and "Greg Hall" in c.only_in("b")
    with pytest.raises(CourseInputError):
        compare(WIRE, 42)
    with pytest.raises(CourseInputError):
        c.only_in("c")


def test_numbers_attached_to_nouns():
    table = numbers_by_noun("Rescuers pulled 86 people out; two passengers, aged 24 and "
                            "31, are missing. The 40-year-old captain spoke.")
    found = dict(zip(table["noun"], table["number"]))
    assert found["people"] == 86 and found["passenger"] == 2 and found["years old"] == 40
    assert [number_value(w) for w in ("twelve", "3,400", "2.5", "a dozen", "ferry")] == [
        12, 3400, 2.5, 12, None]


# --- the course report and its claims ---------------------------------------------------------

def test_the_course_report_is_wire_length_and_every_sentence_is_traced(course_reading):
    text = COURSE_REPORT.read_text(encoding="utf-8")
    assert 300 <= len(re.findall(r"\w+(?:[-'’.]\w+)*", text)) <= 500
    with (REPORTS / "course-report.claims.csv").open(encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    traced = {c["sentence"] for c in claims}
    from utils.text import sentences

    for sent in sentences(course_reading.doc):
        assert sent.text in traced, f"no claim row for: {sent.text}"
    sources = {}
    for claim in claims:
        assert claim["sentence"] in text, claim["sentence"]
        path = (REPORTS / claim["source_file"]).resolve()
        body = sources.setdefault(path, path.read_text(encoding="utf-8"))
        for field in ("section", "row", "url"):
            if field == "section" and claim[field] in ("title", "provisions table"):
                continue
            assert claim[field] in body, f"{claim['claim_no']}: {field} {claim[field]!r}"


# --- read_folder -----------------------------------------------------------------------------

def test_read_folder_on_the_samples(capsys):
    table = read_folder(REPORTS / "samples", published=PUBLISHED)
    assert list(table["file"]) == ["council-vote.txt", "flood-warning.txt", "lab-discovery.txt",
                                   "match-report.txt"]  # the README is skipped
    assert (table["error"] == "").all() and (table["words"] > 50).all()
    assert (table["sources_quoted"] >= 1).all() and (table["dates_found"] >= 1).all()
    assert "PERSON" in table.loc[1, "entities_by_label"]
    assert "4/4" in capsys.readouterr().err  # the terminal's progress bar


@pytest.fixture
def mixed_folder(tmp_path):
    (tmp_path / "a-wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b-tabloid.md").write_text("# " + TABLOID, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 owners said prices rose.".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "huge.txt").write_text("The ferry sank. " * 70_000, encoding="utf-8")
    (tmp_path / "german.txt").write_text("Die Fähre ist am Dienstag vor der Küste gesunken, "
                                         "sagte das Ministerium in der Hauptstadt.", encoding="utf-8")
    (tmp_path / "page.txt").write_text("<p>The ferry sank.</p><p>All were saved.</p>", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,an,article", encoding="utf-8")
    return tmp_path


def test_read_folder_with_good_and_bad_files(mixed_folder):
    table = read_folder(mixed_folder, published=PUBLISHED, progress=False).set_index("file")
    assert "notes.csv" not in table.index and len(table) == 9
    assert table.loc["a-wire.txt", "error"] == "" and table.loc["a-wire.txt", "sources_quoted"] >= 2
    assert table.loc["b-tabloid.md", "error"] == "" and table.loc["b-tabloid.md", "words"] > 40
    expected = {"empty.txt": "empty", "blank.txt": "empty", "latin1.txt": "not UTF-8",
                "binary.txt": "binary", "huge.txt": "over the 1 MB limit",
                "german.txt": "does not look like English", "page.txt": "strip_html"}
    for name, fragment in expected.items():
        assert fragment in table.loc[name, "error"], (name, table.loc[name, "error"])
        assert table.loc[name, "words"] == 0


def test_read_folder_parses_in_batches_with_nlp_pipe(mixed_folder, monkeypatch):
    from spacy.language import Language

    from utils.nlp import get_nlp

    calls = {"pipe": 0}
    original = Language.pipe

    def counting_pipe(self, *args, **kwargs):
        calls["pipe"] += 1
        return original(self, *args, **kwargs)

    def no_single_calls(self, *args, **kwargs):
        raise AssertionError("read_folder parsed a text on its own, not through nlp.pipe")

    get_nlp()
    monkeypatch.setattr(Language, "pipe", counting_pipe)
    monkeypatch.setattr(Language, "__call__", no_single_calls)
    table = read_folder(mixed_folder, progress=False, batch_size=2)
    assert calls["pipe"] >= 1 and (table["error"] == "").sum() == 2


@pytest.mark.parametrize("where, fragment", [("missing", "does not exist"), ("file", "is a file"),
                                             ("empty", "no .txt or .md file")])
def test_read_folder_bad_paths(tmp_path, where, fragment):
    target = {"missing": tmp_path / "nope", "file": tmp_path / "x.txt", "empty": tmp_path}[where]
    if where == "file":
        target.write_text(WIRE, encoding="utf-8")
    with pytest.raises(CourseInputError, match=fragment):
        read_folder(target)


def test_my_articles_folder_is_created_with_a_readme_and_ignored_by_git(tmp_path):
    folder = my_articles_folder(tmp_path / "my-articles")
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# my-articles")
    assert "my-articles/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_progress_bar_in_jupyterlab_is_an_ipywidget(monkeypatch):
    from utils.report import folder

    monkeypatch.setattr(folder, "_in_notebook", lambda: True)
    bar = folder.Progress(3)
    for name in ("a.txt", "b.txt", "c.txt"):
        bar.update(name)
    bar.close()
    assert bar.bar.value == 3 and bar.bar.bar_style == "success"
    assert "3 of 3 files read" in bar.text.value and "ctl-progress" in bar.widget._dom_classes


def test_strip_html_keeps_paragraphs_and_drops_scripts_and_the_head():
    from utils.text import strip_html

    page = ("<!DOCTYPE html><html><head><title>Site</title><style>p{}</style></head><body>"
            "<nav>Home | News</nav><h1>Ferry sinks</h1><p>A ferry sank on <b>Tuesday</b>,"
            "&nbsp;police said.</p><script>track()</script><ul><li>86 rescued</li></ul></body></html>")
    assert strip_html(page) == "Ferry sinks\n\nA ferry sank on Tuesday, police said.\n\n86 rescued"
    with pytest.raises(CourseInputError, match="no visible text"):
        strip_html("<html><script>x()</script></html>")
