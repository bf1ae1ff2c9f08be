"""Predict, then check: no exercise's answer is displayed by a cell before the exercise.

Each notebook is executed in a fresh kernel (``notebook_runner.executed``, cached per test
session); every exercise's reference answer is computed (its reference solution run in the
exercise's context, as ``tests/test_exercises.py`` does); and the test fails when that value,
*as displayed*, is shown by a cell above the exercise's answer cell, in a way that ties it to
the question. Run it for one notebook with ``-k 03``.

The rule (what counts as "displayed"):

1. **Where we look.** Every cell above the answer cell: the markdown (links reduced to their
   text, emphasis marks removed) and the outputs of code cells (printed text, plain-text
   results, HTML with its tables, text and ``alt`` texts of figures). The text is cut into
   *units*: a sentence of prose or alt text, a line of printed output, a row of an HTML table
   (each cell preceded by its column header, "paragraph: 5").
2. **What the value looks like.** A number as a standalone number (``4`` matches "4 km" but
   not "14", "4.5" or "1953"); a float also rounded to 1-3 decimals and, between 0 and 1, as a
   percentage; a date as ISO (2017-11-22), "22 November 2017", "22 November", "November 22",
   "22 Nov"; a string as the whole phrase (case and apostrophes ignored); a list or tuple
   element by element, in order (or sorted), separated only by punctuation and at most one
   short word ("1 and 2", "precision 0.33, recall 0.25").
   Booleans, dicts and functions are not matched (a function is tested on hidden inputs).
3. **What ties it to the question (cues).** ``Exercise.cues`` if given; otherwise the
   phrases quoted in the exercise's question (``"on Wednesday"``; a quoted word shorter than
   three letters, ``"on"``, only where it is quoted again); otherwise the words of its
   variable name (``dmz_width`` -> "dmz", "width"). A value counts as displayed only in a
   unit that also holds a cue, and not in a question (a unit ending with "?"). For a short output (at most three lines) the cell's code counts as part of the
   unit: ``print(resolve("on Wednesday"))`` showing a date is a leak.
4. **What does not count.** (a) Quotations of the article: any run of four or more words that
   occurs in ``data/article.txt`` is removed first (the article is what learners read; its
   words are not an answer being given away). (b) Labels: a label word followed by a number
   ("paragraph 5", "¶6", "sentence 13", "Art. I ¶7", "row 2", "No. 4", "#3") is a citation,
   not a cue ("(article, paragraph 5)" does not leak 5; "the longest, sentence 13 in
   paragraph 5" does, through "longest"); in a table, a number in an identifier column
   (``paragraph``, ``sentence_no``, ``id``, the index) identifies the row and is not matched.

The self-tests at the end plant leaks and non-leaks and prove the rule catches the first and
lets the second pass.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from functools import lru_cache
from html.parser import HTMLParser

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT
from notebook_runner import executed
from utils.exercises import reference_answer

pytestmark = pytest.mark.slow

LABEL_WORDS = ("paragraphs", "paragraph", "para", "¶", "sentences", "sentence", "art.",
               "article", "row", "no.", "#", "step", "exercise", "cell", "line", "item")
ID_COLUMNS = {"", "paragraph", "sentence_no", "sentence no", "id", "index", "no", "row", "#",
              "number", "¶", "step"}
_NAME_STOP = {"n", "is", "the", "of", "in", "on", "to", "a", "an", "and", "or", "for", "by",
              "if", "at", "as", "my", "your", "answer", "value", "result"}
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


# --- the text of a notebook, cut into units -----------------------------------------------------

def _clean_markdown(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)    # images: their alt text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)     # links: their text
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("**", "").replace("`", "")
    return html.unescape(re.sub(r"(?<!\w)\*|\*(?!\w)", "", text))


def _sentences(text: str) -> list[str]:
    """Prose cut into sentences; list items, table rows and headings are units of their own."""
    blocks, current = [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            blocks.append(" ".join(current)); current = []
        elif re.match(r"([-*+]\s|\||#|\d+[.)]\s)", stripped):
            blocks.append(" ".join(current)); current = [stripped]
        else:
            current.append(stripped)
    blocks.append(" ".join(current))
    units = []
    for block in blocks:
        units.extend(p for p in _SENTENCE_END.split(block) if p.strip())
    return units


_ABBREVIATIONS = ("e.g", "i.e", "vs", "Col", "Gen", "Art", "No", "Dr", "Mr", "Ms", "U.S", "U.N",
                  "etc", "cf", "Nov", "approx", "ca", "St", "p", "pp")
_SENTENCE_END = re.compile("".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBREVIATIONS)
                           + r"(?<=[.!?;])\s+")


class _HTMLUnits(HTMLParser):
    """Units of an HTML output: table rows (cells with their headers), alt texts, text lines."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "pre", "text", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self.ids: list[set[str]] = []       # per unit: the identifier values of a table row
        self._line: list[str] = []
        self._headers: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_header_row = False

    def _flush(self):
        for sentence in _sentences(" ".join("".join(self._line).split())):
            self.units.append(sentence); self.ids.append(set())
        self._line = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("alt"):
            for sentence in _sentences(attrs["alt"]):
                self.units.append(sentence); self.ids.append(set())
        if tag in ("style", "script"):
            self._skip = tag
        if tag == "thead":
            self._headers, self._in_header_row = [], True
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip = None
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            row, self._row = self._row, None
            if self._in_header_row:
                if not self._headers or not any(self._headers):
                    self._headers = row
                return
            headers = [""] * max(0, len(row) - len(self._headers)) + self._headers[-len(row):]
            ids = {cell for head, cell in zip(headers, row)
                   if head.strip().lower() in ID_COLUMNS and re.fullmatch(r"\d+", cell)}
            self.units.append(" | ".join(f"{h}: {c}" if h else c for h, c in zip(headers, row)))
            self.ids.append(ids)
        elif tag == "thead":
            self._in_header_row = False
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if getattr(self, "_skip", None):
            return
        if self._cell is not None:
            self._cell.append(data)
        else:
            self._line.append(data)

    def close(self):
        super().close()
        self._flush()


