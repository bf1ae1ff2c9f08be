"""Two readings of one event side by side: :func:`compare`.

What differs between two reports: the entities one names and the other does not (by canonical
group: "UNC" and "United Nations Command" are one), the numbers attached to the same noun
("at least five" times vs "five" times), the dates after normalisation ("on Wednesday" and
"22 November" are the same day once resolved), and the sources each one cites.

>>> a = read_article("Police said two people were hurt on Monday.", published="2024-03-06")
>>> b = read_article("Three people were hurt on 4 March, the mayor said.", published="2024-03-06")
>>> c = compare(a, b)
>>> c.numbers[["noun", "a", "b", "status"]].values.tolist()
[['people', 'two', 'Three', 'different']]
>>> c.dates[["value", "a", "b", "status"]].values.tolist()
[['2024-03-04', 'Monday', '4 March', 'same date, worded differently']]
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd

from utils.errors import CourseInputError
from utils.report.reading import ArticleReading, read_article


def _reading(value: Any, which: str) -> ArticleReading:
    if isinstance(value, ArticleReading):
        return value
    if isinstance(value, str):
        return read_article(value)
    raise CourseInputError(f"compare() takes two readings made by read_article(...) (or two "
                           f"texts); {which} is {type(value).__name__}.")


def _same(a: str, b: str) -> bool:
    from utils.entities import _same_entity  # the rule canonical_entities groups by

    return _same_entity(a, b)


def _groups_match(a_row, b_row) -> bool:
    """Two canonical groups are one entity when one form of each names the same thing (labels
    may differ: the model can call one name ORG in one text and GPE in the other)."""
    forms_a = [a_row.entity, *str(a_row.forms).split("; ")]
    forms_b = [b_row.entity, *str(b_row.forms).split("; ")]
    return any(_same(x, y) for x in forms_a for y in forms_b)


# Names, not numbers: dates, times and quantities are compared after normalisation instead.
NAME_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
               "LAW", "LANGUAGE")


def compare_entities(a: ArticleReading, b: ArticleReading) -> pd.DataFrame:
    """One row per canonical entity (a name: see :data:`NAME_LABELS`) of either reading:
    entity, label, mentions in a and b, and ``status`` ("both", "only in a", "only in b")."""
    rows, used = [], set()
    names_a = a.entity_groups[a.entity_groups["label"].isin(NAME_LABELS)]
    groups_b = list(b.entity_groups[b.entity_groups["label"].isin(NAME_LABELS)].itertuples())
    for row in names_a.itertuples():
        match = next((j for j, other in enumerate(groups_b)
                      if j not in used and _groups_match(row, other)), None)
        if match is None:
            rows.append({"entity": row.entity, "label": row.label, "a": row.mentions, "b": 0,
                         "status": "only in a"})
        else:
            used.add(match)
            other = groups_b[match]
            name = row.entity if len(row.entity) >= len(other.entity) else other.entity
            rows.append({"entity": name, "label": row.label, "a": row.mentions,
                         "b": other.mentions, "status": "both"})
    for j, other in enumerate(groups_b):
        if j not in used:
            rows.append({"entity": other.entity, "label": other.label, "a": 0,
                         "b": other.mentions, "status": "only in b"})
    return pd.DataFrame(rows, columns=["entity", "label", "a", "b", "status"])


def _as_written(table: pd.DataFrame, noun: str) -> str:
    return "; ".join(dict.fromkeys(table.loc[table["noun"] == noun, "as_written"]))


def compare_numbers(a: ArticleReading, b: ArticleReading) -> pd.DataFrame:
    """Numbers that count the same noun in both readings (see ``numbers_by_noun``): noun, the
    numbers as written in a and in b, and ``status``: "different", "same number, worded
    differently" (e.g. "at least five" and "five"), "partly the same" (one gives more
    numbers for that noun), "same", "only in a", "only in b"."""
    from utils.report.numbers import numbers_by_noun

    na, nb = numbers_by_noun(a.doc), numbers_by_noun(b.doc)
    rows = []
    for noun in dict.fromkeys([*na["noun"], *nb["noun"]]):
        va = set(na.loc[na["noun"] == noun, "number"])
        vb = set(nb.loc[nb["noun"] == noun, "number"])
        wa, wb = _as_written(na, noun), _as_written(nb, noun)
        if not va or not vb:
            status = "only in a" if va else "only in b"
        elif not va & vb:
            status = "different"
        elif va != vb:
            status = "partly the same"
        elif {w.lower() for w in wa.split("; ")} != {w.lower() for w in wb.split("; ")}:
            status = "same number, worded differently"
        else:
            status = "same"
        rows.append({"noun": noun, "a": wa, "b": wb, "status": status})
    order = {"different": 0, "same number, worded differently": 1, "partly the same": 2,
             "only in a": 3, "only in b": 4, "same": 5}
    table = pd.DataFrame(rows, columns=["noun", "a", "b", "status"])
    return table.sort_values("status", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def compare_dates(a: ArticleReading, b: ArticleReading) -> pd.DataFrame:
    """The DATE and TIME values of both readings after normalisation: value, the expressions
    in a and in b, and ``status`` ("same date, worded differently", "same", "only in a",
    "only in b"; "not resolved" for a partial value with an X, which names no date to
    compare)."""
    def values(reading: ArticleReading) -> dict[str, list[str]]:
        table = reading.times
        found: dict[str, list[str]] = {}
        if len(table):
            for row in table[table["type"].isin(["DATE", "TIME"])].itertuples():
                found.setdefault(str(row.value), []).append(row.text)
        return found

    va, vb = values(a), values(b)
    rows = []
    for value in sorted(set(va) | set(vb)):
        ta, tb = "; ".join(dict.fromkeys(va.get(value, []))), "; ".join(dict.fromkeys(vb.get(value, [])))
        if "X" in value or not value:
            status = "not resolved (give both a publication date)"
        elif ta and tb:
            status = "same" if ta.lower() == tb.lower() else "same date, worded differently"
        else:
            status = "only in a" if ta else "only in b"
        rows.append({"value": value, "a": ta, "b": tb, "status": status})
    return pd.DataFrame(rows, columns=["value", "a", "b", "status"])


def _source_key(source: str) -> str:
    from utils.entities import _normal

    return _normal(source)


def _sources_match(x: str, y: str) -> bool:
    x, y = _source_key(x), _source_key(y)
    if _same(x, y):
        return True
    wx, wy = x.split(), y.split()
    return bool(wx and wy) and wx[-1][:1].isupper() and wx[-1] == wy[-1]  # "Carroll" / "Col. Chad Carroll"


def compare_sources(a: ArticleReading, b: ArticleReading) -> pd.DataFrame:
    """The sources each reading cites (attributions, pronouns left out): source, statements
    in a and in b, and ``status`` ("both", "only in a", "only in b")."""
    def counts(reading: ArticleReading) -> dict[str, int]:
        table = reading.attributions
        table = table[table["source_kind"] != "pronoun"]
        found: dict[str, int] = {}
        for source in table["source"]:
            key = next((k for k in found if _sources_match(k, source)), source)
            found[key] = found.get(key, 0) + 1
        return found

    ca, cb = counts(a), counts(b)
    rows, used = [], set()
    for source, n in ca.items():
        match = next((k for k in cb if k not in used and _sources_match(source, k)), None)
        if match:
            used.add(match)
        rows.append({"source": source if match is None or len(source) >= len(match) else match,
                     "a": n, "b": cb.get(match, 0), "status": "both" if match else "only in a"})
    rows += [{"source": k, "a": 0, "b": n, "status": "only in b"} for k, n in cb.items()
             if k not in used]
    return pd.DataFrame(rows, columns=["source", "a", "b", "status"])


@dataclass
class Comparison:
    """Two readings side by side (made by :func:`compare`); *a* and *b* are the readings."""

    a: ArticleReading
    b: ArticleReading
    entities: pd.DataFrame
    numbers: pd.DataFrame
    dates: pd.DataFrame
    sources: pd.DataFrame

    def only_in(self, which: str) -> list[str]:
        """The entities only one reading names: ``only_in("a")`` or ``only_in("b")``."""
        if which not in ("a", "b"):
            raise CourseInputError('only_in() takes "a" or "b".')
        table = self.entities
        return table.loc[table["status"] == f"only in {which}", "entity"].tolist()

    def summary(self) -> str:
        """A short plain-text account of the differences."""
        n = self.numbers
        d = self.dates
        lines = [f"a: {self.a.name}", f"b: {self.b.name}",
                 f"Entities only in a: {', '.join(self.only_in('a')) or 'none'}.",
                 f"Entities only in b: {', '.join(self.only_in('b')) or 'none'}."]
        diff = n[n["status"].isin(["different", "same number, worded differently",
                                  "partly the same"])]
        lines.append("Numbers that differ: " + ("; ".join(
            f"{r.noun}: {r.a!r} vs {r.b!r}" for r in diff.itertuples()) or "none") + ".")
        lines.append("Dates in only one of them: " + (", ".join(
            f"{r.value} ({r.a or r.b}, only in {'a' if r.a else 'b'})"
            for r in d[d["status"].str.startswith("only")].itertuples()) or "none") + ".")
        s = self.sources
        lines.append(f"Sources cited by a: {', '.join(s.loc[s['a'] > 0, 'source']) or 'none'}.")
        lines.append(f"Sources cited by b: {', '.join(s.loc[s['b'] > 0, 'source']) or 'none'}.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        def block(title: str, table: pd.DataFrame) -> str:
            shown = table.rename(columns={"a": f"a: {self.a.name[:40]}", "b": f"b: {self.b.name[:40]}"})
            return (f"<h4>{html.escape(title)}</h4>"
                    + (shown.to_html(index=False, escape=True) if len(shown) else "<p>None.</p>"))

        return ("<div class='ctl-compare'>"
                + block("Entities (by canonical group)", self.entities)
                + block("Numbers attached to the same noun", self.numbers)
                + block("Dates after normalisation", self.dates)
                + block("Sources cited", self.sources) + "</div>")


def compare(a: Any, b: Any) -> Comparison:
    """Compare two readings (from :func:`read_article`) of one event: entities, numbers,
    dates and sources. Give both readings a publication date, so that their dates can be
    compared after normalisation."""
    a, b = _reading(a, "a"), _reading(b, "b")
    return Comparison(a=a, b=b, entities=compare_entities(a, b), numbers=compare_numbers(a, b),
                      dates=compare_dates(a, b), sources=compare_sources(a, b))
