"""Exercises of notebook 01, "Reading the article": structure, sources, vocabulary, close reading.

Every check is computed from the article with the helpers of ``utils.text`` (or, for the two
exercises about the event, from the facts listed in ``data/sources/event-facts.md``, typed in
below with their section), never from a typed-in answer.
"""
from __future__ import annotations

import re
import types
from functools import lru_cache

import pandas as pd

from utils.checking import LearnerCodeError, call_learner
from utils.exercises import Exercise, Misconception
from utils.exercises.shown import HIT_REPORTS, hit_report_table
from utils.text import (SPEECH_VERBS, attributions, find_term, load_article, paragraphs, parse,
                        reading_stats, sentence_table, sentences, words)

NOTEBOOK = "01-reading-the-article"

UNC_COUNT = 5  # event-facts.md, "Where reports disagree", Hits: the UNC's count


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


# Paragraph 4 names its medical sources three ways ("the doctors", "the doctor", "Lee Cook-Jong,
# the lead surgeon"): read as one source, they outnumber Carroll. A reasoned alternative.
_SURGEON_READINGS = {"cook-jong", "lee", "surgeon", "doctor", "doctors"}


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


# --- Build it yourself: the learner writes the core of a helper ----------------------------------
# Each function is checked on the article, then on texts the notebook never shows (the
# self-study check, _OTHER_*), and by the nbgrader hidden tests on yet other texts (_HIDDEN_*),
# so that an answer typed in for this article fails. The expected results are computed by the
# reference functions below (the same as utils/solutions/01-*.py), which the tests compare with
# the helpers of utils.text.

_OTHER_TEXTS = [
    "Firefighters said the blaze was under control by noon.\n\nThe mayor’s office told "
    "reporters that two roads would stay closed, according to a city statement.\n\n\n"
    "'Everyone is safe,' a spokeswoman added. The fire’s cause is not known.",
    "The coach says the team is ready. Fans, according to the club, bought every ticket.",
]
_HIDDEN_TEXTS = [
    "The minister says the border will reopen soon. Critics warned that it was too early, "
    "according to local radio.\n \nNo one else commented on the plan.",
    "Doctors confirmed on Friday that the patient was stable.\n\n\n\nShe can’t remember the "
    "crash, her brother told the BBC. The hospital, according to its director, is full.",
    "Rain fell all night.\n\n[Photo by Kim Min-Jun/Reuters]",
]


def speech_subjects_reference(doc) -> list[tuple[str, str]]:
    """(subject, speech verb) for every speech verb that has a subject (``nsubj``), as text.

    >>> speech_subjects_reference(parse("The mayor said it was safe."))
    [('mayor', 'said')]
    """
    return [(child.text, token.text) for token in doc if token.lemma_.lower() in SPEECH_VERBS
            for child in token.children if child.dep_ == "nsubj"]


def according_to_reference(doc) -> list[str]:
    """The source of every "according to X": X's head and the words before it in its phrase.

    >>> according_to_reference(parse("He ran, according to the local police."))
    ['the local police']
    """
    return [doc[obj.left_edge.i:obj.i + 1].text for token in doc if token.lower_ == "according"
            for to in token.children if to.lower_ == "to"
            for obj in to.children if obj.dep_ == "pobj"]


def paragraph_words_reference(text: str) -> pd.DataFrame:
    r"""One row per paragraph (blocks between blank lines): its number from 1 and its words.

    >>> paragraph_words_reference("He ran.\n\n\nHe fell down.").values.tolist()
    [[1, 2], [2, 3]]
    """
    pieces = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return pd.DataFrame({"paragraph": range(1, len(pieces) + 1),
                         "words": [len(words(p)) for p in pieces]})


def _pairs(result) -> list[tuple[str, str]]:
    """A learner's pairs as sorted (text, text) tuples; TypeError if they are not pairs of text."""
    if isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
        raise TypeError("not a list")
    pairs = []
    for item in result:
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__") or len(item) != 2:
            raise TypeError("not a pair")
        if not all(isinstance(x, str) for x in item):
            raise TypeError("not text")
        pairs.append((item[0], item[1]))
    return sorted(pairs)


def _learner_pairs(f, text: str):
    return call_learner(f, parse(text))