def _output_units(out) -> list[tuple[str, set[str]]]:
    if out.output_type == "stream":
        return [(u, set()) for line in out.text.splitlines() for u in _sentences(line)]
    if out.output_type == "error":
        return [(line, set()) for line in out.get("traceback", [])]
    data = out.get("data", {})
    if "text/html" in data:
        parser = _HTMLUnits()
        parser.feed(data["text/html"])
        parser.close()
        return list(zip(parser.units, parser.ids))
    if "text/markdown" in data:
        return [(u, set()) for u in _sentences(_clean_markdown(data["text/markdown"]))]
    if "text/plain" in data:
        return [(line, set()) for line in data["text/plain"].splitlines() if line.strip()]
    return []


def cell_units(cell) -> list[tuple[str, set[str]]]:
    """The units a learner reads in one cell: (text, identifiers of a table row)."""
    if cell.cell_type == "markdown":
        return [(u, set()) for u in _sentences(_clean_markdown(cell.source))]
    if cell.cell_type != "code":
        return []
    units = [u for out in cell.get("outputs", []) for u in _output_units(out)]
    if 0 < len(units) <= 3:  # a printed value: the code that printed it gives the context
        units = [(f"{text} ⟦{cell.source}⟧", ids) for text, ids in units]
    return units


# --- quotations of the article --------------------------------------------------------------

def _norm(word: str) -> str:
    return word.lower().replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=None)
def _article_ngrams(n: int = 4) -> frozenset:
    words = [_norm(w) for w in _WORD.findall((ROOT / "data" / "article.txt").read_text(encoding="utf-8"))]
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def without_article_quotations(text: str, n: int = 4) -> str:
    """*text* with every run of at least *n* words that occurs in the article blanked out.

    >>> without_article_quotations('He wrote "who defected to South Korea on Wednesday" (¶1).').split()
    ['He', 'wrote', '"', '"', '(¶1).']
    """
    matches = list(_WORD.finditer(text))
    grams = _article_ngrams(n)
    covered = [False] * len(matches)
    for i in range(len(matches) - n + 1):
        if tuple(_norm(m.group()) for m in matches[i:i + n]) in grams:
            for j in range(i, i + n):
                covered[j] = True
    chars = list(text)
    for m, hide in zip(matches, covered):
        if hide:
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


# --- how a value is displayed -----------------------------------------------------------------

