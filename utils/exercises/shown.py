"""What the notebooks show: the tables, small cases and texts of the exercises (shipped everywhere).

The notebooks import these from here, not from the definitions of the exercises
(``utils/exercises/nb0*.py``), which a classroom copy does not ship (they hold the answers).
Nothing here is an answer: each is material the notebook displays, from which the learner
works the answer out (a table of reports, a small case to score by hand, a practice text), or a
tool that measures the learner's own answer (:func:`score_with_rule`).

>>> sorted(shown_texts())
['practice_text', 'second_practice_text']
"""
from __future__ import annotations

import math

import pandas as pd

from utils.entities import Entity

# --- Notebook 01: how many times the soldier was hit, report by report ------------------------------

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


def hit_report_table() -> pd.DataFrame:
    """How many times the soldier was hit, report by report (event-facts.md, "Where reports
    disagree"): what each says, and the range of counts it allows.

    >>> int(hit_report_table().set_index("report").loc["USA Today", "at_least"])
    4
    """
    return pd.DataFrame(HIT_REPORTS, columns=["report", "says", "at_least", "at_most"])


# --- Notebook 02: a small case for computing precision and recall by hand ---------------------------

SMALL_TEXT = "Col. Chad Carroll said the KPA fired across the MDL near Panmunjom."


def _span(text: str, label: str) -> Entity:
    start = SMALL_TEXT.index(text)
    return Entity(start, start + len(text), label, text)


SMALL_GOLD = [_span("Chad Carroll", "PERSON"), _span("KPA", "ORG"), _span("MDL", "LOC"),
              _span("Panmunjom", "GPE")]
SMALL_PRED = [_span("Col. Chad Carroll", "PERSON"), _span("KPA", "ORG"), _span("MDL", "ORG")]


def small_case_table() -> pd.DataFrame:
    """The small case side by side: each gold entity and each prediction, with offsets.

    >>> small_case_table()["source"].value_counts().to_dict()
    {'gold': 4, 'model': 3}
    """
    rows = [{"source": "gold", "text": e.text, "label": e.label, "start": e.start, "end": e.end}
            for e in SMALL_GOLD]
    rows += [{"source": "model", "text": e.text, "label": e.label, "start": e.start, "end": e.end}
             for e in SMALL_PRED]
    return pd.DataFrame(rows)


def _triples(entities) -> set[tuple[int, int, str]]:
    """Entities (or (start, end, label) sequences) as a set of (start, end, label).

    >>> sorted(_triples([(0, 3, "ORG"), (0, 3, "ORG")]))
    [(0, 3, 'ORG')]
    """
    return {(int(e[0]), int(e[1]), str(e[2])) for e in entities}


def small_sets() -> tuple[set, set]:
    """The small case as two sets of (start, end, label): (predicted, gold).

    >>> predicted, gold = small_sets()
    >>> len(predicted), len(gold)
    (3, 4)
    """
    return _triples(SMALL_PRED), _triples(SMALL_GOLD)


# --- Notebook 03: the development set's scores with the learner's own rule row -----------------------

class _Note(str):
    """A sentence shown as plain text in a notebook (no quotes around it)."""

    def __repr__(self) -> str:
        return str(self)


def score_with_rule(name: str = "fortnight_rule"):
    """The development set's scores without and with the learner's new rule row.

    Reads the row from the notebook by its variable *name*, as ``check()`` reads an answer, so
    that "Run All" works before the exercise is answered (it then says what to do). Returns a
    table (rows: the TempEval-3 figures; columns: without, with your rule, change) or a note.

    >>> print(score_with_rule("no_such_variable"))
    Write your rule in `no_such_variable` first (a dict, exercise 03-fortnight-rule), run its check, then run this cell again.
    """
    import inspect

    from utils.errors import CourseInputError
    from utils.exercises.open_checks import misses_keys, with_row
    from utils.timex.score import score_devset

    frame = inspect.currentframe().f_back
    try:
        row = {**frame.f_globals, **frame.f_locals}.get(name, ...)
    finally:
        del frame
    if not isinstance(row, dict) or misses_keys(row):
        return _Note(f"Write your rule in `{name}` first (a dict, exercise 03-fortnight-rule), "
                     "run its check, then run this cell again.")
    try:
        with_rule = score_devset(rules=with_row(row))
    except CourseInputError as problem:
        return _Note(f"Your rule cannot be used yet: {problem}")
    without = score_devset()
    figures = ["value_f1", "relaxed_f1", "strict_f1", "value_accuracy", "n_matched"]
    table = pd.DataFrame({"without": [without[f] for f in figures],
                          "with your rule": [with_rule[f] for f in figures]}, index=figures)
    table["change"] = table["with your rule"] - table["without"]
    return table.round(3)


# --- Notebook 05: the practice texts (invented for the notebook) ------------------------------------

PUBLISHED = "2024-05-08"  # the notional publication date of every exercise text (a Wednesday)
# Shown in the notebook, to try a function on before checking it (invented for the notebook).
PRACTICE_TEXT = (
    "Bridge Reopens After Repairs\n\n"
    "The old bridge over the river reopened on Monday after eight months of repairs, the city "
    "said. About 9,000 cars a day are expected to cross it.\n\n"
    "\"It is safer than it has ever been,\" said engineer Kofi Mensah. Two lanes will stay "
    "closed until June, according to the transport office."
)
SECOND_PRACTICE_TEXT = (
    "Bridge Traffic Returns\n\n"
    "Drivers crossed the old bridge again on Monday. The mayor, Anna Berg, said the repairs had "
    "cost the city more than planned, and the transport office said three lanes were open."
)


def shown_texts() -> dict[str, str]:
    """The exercise texts the notebook shows (the self-study and hidden ones are not shown).

    >>> sorted(shown_texts())
    ['practice_text', 'second_practice_text']
    """
    return {"practice_text": PRACTICE_TEXT, "second_practice_text": SECOND_PRACTICE_TEXT}


__all__ = ["HIT_REPORTS", "hit_report_table", "SMALL_TEXT", "SMALL_GOLD", "SMALL_PRED",
           "small_case_table", "small_sets", "score_with_rule", "PUBLISHED", "PRACTICE_TEXT",
           "SECOND_PRACTICE_TEXT", "shown_texts"]
