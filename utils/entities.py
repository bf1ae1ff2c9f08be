"""Named entities: find them, measure them against a gold annotation, group them by who is who.

Four concerns, in the order notebook 02 teaches them:

1. **Find** -- :func:`entity_table` lists what spaCy's NER finds (one text, a ``Doc``, or many
   texts through ``nlp.pipe``); :func:`show_entities` highlights them with displaCy and
   :func:`entity_explorer` lets a learner choose the labels shown.
2. **Measure** -- :func:`load_gold` reads and validates a gold annotation; :func:`evaluate`
   scores predictions against it (precision, recall, F1, overall and per label) and sorts every
   error into *missed*, *spurious*, *wrong label* or *wrong boundary*.
3. **Improve** -- the ``surname_consistency`` pipeline component (added by
   ``utils.nlp.get_nlp(domain_rules=True)`` after the EntityRuler and the NER) gives a lone
   surname or given name the PERSON label of the full name it repeats.
4. **Who is who** -- :func:`canonical_entities` groups the mentions of one entity (an acronym and
   its long form, a surname and the full name, a name the text gives to a description).

>>> table = entity_table("Col. Chad Carroll spoke in Seoul.")
>>> list(table["text"])
['Chad Carroll', 'Seoul']
>>> result = evaluate([(0, 5, "GPE")], [(0, 5, "GPE"), (9, 14, "ORG")])
>>> round(result.precision, 2), round(result.recall, 2)
(1.0, 0.5)
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from utils.errors import CourseInputError, require_text
from utils.paths import DATA_DIR

GOLD_PATH = DATA_DIR / "entities_gold.jsonl"
TABLE_COLUMNS = ["text", "label", "explanation", "start", "end", "sentence"]
ERROR_KINDS = ["missed", "spurious", "wrong label", "wrong boundary"]
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# 1. Find
# --------------------------------------------------------------------------------------------

def _check_text(text: Any, what: str = "The text") -> str:
    from utils.text import check_text  # the series' one input check (HTML, length, English)

    return check_text(text, what, english=True, accepts="a string or a spaCy Doc")


def _pipeline(nlp=None, domain_rules: bool = False):
    if nlp is not None:
        return nlp
    from utils.nlp import get_nlp

    return get_nlp(domain_rules=domain_rules)


def _rows(doc: Doc) -> list[dict[str, Any]]:
    import spacy

    return [{"text": ent.text, "label": ent.label_,
             "explanation": spacy.explain(ent.label_) or "",
             "start": ent.start_char, "end": ent.end_char,
             "sentence": ent.sent.text.strip() if doc.has_annotation("SENT_START") else ""}
            for ent in doc.ents]


def entity_table(data: str | Doc | Iterable[str | Doc], *, nlp=None,
                 domain_rules: bool = False) -> pd.DataFrame:
    """One row per entity: text, label, ``spacy.explain`` of the label, start, end, sentence.

    *data* is a text, a spaCy ``Doc`` (used as it is), or a list of texts/Docs; many texts go
    through ``nlp.pipe`` in one batch and the table gets a first column ``doc`` (the text's
    position in the list). *nlp* defaults to ``get_nlp(domain_rules=domain_rules)``.
    An empty list gives an empty table; an empty text, ``None`` or bytes raise
    :class:`CourseInputError`.

    >>> entity_table("Reuters reported from Seoul.")[["text", "label", "start"]].values.tolist()
    [['Reuters', 'ORG', 0], ['Seoul', 'GPE', 22]]
    >>> list(entity_table(["Seoul.", "Reuters."])["doc"])
    [0, 1]
    """
    if isinstance(data, Doc):
        _check_text(data.text, "The Doc's text")
        return pd.DataFrame(_rows(data), columns=TABLE_COLUMNS)
    if isinstance(data, str) or data is None or isinstance(data, bytes):
        doc = _pipeline(nlp, domain_rules)(_check_text(data))
        return pd.DataFrame(_rows(doc), columns=TABLE_COLUMNS)
    if isinstance(data, pd.Series):
        data = data.tolist()
    if not isinstance(data, (list, tuple)) and not hasattr(data, "__iter__"):
        raise CourseInputError(f"entity_table() takes a text, a Doc or a list of texts, not "
                               f"{type(data).__name__}.")
    items = list(data)
    texts = []
    for i, item in enumerate(items):
        if not isinstance(item, Doc):
            _check_text(item, f"Text number {i} in the list")
        else:
            _check_text(item.text, f"Doc number {i} in the list")
        texts.append(item)
    pipeline = _pipeline(nlp, domain_rules) if any(not isinstance(t, Doc) for t in texts) else None
    raw = [t for t in texts if not isinstance(t, Doc)]
    parsed = iter(pipeline.pipe(raw)) if pipeline is not None else iter(())
    rows = []
    for i, item in enumerate(texts):
        doc = item if isinstance(item, Doc) else next(parsed)
        rows.extend({"doc": i, **row} for row in _rows(doc))
    return pd.DataFrame(rows, columns=["doc", *TABLE_COLUMNS])


def label_counts(table: pd.DataFrame) -> pd.Series:
    """How many entities of each label a table from :func:`entity_table` has, most first.

    >>> label_counts(entity_table("Reuters and CNN reported from Seoul.")).to_dict()
    {'ORG': 2, 'GPE': 1}
    """
    if not isinstance(table, pd.DataFrame) or "label" not in table.columns:
        raise CourseInputError("label_counts() takes the table made by entity_table(...).")
    counts = table["label"].value_counts()
    counts.index.name = "label"
    return counts.rename("entities")


def plot_label_counts(table: pd.DataFrame, title: str = "Entities by label"):
    """A horizontal bar chart of :func:`label_counts`; returns ``(fig, alt)`` for ``show``.

    >>> fig, alt = plot_label_counts(entity_table("Reuters and CNN reported from Seoul."))
    >>> alt
    'Horizontal bar chart of 3 entities by label: ORG 2, GPE 1.'
    """
    import matplotlib.pyplot as plt

    from utils.figures import OKABE_ITO

    counts = label_counts(table)
    fig, ax = plt.subplots(figsize=(6, 0.45 * max(len(counts), 2) + 1))
    ax.barh(list(counts.index)[::-1], list(counts.values)[::-1], color=OKABE_ITO[0])
    for y, value in enumerate(list(counts.values)[::-1]):
        ax.text(value, y, f" {value}", va="center")
    ax.set_xlabel("number of entities")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    parts = ", ".join(f"{label} {n}" for label, n in counts.items())
    alt = f"Horizontal bar chart of {int(counts.sum())} entities by label: {parts}."
    return fig, alt


def render_entities(doc: Doc, labels: Iterable[str] | None = None) -> str:
    """displaCy's highlighted text as HTML, showing only *labels* (default: every label).

    >>> from utils.nlp import get_nlp
    >>> "Seoul" in render_entities(get_nlp()("Reuters reported from Seoul."), ["GPE"])
    True
    """
    from spacy import displacy

    if not isinstance(doc, Doc):
        raise CourseInputError("render_entities() takes a spaCy Doc: doc = nlp(text).")
    from utils.figures import ENTITY_COLOURS

    options: dict[str, Any] = {"colors": ENTITY_COLOURS}
    if labels is not None:
        options["ents"] = list(labels)
    return displacy.render(doc, style="ent", options=options, jupyter=False)


def describe_entities(doc: Doc, labels: Iterable[str] | None = None) -> str:
    """A text alternative for displaCy's picture: how many entities of which labels.

    >>> from utils.nlp import get_nlp
    >>> describe_entities(get_nlp()("Reuters and CNN reported from Seoul."))
    'The text is shown with 3 entities highlighted: 2 ORG, 1 GPE. The first are: Reuters (ORG), CNN (ORG), Seoul (GPE).'
    """
    chosen = None if labels is None else set(labels)
    ents = [e for e in doc.ents if chosen is None or e.label_ in chosen]
    if not ents:
        return "The text is shown with no entity highlighted."
    counts = Counter(e.label_ for e in ents).most_common()
    first = ", ".join(f"{e.text} ({e.label_})" for e in ents[:5])
    return (f"The text is shown with {len(ents)} entities highlighted: "
            + ", ".join(f"{n} {label}" for label, n in counts) + f". The first are: {first}.")


def show_entities(doc: Doc, labels: Iterable[str] | None = None) -> None:
    """Display the highlighted text in a notebook, then print its text alternative."""
    from IPython.display import HTML, display

    display(HTML(render_entities(doc, labels)))
    print("Text alternative:", describe_entities(doc, labels))


def explorer_html(doc: Doc, labels: Iterable[str]) -> str:
    """What the explorer shows for a choice of labels: highlighted text, then the table.

    >>> from utils.nlp import get_nlp
    >>> "No label is chosen" in explorer_html(get_nlp()("Seoul."), [])
    True
    """
    labels = list(labels)
    if not labels:
        return ("<p><strong>No label is chosen.</strong> Select one or more labels "
                "(Ctrl/Cmd + click selects several).</p>")
    table = entity_table(doc)
    table = table[table["label"].isin(labels)]
    return (render_entities(doc, labels)
            + f"<p><em>Text alternative:</em> {html.escape(describe_entities(doc, labels))}</p>"
            + table.drop(columns=["sentence"]).to_html(index=False, escape=True))


def entity_explorer(doc: Doc):
    """An ipywidgets explorer: choose labels, and the highlighted text and the table update.

    The label chooser (a ``SelectMultiple``) has the CSS class ``ctl-entity-labels``; the output
    (an ``HTML`` widget) has ``ctl-entity-output``. Testable without a browser:

    >>> from utils.nlp import get_nlp
    >>> box = entity_explorer(get_nlp()("Reuters reported from Seoul."))
    >>> chooser, output = box.children
    >>> "ORG" in output.value
    True
    >>> chooser.value = ("GPE",)
    >>> "GPE" in output.value and "ORG" not in output.value
    True
    """
    import ipywidgets as widgets

    if not isinstance(doc, Doc):
        raise CourseInputError("entity_explorer() takes a spaCy Doc: doc = nlp(text).")
    labels = [label for label, _ in Counter(e.label_ for e in doc.ents).most_common()]
    chooser = widgets.SelectMultiple(options=labels, value=tuple(labels), rows=min(len(labels), 8) or 1,
                                     description="Labels", tooltip="Choose the labels to show")
    chooser.add_class("ctl-entity-labels")
    output = widgets.HTML(value=explorer_html(doc, labels))
    output.add_class("ctl-entity-output")

    def update(change) -> None:
        output.value = explorer_html(doc, change["new"])

    chooser.observe(update, names="value")
    return widgets.VBox([chooser, output])


# --------------------------------------------------------------------------------------------
# 2. Measure
# --------------------------------------------------------------------------------------------

class Entity(NamedTuple):
    """One entity as character offsets, a label and (where known) its text."""

    start: int
    end: int
    label: str
    text: str | None = None


def validate_gold(entities: Iterable[dict[str, Any]], text: str, source: str = "gold") -> list[Entity]:
    """Check a gold annotation against its text: offsets land on the stated strings, no overlaps.

    >>> validate_gold([{"start": 0, "end": 5, "label": "GPE", "text": "Seoul"}], "Seoul is big.")
    [Entity(start=0, end=5, label='GPE', text='Seoul')]
    """
    text = _check_text(text)
    checked: list[Entity] = []
    for number, item in enumerate(entities, start=1):
        where = f"{source}, entity {number}"
        if not isinstance(item, dict) or not {"start", "end", "label"} <= set(item):
            raise CourseInputError(f"{where}: each entity needs 'start', 'end' and 'label' "
                                   f"(and should have 'text'), got {item!r}.")
        start, end, label = item["start"], item["end"], item["label"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise CourseInputError(f"{where}: 'start' and 'end' must be whole numbers, got "
                                   f"{start!r} and {end!r}.")
        if not 0 <= start < end <= len(text):
            raise CourseInputError(f"{where}: the offsets {start}-{end} are outside the text "
                                   f"(0-{len(text)}) or empty. Fix 'start'/'end'.")
        if not isinstance(label, str) or not label:
            raise CourseInputError(f"{where}: 'label' must be a label such as 'ORG'.")
        found = text[start:end]
        if "text" in item and item["text"] != found:
            raise CourseInputError(f"{where}: the offsets {start}-{end} point at {found!r}, "
                                   f"not at the stated text {item['text']!r}. Fix the offsets "
                                   "(count characters from 0) or the text.")
        checked.append(Entity(start, end, label, found))
    checked.sort()
    for a, b in zip(checked, checked[1:]):
        if b.start < a.end:
            raise CourseInputError(f"{source}: the entities {a.text!r} ({a.start}-{a.end}) and "
                                   f"{b.text!r} ({b.start}-{b.end}) overlap. A gold annotation "
                                   "marks each character at most once.")
    return checked


def load_gold(path: str | Path | None = None, text: str | None = None) -> list[Entity]:
    """Read a gold annotation (JSON lines: start, end, label, text) and validate it.

    By default: ``data/entities_gold.jsonl`` checked against the article's text.

    >>> gold = load_gold()
    >>> gold[0]
    Entity(start=55, end=67, label='NORP', text='North Korean')
    """
    file = Path(path) if path is not None else GOLD_PATH
    if text is None:
        from utils.text import load_article

        text = load_article().text
    if not file.exists():
        raise FileNotFoundError(f"Gold file not found: {file}. Restore it with "
                                "`git checkout -- data/entities_gold.jsonl`.")
    items = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except ValueError as exc:
            raise CourseInputError(f"{file.name}, line {number} is not valid JSON: {exc}.") from None
    return validate_gold(items, text, source=file.name)


def _strip_the(ent: Entity) -> Entity:
    if ent.text is None:
        return ent
    match = _LEADING_THE.match(ent.text)
    if not match or match.end() >= len(ent.text):
        return ent
    return Entity(ent.start + match.end(), ent.end, ent.label, ent.text[match.end():])


def as_entities(data: Any, text: str | None = None) -> list[Entity]:
    """Entities from a Doc, a list of Spans, dicts or (start, end, label[, text]) tuples, or a
    table from :func:`entity_table`. *text*, if given, fills in the entities' texts.

    >>> as_entities([(0, 5, "GPE")], text="Seoul is big.")
    [Entity(start=0, end=5, label='GPE', text='Seoul')]
    """
    if data is None:
        raise CourseInputError("The entities are None. Pass a Doc, a list of (start, end, label) "
                               "tuples or dicts, or load_gold().")
    if isinstance(data, (str, bytes)):
        raise CourseInputError("Pass entities (a Doc, or a list of (start, end, label)), not text. "
                               "To score a text, run nlp(text) first.")
    if isinstance(data, Doc):
        data = list(data.ents)
    elif isinstance(data, pd.DataFrame):
        missing = {"start", "end", "label"} - set(data.columns)
        if missing:
            raise CourseInputError(f"The table lacks the columns {sorted(missing)}.")
        data = data.to_dict("records")
    out = []
    for item in data:
        if isinstance(item, Span):
            ent = Entity(item.start_char, item.end_char, item.label_, item.text)
        elif isinstance(item, dict):
            ent = Entity(int(item["start"]), int(item["end"]), str(item["label"]), item.get("text"))
        elif isinstance(item, (tuple, list)) and len(item) in (3, 4):
            ent = Entity(int(item[0]), int(item[1]), str(item[2]),
                         item[3] if len(item) == 4 else None)
        else:
            raise CourseInputError(f"Cannot read {item!r} as an entity: use (start, end, label), "
                                   "a dict with those keys, or a spaCy Span.")
        if ent.text is None and text is not None:
            ent = ent._replace(text=text[ent.start:ent.end])
        out.append(ent)
    return sorted(out)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Evaluation:
    """The result of :func:`evaluate`: scores overall and per label, and the error table."""

    tp: int
    n_pred: int
    n_gold: int
    per_label: pd.DataFrame
    errors: pd.DataFrame
    strip_the: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.n_pred, self.n_gold)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.n_pred, self.n_gold)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.n_pred, self.n_gold)[2]

    @property
    def fp(self) -> int:
        return self.n_pred - self.tp

    @property
    def fn(self) -> int:
        return self.n_gold - self.tp

    def overall(self) -> dict[str, float]:
        """precision, recall, F1 and the counts, as a dict."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "correct": self.tp, "predicted": self.n_pred, "gold": self.n_gold}

    def error_counts(self) -> dict[str, int]:
        counts = self.errors["kind"].value_counts()
        return {kind: int(counts.get(kind, 0)) for kind in ERROR_KINDS}

    def _repr_html_(self) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.error_counts().items())
        rule = "a leading &quot;the&quot; ignored" if self.strip_the else "strict spans"
        return (f"<p><strong>Precision {self.precision:.3f} · recall {self.recall:.3f} · "
                f"F1 {self.f1:.3f}</strong><br>{self.tp} correct of {self.n_pred} predicted and "
                f"{self.n_gold} gold entities ({rule}). Errors: {html.escape(counts)}.</p>")

    def __repr__(self) -> str:
        return (f"Evaluation(precision={self.precision:.3f}, recall={self.recall:.3f}, "
                f"f1={self.f1:.3f}, correct={self.tp}, predicted={self.n_pred}, "
                f"gold={self.n_gold}, errors={self.error_counts()})")


