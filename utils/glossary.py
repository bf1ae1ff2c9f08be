"""The series' glossary (data/glossary.csv) and an interactive glossary explorer.

The explorer shows a term's definition and every sentence of a text that uses it, with each
occurrence highlighted. Its logic is :func:`render_term`, which a test (or a static copy of a
notebook) can call without a browser.

>>> glossary = load_glossary()
>>> lookup(glossary, "Military Demarcation Line")["term"]
'MDL'
>>> "<mark>MDL</mark>" in render_term("They crossed the MDL.", glossary, "MDL")
True
"""
from __future__ import annotations

import difflib
import html
from pathlib import Path
from typing import Any

from utils.datafiles import read_csv_table
from utils.errors import CourseInputError
from utils.paths import DATA_DIR
from utils.text import find_terms, sentences

GLOSSARY_PATH = DATA_DIR / "glossary.csv"
REQUIRED_COLUMNS = ("term", "definition")
OPTIONAL_COLUMNS = ("variants", "category", "source")
DROPDOWN_CLASS = "ctl-glossary-term"
OUTPUT_CLASS = "ctl-glossary-output"


def load_glossary(path: str | Path | None = None):
    """Read and check a glossary CSV (default: ``data/glossary.csv``); return a DataFrame.

    Columns: ``term`` and ``definition`` (required, never empty), and ``variants`` (other
    spellings and the long form, separated by ";"), ``category`` and ``source`` (where the facts
    come from), which are filled with "" when absent. Terms must be unique (ignoring case).
    A missing, empty or malformed file raises CourseInputError (FileNotFoundError if missing),
    saying what to fix.

    >>> glossary = load_glossary()
    >>> list(glossary.columns)
    ['term', 'variants', 'category', 'definition', 'source']
    >>> bool(glossary["term"].str.upper().eq("DMZ").any())
    True
    """
    table = read_csv_table(path, default=GLOSSARY_PATH, name="glossary",
                           columns=REQUIRED_COLUMNS, lower_columns=True)
    file = Path(path) if path is not None else GLOSSARY_PATH
    restore = "Restore the series' copy with `git checkout -- data/glossary.csv`."
    for column in OPTIONAL_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    table = table[["term", "variants", "category", "definition", "source"]].copy()
    if table.empty:
        raise CourseInputError(f"The glossary file {file} has a header but no terms. {restore}")
    for column in REQUIRED_COLUMNS:
        empty = table.index[table[column] == ""].tolist()
        if empty:
            lines = [i + 2 for i in empty]  # +1 for the header, +1 to count from 1
            raise CourseInputError(f"The glossary file {file} has an empty {column!r} on "
                                   f"line(s) {lines}. Fill it in or delete the line.")
    duplicated = table["term"][table["term"].str.lower().duplicated()].tolist()
    if duplicated:
        raise CourseInputError(f"The glossary file {file} defines {duplicated} more than once. "
                               "Keep one line per term.")
    return table.reset_index(drop=True)


def term_variants(entry) -> list[str]:
    """A glossary entry's term followed by its variants.

    >>> term_variants({"term": "MDL", "variants": "Military Demarcation Line; the line"})
    ['MDL', 'Military Demarcation Line', 'the line']
    """
    variants = [v.strip() for v in str(entry.get("variants", "") or "").split(";")]
    return [entry["term"], *(v for v in variants if v)]


