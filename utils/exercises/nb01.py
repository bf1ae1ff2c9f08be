"""Exercises of notebook 01, "Reading the article": structure, sources, vocabulary, close reading.

Every check is computed from the article with the helpers of ``utils.text`` (or, for the two
exercises about the event, from the facts listed in ``data/sources/event-facts.md``, typed in
below with their section), never from a typed-in answer.
"""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from utils.exercises import Exercise, Misconception
from utils.text import (attributions, find_term, load_article, paragraphs, parse, reading_stats,
                        sentence_table, sentences)

NOTEBOOK = "01-reading-the-article"

# event-facts.md, "Where reports disagree", Hits. at_most = inf: "at least", no upper limit.
HIT_REPORTS = [
    {"report": "UNC", "says": "five", "at_least": 5, "at_most": 5},
    {"report": "JCS", "says": "five", "at_least": 5, "at_most": 5},
    {"report": "the article", "says": "at least five", "at_least": 5, "at_most": math.inf},
    {"report": "USA Today", "says": "at least four", "at_least": 4, "at_most": math.inf},
    {"report": "AFP", "says": "at least six (early quote of the surgeon)", "at_least": 6,
     "at_most": math.inf},
    {"report": "ABC", "says": "six", "at_least": 6, "at_most": 6},
]
UNC_COUNT = 5


def hit_report_table() -> pd.DataFrame:
    """How many times the soldier was hit, report by report (event-facts.md, "Where reports
    disagree"): what each says, and the range of counts it allows.

    >>> int(hit_report_table().set_index("report").loc["USA Today", "at_least"])
    4
    """
    return pd.DataFrame(HIT_REPORTS, columns=["report", "says", "at_least", "at_most"])


@lru_cache(maxsize=None)
def _body() -> str:
    return load_article().body


def _stats() -> pd.DataFrame:
    return reading_stats(_body())


def _n_story_paragraphs() -> int:
    return int((_stats()["kind"] == "story").sum())


def _longest() -> pd.Series:
    table = sentence_table(_body())
    return table.loc[table["words"].idxmax()]


def _surname(name: str) -> str:
    words = str(name).replace("’", "'").strip().strip("'\".").split()
    return words[-1].lower() if words else ""


def _statements_by_speaker() -> pd.Series:
    table = attributions(_body())
    return table.groupby(table["source"].map(_surname)).size().sort_values(ascending=False)


def _most_quoted() -> str:
    counts = _statements_by_speaker()
    return counts.index[0]


def _most_words_source() -> str:
    from utils.text import source_shares

    return source_shares(_body())["source"].iloc[0]


def _unsourced_paragraphs() -> list[int]:
    stats = _stats()
    story = set(stats.loc[stats["kind"] == "story", "paragraph"])
    return sorted(story - set(attributions(_body())["paragraph"]))


def _as_int_list(answer) -> list[int]:
    return sorted({int(a) for a in answer})


def _wednesday_on():
    """The token "on" of "on Wednesday" in the story's first sentence."""
    first = sentences(parse(_body()))[0]
    return next(t for t in first if t.lower_ == "on" and t.nbor(1).lower_ == "wednesday")


def _names(answer) -> set[str]:
    return {str(a).strip().lower() for a in answer}


def _contradicting() -> set[str]:
    return {r["report"].lower() for r in HIT_REPORTS
            if not r["at_least"] <= UNC_COUNT <= r["at_most"]}


