"""The article as text: loading it, and reading helpers that work on any English news text.

paragraphs, sentences, words, reading_stats, attributions (who says what), find_term.

>>> article = load_article()
>>> article.title.startswith("A Video Captures")
True
>>> article.metadata["published"]["status"]
'assumption'
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from utils.errors import CourseInputError, require_text
from utils.paths import ARTICLE_PATH


@dataclass(frozen=True)
class Article:
    """A news article: its full text, its title (first line) and body, and metadata."""

    text: str
    title: str
    body: str
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def __str__(self) -> str:  # printing an Article shows the text a learner reads
        return self.text


def load_article(path: str | Path | None = None) -> Article:
    """Read an article from a UTF-8 text file (default: ``data/article.txt``).

    The first non-empty line is the title, the rest is the body. Metadata comes from a JSON
    file of the same name beside it (``article.json``), if there is one.

    >>> load_article().metadata["outlet"]
    'Inquisitr'
    """
    file = Path(path) if path is not None else ARTICLE_PATH
    if not file.exists():
        hint = ("restore it with `git checkout -- data/article.txt`"
                if path is None else "check the path, or call load_article() with no argument "
                "for the series' article")
        raise FileNotFoundError(f"Article file not found: {file}. {hint[0].upper() + hint[1:]}.")
    if file.is_dir():
        raise CourseInputError(f"{file} is a folder, not a text file. Pass the path of a .txt file.")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CourseInputError(
            f"{file} is not UTF-8 text ({exc.reason} at byte {exc.start}). Save it as UTF-8 "
            "plain text and try again."
        ) from None
    if not text.strip():
        raise CourseInputError(
            f"The article file {file} is empty. Put the article's text in it (title on the first "
            "line), or restore the series' copy with `git checkout -- data/article.txt`."
        )
    lines = text.strip().splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    meta_file = file.with_suffix(".json")
    metadata: dict[str, Any] = {}
    if meta_file.exists():
        try:
            metadata = json.loads(meta_file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CourseInputError(f"The metadata file {meta_file} is not valid JSON: {exc}.") from None
    return Article(text=text, title=title, body=body, metadata=metadata, path=file)


# ---------------------------------------------------------------------------------------------
# Reading helpers: paragraphs, sentences, words, reading statistics, attributions, term search.
# They work on any English news text; a str is parsed with the series' pipeline (get_nlp()).
# ---------------------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_CREDIT_LINE = re.compile(
    r"^\s*(?:\[[^\]]*\]|\(?(?:featured\s+)?(?:image|photo|picture|video|graphic)s?"
    r"(?:\s+credit)?\s*(?::|by)\s.*)\s*$", re.IGNORECASE | re.DOTALL)


# --- The one input check of every text helper (utils.text, utils.entities, utils.timeline,
# utils.armistice, utils.report): the same bad input gets the same message everywhere. ---------

MAX_CHARACTERS = 1_000_000  # spaCy's default nlp.max_length: the longest text parsed at once
CHECKED = "ctl_text_checked"  # a Doc's user_data key: its text passed check_text(english=True)
_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:html|head|body|p|div|span|a|br|hr|img|h[1-6]|ul|ol|li|dl|dt|dd|table|tr|td|"
    r"th|em|strong|b|i|u|script|style|meta|link|article|section|header|footer|nav|figure|"
    r"figcaption|blockquote|iframe|noscript|title|main|aside|time|small|sup|sub|font|center|"
    r"form|input|button|picture|source|svg)(?=[\s/>])[^<>]*>|<!doctype\b|<!--", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether *text* is HTML markup (a page's source) rather than plain text: it starts a
    document (``<!DOCTYPE``, ``<html``) or has at least two HTML tags such as ``<p>``.
    A lone "<" or "x > y" is not markup.

    >>> looks_like_html("<p>The soldier ran.</p>"), looks_like_html("If x < 3 and y > 2, stop.")
    (True, False)
    """
    if not isinstance(text, str):
        return False
    found = 0
    for match in _HTML_TAG.finditer(text):
        if match.group(0).startswith("<!") or match.group(0).lower().startswith("<html"):
            return True
        found += 1
        if found >= 2:
            return True
    return False


def check_text(value: Any, what: str = "The text", *, english: bool = False,
               max_characters: int | None = MAX_CHARACTERS, accepts: str = "a piece of text (str)",
               example: str = "load_article().body") -> str:
    """Return *value* if a text helper can read it; else raise CourseInputError saying what is
    wrong and how to fix it. Every public text helper of the series calls it at its entry.

    Refused: None, bytes, anything but a str, an empty text, HTML markup (strip it with
    :func:`strip_html`), a text longer than spaCy's limit (:data:`MAX_CHARACTERS`; helpers
    that use no model, such as :func:`paragraphs`, pass ``max_characters=None``) and, with
    ``english=True`` (helpers that use the English model), a text that does not look English.

    >>> check_text("The soldier ran.")
    'The soldier ran.'
    >>> check_text("<p>The soldier ran.</p><p>He fell.</p>")
    Traceback (most recent call last):
    ...
    utils.errors.CourseInputError: The text looks like HTML (it has markup such as '<p>'), not plain text: the tags would be read as words. Strip the markup first: from utils.text import strip_html; text = strip_html(page).
    """
    if isinstance(value, Article):
        raise CourseInputError(
            "Pass the article's text, not the Article object: use article.body (the story "
            "without its title) or article.text (title and story).")
    value = require_text(value, what, accepts=accepts, example=example)
    if looks_like_html(value):
        tag = _HTML_TAG.search(value).group(0)
        tag = tag if len(tag) <= 12 else tag[:10] + "..."
        raise CourseInputError(
            f"{what} looks like HTML (it has markup such as {tag!r}), not plain text: the tags "
            "would be read as words. Strip the markup first: from utils.text import strip_html; "
            "text = strip_html(page).")
    if max_characters is not None and len(value) > max_characters:
        raise CourseInputError(
            f"{what} has {len(value):,} characters, more than the {max_characters:,} that "
            "spaCy's pipeline reads at once (nlp.max_length). Split it into shorter texts, e.g. "
            "one article per file, or its paragraphs(text), and read each one "
            "(utils.report.read_folder reads a folder of .txt files).")
    if english:
        _require_english(value)
    return value