def _subjects_right(f, texts) -> str | bool:
    for text in texts:
        got, expected = _learner_pairs(f, text), speech_subjects_reference(parse(text))
        try:
            if _pairs(got) != sorted(expected):
                return (f"On the text {text[:70]!r}..., speech_subjects returns {got!r}, but the "
                        f"speech verbs there and their subjects are {expected!r}.")
        except TypeError:
            return (f"speech_subjects should return a list of (subject, verb) pairs of text, e.g. "
                    f"[(\"mayor\", \"said\")], but it returned {got!r}.")
    return True


def _subjects_hidden(f):
    """Hidden test: other texts (present tense "says", "warned", "told", "commented")."""
    return _subjects_right(f, _HIDDEN_TEXTS)


def _subjects_example(kind: str):
    def speech_subjects(doc):
        pairs = []
        for token in doc:
            if kind == "text" and token.text not in SPEECH_VERBS:
                continue
            if kind != "text" and token.lemma_.lower() not in SPEECH_VERBS:
                continue
            for child in token.children:
                if kind == "all-children" or child.dep_ == "nsubj":
                    subject = (" ".join(t.text for t in child.subtree) if kind == "subtree"
                               else child.text)
                    pairs.append((token.text, subject) if kind == "swapped" else
                                 (child, token) if kind == "tokens" else (subject, token.text))
        return pairs
    return speech_subjects


def _article_pairs(f):
    return call_learner(f, parse(_body()))


def _is_swapped(f) -> bool:
    got = _article_pairs(f)
    return _pairs(got) != sorted(speech_subjects_reference(parse(_body()))) and _pairs(
        [(b, a) for a, b in got]) == sorted(speech_subjects_reference(parse(_body())))


def _has_tokens(f) -> bool:
    got = _article_pairs(f)
    return bool(got) and all(len(p) == 2 for p in got) and any(
        hasattr(x, "dep_") for p in got for x in p)


def _too_many_pairs(f) -> bool:
    got = _pairs(_article_pairs(f))
    expected = sorted(speech_subjects_reference(parse(_body())))
    return len(got) > len(expected) and all(p in got for p in expected)


def _whole_phrases(f) -> bool:
    got = _pairs(_article_pairs(f))
    return any(subject.startswith("Col. Chad Carroll ,") or ", the U.S." in subject
               for subject, _ in got)


def _sources(result) -> list[str]:
    if isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
        raise TypeError("not a list")
    found = list(result)
    if not all(isinstance(x, str) for x in found):
        raise TypeError("not text")
    return found


def _according_right(f, texts) -> str | bool:
    for text in texts:
        got, expected = call_learner(f, parse(text)), according_to_reference(parse(text))
        try:
            if _sources(got) != expected:
                return (f"On the text {text[:70]!r}..., according_to returns {got!r}, but the "
                        f"sources of \"according to\" there are {expected!r}.")
        except TypeError:
            return (f"according_to should return a list of texts, e.g. [\"the local police\"], "
                    f"but it returned {got!r}.")
    return True


def _according_hidden(f):
    """Hidden test: other texts ("according to local radio", "according to its director")."""
    return _according_right(f, _HIDDEN_TEXTS)


def _according_example(kind: str):
    def according_to(doc):
        found = []
        for token in doc:
            if token.lower_ != "according":
                continue
            if kind == "position":
                found.append(doc[token.i + 2].text)
                continue
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ != "pobj":
                        continue
                    if kind == "head":
                        found.append(obj.text)
                    elif kind == "subtree":
                        found.append(doc[obj.left_edge.i:obj.right_edge.i + 1].text)
                    else:
                        found.append(doc[obj.left_edge.i:obj.i + 1])
        return found
    return according_to


def _article_sources(f):
    return call_learner(f, parse(_body()))


def _table_of(result):
    """(paragraph, words) pairs of a learner's table; TypeError with a reason otherwise."""
    if isinstance(result, pd.Series):
        raise TypeError("series")
    if not isinstance(result, pd.DataFrame):
        raise TypeError("not a table")
    missing = {"paragraph", "words"} - set(result.columns)
    if missing:
        raise TypeError(f"columns {sorted(missing)}")
    return [(int(p), int(w)) for p, w in zip(result["paragraph"], result["words"])]


def _expected_table(text):
    return [tuple(r) for r in paragraph_words_reference(text).values.tolist()]