EXERCISES = [
    Exercise(
        id="01-story-paragraphs",
        notebook=NOTEBOOK,
        name="n_story_paragraphs",
        question="How many paragraphs does the story itself have (not the title, not the "
                 "image credit)?",
        kind=int,
        is_correct=lambda a: a == _n_story_paragraphs(),
        misconceptions=(
            Misconception(lambda a: a == len(paragraphs(_body())),
                          "That counts the last line too. \"[Featured Image by ...]\" is an image "
                          "credit, not a paragraph of the story: look at the `kind` column.",
                          example=lambda: len(paragraphs(_body()))),
            Misconception(lambda a: a == len(paragraphs(load_article().text)),
                          "That counts the title and the image credit as paragraphs. Use "
                          "article.body (no title) and leave out the credit line.",
                          example=lambda: len(paragraphs(load_article().text))),
            Misconception(lambda a: a == len(load_article().text.splitlines()),
                          "That counts lines, including the empty lines between paragraphs. "
                          "A paragraph ends at a blank line: use paragraphs() or the stats table.",
                          example=lambda: len(load_article().text.splitlines())),
        ),
        hint="stats = reading_stats(article.body) has a `kind` column: count the rows whose "
             "kind is \"story\", e.g. (stats[\"kind\"] == \"story\").sum().",
        explanation="The story has six paragraphs; the seventh block is the image credit. "
                    "Counting what is *part of the story* is a decision, not just a split.",
        context=lambda: {"article": load_article(), "stats": _stats()},
    ),
    Exercise(
        id="01-longest-sentence",
        notebook=NOTEBOOK,
        name="longest_sentence_paragraph",
        question="In which paragraph of the story is its longest sentence (in words)?",
        kind=int,
        is_correct=lambda a: a == int(_longest()["paragraph"]),
        misconceptions=(
            Misconception(lambda a: a == int(_longest()["paragraph"]) - 1,
                          "Paragraph numbers start at 1, like the ¶ numbers above the text; you "
                          "may have counted from 0.",
                          example=lambda: int(_longest()["paragraph"]) - 1),
            Misconception(lambda a: a == int(_longest()["sentence_no"]),
                          "That is the sentence's number (counted from 0 over the whole text), "
                          "not its paragraph. Read the `paragraph` column of that row.",
                          example=lambda: int(_longest()["sentence_no"])),
            Misconception(lambda a: a == int(_longest()["words"]),
                          "That is the length of the longest sentence, in words. The question "
                          "asks for the paragraph it is in.",
                          example=lambda: int(_longest()["words"])),
        ),
        hint="table = sentence_table(article.body); table[\"words\"].idxmax() is the row of the "
             "longest sentence; table.loc[that_row, \"paragraph\"] is its paragraph.",
        explanation="Paragraph 5's sentence about Col. Chad Carroll is the longest by far: one "
                    "sentence carries a statement, its speaker, his job, and the outlet it came "
                    "from. Long sentences like this are where attributions get tangled.",
        context=lambda: {"article": load_article(), "table": sentence_table(_body())},
    ),
    Exercise(
        id="01-most-quoted",
        notebook=NOTEBOOK,
        name="most_quoted",
        question="Which person or body makes the most statements in the article? Count "
                 "statements (rows of the attributions table), and remember that one person "
                 "can be named in two ways.",
        kind=str,
        is_correct=lambda a: _surname(a) == _most_quoted(),
        misconceptions=(
            Misconception(lambda a: _surname(a) == _surname(_most_words_source())
                          and _surname(a) != _most_quoted(),
                          "CNN's row has the most words, but CNN makes no statement of its own: "
                          "\"as noted by CNN\" says where the article got Carroll's words. Count "
                          "statements, not words.",
                          example=lambda: _most_words_source()),
            Misconception(lambda a: "command" in str(a).lower() or _surname(a) in ("unc", "un"),
                          "The UN Command \"stated\" one thing directly. Its spokesman speaks for "
                          "it, but the article attributes those words to him, by name.",
                          example="the UN Command"),
        ),
        hint="In who = attributions(article.body), \"Col. Chad Carroll\" and \"Carroll\" are the same "
             "man: group the sources by their last word and count the rows.",
        explanation="Col. Chad Carroll makes two statements (\"said\", \"added\"); the parser "
                    "reports him under two names, which a reader merges without noticing.",
        context=lambda: {"article": load_article(), "who": attributions(_body())},
    ),
    Exercise(
        id="01-unsourced-paragraphs",
        notebook=NOTEBOOK,
        name="unsourced_paragraphs",
        question="Which paragraphs of the story (numbers from 1) contain no attributed "
                 "statement at all? Give a list of numbers, e.g. [3, 4].",
        kind=list,
        is_correct=lambda a: _as_int_list(a) == _unsourced_paragraphs(),
        misconceptions=(
            Misconception(lambda a: _as_int_list(a) == [p - 1 for p in _unsourced_paragraphs()],
                          "Paragraph numbers start at 1 (¶1 is the first paragraph of the "
                          "story); you seem to have counted from 0.",
                          example=lambda: [p - 1 for p in _unsourced_paragraphs()]),
            Misconception(lambda a: _as_int_list(a) == sorted(
                              set(_unsourced_paragraphs()) | set(
                                  _stats().loc[_stats()["kind"] == "credit", "paragraph"])),
                          "The last block is the image credit, not part of the story: leave it "
                          "out (it is a credit, not an unsourced claim).",
                          example=lambda: sorted(set(_unsourced_paragraphs()) | set(
                              _stats().loc[_stats()["kind"] == "credit", "paragraph"]))),
            Misconception(lambda a: _as_int_list(a) == sorted(
                              set(attributions(_body())["paragraph"])),
                          "Those are the paragraphs that *do* have a source. The question asks "
                          "for the others.",
                          example=lambda: sorted(set(attributions(_body())["paragraph"]))),
        ),
        hint="Take the story paragraphs (kind == \"story\" in reading_stats(article.body)) and "
             "remove every number in who[\"paragraph\"] (who = attributions(article.body)).",
        explanation="The first two paragraphs, which set the scene (the video, the escape), "
                    "name no source at all: the reader has to take them on trust.",
        context=lambda: {"article": load_article(), "stats": _stats(),
                         "who": attributions(_body())},
    ),
    Exercise(
        id="01-korea-count",
        notebook=NOTEBOOK,
        name="n_korea",
        question="How many times does the whole article (title included) use the word "
                 "\"Korea\" (the country's name, not the adjective \"Korean\")?",
        kind=int,
        is_correct=lambda a: a == len(find_term(load_article().text, "Korea")),
        misconceptions=(
            Misconception(lambda a: a == load_article().text.count("Korea"),
                          "str.count() finds \"Korea\" inside \"Korean\" too. Count whole words: "
                          "find_term() does that.",
                          example=lambda: load_article().text.count("Korea")),
            Misconception(lambda a: a == load_article().text.split().count("Korea"),
                          "Splitting on spaces misses \"Korea.\" with a full stop and "
                          "\"Korea-South\" with a hyphen. find_term() handles punctuation.",
                          example=lambda: load_article().text.split().count("Korea")),
        ),
        hint="find_term(article.text, \"Korea\") returns one (start, end) pair per occurrence; "
             "len(...) counts them.",
        explanation="find_term matches whole words, so \"Korean\" is not counted, but \"Korea\" "
                    "before a full stop or a hyphen is.",
        context=lambda: {"article": load_article()},
    ),
    Exercise(
        id="01-wednesday-head",
        notebook=NOTEBOOK,
        name="wednesday_head",
        question="In spaCy's parse of the first sentence, which word is \"on\" (of \"on "
                 "Wednesday\") attached to? Give the word as text.",
        kind=str,
        is_correct=lambda a: a.strip().lower() == _wednesday_on().head.lower_,
        misconceptions=(
            Misconception(lambda a: a.strip().lower() == "wednesday",
                          "\"Wednesday\" depends on \"on\" (its pobj); the question asks for the "
                          "word that \"on\" itself is attached to: on_token.head.",
                          example="Wednesday"),
            Misconception(lambda a: a.strip().lower() != _wednesday_on().head.lower_
                          and a.strip().lower() in {t.lower_ for t in _wednesday_on().sent
                                                    if t.pos_ == "VERB"},
                          "That is a reading a person might choose (and the facts may agree "
                          "with it), but it is not what the parser chose. Read token.head.text "
                          "of \"on\" in the parse.",
                          example=lambda: next(t.text for t in _wednesday_on().sent
                                               if t.pos_ == "VERB"
                                               and t.lower_ != _wednesday_on().head.lower_)),
        ),
        hint="first = sentences(article.body)[0]; find the token t with t.text == \"on\" and "
             "print t.head.text (the word it hangs from in the tree).",
        explanation="The parser attaches \"on Wednesday\" to the nearest verb, \"defected\". "
                    "Grammar allows both readings; the facts decide: the video was released on "
                    "Wednesday 22 November, the defection was on Monday 13 November.",
        context=lambda: {"article": load_article()},
    ),
    Exercise(
        id="01-hits-contradict",
        notebook=NOTEBOOK,
        name="contradict_unc",
        question="The UNC says the soldier was hit five times. Which reports in the table "
                 "hit_reports contradict that, i.e. rule out exactly five? Give a list of their "
                 "names as in the `report` column.",
        kind=list,
        is_correct=lambda a: _names(a) == _contradicting(),
        misconceptions=(
            Misconception(lambda a: "usa today" in _names(a),
                          "\"At least four\" does not rule out five: five is at least four. A "
                          "different number is not always a contradiction; it may just be "
                          "less precise.",
                          example=["AFP", "ABC", "USA Today"]),
            Misconception(lambda a: "the article" in _names(a),
                          "\"At least five\" allows exactly five, so the article agrees with "
                          "the UNC.",
                          example=["AFP", "ABC", "the article"]),
            Misconception(lambda a: _names(a) == {"abc"},
                          "ABC's \"six\" rules out five, yes. But so does one more report: "
                          "\"at least six\" cannot be five either.",
                          example=["ABC"]),
        ),
        hint="A report contradicts \"five\" when 5 is outside its range: not "
             "(at_least <= 5 <= at_most). Loop over hit_reports.itertuples().",
        explanation="AFP's early \"at least six\" and ABC's \"six\" both exclude five; "
                    "\"at least four\" and \"at least five\" are compatible with it. Early "
                    "reports of a fast-moving story often differ; cite whose count you use.",
        context=lambda: {"hit_reports": hit_report_table()},
    ),
]