def _number_forms(value) -> list[str]:
    if isinstance(value, numbers.Integral):
        return [str(int(value))]
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return []
    forms = {repr(value)}
    if value.is_integer():
        forms.add(str(int(value)))
    for digits in (1, 2, 3):
        forms.add(f"{value:.{digits}f}")
    if 0 < abs(value) < 1:
        forms |= {f"{100 * value:.0f}%", f"{100 * value:.1f}%", f"{100 * value:.0f} %"}
    return sorted(forms, key=len, reverse=True)


def _date_forms(value: dt.date) -> list[str]:
    d, m, b, y = value.day, value.strftime("%B"), value.strftime("%b"), value.year
    return [value.isoformat(), f"{d} {m} {y}", f"{m} {d}, {y}", f"{d} {m}", f"{m} {d}",
            f"{d} {b}", f"{b} {d}", f"{b}. {d}"]


def display_forms(value) -> list[list[list[str]]] | None:
    """How *value* looks when a notebook shows it: alternative orders, each a sequence of
    elements, each element a list of its possible forms (a scalar is one element). None: not
    matched (bool, dict, function...).

    >>> display_forms(4)
    [[['4']]]
    >>> display_forms(["AFP", "ABC"])
    [[['AFP'], ['ABC']], [['ABC'], ['AFP']]]
    """
    element = _element_forms(value)
    if element is not None:
        return [[element]]
    if isinstance(value, (list, tuple)) and 0 < len(value) <= 12:
        elements = [_element_forms(v) for v in value]
        if any(e is None for e in elements):
            return None
        orders = [elements]
        try:
            ordered = sorted(range(len(value)), key=lambda i: value[i])
            if ordered != list(range(len(value))):
                orders.append([elements[i] for i in ordered])
        except TypeError:
            pass
        return orders
    return None


def _element_forms(value) -> list[str] | None:
    if isinstance(value, bool) or value is None or callable(value) or isinstance(value, dict):
        return None
    if isinstance(value, dt.datetime):
        return _date_forms(value.date())
    if isinstance(value, dt.date):
        return _date_forms(value)
    if isinstance(value, numbers.Real):
        return _number_forms(value) or None
    if isinstance(value, str):
        return [value.strip()] if value.strip() else None
    return None


def _element_pattern(form: str) -> str:
    escaped = re.escape(_norm(form))
    if re.fullmatch(r"-?[\d.,%\s]+", form) or re.fullmatch(r"\d{4}-\d\d-\d\d", form):
        return rf"(?<![\w.,+:/-]){escaped}(?![\w%]|[.,:/]\d)"
    start = r"(?<!\w)" if re.match(r"\w", form) else ""
    end = r"(?!\w)" if re.search(r"\w$", form) else ""
    return f"{start}{escaped}{end}"


_PUNCT = r"[\s,;:'\"\[\]()&/|=→>-]*"
_SEPARATOR = rf"{_PUNCT}(?:[^\W\d]{{1,12}}{_PUNCT})?"  # punctuation, at most one short word


def value_pattern(elements: list[list[str]]) -> re.Pattern:
    """A regular expression for one order of a value: its elements in order (each in any of
    its forms), separated only by punctuation and at most one short word ("and", "recall").

    >>> bool(value_pattern([["1"], ["2"]]).search("paragraphs [1, 2]"))
    True
    """
    return re.compile(_SEPARATOR.join("(?:" + "|".join(_element_pattern(f) for f in forms) + ")"
                                      for forms in elements), re.I)


# --- cues ------------------------------------------------------------------------------------------

def cues_for(ex) -> list[str]:
    """The words and phrases that tie a displayed value to the exercise's question:
    ``Exercise.cues`` if given; otherwise the phrases quoted in the question (at least three
    characters, "..." removed); otherwise the words of the variable name.

    >>> from utils.exercises import Exercise
    >>> demo = Exercise(id="9-x", notebook="9", name="dmz_width_km", question="How wide?",
    ...                 kind=int, is_correct=bool)
    >>> cues_for(demo)
    ['dmz', 'width', 'km']
    >>> cues_for(Exercise(id="9-y", notebook="9", name="n", kind=int, is_correct=bool,
    ...                   question='Which word is "on" (of "on Wednesday") attached to?'))
    ['"on"', 'on Wednesday']
    """
    explicit = list(getattr(ex, "cues", ()) or ())
    if explicit:
        return explicit
    quoted = [q.strip(" .…") for q in re.findall(r"[\"“]([^\"”]{1,80})[\"”]", ex.question)]
    # a short quoted word ("on") is a cue only where it is quoted again
    quoted = [q if len(q) >= 3 else f'"{q}"' for q in quoted if q]
    if quoted:
        return list(dict.fromkeys(quoted))
    return list(dict.fromkeys(w for w in ex.name.lower().split("_")
                              if w not in _NAME_STOP and len(w) > 1))