def _words_message(f, text) -> str | None:
    got = call_learner(f, text)
    try:
        rows = _table_of(got)
    except TypeError as why:
        if str(why) == "series":
            return ("paragraph_words returns a Series. Return a table (DataFrame) with the columns "
                    "paragraph and words: series.reset_index(name=\"words\") turns a count per "
                    "paragraph into one.")
        if str(why).startswith("columns"):
            return (f"paragraph_words returns a table without the column(s) {str(why)[8:]}; it "
                    f"has {list(got.columns)}. Name them \"paragraph\" and \"words\".")
        return (f"paragraph_words should return a table (DataFrame), but it returned "
                f"{type(got).__name__}: {str(got)[:60]!r}.")
    if rows != _expected_table(text):
        return (f"On the text {text[:70]!r}..., paragraph_words gives (paragraph, words) "
                f"{rows}, but the paragraphs there have {_expected_table(text)}.")
    return None


def _words_right(f, texts) -> str | bool:
    for text in texts:
        message = _words_message(f, text)
        if message:
            return message
    return True


def _words_hidden(f):
    """Hidden test: blank lines with spaces, four line breaks, "can’t", a credit line."""
    return _words_right(f, _HIDDEN_TEXTS)


def _words_example(kind: str):
    def paragraph_words(text):
        if kind == "lines":
            pieces = text.split("\n")
        else:
            pieces = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        if kind == "split":
            counts = [len(p.split()) for p in pieces]
        elif kind == "straight":
            counts = [len(re.findall(r"\w+(?:[-'.]\w+)*", p)) for p in pieces]
        elif kind == "w+":
            counts = [len(re.findall(r"\w+", p)) for p in pieces]
        else:
            counts = [len(words(p)) for p in pieces]
        first = 0 if kind == "from-0" else 1
        table = pd.DataFrame({"paragraph": range(first, first + len(pieces)), "words": counts})
        return table.set_index("paragraph")["words"] if kind == "series" else table
    return paragraph_words


def _article_table(f):
    return _table_of(call_learner(f, _body()))


def _counts_differ_like(f, kind: str) -> bool:
    """The learner's counts on the article are those of a typical mistake *kind*."""
    try:
        return _article_table(f) == _table_of(_words_example(kind)(_body()))
    except TypeError:
        return False


def _apostrophe_only(f) -> bool:
    """Right once the article's curly apostrophes are made straight, wrong as written."""
    straight = _body().replace("’", "'")
    try:
        return (_article_table(f) != _expected_table(_body())
                and _table_of(call_learner(f, straight)) == _expected_table(straight))
    except TypeError:
        return False