def lookup(glossary, term: str) -> dict[str, Any]:
    """The glossary entry (a dict) for *term*, found by its term or one of its variants,
    ignoring case. An unknown term raises CourseInputError suggesting the nearest terms.

    >>> lookup(load_glossary(), "demilitarized zone")["term"]
    'DMZ'
    """
    if not isinstance(term, str) or not term.strip():
        raise CourseInputError(f"Give a glossary term as text, such as 'DMZ', not {term!r}.")
    wanted = term.strip().lower()
    for entry in glossary.to_dict("records"):
        if wanted in (v.lower() for v in term_variants(entry)):
            return entry
    close = difflib.get_close_matches(term, glossary["term"].tolist(), n=3, cutoff=0.5)
    suggestion = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    raise CourseInputError(f"{term!r} is not in the glossary.{suggestion} The terms are listed "
                           "in data/glossary.csv.")


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """*text* as HTML-escaped text with each (start, end) span wrapped in ``<mark>``.

    >>> highlight("A <b> MDL", [(6, 9)])
    'A &lt;b&gt; <mark>MDL</mark>'
    """
    parts, position = [], 0
    for start, end in sorted(spans):
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def term_sentences(text_or_sentences, entry) -> list[tuple[str, list[tuple[int, int]]]]:
    """The sentences that use a glossary entry (its term or a variant), each with the
    (start, end) spans of the occurrences inside that sentence. [] when none does.

    *text_or_sentences* is a text or a list of sentences (str or spaCy spans).

    >>> term_sentences(["He crossed the MDL.", "He ran."], {"term": "MDL", "variants": ""})
    [('He crossed the MDL.', [(15, 18)])]
    """
    items = sentences(text_or_sentences) if isinstance(text_or_sentences, str) else text_or_sentences
    found = []
    for sent in items:
        sent_text = sent if isinstance(sent, str) else sent.text
        spans = find_terms(sent_text, term_variants(entry))
        if spans:
            found.append((sent_text, spans))
    return found


def render_term(text_or_sentences, glossary, term: str) -> str:
    """The explorer's HTML for *term*: its definition, variants, source, and every sentence of
    the text that uses it, with the occurrences highlighted by ``<mark>``.

    >>> page = render_term(["The DMZ is wide.", "No."], load_glossary(), "DMZ")
    >>> "4 km" in page and "<mark>DMZ</mark>" in page and "1 sentence" in page
    True
    """
    entry = lookup(glossary, term)
    uses = term_sentences(text_or_sentences, entry)
    variants = term_variants(entry)[1:]
    head = (f"<p><strong>{html.escape(entry['term'])}</strong>"
            + (f" <em>({html.escape(entry['category'])})</em>" if entry.get("category") else "")
            + f": {html.escape(entry['definition'])}</p>")
    extra = []
    if variants:
        extra.append("Also written: " + "; ".join(html.escape(v) for v in variants))
    if entry.get("source"):
        extra.append("Source: " + html.escape(entry["source"]))
    notes = f"<p style='font-size:90%'>{'<br>'.join(extra)}</p>" if extra else ""
    if uses:
        count = f"Used in {len(uses)} sentence{'s' if len(uses) != 1 else ''} of the text:"
        items = "".join(f"<li>{highlight(s, spans)}</li>" for s, spans in uses)
        body = f"<p>{count}</p><ol>{items}</ol>"
    else:
        body = "<p>Used in 0 sentences of the text: this term does not occur in it.</p>"
    return f"<div>{head}{notes}{body}</div>"


def glossary_explorer(text: str, glossary=None):
    """An interactive glossary: choose a term in a drop-down list, see its definition and every
    sentence of *text* that uses it, highlighted.

    Returns an ipywidgets VBox whose children are the Dropdown (CSS class
    ``ctl-glossary-term``, one option per term, labelled with the term) and an HTML widget
    (class ``ctl-glossary-output``) that starts with the chosen term; they are also
    its attributes ``dropdown`` and ``output``, and ``show(term)`` is the callback. Setting
    ``dropdown.value`` updates ``output.value`` at once, without a browser.

    >>> box = glossary_explorer("The soldier crossed the MDL. The DMZ is wide.")
    >>> box.dropdown.value = "DMZ"
    >>> "<mark>DMZ</mark>" in box.output.value
    True
    """
    import ipywidgets as widgets

    glossary = load_glossary() if glossary is None else glossary
    sents = [s.text for s in sentences(text)]
    # Each option's label is the term itself, so that the output always names what was chosen.
    terms = glossary["term"].tolist()
    dropdown = widgets.Dropdown(options=terms, value=terms[0], description="Term:")
    dropdown.add_class(DROPDOWN_CLASS)
    output = widgets.HTML()
    output.add_class(OUTPUT_CLASS)

    def show(term: str) -> str:
        output.value = render_term(sents, glossary, term)
        return output.value

    dropdown.observe(lambda change: show(change["new"]), names="value")
    show(dropdown.value)
    box = widgets.VBox([dropdown, output])
    box.add_class("ctl-glossary")
    box.dropdown, box.output, box.show = dropdown, output, show
    return box