def evaluate(pred: Any, gold: Any, *, text: str | None = None,
             strip_the: bool = True) -> Evaluation:
    """Score predicted entities against gold ones: exact match of span *and* label.

    *pred* and *gold*: a Doc, a list of Spans, dicts or ``(start, end, label)`` tuples, or an
    :func:`entity_table`. With ``strip_the=True`` (the default, see the guideline in
    ``data/README.md``) a leading "the"/"The" is removed from every span on both sides first,
    so that "the UN Command" and "UN Command" count as the same span; this needs the entities'
    texts (a Doc or dicts with "text" carry them; otherwise pass *text*).

    Precision = correct / predicted, recall = correct / gold, F1 their harmonic mean (0.0 when a
    denominator is 0; 1.0 for all three when both sides are empty). Each error is one row of
    ``.errors``: *wrong label* (same span, other label), *wrong boundary* (overlapping, other
    span), *missed* (a gold entity nothing overlaps), *spurious* (a prediction no gold
    entity overlaps).

    >>> gold = [(0, 5, "GPE"), (10, 17, "ORG"), (20, 23, "LOC")]
    >>> pred = [(0, 5, "GPE"), (10, 17, "PERSON"), (19, 23, "LOC"), (30, 33, "ORG")]
    >>> result = evaluate(pred, gold)
    >>> result.tp, round(result.precision, 2), round(result.recall, 2)
    (1, 0.25, 0.33)
    >>> list(result.errors["kind"])
    ['wrong label', 'wrong boundary', 'spurious']
    """
    pred_ents = as_entities(pred, text)
    gold_ents = as_entities(gold, text)
    if strip_the:
        pred_ents = sorted(_strip_the(e) for e in pred_ents)
        gold_ents = sorted(_strip_the(e) for e in gold_ents)
    gold_by_span = {(g.start, g.end): g for g in gold_ents}
    matched_pred: set[int] = set()
    matched_gold: set[tuple[int, int]] = set()
    for i, p in enumerate(pred_ents):
        g = gold_by_span.get((p.start, p.end))
        if g is not None and g.label == p.label and (g.start, g.end) not in matched_gold:
            matched_pred.add(i)
            matched_gold.add((g.start, g.end))

    def overlaps(a: Entity, b: Entity) -> bool:
        return a.start < b.end and b.start < a.end

    rows: list[dict[str, Any]] = []
    used_pred: set[int] = set(matched_pred)
    for g in gold_ents:
        if (g.start, g.end) in matched_gold:
            continue
        candidates = [i for i, p in enumerate(pred_ents) if i not in matched_pred and overlaps(p, g)]
        same = [i for i in candidates if (pred_ents[i].start, pred_ents[i].end) == (g.start, g.end)]
        if same:
            i, kind = same[0], "wrong label"
        elif candidates:
            fresh = [i for i in candidates if i not in used_pred]
            i, kind = (fresh or candidates)[0], "wrong boundary"
        else:
            i, kind = None, "missed"
        p = pred_ents[i] if i is not None else None
        if i is not None:
            used_pred.add(i)
        rows.append(_error_row(kind, g, p))
    for i, p in enumerate(pred_ents):
        if i in used_pred:
            continue
        touching = [g for g in gold_ents if overlaps(p, g)]
        rows.append(_error_row("wrong boundary" if touching else "spurious",
                               touching[0] if touching else None, p))
    errors = pd.DataFrame(rows, columns=["kind", "gold_text", "gold_label", "pred_text",
                                         "pred_label", "start", "end"])
    errors = errors.sort_values(["start", "kind"], kind="stable").reset_index(drop=True)
    return Evaluation(tp=len(matched_pred), n_pred=len(pred_ents), n_gold=len(gold_ents),
                      per_label=_per_label(pred_ents, gold_ents, matched_pred),
                      errors=errors, strip_the=strip_the)