EXERCISES = [
    Exercise(
        id="01-paragraph-words",
        notebook=NOTEBOOK,
        name="paragraph_words",
        question="Build it yourself: write a function paragraph_words(text) that returns a table "
                 "(DataFrame) with one row per paragraph of any text (paragraphs end at a blank "
                 "line): the columns paragraph (numbered from 1) and words (its number of "
                 "words, counted with words()).",
        kind=types.FunctionType,
        is_correct=lambda f: _words_right(f, [_body(), *_OTHER_TEXTS]),
        misconceptions=(
            Misconception(lambda f: _counts_differ_like(f, "lines"),
                          "Your table has rows with 0 words: text.split(\"\\n\") cuts at every "
                          "line break, and the empty line between two paragraphs becomes a row. "
                          "A paragraph ends at a blank line: split with re.split(r\"\\n\\s*\\n\", "
                          "text) and keep only the pieces with text (if piece.strip()).",
                          example=lambda: _words_example("lines")),
            Misconception(lambda f: _counts_differ_like(f, "from-0"),
                          "Your paragraphs are numbered from 0. The series numbers them from 1, "
                          "like ¶1 above the text: range(1, len(pieces) + 1).",
                          example=lambda: _words_example("from-0")),
            Misconception(_apostrophe_only,
                          "Your counts are one too high in paragraphs 5 and 6: \"People’s\" is "
                          "written there with a curly apostrophe ’, and your pattern joins words "
                          "only at a straight one '. Count with words(piece), which knows both, "
                          "or put both in your pattern: [-'’.].",
                          example=lambda: _words_example("straight")),
            Misconception(lambda f: _counts_differ_like(f, "w+"),
                          "Your counts are too high: \\w+ cuts \"Cook-Jong\" and \"64-year-old\" "
                          "into pieces. Count with words(piece), the series' word rule.",
                          example=lambda: _words_example("w+")),
            Misconception(lambda f: _counts_differ_like(f, "split"),
                          "Almost: only the image credit's count differs. str.split() cuts only "
                          "at spaces, so \"Sung-Jun/Getty\" is one piece; words(piece) cuts at "
                          "the slash too. Count with words(piece).",
                          example=lambda: _words_example("split")),
            Misconception(lambda f: isinstance(call_learner(f, _body()), pd.Series),
                          "paragraph_words returns a Series (one number per paragraph). Return a "
                          "table (DataFrame) with the columns paragraph and words: "
                          "series.reset_index(name=\"words\") turns a count per paragraph into "
                          "one.",
                          example=lambda: _words_example("series")),
        ),
        hint="pieces = [p for p in re.split(r\"\\n\\s*\\n\", text) if p.strip()] gives the "
             "paragraphs. Then pd.DataFrame({\"paragraph\": range(1, len(pieces) + 1), "
             "\"words\": [len(words(p)) for p in pieces]}).",
        explanation="Your function splits any text at its blank lines and counts the words of "
                    "each piece: the core of reading_stats, which you meet next.",
        context=lambda: {"article": load_article(), "pd": pd, "re": re, "words": words},
        hidden_checks=(_words_hidden,),
    ),
    Exercise(
        id="01-story-paragraphs",
        notebook=NOTEBOOK,
        name="n_story_paragraphs",
        question="How many paragraphs does the story itself have (not the title, not the "
                 "image credit)?",
        kind=int,
        form="exact",
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
        form="exact",
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
        id="01-speech-subjects",
        notebook=NOTEBOOK,
        name="speech_subjects",
        question="Build it yourself: write a function speech_subjects(doc) that returns, for a "
                 "parsed text, a list of (subject, verb) pairs of text: every token whose lemma "
                 "is in SPEECH_VERBS, with each of its children whose dependency label is "
                 "nsubj.",
        kind=types.FunctionType,
        form="unordered",  # the check compares its results sorted
        is_correct=lambda f: _subjects_right(f, [_body(), *_OTHER_TEXTS]),
        misconceptions=(
            Misconception(lambda f: _article_pairs(f) == [],
                          "Your function finds no speech verb in the article. SPEECH_VERBS holds "
                          "dictionary forms (\"say\", \"state\", \"add\"): compare token.lemma_ "
                          "(\"say\" for \"said\"), not token.text.",
                          example=lambda: _subjects_example("text")),
            Misconception(_is_swapped,
                          "The pairs are the wrong way round: give (subject, verb), e.g. "
                          "(\"Carroll\", \"added\"), not (verb, subject).",
                          example=lambda: _subjects_example("swapped")),
            Misconception(_has_tokens,
                          "Your pairs hold spaCy tokens, which print like words but are not text. "
                          "Return their text: (child.text, token.text).",
                          example=lambda: _subjects_example("tokens")),
            Misconception(_too_many_pairs,
                          "You have the right pairs and more: a speech verb's children include its "
                          "clause, punctuation and other words. Keep only the child whose dep_ is "
                          "\"nsubj\" (the subject).",
                          example=lambda: _subjects_example("all-children")),
            Misconception(_whole_phrases,
                          "Your subjects are whole phrases, with the apposition (\"Col. Chad "
                          "Carroll , the U.S. Forces Korea ...\"). Give the subject word itself, "
                          "child.text: cutting a phrase down to its name is what the helper adds, "
                          "as you will see below.",
                          example=lambda: _subjects_example("subtree")),
        ),
        hint="for token in doc: if token.lemma_.lower() in SPEECH_VERBS: for child in "
             "token.children: if child.dep_ == \"nsubj\": pairs.append((child.text, token.text)). "
             "Start with pairs = [] and end with return pairs.",
        explanation="Walking from each speech verb to its nsubj child finds who said something "
                    "in any English text, not only in this one: the parse, not a list of names, "
                    "does the work.",
        context=lambda: {"article": load_article(), "SPEECH_VERBS": SPEECH_VERBS,
                         "parse": parse},
        hidden_checks=(_subjects_hidden,),
    ),
    Exercise(
        id="01-according-to",
        notebook=NOTEBOOK,
        name="according_to",
        question="Build it yourself: write a function according_to(doc) that returns the "
                 "source of every \"according to X\" in a parsed text, as a list of text: the "
                 "pobj child of \"to\" (a child of \"according\") with the words before it "
                 "in its phrase, doc[obj.left_edge.i : obj.i + 1].",
        kind=types.FunctionType,
        is_correct=lambda f: _according_right(f, [_body(), *_OTHER_TEXTS]),
        misconceptions=(
            Misconception(lambda f: _sources(_article_sources(f)) == [
                              t.text for t in parse(_body()) if t.dep_ == "pobj"
                              and t.head.lower_ == "to" and t.head.head.lower_ == "according"],
                          "\"Jong\" is only the last word of \"Lee Cook-Jong\", and \"doctors\" "
                          "lacks its \"the\": the parser makes the last word of a name the head. "
                          "Take the words before it in its phrase too: "
                          "doc[obj.left_edge.i : obj.i + 1].text.",
                          example=lambda: _according_example("head")),
            Misconception(lambda f: any(", the lead surgeon" in s
                                        for s in _sources(_article_sources(f))),
                          "\"Lee Cook-Jong, the lead surgeon\" includes the apposition (his role). "
                          "Stop at the head word: doc[obj.left_edge.i : obj.i + 1], not "
                          "obj.right_edge.",
                          example=lambda: _according_example("subtree")),
            Misconception(lambda f: any(hasattr(s, "root") for s in _article_sources(f)),
                          "Your list holds spaCy spans, which print like text but are not text. "
                          "Add .text: doc[obj.left_edge.i : obj.i + 1].text.",
                          example=lambda: _according_example("span")),
            Misconception(lambda f: _sources(_article_sources(f)) == [
                              parse(_body())[t.i + 2].text for t in parse(_body())
                              if t.lower_ == "according"],
                          "Counting two words to the right of \"according\" gives \"the\" for "
                          "\"the doctors\" and \"Lee\" for \"Lee Cook-Jong\". Walk the tree "
                          "instead: the children of \"according\", then of \"to\".",
                          example=lambda: _according_example("position")),
        ),
        hint="for token in doc: if token.lower_ == \"according\": for to in token.children: "
             "for obj in to.children: if obj.dep_ == \"pobj\": "
             "found.append(doc[obj.left_edge.i : obj.i + 1].text).",
        explanation="The source of \"according to\" hangs from \"to\", which hangs from "
                    "\"according\": two steps down the tree, whatever the words around it.",
        context=lambda: {"article": load_article(), "parse": parse},
        hidden_checks=(_according_hidden,),
    ),
    Exercise(
        id="01-most-quoted",
        notebook=NOTEBOOK,
        name="most_quoted",
        question="Which person or body makes the most statements in the article? Count "
                 "statements (rows of the attributions table), and remember that one person "
                 "can be named in two ways.",
        kind=str,
        form="surname",
        is_correct=lambda a: _surname(a) == _most_quoted(),
        misconceptions=(
            Misconception(lambda a: _surname(a) in _SURGEON_READINGS,
                          "Accepted, with a reading you should state: the parser counts Col. Chad "
                          "Carroll (\"said\", \"added\") as the most quoted, but if \"the doctor\" "
                          "who \"said that he is fine\" and \"the doctors\" of paragraph 4 are (or "
                          "include) Lee Cook-Jong, the lead surgeon, then he speaks three times. "
                          "The text does not say who \"the doctor\" is: write down which reading "
                          "you use.",
                          example="Lee Cook-Jong", accept=True),
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
                    "reports him under two names, which a reader merges without noticing. (A "
                    "reader who takes \"the doctor\" and \"the doctors\" of paragraph 4 to be Lee "
                    "Cook-Jong can argue for him: the check accepts that reading too.)",
        context=lambda: {"article": load_article(), "who": attributions(_body())},
    ),
    Exercise(
        id="01-unsourced-paragraphs",
        notebook=NOTEBOOK,
        name="unsourced_paragraphs",
        question="Which paragraphs of the story (numbers from 1) contain no attributed "
                 "statement at all? Give a list of numbers, e.g. [3, 4].",
        kind=list,
        form="int-set",
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
        form="exact",
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
        form="casefold",
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
        hint="first is the first sentence (a spaCy span): find the token t in it with t.text == "
             "\"on\" and read t.head.text (the word it hangs from in the tree).",
        explanation="The parser attaches \"on Wednesday\" to the nearest verb, \"defected\". "
                    "Grammar allows both readings; the facts decide: the video was released on "
                    "Wednesday 22 November, the defection was on Monday 13 November.",
        context=lambda: {"article": load_article(), "first": sentences(parse(_body()))[0]},
    ),
    Exercise(
        id="01-hits-contradict",
        notebook=NOTEBOOK,
        name="contradict_unc",
        question="The UNC says the soldier was hit five times. Which reports in the table "
                 "hit_reports contradict that, i.e. rule out exactly five? Give a list of their "
                 "names as in the `report` column.",
        kind=list,
        form="name-set",
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