def _cue_spans(text: str, cue: str) -> list[tuple[int, int]]:
    norm = _norm(text)
    if len(cue) > 2 and cue[0] == cue[-1] == '"':  # a short word, quoted
        pattern = rf"[\"“]{re.escape(_norm(cue[1:-1]))}[\"”]"
    elif " " in cue.strip() or not re.fullmatch(r"\w+", cue):
        pattern = _element_pattern(cue)
    else:  # a single word: also its plural or singular ("paragraphs" ~ "paragraph")
        stem = _norm(cue)[:-1] if len(cue) > 3 and cue.lower().endswith("s") else _norm(cue)
        pattern = rf"(?<!\w){re.escape(stem)}(?:s|es)?(?!\w)"
    return [m.span() for m in re.finditer(pattern, norm, re.I)]


# A label: a label word followed by a number ("paragraph 5", "¶6", "Art. I ¶7", "paragraphs [5").
_LABEL_WORD = re.compile(r"(?:(?<!\w)(?:" + "|".join(re.escape(w) for w in LABEL_WORDS
                                                      if w[0].isalpha()) + r")|¶|#)"
                         r"(?=\s*[:=]?\s*\[?\s*(?:[IVX]+\s*¶\s*)?\d)", re.I)


def find_leak(unit: str, ids: set[str], forms: list[list[str]], cues: list[str]) -> str | None:
    """The matched text if *unit* shows the value (one of *forms*) together with a cue."""
    if unit.split("⟦")[0].rstrip().endswith("?"):
        return None  # a question asks; it does not tell
    text = without_article_quotations(unit)
    norm = _norm(text)
    labels = [m.span() for m in _LABEL_WORD.finditer(norm)]
    for sequence in forms:
        for match in value_pattern(sequence).finditer(norm):
            if len(sequence) == 1 and match.group().strip() in ids:
                continue  # a table row's identifier
            for cue in cues:
                for start, end in _cue_spans(text, cue):
                    overlaps_value = start < match.end() and match.start() < end
                    is_label = any(start < b and a < end for a, b in labels)
                    if not overlaps_value and not is_label:
                        return match.group()
    return None


# --- the reference answers and the scan ------------------------------------------------------



def leaks(nb) -> list[str]:
    """Every exercise of *nb* whose reference answer is displayed above its answer cell."""
    from utils.exercises import all_exercises

    problems = []
    units_so_far: list[tuple[int, str, set[str]]] = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("exercise")
        if meta and meta.get("role") == "answer" and meta.get("id") in all_exercises():
            ex = all_exercises()[meta["id"]]
            forms = display_forms(reference_answer(ex))
            if forms:
                cues = cues_for(ex)
                for where, unit, ids in units_so_far:
                    found = find_leak(unit, ids, forms, cues)
                    if found:
                        shown = unit if len(unit) < 200 else unit[:197] + "..."
                        problems.append(f"{ex.id}: its answer {found!r} is shown in cell {where} "
                                        f"(cues {cues}): {shown!r}")
                        break
        if not meta:
            units_so_far.extend((index, text, ids) for text, ids in cell_units(cell))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_exercise_answer_is_displayed_before_the_exercise(path):
    problems = leaks(executed(path))
    assert not problems, (
        f"{path.name}: turn these look-ups into predictions (ask first, reveal after the "
        "check) or into tasks on an input not shown above:\n" + "\n".join(problems))


# --- self-tests: the rule can fail, and does not cry wolf ---------------------------------------

def _demo_notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells) + [
        nbformat.v4.new_code_cell("n_words_in_title = ...",
                                  metadata={"exercise": {"id": "00-warm-up", "role": "answer"}})]
    return nb


def _output_cell(source: str, text: str | None = None, html_text: str | None = None):
    cell = nbformat.v4.new_code_cell(source)
    data = {}
    if text is not None:
        data["text/plain"] = text
    if html_text is not None:
        data["text/html"] = html_text
    cell.outputs = [nbformat.v4.new_output("execute_result", data=data, execution_count=1)]
    return cell