def _require_text(text: Any, what: str = "text") -> str:
    """Return *text* if it is a non-empty str (any language, any length: for the helpers
    that use no model), else raise CourseInputError saying what to pass."""
    return check_text(text, f"The {what}", max_characters=None)


class _TextOfPage(HTMLParser):
    """Collects a page's visible text; block elements become paragraphs."""

    _SKIP = {"script", "style", "head", "title", "template", "noscript", "svg", "nav", "iframe"}
    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "article",
               "section", "header", "footer", "blockquote", "figure", "figcaption", "tr", "table",
               "main", "aside", "hr", "dd", "dt", "pre", "body", "html"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag) -> None:
        if tag in self._SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self._BLOCKS:
            self.blocks.append([])

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in self._BLOCKS:
            self.blocks.append([])

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.blocks[-1].append(data)


def strip_html(markup: str) -> str:
    """The visible text of an HTML page or fragment, as plain text: one paragraph per block
    (``<p>``, ``<div>``, ``<h1>``, ``<li>``...), separated by a blank line; scripts, styles and
    the page's ``<head>`` are dropped and entities such as ``&amp;`` decoded. Uses the
    standard library's ``html.parser``: nothing is fetched.

    >>> strip_html("<html><head><title>T</title></head><body><h1>Escape</h1>"
    ...            "<p>The soldier&nbsp;ran &amp; fell.</p><script>x()</script></body></html>")
    'Escape\\n\\nThe soldier ran & fell.'
    """
    markup = require_text(markup, "The HTML", example="open('page.html').read()")
    parser = _TextOfPage()
    parser.feed(markup)
    parser.close()
    paragraphs = [re.sub(r"\s+", " ", "".join(block)).strip() for block in parser.blocks]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise CourseInputError("The HTML has no visible text (only markup, scripts or styles). "
                               "Check that it is the article's page.")
    return text


_OTHER_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset]:
    """spaCy's stop-word lists, read from their files alone: importing ``spacy.lang.fr`` and
    the others whole would compile their tokenizer rules, seconds of work for a word list."""
    import importlib.util

    import spacy

    lists = {}
    for lang in ("en", *_OTHER_LANGUAGES):
        path = Path(spacy.__file__).parent / "lang" / lang / "stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_ctl_stop_words_{lang}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        lists[lang] = frozenset(module.STOP_WORDS)
    return lists