def _error_row(kind: str, g: Entity | None, p: Entity | None) -> dict[str, Any]:
    anchor = g if g is not None else p
    return {"kind": kind,
            "gold_text": g.text if g else "", "gold_label": g.label if g else "",
            "pred_text": p.text if p else "", "pred_label": p.label if p else "",
            "start": anchor.start, "end": anchor.end}


def _per_label(pred: list[Entity], gold: list[Entity], matched: set[int]) -> pd.DataFrame:
    labels = sorted({e.label for e in pred} | {e.label for e in gold})
    rows = []
    for label in labels:
        tp = sum(1 for i in matched if pred[i].label == label)
        n_pred = sum(1 for e in pred if e.label == label)
        n_gold = sum(1 for e in gold if e.label == label)
        p, r, f = _prf(tp, n_pred, n_gold)
        rows.append({"label": label, "gold": n_gold, "predicted": n_pred, "correct": tp,
                     "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    return pd.DataFrame(rows, columns=["label", "gold", "predicted", "correct", "precision",
                                       "recall", "f1"])


def score_table(results: dict[str, Evaluation]) -> pd.DataFrame:
    """A before/after table: one row per named evaluation, with scores and error counts.

    >>> gold = [(0, 5, "GPE")]
    >>> score_table({"bare": evaluate([], gold), "rules": evaluate(gold, gold)})["f1"].tolist()
    [0.0, 1.0]
    """
    if not isinstance(results, dict) or not results:
        raise CourseInputError("score_table() takes a dict such as {'bare': evaluate(...), ...}.")
    rows = []
    for name, result in results.items():
        row = {"pipeline": name, **{k: round(v, 3) if isinstance(v, float) else v
                                    for k, v in result.overall().items()}}
        row.update(result.error_counts())
        rows.append(row)
    return pd.DataFrame(rows).set_index("pipeline")