def test_a_planted_leak_in_markdown_is_found(article):
    n = len(article.title.split())
    assert leaks(_demo_notebook(nbformat.v4.new_markdown_cell(f"The title has {n} words.")))


def test_a_planted_leak_in_an_output_is_found(article):
    n = len(article.title.split())
    printed = _output_cell("print(len(article.title.split()))", text=str(n))
    assert leaks(_demo_notebook(printed)), "a short output takes its cue from the code"
    table = _output_cell("counts", html_text=f"<table><thead><tr><th></th><th>part</th><th>words"
                         f"</th></tr></thead><tbody><tr><th>0</th><td>title</td><td>{n}</td></tr>"
                         "</tbody></table>")
    assert leaks(_demo_notebook(table))
    figure = _output_cell("show(fig)", html_text=f'<img alt="Bar chart. The title has {n} words.">')
    assert leaks(_demo_notebook(figure))


def test_a_planted_leak_in_a_real_notebook_is_found(article):
    nb = executed(ROOT / "notebooks" / "00-start-here.ipynb")
    assert not leaks(nb)
    where = next(i for i, c in enumerate(nb.cells) if c.metadata.get("exercise"))
    nb.cells.insert(where, nbformat.v4.new_markdown_cell(
        f"(The title has {len(article.title.split())} words.)"))
    assert leaks(nb)


def test_no_false_alarm_without_a_cue_for_labels_quotations_and_longer_numbers(article):
    n = len(article.title.split())
    harmless = [
        nbformat.v4.new_markdown_cell(f"See paragraph {n}."),                         # a label
        nbformat.v4.new_markdown_cell(f"There are {n} cats."),                        # no cue
        nbformat.v4.new_markdown_cell(f"The title has {n}0 words, or {n}.5 words, or 1{n}."),
        _output_cell("stats", html_text=f"<table><thead><tr><th></th><th>paragraph</th><th>"
                     f"words</th></tr></thead><tbody><tr><th>{n}</th><td>{n}</td><td>99</td>"
                     "</tr></tbody></table>"),                                      # row ids
    ]
    assert not leaks(_demo_notebook(*harmless))


def test_article_quotations_are_not_leaks():
    forms, cues = display_forms("defected"), ["on Wednesday"]
    assert not find_leak('the soldier "who defected to South Korea on Wednesday" (¶1)', set(),
                         forms, cues)
    assert find_leak("'on' (of on Wednesday) is attached to defected", set(), forms, cues)
    assert find_leak('"on" is prep of "defected"', set(), forms, ['"on"'])
    assert not find_leak("He defected on a Monday", set(), forms, ['"on"'])
    assert not find_leak('Does "on Wednesday" date the release, or when he defected?', set(),
                         forms, cues), "a question asks, it does not tell"


def test_labels_do_not_cue_but_other_cues_in_the_unit_do():
    forms = display_forms(5)
    assert not find_leak("Col. Chad Carroll (article, paragraph 5) has a full stop", set(), forms,
                         ["longest", "sentence", "paragraph"])
    assert find_leak("The longest, sentence 14 in paragraph 5, has 53 words", set(), forms,
                     ["longest", "sentence", "paragraph"])


def test_lists_match_element_by_element_in_order():
    forms = display_forms(["AFP", "ABC"])
    assert find_leak("contradict: AFP and ABC", set(), forms, ["contradict"])
    assert not find_leak("contradict: AFP said six, while USA Today and ABC said", set(), forms,
                         ["contradict"])
    assert find_leak("unsourced paragraphs: [1, 2]", set(), display_forms([1, 2]), ["unsourced"])


def test_dates_and_floats_are_matched_as_displayed():
    forms = display_forms(dt.date(2017, 11, 22))
    assert find_leak('"on Wednesday" resolves to Wednesday 22 November 2017', set(), forms,
                     ["on Wednesday"])
    assert find_leak("on Wednesday -> 2017-11-22", set(), forms, ["on Wednesday"])
    assert not find_leak("on Wednesday -> 2017-11-23", set(), forms, ["on Wednesday"])
    assert find_leak("precision 0.33, recall 0.25", set(), display_forms((1 / 3, 0.25)),
                     ["precision"])