def looks_english(text: str) -> bool:
    """A rough check that *text* is English: mostly Latin letters and, in a text of 8 words or
    more, at least 10% common English words ("the", "of", "said"...) and no more common words
    of German, French, Spanish, Italian, Dutch or Portuguese than of English (spaCy's lists).

    >>> looks_english("The soldier was taken to a hospital in Suwon, south of Seoul.")
    True
    >>> looks_english("Der Soldat wurde nach dem Grenzübertritt in ein Krankenhaus gebracht.")
    False
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "a" <= c.lower() <= "z")
    if latin / len(letters) < 0.8:
        return False
    found = [w.lower() for w in _WORD.findall(text)]
    if len(found) < 8:
        return True
    ratios = {lang: sum(w in stop for w in found) / len(found)
              for lang, stop in _stop_words().items()}
    return ratios["en"] >= 0.1 and ratios["en"] >= max(ratios[l] for l in _OTHER_LANGUAGES)


def _require_english(text: str) -> None:
    if not looks_english(text):
        raise CourseInputError(
            "This text does not look like English (too few common English words, or not in "
            "Latin letters). These helpers use an English language model, whose sentences and "
            "grammar would be wrong here. Pass an English text, or translate it first.")


def paragraph_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks separated by blank lines, trimmed.

    >>> paragraph_offsets("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans, start = [], 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        block = text[start:end]
        if block.strip():
            left = start + (len(block) - len(block.lstrip()))
            right = start + len(block.rstrip())
            spans.append((left, right))
        if brk:
            start = brk.end()
    return spans


def paragraphs(text: str) -> list[str]:
    """The paragraphs of *text*: blocks separated by one or more blank lines, trimmed.

    Every block is returned, including a title line and an image credit such as
    "[Featured Image by ...]" (see :func:`is_credit_line`). For the article, pass
    ``article.body``: its paragraph 1 is the first paragraph of the story, as the notebooks
    cite it ("article, paragraph 1"). Raises CourseInputError for empty or non-text input.

    >>> paragraphs("First one.\\nStill first.\\n\\n\\nSecond one.")
    ['First one.\\nStill first.', 'Second one.']
    """
    text = _require_text(text)
    return [text[s:e] for s, e in paragraph_offsets(text)]


def is_credit_line(paragraph: str) -> bool:
    """True for an image or photo credit such as "[Featured Image by A/Getty Images]".

    A heuristic: the whole paragraph is in square brackets, or it starts with "Photo:",
    "Image by", "Featured Image by" and the like.

    >>> is_credit_line("[Featured Image by Chung Sung-Jun/Getty Images]")
    True
    >>> is_credit_line("Photo: AP")
    True
    >>> is_credit_line("Miraculously, the North Korean defector survived.")
    False
    """
    return isinstance(paragraph, str) and bool(_CREDIT_LINE.match(paragraph))


def words(text: str) -> list[str]:
    """The words of *text*: runs of letters or digits, keeping "Cook-Jong", "U.S", "People’s"
    and "64-year-old" as one word each; punctuation is not a word.

    An empty text has no words (``[]``): it uses no model, so any language will do; HTML markup
    or anything but a str raises CourseInputError.

    >>> words("Col. Chad Carroll, the U.S. director, said: it's a 64-year-old truce!")
    ['Col', 'Chad', 'Carroll', 'the', 'U.S', 'director', 'said', "it's", 'a', '64-year-old', 'truce']
    """
    if not isinstance(text, str) or looks_like_html(text):
        _require_text(text)
    return _WORD.findall(text)


def line_break_doc(nlp, text: str):
    """*text* tokenised by *nlp* (not yet parsed), with a sentence start after every line
    break: give it to ``nlp(...)`` or ``nlp.pipe(...)``, whose parser keeps those starts.

    >>> from utils.nlp import get_nlp
    >>> nlp = get_nlp()
    >>> [s.text.strip() for s in nlp(line_break_doc(nlp, "A Title\\nHe ran.")).sents]
    ['A Title', 'He ran.']
    """
    doc = nlp.make_doc(text)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text or previous.whitespace_ == "\n":
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=32)
def parse(text: str, *, domain_rules: bool = False):
    """Parse *text* with the series' English pipeline, starting a new sentence at every line
    break, so that a title or a paragraph never runs into the next one. Cached per text.
    ``domain_rules=True`` uses the pipeline with the series' entity rules (notebook 02).
    Bad input (empty, not text, HTML, too long, not English) raises CourseInputError
    (see :func:`check_text`).

    >>> doc = parse("A Title\\n\\nThe UN Command released a video.")
    >>> [s.text.strip() for s in doc.sents]
    ['A Title', 'The UN Command released a video.']
    """
    from utils.nlp import get_nlp

    text = check_text(text, english=True)
    nlp = get_nlp(domain_rules=domain_rules)
    doc = line_break_doc(nlp, text)
    doc.user_data[CHECKED] = True
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def as_doc(text_or_doc: Any):
    """A parsed spaCy Doc: a Doc is checked and returned, a text is parsed with :func:`parse`.

    Empty, non-text and non-English input raises CourseInputError saying what to pass.

    >>> as_doc("Reuters said it.").text
    'Reuters said it.'
    """
    from spacy.tokens import Doc

    if isinstance(text_or_doc, Doc):
        if text_or_doc.user_data.get(CHECKED):  # checked once already (a Doc's text is fixed)
            return text_or_doc
        if not text_or_doc.text.strip():
            raise CourseInputError("The Doc is empty. Parse a text with at least one sentence.")
        check_text(text_or_doc.text, "The Doc's text", english=True)
        text_or_doc.user_data[CHECKED] = True
        return text_or_doc
    return parse(check_text(text_or_doc, english=True))


def _trim(span):
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end]


def sentences(text_or_doc: Any) -> list:
    """The sentences of a text (found by spaCy's parser) or of a parsed Doc, as spaCy Spans.

    A sentence never crosses a line break, so a title is a sentence of its own. Each item
    prints as its text; ``span.text`` is the text, ``span.start_char`` where it starts.
    Raises CourseInputError for empty, non-text or non-English input.

    >>> [s.text for s in sentences("He ran. He was shot.\\n\\nHe survived.")]
    ['He ran.', 'He was shot.', 'He survived.']
    """
    doc = as_doc(text_or_doc)
    result = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:  # a Doc parsed elsewhere may have sentences across line breaks
            if token.is_space and "\n" in token.text and token.i + 1 < sent.end:
                piece = _trim(doc[start:token.i + 1])
                if len(piece):
                    result.append(piece)
                start = token.i + 1
        piece = _trim(doc[start:sent.end])
        if len(piece):
            result.append(piece)
    return result


def paragraph_of(offsets: list[tuple[int, int]], char: int) -> int:
    """The number (from 1) of the paragraph that holds character *char*.

    >>> paragraph_of(paragraph_offsets("One.\\n\\nTwo."), 7)
    2
    """
    for number, (start, end) in enumerate(offsets, start=1):
        if char < end:
            return number
    return len(offsets)


SENTENCE_COLUMNS = ["paragraph", "sentence_no", "sentence", "words", "characters", "kind"]


def sentence_table(text_or_doc: Any):
    """One row per sentence: its paragraph (from 1), its number (from 0), its text, its number
    of :func:`words` and characters, and its kind ("story", or "credit" for an image credit).

    >>> sentence_table("He ran fast. He was shot.\\n\\n[Photo by AP]")[["paragraph", "words", "kind"]].values.tolist()
    [[1, 3, 'story'], [1, 3, 'story'], [2, 3, 'credit']]
    """
    import pandas as pd

    doc = as_doc(text_or_doc)
    offsets = paragraph_offsets(doc.text)
    credit = {n for n, (s, e) in enumerate(offsets, start=1) if is_credit_line(doc.text[s:e])}
    rows = []
    for number, sent in enumerate(sentences(doc)):
        para = paragraph_of(offsets, sent.start_char)
        rows.append({"paragraph": para, "sentence_no": number, "sentence": sent.text,
                     "words": len(_WORD.findall(sent.text)), "characters": len(sent.text),
                     "kind": "credit" if para in credit else "story"})
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


STATS_COLUMNS = ["paragraph", "kind", "sentences", "words", "characters",
                 "words_per_sentence", "longest_sentence"]


def reading_stats(text: str):
    """A reading-statistics table, one row per paragraph of *text*.

    Columns: ``paragraph`` (from 1), ``kind`` ("story", or "credit" for an image credit line,
    which is not part of the story), ``sentences``, ``words`` (see :func:`words`),
    ``characters`` (of the paragraph as written), ``words_per_sentence`` (mean, 1 decimal) and
    ``longest_sentence`` (in words). Sum the story rows for the whole text's totals.

    >>> reading_stats("I came. I saw it all.\\n\\nI won.")[["sentences", "words", "longest_sentence"]].values.tolist()
    [[2, 6, 4], [1, 2, 2]]
    """
    import pandas as pd

    text = _require_text(text)
    table = sentence_table(text)
    rows = []
    for number, (start, end) in enumerate(paragraph_offsets(text), start=1):
        block = text[start:end]
        mine = table[table["paragraph"] == number]
        n_words = len(_WORD.findall(block))
        rows.append({"paragraph": number, "kind": "credit" if is_credit_line(block) else "story",
                     "sentences": len(mine), "words": n_words, "characters": len(block),
                     "words_per_sentence": round(n_words / len(mine), 1) if len(mine) else 0.0,
                     "longest_sentence": int(mine["words"].max()) if len(mine) else 0})
    return pd.DataFrame(rows, columns=STATS_COLUMNS)


# --- Who says what -----------------------------------------------------------------------------

SPEECH_VERBS = frozenset({
    "say", "state", "add", "tell", "note", "report", "announce", "claim", "explain", "confirm",
    "warn", "insist", "argue", "write", "declare", "reply", "respond", "comment", "acknowledge",
    "admit", "deny", "suggest", "estimate", "testify", "assert", "maintain", "allege", "mention",
    "recall", "conclude", "predict", "stress", "emphasize", "emphasise", "observe", "remark",
    "tweet", "quote", "disclose", "reveal", "complain", "promise", "ask", "urge",
})
ATTRIBUTION_COLUMNS = ["paragraph", "sentence_no", "sentence", "source", "role", "source_kind",
                       "cue", "claim"]
def _text_of(tokens) -> str:
    """The text of some tokens of one Doc, in order, without punctuation at either end."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].is_quote):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].is_quote):
        tokens = tokens[:-1]
    # where tokens were left out between two kept ones, a space keeps the words apart
    text = "".join(t.text + (t.whitespace_ if i + 1 == len(tokens) or tokens[i + 1].i == t.i + 1
                             else " ") for i, t in enumerate(tokens))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;:!?])", r"\1", text)
    return re.sub(r",\s*,", ",", text).strip()