# --------------------------------------------------------------------------------------------
# 3. Improve: the domain patterns, and a pipeline component used by get_nlp(domain_rules=True)
# --------------------------------------------------------------------------------------------

# The kinds of name in data/entity_patterns.jsonl, in the order describe_patterns lists them.
PATTERN_KINDS = ["place", "country", "force or command", "government body",
                 "news or photo agency", "law"]
_KIND_HEADINGS = {"place": "places", "country": "the two Koreas",
                  "force or command": "forces and commands", "government body": "government bodies",
                  "news or photo agency": "news and photo agencies", "law": "laws"}


def load_patterns(path: str | Path | None = None, *,
                  kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The EntityRuler patterns of ``data/entity_patterns.jsonl`` (or *path*), optionally only
    those whose ``kind`` is in *kinds*. Each is a dict: label, pattern, kind and maybe id.

    >>> patterns = load_patterns()
    >>> patterns[0]["label"], patterns[0]["kind"]
    ('LOC', 'place')
    >>> {p["kind"] for p in load_patterns(kinds=["law"])}
    {'law'}
    """
    from utils.nlp import DOMAIN_PATTERNS

    file = Path(path) if path is not None else DOMAIN_PATTERNS
    if not file.exists():
        raise FileNotFoundError(f"The patterns file {file} is missing. Restore it with "
                                "`git checkout -- data/entity_patterns.jsonl`.")
    wanted = None if kinds is None else set(kinds)
    if wanted is not None and not wanted <= set(PATTERN_KINDS):
        raise CourseInputError(f"Unknown kind(s) {sorted(wanted - set(PATTERN_KINDS))}; choose "
                               f"from {PATTERN_KINDS}.")
    patterns = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise CourseInputError(f"{file.name}, line {number} is not valid JSON: {exc}.") from None
        if item.get("kind") not in PATTERN_KINDS:
            raise CourseInputError(f"{file.name}, line {number}: 'kind' must be one of "
                                   f"{PATTERN_KINDS}, not {item.get('kind')!r}.")
        if wanted is None or item["kind"] in wanted:
            patterns.append(item)
    return patterns


def pattern_text(pattern: dict[str, Any]) -> str:
    """The words a pattern matches, as text: the phrase itself, or the token texts joined.

    >>> pattern_text({"label": "LOC", "pattern": [{"ORTH": "Han"}, {"LOWER": "river"}]})
    'Han river'
    """
    words = pattern.get("pattern")
    if isinstance(words, str):
        return words
    return " ".join(str(next(iter(token.values()), "")) for token in words)


def describe_patterns(patterns: list[dict[str, Any]] | None = None) -> str:
    """Every pattern, grouped by kind, in one markdown paragraph: what the rules contain,
    generated from the data so that the description cannot leave a pattern out.

    Variants of one entity (same ``id``) are joined with " / ".

    >>> print(describe_patterns([{"label": "LOC", "pattern": "DMZ", "id": "dmz", "kind": "place"},
    ...     {"label": "LOC", "pattern": "Demilitarized Zone", "id": "dmz", "kind": "place"},
    ...     {"label": "ORG", "pattern": "Yonhap", "kind": "news or photo agency"}]))
    **3 patterns.** *Places* (LOC): DMZ / Demilitarized Zone. *News and photo agencies* (ORG): Yonhap.
    """
    patterns = load_patterns() if patterns is None else list(patterns)
    parts = []
    for kind in PATTERN_KINDS:
        chosen = [p for p in patterns if p.get("kind") == kind]
        if not chosen:
            continue
        entities: dict[str, list[str]] = {}
        for i, p in enumerate(chosen):
            entities.setdefault(p.get("id") or f"#{i}", []).append(pattern_text(p))
        labels = ", ".join(dict.fromkeys(p["label"] for p in chosen))
        names = "; ".join(" / ".join(dict.fromkeys(forms)) for forms in entities.values())
        heading = _KIND_HEADINGS[kind]
        parts.append(f"*{heading[0].upper()}{heading[1:]}* ({labels}): {names}.")
    return f"**{len(patterns)} patterns.** " + " ".join(parts)


def nlp_with_patterns(patterns: Iterable[dict[str, Any]], *, phrase_matcher_attr: str = "ORTH",
                      name_consistency: bool = False):
    """A fresh copy of the series' model with an EntityRuler of *patterns* before its NER.

    The model is loaded once and reused: each call replaces the ruler's patterns. For the
    series' own rules use ``get_nlp(domain_rules=True)``; this one is for trying other patterns
    (a subset of the series' ones, or your own). ``phrase_matcher_attr="LOWER"`` ignores case;
    ``name_consistency=True`` adds the ``surname_consistency`` component after the NER.

    >>> nlp = nlp_with_patterns([{"label": "LOC", "pattern": "Han River"}])
    >>> [(e.text, e.label_) for e in nlp("They walked along the Han River.").ents]
    [('Han River', 'LOC')]
    """
    if isinstance(patterns, (str, bytes, dict)) or patterns is None:
        raise CourseInputError("nlp_with_patterns() takes a list of patterns such as "
                               "[{'label': 'LOC', 'pattern': 'DMZ'}].")
    patterns = [{k: v for k, v in p.items() if k in ("label", "pattern", "id")}
                for p in patterns]
    nlp = _fresh_model(phrase_matcher_attr, bool(name_consistency))
    ruler = nlp.get_pipe("own_patterns")
    ruler.clear()
    if patterns:
        ruler.add_patterns(patterns)
        if "own_patterns" in nlp.disabled:
            nlp.enable_pipe("own_patterns")
    elif "own_patterns" not in nlp.disabled:
        nlp.disable_pipe("own_patterns")  # an empty ruler would warn on every text
    return nlp


@lru_cache(maxsize=None)
def _fresh_model(phrase_matcher_attr: str, name_consistency: bool):
    import importlib

    from utils.nlp import resolve_model_name

    nlp = importlib.import_module(resolve_model_name()).load()
    nlp.add_pipe("entity_ruler", name="own_patterns", before="ner",
                 config={"phrase_matcher_attr": phrase_matcher_attr})
    if name_consistency:
        nlp.add_pipe("surname_consistency", name="name_consistency", after="ner")
    return nlp


def _name_words(doc: Doc) -> dict[str, int]:
    """First and last words of multi-word PERSON names -> the token index of the name's end."""
    words: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent.text.split()) >= 2:
            for word in (ent.text.split()[0], ent.text.split()[-1]):
                words.setdefault(word, ent.end)
    return words


# A place the NER found after a word like these is kept a place, even where a person has the
# same name ("Chad Carroll ... flew to Chad", "Michael Jordan visited Jordan").
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PLACE_CUES = {"in", "to", "from", "at", "into", "across", "near", "toward", "towards", "via",
               "visited", "visit", "visits", "visiting", "through", "left", "leave", "leaves"}


def _said_as_place(doc: Doc, ent: Span) -> bool:
    return ent.label_ in _PLACE_LABELS and ent.start > 0 and doc[ent.start - 1].lower_ in _PLACE_CUES


# English words that follow a name and a hyphen without being part of it ("Smith-led").
_COMPOUND_HEADS = {"led", "based", "backed", "born", "era", "style", "owned", "like", "made",
                   "run", "linked", "allied", "type", "esque", "ish", "inspired", "appointed",
                   "controlled", "funded", "aligned", "affiliated", "friendly", "free", "year",
                   "years", "old", "time", "class", "level", "wing", "and", "or"}


def _hyphenated_end(doc: Doc, end: int) -> int:
    """The end of a name whose hyphenated last part the tokenizer split off ("Moon Jae" + "-in")."""
    if (end + 1 < len(doc) and doc[end].text in ("-", "\u2010") and not doc[end - 1].whitespace_
            and not doc[end].whitespace_ and doc[end + 1].is_alpha
            and doc[end + 1].lower_ not in _COMPOUND_HEADS
            and not doc[end + 1].lower_.endswith("ed")):
        return end + 2
    return end


@Language.component("surname_consistency")
def surname_consistency(doc: Doc) -> Doc:
    """One name, one label: a one-word mention that repeats the first or last word of a full
    PERSON name met earlier in the same text ("Chad Carroll" ... "Carroll added") becomes
    PERSON, whether the NER gave it another label or none (a place after "in", "to", "visited"
    ... stays a place: "Chad Carroll ... flew to Chad"); a PERSON name cut at a hyphen ("Moon Jae" of
    "Moon Jae-in") gets its hyphenated part back.

    >>> from utils.nlp import get_nlp
    >>> doc = get_nlp(domain_rules=True)("Col. Chad Carroll spoke. Carroll added that it ended.")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Chad Carroll', 'PERSON'), ('Carroll', 'PERSON')]
    """
    ents, changed = [], False
    for ent in doc.ents:
        end = _hyphenated_end(doc, ent.end) if ent.label_ == "PERSON" else ent.end
        if end != ent.end and not any(e.start < end and ent.end <= e.start for e in doc.ents):
            ents.append(Span(doc, ent.start, end, label="PERSON"))
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
    words = _name_words(doc)
    if not words:
        return doc
    ents, changed = [], False
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if (ent.label_ != "PERSON" and not _said_as_place(doc, ent)
                and len(ent.text.split()) == 1 and ent.text in words
                and words[ent.text] <= ent.start):
            ents.append(Span(doc, ent.start, ent.end, label="PERSON"))
            changed = True
        else:
            ents.append(ent)
    for token in doc:
        # a repeated surname the NER left out ("Park, the former president, ...")
        if (token.i not in taken and token.text in words and words[token.text] <= token.i
                and token.is_title and len(token.text) > 1 and token.pos_ == "PROPN"
                and not (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
                         and doc[token.i + 1].i not in taken)):
            ents.append(Span(doc, token.i, token.i + 1, label="PERSON"))
            changed = True
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


# --------------------------------------------------------------------------------------------
# 4. Who is who
# --------------------------------------------------------------------------------------------

_STOP = {"of", "and", "the", "for", "on", "in"}
# labels a one-word mention has when it is not a person's surname ("Oppenheimer", the film)
_NOT_A_NAME = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT",
               "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
_NAMING_CUES = re.compile(
    r"(?:family name|surname|last name)\s*[,:]?\s+(?:is\s+|was\s+)?([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)"
    r"|\bsurnamed\s+([A-Z][a-z]+)"
    r"|\bidentified (?:only )?as\s+([A-Z][a-z]+)")


def _normal(text: str) -> str:
    text = _LEADING_THE.sub("", text.strip()).replace("’", "'")
    return re.sub(r"(?<=[A-Z])\.", "", text)


def _acronym_letters(word: str) -> str:
    word = _normal(word)
    if word.isupper() and word.isalpha():
        return word
    return word[:1].upper()


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Whether the words *short* can be read as *long* with some words cut to initials."""
    long = [w for w in long if w.lower() not in _STOP]
    short = [w for w in short if w.lower() not in _STOP]
    if not short:
        return not long
    if not long:
        return False
    head = short[0]
    if head.casefold() == long[0].casefold() and _abbreviates(short[1:], long[1:]):
        return True
    if head.isupper() and head.isalpha() and len(head) >= 2:
        letters = ""
        for k, word in enumerate(long, start=1):
            letters += _acronym_letters(word)
            if letters == head and _abbreviates(short[1:], long[k:]):
                return True
            if not head.startswith(letters):
                break
    return False


def _defines_acronym(short: str, long: str) -> bool:
    """Whether "long (short)" defines an acronym: *short* is capitals whose letters are, in
    order, initials of *long*'s words ("North Korean People's Army (KPA)"), not a dateline's
    agency ("SEOUL (Reuters)", "CAIRO (AP)") or a conversion ("6.6 trillion won ($4.9 billion)").

    >>> _defines_acronym("KPA", "North Korean People's Army"), _defines_acronym("AP", "CAIRO")
    (True, False)
    """
    short = _normal(short)
    if not (short.isalpha() and short.isupper() and 2 <= len(short) <= 8):
        return False
    initials = [w[0].upper() for w in _normal(long).replace("-", " ").split() if w[:1].isalpha()]
    if len(initials) < 2 or short[0] not in initials:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in short)


def _same_entity(a: str, b: str) -> bool:
    a, b = _normal(a), _normal(b)
    if a.casefold() == b.casefold():
        return True
    wa, wb = a.replace("-", " ").split(), b.replace("-", " ").split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    return len(wa) < len(wb) and _abbreviates(wa, wb)


def _named_descriptions(doc: Doc) -> list[tuple[str, Span]]:
    """(name, subject) pairs where a sentence gives a name to its subject:
    "The defector ... identified only by his family name, Oh"."""
    pairs = []
    for sent in doc.sents:
        for match in _NAMING_CUES.finditer(sent.text):
            name = next(g for g in match.groups() if g)
            subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                        and t.pos_ in ("NOUN", "PROPN")]
            if subjects:
                root = subjects[0]
                pairs.append((name, doc[root.left_edge.i: root.i + 1]))
    return pairs


class _Groups:
    """Union-find over mention indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def canonical_entities(doc: Doc) -> pd.DataFrame:
    """Group the mentions of one entity; one row per entity, most-mentioned first.

    Mentions are grouped when (1) they are the same name ignoring a leading "the", dots and the
    apostrophe's shape; (2) one is an acronym or a shortening of the other ("KPA" / "Korean
    People's Army", "UN Command" / "United Nations Command"), or the text defines it in brackets
    ("North Korean People's Army (KPA)"); (3) a one-word mention repeats the first or last word
    of a person's full name ("Carroll" / "Chad Carroll"); (4) the text gives a name to a
    description ("The defector ... identified only by his family name, Oh"): the name becomes an
    entity and the definite mentions of that description ("the defector", "the wounded
    defector") count as its mentions. Columns: entity (the longest name), label (the most
    frequent), mentions, forms (the distinct forms, "; "-separated), first (character offset).

    >>> from utils.nlp import get_nlp
    >>> doc = get_nlp(domain_rules=True)("The Korean People's Army (KPA) fired. The KPA denied it.")
    >>> canonical_entities(doc)[["entity", "mentions"]].values.tolist()
    [["Korean People's Army", 3]]
    """
    if not isinstance(doc, Doc):
        raise CourseInputError("canonical_entities() takes a spaCy Doc: doc = nlp(text).")
    mentions: list[dict[str, Any]] = [
        {"text": _LEADING_THE.sub("", e.text) or e.text, "label": e.label_, "start": e.start_char,
         "end": e.end_char, "named": True} for e in doc.ents]
    for name, subject in _named_descriptions(doc):
        for match in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            if not any(m["start"] <= match.start() < m["end"] for m in mentions):
                mentions.append({"text": name, "label": "PERSON", "start": match.start(),
                                 "end": match.end(), "named": True})
        head = subject.root
        for chunk in doc.noun_chunks:
            if chunk.root.lemma_ == head.lemma_ and chunk[0].lower_ == "the":
                mentions.append({"text": chunk.text, "label": "PERSON", "start": chunk.start_char,
                                 "end": chunk.end_char, "named": False, "name": name})
    mentions.sort(key=lambda m: m["start"])
    if not mentions:
        return pd.DataFrame(columns=["entity", "label", "mentions", "forms", "first"])
    groups = _Groups(len(mentions))
    persons = [i for i, m in enumerate(mentions) if m["label"] == "PERSON" and len(m["text"].split()) >= 2]
    for i, a in enumerate(mentions):
        if not a["named"]:
            target = next(j for j, b in enumerate(mentions) if b["named"] and b["text"] == a["name"])
            groups.join(i, target)
            continue
        for j in range(i):
            b = mentions[j]
            if b["named"] and _same_entity(a["text"], b["text"]):
                groups.join(i, j)
        if len(a["text"].split()) == 1 and a["label"] not in _NOT_A_NAME:
            # the full name it repeats; where two people share it ("Kim Jong Un", "Kim Yo
            # Jong"), the one named last before it (or, if none, the first after it)
            full = [j for j in persons if j != i and a["text"] in (
                mentions[j]["text"].split()[0], mentions[j]["text"].split()[-1])]
            before = [j for j in full if mentions[j]["start"] < a["start"]]
            if full:
                groups.join(i, before[-1] if before else full[0])
        following = doc.text[a["end"]:a["end"] + 2]
        if following.startswith(" (") or following.startswith("("):
            for j, b in enumerate(mentions):
                if (b["start"] in (a["end"] + 1, a["end"] + 2)
                        and doc.text[b["end"]:b["end"] + 1] == ")"
                        and _defines_acronym(b["text"], a["text"])):
                    groups.join(i, j)
    clusters: dict[int, list[dict[str, Any]]] = {}
    for i, m in enumerate(mentions):
        clusters.setdefault(groups.find(i), []).append(m)
    rows = []
    for members in clusters.values():
        named = [m for m in members if m["named"]] or members
        labels = Counter(m["label"] for m in named).most_common()
        # the longest form; between equals, one not in capitals ("Tokyo", not the dateline's
        # "TOKYO"), then the first
        best = max(named, key=lambda m: (len(m["text"].replace(".", "")),
                                         not m["text"].isupper(), -m["start"]))
        label = labels[0][0] if len(labels) == 1 or labels[0][1] > labels[1][1] else best["label"]
        if any(m["label"] == "PERSON" for m in named) and any(
                len(m["text"].split()) == 1 for m in named) and best["label"] == "PERSON":
            label = "PERSON"
        forms = list(dict.fromkeys(_normal_form(m["text"]) for m in members))
        rows.append({"entity": _normal_form(best["text"]) if best["named"] else best["name"],
                     "label": label, "mentions": len(members), "forms": "; ".join(forms),
                     "first": min(m["start"] for m in members)})
    table = pd.DataFrame(rows, columns=["entity", "label", "mentions", "forms", "first"])
    return table.sort_values(["mentions", "first"], ascending=[False, True]).reset_index(drop=True)


def _normal_form(text: str) -> str:
    return text.replace("’", "'")


def plot_canonical_entities(table: pd.DataFrame, top: int = 10):
    """Horizontal bars: mentions per canonical entity (the *top* most mentioned), coloured by
    label; returns ``(fig, alt)`` for ``utils.figures.show``."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from utils.figures import OKABE_ITO

    if not isinstance(table, pd.DataFrame) or not {"entity", "mentions", "label"} <= set(table.columns):
        raise CourseInputError("plot_canonical_entities() takes the table of canonical_entities(doc).")
    shown = table.head(top).iloc[::-1]
    labels = list(dict.fromkeys(table.head(top)["label"]))
    colour = {label: OKABE_ITO[i % len(OKABE_ITO)] for i, label in enumerate(labels)}
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(shown), 2) + 1))
    ax.barh(shown["entity"], shown["mentions"], color=[colour[l] for l in shown["label"]])
    for y, value in enumerate(shown["mentions"]):
        ax.text(value, y, f" {value}", va="center")
    ax.set_xlabel("mentions in the text")
    ax.set_title("Who is who: mentions per entity")
    ax.legend(handles=[Patch(color=colour[l], label=l) for l in labels], title="label",
              loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    parts = ", ".join(f"{row.entity} ({row.label}) {row.mentions}"
                      for row in table.head(top).itertuples())
    alt = (f"Horizontal bar chart of mentions per entity, the {len(shown)} most mentioned of "
           f"{len(table)}: {parts}.")
    return fig, alt