def _set_off(clause) -> bool:
    """True when a clause after a noun is set off by a comma, dash or bracket (non-restrictive:
    "the defendant, who had pleaded not guilty,"), False when it restricts the noun."""
    left = clause.left_edge.i
    return left > 0 and clause.doc[left - 1].text in (",", "—", "–", "-", "(")


def contiguous_phrase(head, cut=frozenset()) -> str:
    """The words of *head*'s subtree that stand next to it, leaving out the token indices in
    *cut* (clauses, appositions), trimmed of punctuation and spaces, on one line; a leading
    article is written in lower case ("The soldier" -> "the soldier").

    >>> doc = parse("The soldier, who ran, fell.")
    >>> contiguous_phrase(doc[1], {t.i for t in doc[2:6]})
    'the soldier'
    """
    kept = {t.i for t in head.subtree} - set(cut)
    left = right = head.i
    while left - 1 in kept:
        left -= 1
    while right + 1 in kept:
        right += 1
    span = head.doc[left:right + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    phrase = re.sub(r"\s+", " ", span.text)
    if span[0].dep_ == "det" and span[0].lower_ in ("the", "a", "an"):
        phrase = span[0].lower_ + phrase[len(span[0].text):]
    return phrase


def source_phrase(head):
    """The noun phrase headed by *head*, without appositions or the relative and participle
    clauses set off by commas ("X, who ..., said"); a clause that restricts the noun stays
    ("residents reached by telephone").

    Returns (phrase, role, kind): the apposition is the role, and kind is "name", "pronoun"
    or "description".

    >>> doc = parse("Lee Cook-Jong, the lead surgeon, said he is fine.")
    >>> source_phrase(doc[3])  # "Jong", the subject of "said"
    ('Lee Cook-Jong', 'the lead surgeon', 'name')
    """
    cut: set = set()
    role = ""
    for child in head.children:
        if child.i > head.i and child.dep_ in ("relcl", "acl") and not _set_off(child):
            continue  # restrictive: "residents reached by telephone", "officials who saw it"
        if child.i > head.i and child.dep_ in ("appos", "relcl", "acl", "advcl", "punct"):
            cut.update(child.subtree)
            if child.dep_ == "appos" and not role:
                role = _text_of(child.subtree)
    phrase = contiguous_phrase(head, {t.i for t in cut})
    if head.pos_ == "PRON":
        kind = "pronoun"
    elif head.pos_ == "PROPN" or head.ent_type_:
        kind = "name"
    else:
        kind = "description"
    return phrase, role, kind


def _cue_subtrees(sent) -> list[tuple[Any, str, set]]:
    """(source head, cue text, tokens of the cue phrase) for 'according to X' and 'as ... by X'."""
    found = []
    for token in sent:
        if token.lower_ == "according":
            for to in token.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            found.append((obj, f"{token.lower_} to", set(token.subtree)))
        elif token.lemma_.lower() in SPEECH_VERBS and token.tag_ == "VBN":
            marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"]
            for agent in token.children:
                if agent.dep_ == "agent":
                    for obj in agent.children:
                        if obj.dep_ == "pobj":
                            cue = " ".join([*(m.lower_ for m in marks), token.lower_, agent.lower_])
                            tokens = set(token.subtree) | set(marks)
                            found.append((obj, cue, tokens))
    return found


# Verbs that report a statement only in one construction ("the court ruled that ...", "the
# report found that ...", "X vowed to ...", "X called it unacceptable", "X described it as
# ...", "X accused Y of ..."). They are not in SPEECH_VERBS (the verbs of saying the notebook
# teaches), because in most sentences they report no statement ("police found a body").
_CONSTRUCTION_VERBS = frozenset({
    "rule", "find", "vow", "pledge", "caution", "concede", "accuse", "reject", "dispute",
    "condemn", "describe", "call", "contend", "assure", "propose", "demand", "boast", "hint",
})
# Verbs whose direct object can be the content itself ("denied any wrongdoing", "announced
# three days of mourning", "condemned the launch"). Left out: "say", "tell", "ask" ("told
# reporters" names the hearer; "said nothing" says nothing) and verbs whose object is mostly
# not a statement ("admitted 30 patients", "the fire claimed three lives", "conceded a goal",
# "welcomed 2 million tourists", "the video revealed the soldier").
_OBJECT_CONTENT_VERBS = frozenset({
    "announce", "confirm", "deny", "reject", "dispute", "condemn", "predict", "acknowledge",
    "report", "promise", "estimate", "disclose", "allege", "demand", "propose", "pledge",
})
_NO_CONTENT = frozenset({"nothing", "anything", "little", "none"})
# Verbs whose "to"-infinitive (with its object) is the content: "urged all sides to show
# restraint", "vowed to appeal".
_INFINITIVE_CONTENT_VERBS = frozenset({"urge", "vow", "promise", "pledge", "warn", "ask", "demand"})
_QUOTE_OPEN = "\"“‘«"
_QUOTE_CLOSE = "\"”’»"
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")


def _is_cue_verb(token) -> bool:
    lemma = token.lemma_.lower()
    return (lemma in SPEECH_VERBS or lemma in _CONSTRUCTION_VERBS) and token.pos_ in ("VERB", "AUX")


def _subject(verb):
    """The verb's own subject (``nsubj``), or None."""
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _shared_subject(verb):
    """The subject a verb without one shares with the verb it hangs on: "X admitted ... but
    insisted ...", "X declined to comment but said ...", "X said ..., adding that ..."."""
    joined = verb.dep_ == "conj" or (verb.dep_ == "ccomp" and verb.left_edge.i > 0
                                      and verb.doc[verb.left_edge.i - 1].dep_ == "cc")
    if not (joined or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
        return None
    node = verb.head
    for _ in range(5):  # a short climb to the nearest verb with a subject
        subject = _subject(node)
        if node.pos_ in ("VERB", "AUX") and subject is not None and subject.i < verb.i:
            if (not _is_cue_verb(node) and node.dep_ == "ccomp" and _is_cue_verb(node.head)
                    and _subject(node.head) is not None):
                # "X said the plan worked and added ...": a second speech verb joined to the
                # content of the first is the speaker's, not the content's subject's
                return _subject(node.head)
            return subject
        if node.head is node:
            return None
        node = node.head
    return None


def _quoted_as_saying(verb):
    """The speaker of "X was quoted as saying ...": the passive subject of "quoted"."""
    head = verb.head
    if verb.tag_ != "VBG" or head is verb:
        return None
    if head.dep_ == "prep" and head.lower_ == "as":
        head = head.head
    if head.lemma_.lower() == "quote" and head.tag_ == "VBN":
        return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return None


def _quoted_text(sent, verb) -> str:
    """The quoted words of a sentence: between quotation marks, or, where the quotation began
    in an earlier sentence ('Not once," he said'), from the sentence start to the closing mark."""
    quoted = [q.strip(" ,.") for q in _QUOTED.findall(sent.text)]
    if quoted:
        return " ".join(q for q in quoted if q)
    marks = [t for t in sent if t.is_quote or t.text in _QUOTE_CLOSE]
    if marks and marks[0].i < verb.i and (marks[0].text in _QUOTE_CLOSE or marks[0].is_right_punct):
        return _text_of(t for t in sent if t.i < marks[0].i)
    if marks and marks[-1].i > verb.i and marks[-1].text in _QUOTE_OPEN + "\"":
        return _text_of(t for t in sent if t.i > marks[-1].i)
    return ""


def _content_tokens(verb, excluded: set) -> list:
    """The tokens of what *verb* reports, by the constructions it allows (empty if none)."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    clause = [c for c in children if c.dep_ in ("ccomp", "parataxis") and not (
        c.lemma_.lower() in SPEECH_VERBS and _subject(c) is None)]
    if lemma in ("call", "describe"):  # "called the launch unacceptable", "described it as grim"
        if lemma == "call":
            heads = [c for c in children if c.dep_ in ("oprd", "ccomp")]
        else:
            heads = [c for c in children if c.dep_ == "prep" and c.lower_ == "as"]
        return [t for c in heads for t in c.subtree if t not in excluded and t.lower_ != "as"]
    if lemma in ("find", "rule"):  # "the report found that ...", "the judge ruled that ..."
        clause = [c for c in clause if c.dep_ == "ccomp"]
    if clause:
        # a second speech verb joined to the clause ("said the plan worked and added that
        # ...") is an attribution of its own, not part of this content
        joined: set = set()
        for other in children:  # "said A and added B", parsed as two clauses of "said"
            if (other.dep_ == "ccomp" and other not in clause and other.left_edge.i > 0
                    and verb.doc[other.left_edge.i - 1].dep_ == "cc"):
                joined.add(verb.doc[other.left_edge.i - 1])
        for c in clause:
            for t in c.subtree:
                if t.dep_ == "conj" and _is_cue_verb(t) and _subject(t) is None and t is not c:
                    joined.update(t.subtree)
                    before = t.left_edge.i - 1  # the "and" / "but" / comma that joins it
                    while before > c.left_edge.i and t.doc[before].dep_ in ("cc", "punct"):
                        joined.add(t.doc[before])
                        before -= 1
        return [t for c in clause for t in c.subtree
                if t not in excluded and t not in joined
                and not (t.dep_ == "mark" and t.head in clause
                         and t.lower_ in ("that", "whether", "if"))]
    if lemma in ("find", "rule", "call", "describe"):
        return []
    # "said in a statement that ..." (the clause parsed under the noun)
    for prep in (c for c in children if c.dep_ == "prep"):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            for acl in (a for a in obj.children if a.dep_ in ("acl", "relcl", "ccomp")):
                if any(m.dep_ == "mark" and m.lower_ == "that" for m in acl.children):
                    return [t for t in acl.subtree if t not in excluded
                            and not (t.head is acl and t.dep_ == "mark")]
    if lemma in _INFINITIVE_CONTENT_VERBS:
        xcomp = [c for c in children if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            start = min([xcomp[0].left_edge.i] + [c.left_edge.i for c in children
                                                 if c.dep_ == "dobj" and verb.i < c.i < xcomp[0].i])
            return [t for t in verb.doc[start:xcomp[0].right_edge.i + 1] if t not in excluded]
    if lemma in ("accuse", "warn", "caution"):  # "accused the government of hiding ...", "warned of rain"
        holders = [verb] + [c for c in children if c.dep_ == "dobj"]  # "accused the firm of ..."
        of = [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"]
        if of:
            return [t for c in of for t in c.subtree if t not in excluded and t is not c]
    if lemma in _OBJECT_CONTENT_VERBS:
        objects = [c for c in children if c.dep_ == "dobj" and c.i > verb.i
                   and c.lower_ not in _NO_CONTENT]
        if objects:
            return [t for t in objects[0].subtree if t not in excluded]
    return []


def _speech_verb_attributions(sent, excluded: set) -> list[tuple[Any, str, str]]:
    """(source head, cue, claim) for speech verbs with a subject: "X said (that) ...",
    "'...,' X said", "..., said X", and a second verb sharing the subject ("..., adding that
    ...", "admitted ... but insisted ..."); verbs such as "ruled", "found", "vowed", "called",
    "described", "accused" count only in the construction that reports a statement."""
    found = []
    for verb in sent:
        if not _is_cue_verb(verb):
            continue
        if verb.dep_ in ("amod", "compound") or verb in excluded:
            continue
        speech = verb.lemma_.lower() in SPEECH_VERBS
        subject = _subject(verb)
        content = _content_tokens(verb, excluded)
        if subject is None:
            # "..., reported the AP": the speaker follows the verb and the claim is its head
            after = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubj") and c.i > verb.i]
            if speech and verb.dep_ in ("ccomp", "parataxis") and after and verb.head.i < verb.i:
                claim = [t for t in verb.head.subtree
                         if t not in set(verb.subtree) and t not in excluded]
                found.append((after[0], verb.text, _text_of(claim)))
                continue
            subject = _shared_subject(verb) or _quoted_as_saying(verb)
            if subject is None:
                continue
        if not content and speech and verb.dep_ == "parataxis" and verb.head.i != verb.i:
            # "The war, he said, was over": the sentence around the verb is the claim
            content = [t for t in verb.head.subtree if t not in set(verb.subtree)
                       and t not in excluded]
        if content:
            found.append((subject, verb.text, _text_of(content)))
        elif speech:
            quoted = _quoted_text(sent, verb)
            if quoted:
                found.append((subject, verb.text, quoted))
    return found


def attributions(text_or_doc: Any):
    """Every attributed statement of a text: who says what, found in spaCy's dependency parse.

    A row per attribution, with columns ``paragraph`` (from 1), ``sentence_no`` (from 0, as in
    :func:`sentences`), ``sentence``, ``source`` (the speaker's noun phrase, without an
    apposition: "Lee Cook-Jong"), ``role`` (the apposition, if any: "the lead surgeon"),
    ``source_kind`` ("name", "description" such as "the doctors", or "pronoun"), ``cue`` (the
    reporting words: "said", "according to", "as noted by"...) and ``claim`` (what is
    attributed). The patterns it recognises:

    - a speech verb (say, state, add, tell, note...) with a subject and a clause: "X said that
      ...", "'...,' X said", "'...,' said X", "X said in a statement that ...", or with the
      quotation of its sentence (also a quotation that began in the sentence before);
    - a second speech verb that shares the subject: "X said ..., adding that ...", "X admitted
      ... but insisted that ...";
    - a few verbs that report a statement only in one construction: "ruled / found that ...",
      "vowed / urged Y to ...", "called Y unacceptable", "described Y as ...", "accused Y of
      ...", "warned of ...", and a direct object that is the content ("denied any
      wrongdoing", "announced three days of mourning"), but not "said nothing";
    - "according to X" (the claim is the rest of the sentence);
    - "as noted by X", "reported by X" (a speech verb in the passive with its agent).

    A sentence can have two cues (a claim inside a claim); each is a row. Measured on the
    project's hand-annotated passages by ``python -m utils.attribution_score`` (figures in
    ``data/attributions_dev_notes.md``). A text with no
    attribution gives an empty table with these columns. Raises CourseInputError for empty,
    non-text or non-English input.

    >>> table = attributions("'He is fine,' the surgeon said. He ran, according to Reuters.")
    >>> table[["source", "cue", "claim"]].values.tolist()
    [['the surgeon', 'said', 'He is fine'], ['Reuters', 'according to', 'He ran']]
    """
    import pandas as pd

    doc = as_doc(text_or_doc)
    offsets = paragraph_offsets(doc.text)
    rows = []
    for number, sent in enumerate(sentences(doc)):
        cue_phrases = _cue_subtrees(sent)
        excluded = set().union(*(tokens for _, _, tokens in cue_phrases)) if cue_phrases else set()
        found = [(head, cue, claim) for head, cue, claim in _speech_verb_attributions(sent, excluded)]
        for head, cue, tokens in cue_phrases:
            rest = [t for t in sent if t not in tokens]
            found.append((head, cue, _text_of(rest)))
        for head, cue, claim in sorted(found, key=lambda f: f[0].i):
            source, role, kind = source_phrase(head)
            rows.append({"paragraph": paragraph_of(offsets, sent.start_char),
                         "sentence_no": number, "sentence": sent.text, "source": source,
                         "role": role, "source_kind": kind, "cue": cue, "claim": claim})
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)


def unattributed(text_or_doc: Any):
    """The sentences of the story that carry no attribution (no row in :func:`attributions`),
    with their paragraph and number; image credits are left out. Empty when all are sourced.

    >>> unattributed("He ran. He fell, according to Reuters.")["sentence"].tolist()
    ['He ran.']
    """
    doc = as_doc(text_or_doc)
    table = sentence_table(doc)
    sourced = set(attributions(doc)["sentence_no"])
    keep = (table["kind"] == "story") & ~table["sentence_no"].isin(sourced)
    return table.loc[keep, ["paragraph", "sentence_no", "sentence"]].reset_index(drop=True)


def source_shares(text_or_doc: Any):
    """How much of a text each source carries: one row per source, with its number of
    ``statements`` and the ``words`` of its claims, and ``share`` = those words as a
    percentage of the story's words (image credits excluded), largest first.

    Claims can nest ("X said that ..., according to Y"), so the shares can add up to more than
    the attributed part of the text. Sources are grouped exactly as written: "Carroll" and
    "Col. Chad Carroll" are two rows (a reader knows they are one person; the parser does not).

    >>> source_shares("He ran far, according to Reuters. He fell.")[["source", "words", "share"]].values.tolist()
    [['Reuters', 3, 37.5]]
    """
    import pandas as pd

    doc = as_doc(text_or_doc)
    table = attributions(doc)
    story = sentence_table(doc)
    total = int(story.loc[story["kind"] == "story", "words"].sum())
    columns = ["source", "statements", "words", "share"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(words=table["claim"].map(lambda c: len(_WORD.findall(c))))
    grouped = (table.groupby("source", sort=False)
               .agg(statements=("claim", "size"), words=("words", "sum")).reset_index())
    grouped["share"] = (100 * grouped["words"] / total).round(1) if total else 0.0
    return grouped.sort_values(["words", "statements"], ascending=False,
                               kind="stable").reset_index(drop=True)[columns]


# --- Finding a term ----------------------------------------------------------------------------

_APOSTROPHES = "'’‘ʼ"
_HYPHENS = "-‐‑–"


def _word_pattern(word: str) -> str:
    out = []
    for char in word:
        if char in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        elif char in _HYPHENS:
            out.append(f"[{_HYPHENS}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def term_pattern(term: str) -> "re.Pattern[str]":
    """The regular expression :func:`find_term` uses for *term* (case-insensitive, whole words).

    Spaces match any whitespace (a line break too), straight and curly apostrophes match each
    other, and the last word may be plural: "defector" also finds "defectors", "army" finds
    "armies"; a lower-case plural also finds its singular ("violations" finds "violation").

    >>> bool(term_pattern("People's Army").search("the Korean People’s Army"))
    True
    """
    if not isinstance(term, str) or not term.strip():
        raise CourseInputError(f"The term to find must be a non-empty piece of text, such as "
                               f"'DMZ', not {term!r}.")
    parts = term.strip().split()
    last = parts[-1]
    lower_word = last.islower() and last.isalpha()
    if lower_word and last.endswith("ies") and len(last) > 4:
        tail = _word_pattern(last[:-3]) + "(?:y|ies)"
    elif lower_word and last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        tail = _word_pattern(last[:-1]) + "(?:y|ies)"
    elif lower_word and last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        tail = _word_pattern(last[:-1]) + "(?:e?s)?"
    elif last[-1].isalnum():
        tail = _word_pattern(last) + "(?:e?s)?"
    else:
        tail = _word_pattern(last)
    body = r"\s+".join([*(_word_pattern(p) for p in parts[:-1]), tail])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_term(text: str, term: str) -> list[tuple[int, int]]:
    """Where *term* occurs in *text*: a list of (start, end) character offsets, in order.

    Whole words only ("Korea" does not match inside "Korean"), case-insensitive, plurals
    included, straight or curly apostrophe (’); see :func:`term_pattern`. ``text[start:end]``
    is the occurrence as written. Returns [] when the term does not occur. Raises
    CourseInputError for an empty or non-text *text* or *term*.

    >>> text = "The DMZ is 4 km wide. Two defectors crossed the dmz."
    >>> find_term(text, "DMZ")
    [(4, 7), (48, 51)]
    >>> [text[s:e] for s, e in find_term(text, "defector")]
    ['defectors']
    """
    text = _require_text(text)
    return [m.span() for m in term_pattern(term).finditer(text)]


def find_terms(text: str, terms) -> list[tuple[int, int]]:
    """Occurrences of any of *terms* (e.g. a term and its variants), overlaps merged, in order.

    >>> find_terms("The Military Demarcation Line (MDL) runs ...", ["MDL", "Military Demarcation Line"])
    [(4, 29), (31, 34)]
    """
    if isinstance(terms, str):
        terms = [terms]
    spans = sorted(s for term in terms for s in find_term(text, term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- Showing the text --------------------------------------------------------------------------

def render_paragraphs(text: str, title: str | None = None) -> str:
    """HTML for reading *text* comfortably: numbered paragraphs (¶1, ¶2...) in a readable
    column, an optional title, and an image credit line set apart in grey, unnumbered.
    Display it in a notebook with ``IPython.display.HTML(render_paragraphs(...))``.

    >>> page = render_paragraphs("He ran.\\n\\nHe fell.\\n\\n[Photo by AP]", title="A <b>story</b>")
    >>> "¶2" in page and "&lt;b&gt;" in page and "image credit, not part of the story" in page
    True
    """
    import html

    items = []
    number = 0
    for block in paragraphs(text):
        body = html.escape(block).replace("\n", "<br>")
        if is_credit_line(block):
            items.append(f"<p style='color:#6b6b6b;font-size:90%'>{body} "
                         "<em>(image credit, not part of the story)</em></p>")
            continue
        number += 1
        items.append(f"<p><strong aria-label='paragraph {number}' style='color:#0072B2'>"
                     f"¶{number}</strong>&nbsp; {body}</p>")
    head = f"<h3 style='margin-top:0'>{html.escape(title)}</h3>" if title else ""
    return (f"<article class='ctl-article' style='max-width:42em;line-height:1.6;"
            f"font-size:105%'>{head}{''.join(items)}</article>")


def metadata_table(metadata: dict[str, Any]):
    """An article's metadata as a two-column table (field, value); nested fields are flattened
    with a dot ("published.date"). An empty dict gives an empty table.

    >>> metadata_table({"outlet": "X", "published": {"date": "2017-11-22"}}).values.tolist()
    [['outlet', 'X'], ['published.date', '2017-11-22']]
    """
    import pandas as pd

    if not isinstance(metadata, dict):
        raise CourseInputError(f"metadata_table() takes a dict such as article.metadata, not "
                               f"{type(metadata).__name__}.")
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            rows.append((prefix, value))

    walk("", metadata)
    return pd.DataFrame(rows, columns=["field", "value"])


def describe_parse(span) -> str:
    """A text alternative for a dependency diagram (displaCy): every word of a parsed
    sentence with its relation label and the word it depends on (punctuation left out).

    >>> print(describe_parse(parse("The UNC released a video.")))
    Dependency parse of "The UNC released a video.": "released" is the root; "The" is det of "UNC"; "UNC" is nsubj of "released"; "a" is det of "video"; "video" is dobj of "released".
    """
    from spacy.tokens import Doc, Span

    if not isinstance(span, (Doc, Span)):
        raise CourseInputError("describe_parse() takes a parsed sentence (a spaCy Span or Doc), "
                               f"not {type(span).__name__}; e.g. sentences(text)[0].")
    parts = [f'"{t.text}" is the root' for t in span if t.dep_ == "ROOT" or t.head is t]
    for token in span:
        if token.is_punct or token.is_space or token.dep_ == "ROOT" or token.head is token:
            continue
        else:
            parts.append(f'"{token.text}" is {token.dep_} of "{token.head.text}"')
    return f'Dependency parse of "{span.text.strip()}": ' + "; ".join(parts) + "."
