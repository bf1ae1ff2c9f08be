"""Open checks: the public checks of the exercises that many answers pass (shipped everywhere).

Three exercises are *open*: any EntityRuler pattern that fixes one of the bare model's errors
passes ``02-write-pattern``, any list of patterns that finds North Korea's army in every text
passes ``02-army-patterns``, any rule row that teaches the timeline engine the word
"fortnight" passes ``03-fortnight-rule``. A fingerprint of one answer cannot check them, so
their checks compute the verdict from course data that ships anyway (the article, the gold
annotation ``data/entities_gold.jsonl``, the bare spaCy model, the timex rule table and its
development set ``data/timex_dev.tsv``), and hold no answer: no reference solution, no example
of a typical mistake, no hidden-test text.

Each check is written once, here: the full definitions (``utils/exercises/nb02.py`` and
``nb03.py``, teacher side) build their :class:`~utils.exercises.Exercise` from
:data:`OPEN_CHECKS` (adding the examples of the typical mistakes, the hint and the hidden
tests), and a classroom copy's sealed check (:mod:`utils.exercises.sealed`) calls
:func:`evaluate_open` once the answer's type has passed. Both give the same verdict.

>>> evaluate_open("write_pattern", {"words": "DMZ"})[0]
'misconception'
>>> evaluate_open("fortnight_rule", {"id": "my_rule"})[0]
'misconception'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Callable, NamedTuple

import pandas as pd

from utils.entities import Entity, _strip_the, evaluate, load_gold, nlp_with_patterns
from utils.text import load_article


# --- What an open check is ---------------------------------------------------------------------

class Mistake(NamedTuple):
    """A typical mistake of an open exercise: when ``applies(answer)`` is true, ``message`` is
    shown (``accept=True``: a reasoned alternative that passes, with its own message). ``key``
    names it, so that the full definition can give its example answer."""

    key: str
    applies: Callable[[Any], bool]
    message: str
    accept: bool = False


@dataclass(frozen=True)
class OpenCheck:
    """The public check of an open exercise: the verdict logic and the learner-facing messages.

    - ``variable``: the name the learner defines (for the "could not be checked" message).
    - ``is_correct``: the final check (True/False, or a sentence saying what went wrong).
    - ``mistakes``: the typical mistakes, tried in order before ``is_correct``.
    """

    name: str
    variable: str
    is_correct: Callable[[Any], bool | str]
    mistakes: tuple[Mistake, ...] = ()
    explanation: str = ""
    incorrect_message: str = ""
    keys: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(m.key for m in self.mistakes))

    def exercise_fields(self, examples: dict[str, Any]) -> dict[str, Any]:
        """The fields of the full :class:`~utils.exercises.Exercise` that this check defines,
        with the example answer of each typical mistake (by its key; the examples stay in the
        teacher's definitions).

        >>> fields = OPEN_CHECKS["write_pattern"].exercise_fields(
        ...     {key: None for key in OPEN_CHECKS["write_pattern"].keys})
        >>> sorted(fields)
        ['explanation', 'incorrect_message', 'is_correct', 'misconceptions', 'open_check']
        """
        from utils.exercises import Misconception

        if set(examples) != set(self.keys):
            raise ValueError(f"The open check {self.name!r} needs one example for each of its "
                             f"typical mistakes {list(self.keys)}; got {sorted(examples)}.")
        return {"open_check": self.name, "is_correct": self.is_correct,
                "misconceptions": tuple(Misconception(m.applies, m.message,
                                                      example=examples[m.key], accept=m.accept)
                                        for m in self.mistakes),
                "explanation": self.explanation, "incorrect_message": self.incorrect_message}




def evaluate_open(name: str, answer: Any) -> tuple[str, str]:
    """(status, message) of the open check *name* on *answer*, whose type has been checked:
    the same as the full check (:func:`utils.checking.evaluate_answer`) after its type stages.

    >>> evaluate_open("army_patterns", [{"words": "KPA"}])[0]
    'misconception'
    """
    from utils.checking import judge

    check = OPEN_CHECKS[name]
    return judge(answer, name=f"`{check.variable}`", mistakes=check.mistakes,
                 is_correct=check.is_correct, explanation=check.explanation,
                 incorrect_message=check.incorrect_message)


# --- The article, its gold annotation and the bare model -----------------------------------------

@lru_cache(maxsize=None)
def bare_doc():
    """The article as the bare spaCy model reads it (no domain rules)."""
    from utils.nlp import get_nlp

    return get_nlp()(load_article().text)


@lru_cache(maxsize=None)
def bare_score():
    """The bare model's score on the article against the gold annotation."""
    return evaluate(bare_doc(), load_gold())


def _entity(span) -> Entity:
    return _strip_the(Entity(span.start_char, span.end_char, span.label_, span.text))


def gold_set() -> set[Entity]:
    """The gold entities of the article (without a leading "the")."""
    return {_strip_the(e) for e in load_gold()}


def bare_set() -> set[Entity]:
    """The entities the bare model finds in the article (without a leading "the")."""
    return {_entity(e) for e in bare_doc().ents}


# --- 02-write-pattern: one EntityRuler pattern that fixes an error ------------------------------

def pattern_matches(pattern: dict) -> list[Entity]:
    """The entities one EntityRuler pattern alone finds in the article (tokenizer only).

    >>> [e.text for e in pattern_matches({"label": "GPE", "pattern": "South Korea"})][:1]
    ['South Korea']
    """
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": pattern["label"], "pattern": pattern["pattern"]}])
    return [_entity(e) for e in nlp(load_article().text).ents]


def fixes_an_error(pattern: dict) -> bool:
    """The pattern finds something, only gold entities, and at least one the bare model misses
    or mislabels."""
    matches = pattern_matches(pattern)
    gold, bare = gold_set(), bare_set()
    return bool(matches) and all(m in gold for m in matches) and any(m not in bare for m in matches)


def lacks_label_or_pattern(pattern: dict) -> bool:
    """The dict is not a pattern: it lacks the key "label" or "pattern"."""
    return not {"label", "pattern"} <= set(pattern)


def has_offsets(pattern: dict) -> bool:
    """The pattern carries character offsets, as if it were tied to one text."""
    return bool({"start", "end", "offset", "start_char"} & set(pattern))


def adds_nothing(pattern: dict) -> bool:
    """The pattern only finds entities the bare model already finds, right ("Seoul")."""
    matches = pattern_matches(pattern)
    return bool(matches) and all(m in bare_set() for m in matches)


def straight_apostrophe_only(pattern: dict) -> bool:
    """The pattern has a straight apostrophe where the article has a curly one."""
    text = pattern.get("pattern")
    if not isinstance(text, str) or "'" not in text or pattern_matches(pattern):
        return False
    return bool(pattern_matches({**pattern, "pattern": text.replace("'", "’")}))


def right_words_wrong_label(pattern: dict) -> bool:
    """Every match is a gold entity's span, with another label than the gold one."""
    matches = pattern_matches(pattern)
    spans = {(g.start, g.end): g.label for g in gold_set()}
    return bool(matches) and all((m.start, m.end) in spans and spans[(m.start, m.end)] != m.label
                                 for m in matches)


def one_capitalised_name(pattern: dict) -> bool:
    """A PERSON pattern of one capitalised word (a name that is not always a name).

    >>> one_capitalised_name({"label": "PERSON", "pattern": "Moon"})
    True
    """
    text = pattern.get("pattern")
    return (pattern.get("label") == "PERSON" and isinstance(text, str)
            and len(text.split()) == 1 and text[:1].isupper())


WRITE_PATTERN = OpenCheck(
    name="write_pattern",
    variable="pattern",
    is_correct=fixes_an_error,
    mistakes=(
        Mistake("not-a-pattern", lacks_label_or_pattern,
                "An EntityRuler pattern is a dict with two keys: \"label\" (such as \"LOC\") and "
                "\"pattern\" (the words to match), e.g. {\"label\": \"GPE\", \"pattern\": "
                "\"Seoul\"}."),
        Mistake("offsets", has_offsets,
                "A pattern matches words wherever they occur; it has no offsets. Rules tied to "
                "one text's positions would only memorise the answer."),
        Mistake("straight-apostrophe", straight_apostrophe_only,
                "Your pattern matches nothing in the article: it has a straight apostrophe (') "
                "where the article has a curly one (’, as in \"People’s\"). A phrase pattern "
                "matches the characters exactly."),
        Mistake("adds-nothing", adds_nothing,
                "Your pattern only finds what the bare model already finds with the right label: "
                "it adds nothing. Pick an entity the model misses or mislabels (a row of "
                "bare_score.errors)."),
        Mistake("one-name", one_capitalised_name,
                "A pattern for one person's name labels that word in every text, including where "
                "it is not a name (\"Oh, no!\"). Fix a label or a boundary error with a name that "
                "always means the same thing."),
        Mistake("wrong-label", right_words_wrong_label,
                "Your pattern finds the right words but gives them a label the gold annotation "
                "does not use for them. Check the label in the guideline (data/README.md) or in "
                "the gold table."),
    ),
    explanation="A pattern matches the words everywhere, in any text: it is a general rule "
                "about the domain, not a memorised answer.",
)


# --- 02-army-patterns: patterns for North Korea's army, in any text ------------------------------

ARMY = re.compile(r"(?:North )?Korean People['\u2019]s Army|\bKPA\b")
# A text the notebook never shows (the self-study check; the incorrect message quotes it).
ARMY_TEXT_STRAIGHT = ("A Korean People's Army officer said the KPA would respond. Later the North "
                      "Korean People's Army moved troops north.")
LABELS = ("ORG", "LOC", "GPE", "NORP", "FAC", "PERSON")


def valid_patterns(patterns) -> bool:
    """A non-empty list of patterns, each a dict with a label and non-empty words.

    >>> valid_patterns([{"label": "ORG", "pattern": "UNC"}]), valid_patterns(["UNC"])
    (True, False)
    """
    return (isinstance(patterns, (list, tuple)) and len(patterns) > 0 and all(
        isinstance(p, dict) and {"label", "pattern"} <= set(p) and isinstance(p["label"], str)
        and bool(p["label"]) and isinstance(p["pattern"], (str, list)) and bool(p["pattern"])
        for p in patterns))


def not_patterns(patterns) -> bool:
    """Some item of the list is not a pattern."""
    return not valid_patterns(patterns)


@lru_cache(maxsize=256)
def _ruled_ents(key: str, text: str) -> frozenset:
    doc = nlp_with_patterns(json.loads(key))(text)
    return frozenset(_entity(e)[:3] for e in doc.ents)


def ents_with(patterns, text: str) -> frozenset:
    """The (start, end, label) of the entities of *text* read with the model and *patterns*."""
    return _ruled_ents(json.dumps(list(patterns), sort_keys=True, ensure_ascii=False), text)


def army_mentions(text: str) -> list[tuple[int, int]]:
    """Where *text* names North Korea's army (long name or acronym), as (start, end).

    >>> army_mentions("The KPA fired.")
    [(4, 7)]
    """
    return [(m.start(), m.end()) for m in ARMY.finditer(text)]


def army_found(patterns, text: str, label: str = "ORG", long_only: bool = False) -> bool:
    """Every mention of the army in *text* (the long ones only, with *long_only*) is an entity
    with *label* once the patterns are added."""
    ents = ents_with(patterns, text)
    mentions = [(s, e) for s, e in army_mentions(text) if not long_only or e - s > 3]
    return all((s, e, label) in ents for s, e in mentions)


def army_right(patterns) -> bool:
    """The patterns find every mention in the article and in a text the notebook does not
    show, and do not lower F1 on the article."""
    article = load_article().text
    return (valid_patterns(patterns) and army_found(patterns, article)
            and army_found(patterns, ARMY_TEXT_STRAIGHT)
            and evaluate(nlp_with_patterns(patterns)(article), load_gold()).f1 >= bare_score().f1)


def ruler_alone(patterns, text: str) -> list[str]:
    """What the patterns alone match in *text* (a tokenizer and the ruler, no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": p["label"], "pattern": p["pattern"]} for p in patterns])
    return [ent.text for ent in nlp(text).ents]


def no_long_name(patterns) -> bool:
    """The patterns themselves match no long name of the army in either text."""
    return valid_patterns(patterns) and not any(
        "Army" in match for text in (ARMY_TEXT_STRAIGHT, load_article().text)
        for match in ruler_alone(patterns, text))


def straight_only(patterns) -> bool:
    """The long name is found with a straight apostrophe, not with the article's curly one."""
    return (valid_patterns(patterns) and army_found(patterns, ARMY_TEXT_STRAIGHT, long_only=True)
            and not army_found(patterns, load_article().text, long_only=True))


def curly_only(patterns) -> bool:
    """The long name is found with the article's curly apostrophe, not with a straight one."""
    return (valid_patterns(patterns) and army_found(patterns, load_article().text, long_only=True)
            and not army_found(patterns, ARMY_TEXT_STRAIGHT, long_only=True))


def army_other_label(patterns) -> bool:
    """The army is found in the article, with another label than ORG."""
    if not valid_patterns(patterns):
        return False
    article = load_article().text
    return (not army_found(patterns, article) and any(
        army_found(patterns, article, label) for label in LABELS[1:]))


def without_north(patterns) -> bool:
    """The long name is found only from "Korean": "North" is left out of the entity."""
    if not valid_patterns(patterns):
        return False
    article = load_article().text
    ents = ents_with(patterns, article)
    return any((s + len("North "), e, "ORG") in ents
               for s, e in army_mentions(article) if article[s:].startswith("North "))


ARMY_PATTERNS = OpenCheck(
    name="army_patterns",
    variable="army_patterns",
    is_correct=army_right,
    mistakes=(
        Mistake("not-patterns", not_patterns,
                "Each item of the list must be a pattern: a dict with the keys \"label\" (a label "
                "as text) and \"pattern\" (the words, not empty), e.g. {\"label\": \"ORG\", "
                "\"pattern\": \"KPA\"}."),
        Mistake("no-long-name", no_long_name,
                "Your patterns find the acronym but not the long name. Add patterns for "
                "\"Korean People's Army\" and \"North Korean People's Army\", in both spellings "
                "of the apostrophe."),
        Mistake("straight-only", straight_only,
                "Your patterns find the name with a straight apostrophe (') but not the "
                "article's: it writes \"People\u2019s\" with a curly one (\u2019). Add the curly "
                "spellings, or a token pattern that accepts both."),
        Mistake("curly-only", curly_only,
                "Your patterns work on this article but not on other texts: most write "
                "\"People's\" with a straight apostrophe ('). Patterns typed in for one "
                "article's spelling are not yet general: add the straight spellings."),
        Mistake("other-label", army_other_label,
                "Your patterns find the army but give it another label. An army is an "
                "organisation: ORG (see the guideline in data/README.md)."),
        Mistake("without-north", without_north,
                "In the article the name begins with \"North\" (\"the North Korean "
                "People\u2019s Army\"): a pattern without \"North\" labels only part of it. Add "
                "the spellings with \"North\" too."),
    ),
    incorrect_message="Your patterns miss a mention of the army, on the article or on a text "
                      "the notebook does not show (\"A Korean People's Army officer said the "
                      "KPA ...\"), or they lower F1 on the article. Try them with "
                      "nlp_with_patterns(army_patterns) on such a sentence.",
    explanation="Your patterns find the army in the article and in a text the notebook does "
                "not show, and they do not lower F1 on the article.",
)


# --- 03-fortnight-rule: one new row of the timeline engine's rule table --------------------------

RULE_KEYS = ("id", "type", "pattern", "value", "mod", "example", "example_value", "note")
EXAMPLE_DCT = date(2017, 11, 22)  # the dct of every rule's example (utils.timex.load_rules)
# Sentences the notebook never shows, by the kind of row: (sentence, dct, its fortnights as
# TimeML annotates them, by hand: (extent, value)). "A fortnight" is two weeks, P2W; "a
# fortnight ago" keeps the unit of its words, the week two weeks before the dct's.
FORTNIGHT_TEXTS = {
    "DURATION": [("Repairs to the bridge will take a fortnight.", date(2019, 3, 14),
                  [("a fortnight", "P2W")])],
    "DATE": [("The bridge closed a fortnight ago.", date(2019, 3, 14),
              [("a fortnight ago", "2019-W09")])],
}


def with_row(row: dict) -> pd.DataFrame:
    """The engine's rule table with *row* added (every value as text)."""
    from utils.timex import load_rules

    return pd.concat([load_rules(), pd.DataFrame([{k: str(row.get(k, "")) for k in RULE_KEYS}])],
                     ignore_index=True)


def row_kind(row: dict) -> str:
    """"DATE" for a row of a point in time (DATE or TIME), else "DURATION".

    >>> row_kind({"type": "date"}), row_kind({"type": "DURATION"})
    ('DATE', 'DURATION')
    """
    return "DATE" if str(row.get("type", "")).strip().upper() in ("DATE", "TIME") else "DURATION"


def _fortnights(table: pd.DataFrame) -> list[tuple[str, str]]:
    found = table[table["text"].str.contains("fortnight", case=False)]
    return list(zip(found["text"], found["value"]))


def tagged(row: dict, text: str, dct: date) -> list[tuple[str, str]]:
    """The fortnights the engine finds in *text* with *row* added: (extent, value)."""
    from utils.timex import normalise

    return _fortnights(normalise(text, dct, rules=with_row(row)))


def misses_keys(row) -> bool:
    """The row lacks one of the table's columns.

    >>> misses_keys({"id": "x"}), misses_keys(dict.fromkeys(RULE_KEYS, ""))
    (True, False)
    """
    return any(k not in row for k in RULE_KEYS)


def not_about_fortnight(row) -> bool:
    """The pattern or the example lacks the word "fortnight"."""
    return "fortnight" not in str(row.get("pattern", "")).lower() or "fortnight" not in str(
        row.get("example", "")).lower()


def existing_id(row) -> bool:
    """The row's id is already an id of the table."""
    from utils.timex import load_rules

    return str(row.get("id", "")).strip() in set(load_rules()["id"])


def duration_without_equals(row) -> bool:
    """A value written as is ("P...") without its leading "="."""
    return str(row.get("value", "")).strip().upper().startswith("P")


def duration_typed_as_date(row) -> bool:
    """A length of time ("=P...") in a DATE or TIME row."""
    return (str(row.get("type", "")).strip().upper() in ("DATE", "TIME")
            and str(row.get("value", "")).strip().upper().startswith("=P"))


def counts_days(row) -> bool:
    """The value counts 14 days instead of two weeks."""
    return "day" in str(row.get("value", "")).lower() and "14" in str(row.get("value", ""))


def example_does_not_give_its_value(row) -> bool:
    """The row's own example, against the examples' dct, does not give its example_value."""
    from utils.timex import normalise

    found = normalise(str(row["example"]), EXAMPLE_DCT, rules=with_row(row))
    mine = found[found["rule"] == str(row["id"]).strip()]
    return list(mine["value"]) != [str(row["example_value"]).strip()]


def drops_the_determiner(row) -> bool:
    """The rule finds "fortnight" without the "a" before it."""
    for text, dct, _ in FORTNIGHT_TEXTS[row_kind(row)]:
        for extent, _ in tagged(row, text, dct):
            if extent.lower().startswith("fortnight") and " a fortnight" in f" {text.lower()}":
                return True
    return False


def works_on(row, cases) -> bool | str:
    """True if the rule gives each sentence of *cases* (by the row's kind: (sentence, dct,
    expected fortnights)) its fortnights, else a sentence saying where it does not."""
    for text, dct, expected in cases[row_kind(row)]:
        got = tagged(row, text, dct)
        expected = [tuple(e) for e in expected]
        if got != expected:
            return (f"On the sentence {text!r} (dct {dct}) your rule gives {got or 'nothing'}, but "
                    f"a fortnight there is {expected}.")
    return True


def duration_eats_ago(row) -> bool:
    """A DURATION rule that also takes the "a fortnight" of "a fortnight ago"."""
    if row_kind(row) != "DURATION":
        return False
    found = tagged(row, "The river burst its banks a fortnight ago.", EXAMPLE_DCT)
    return any(not extent.lower().endswith("ago") for extent, _ in found)


def fails_on_unseen(row) -> bool:
    """The rule does not work on a sentence the notebook never shows."""
    return works_on(row, FORTNIGHT_TEXTS) is not True


@lru_cache(maxsize=1)
def baseline_value_f1() -> float:
    """The development set's value F1 with the engine's own rules."""
    from utils.timex.score import score_devset

    return score_devset()["value_f1"]


@lru_cache(maxsize=8)
def _value_f1_with(row_items: tuple) -> float:
    from utils.timex.score import score_devset

    return score_devset(rules=with_row(dict(row_items)))["value_f1"]


def improves_devset(row) -> bool:
    """The development set's value F1 rises with the row."""
    return _value_f1_with(tuple((k, str(row.get(k, ""))) for k in RULE_KEYS)) > baseline_value_f1()


def rule_right(row) -> bool:
    """The row compiles, gives its own example's value, works on the sentences the notebook
    never shows, and raises the development set's value F1."""
    from utils.timex.engine import compile_rules

    compile_rules(with_row(row))  # a bad row raises CourseInputError, naming the problem
    return (not example_does_not_give_its_value(row) and works_on(row, FORTNIGHT_TEXTS) is True
            and improves_devset(row))


FORTNIGHT_RULE = OpenCheck(
    name="fortnight_rule",
    variable="fortnight_rule",
    is_correct=rule_right,
    mistakes=(
        Mistake("keys", misses_keys,
                "Your row lacks some of the keys id, type, pattern, value, mod, example, "
                "example_value and note. Copy a row of the table shown above "
                "(rules.set_index(\"id\").loc[\"ago\"].to_dict() gives one as a dict) and change "
                "it; empty text \"\" is fine for mod and note."),
        Mistake("no-fortnight", not_about_fortnight,
                "Your row's pattern or its example does not contain the word \"fortnight\": the "
                "rule must find fortnights, and its example show one."),
        Mistake("existing-id", existing_id,
                "That id is already a row of the table: give your row a new id, such as "
                "\"dur_fortnight\"."),
        Mistake("no-equals", duration_without_equals,
                "A value written as is starts with \"=\": write \"=P2W\". Without it the engine "
                "reads the value as a recipe such as rel(week,-2)."),
        Mistake("date-type", duration_typed_as_date,
                "P2W is a length of time, so its type is DURATION, not DATE. (A DATE rule would "
                "be \"a fortnight ago\", with a recipe such as rel(week,-2).)"),
        Mistake("days", counts_days,
                "\"A fortnight ago\" keeps the unit of its words, like \"two weeks ago\": TimeML "
                "gives it a week, rel(week,-2), not a day 14 days back (the development set "
                "annotates it so)."),
        Mistake("wrong-example-value", example_does_not_give_its_value,
                "Your row's example does not give its example_value with your rule (against the "
                "anchor Wednesday 22 November 2017). Try it: normalise(fortnight_rule[\"example\"], "
                "date(2017, 11, 22), rules=pd.concat([rules, pd.DataFrame([fortnight_rule])]))."),
        Mistake("no-determiner", drops_the_determiner,
                "Your rule finds \"fortnight\" but not the \"a\" before it. TimeML's extent of \"a "
                "fortnight\" includes the determiner (as in \"a month\"): put (?:a|one)\\s+ in "
                "front of the word in your pattern."),
        Mistake("eats-ago", duration_eats_ago,
                "Your rule also reads the \"a fortnight\" of \"a fortnight ago\" as a duration, "
                "but \"a fortnight ago\" is a point in time (a DATE, like \"two weeks ago\"), and "
                "the development set counts that as a wrong value. End your pattern with "
                "(?!\\s+ago), \"not followed by ago\"; or write the DATE rule for \"a fortnight "
                "ago\" instead."),
        Mistake("unseen", fails_on_unseen,
                "Your rule works on its own example, but not on a sentence the notebook never "
                "shows (\"Repairs to the bridge will take a fortnight.\" or \"The bridge closed a "
                "fortnight ago.\"): make the pattern general."),
    ),
    incorrect_message="Your row works on its example, but the development set's value F1 does "
                      "not rise with it. Does it also find the fortnights of the development "
                      "set (\"within a fortnight\", \"a fortnight ago\", \"the past "
                      "fortnight\")? Measure it with score_with_rule(\"fortnight_rule\") below.",
    explanation="The engine now knows the word: on the development set its value F1 rises, "
                "and your row also works on sentences written after it. Measure it below.",
)


OPEN_CHECKS: dict[str, OpenCheck] = {check.name: check
                                     for check in (WRITE_PATTERN, ARMY_PATTERNS, FORTNIGHT_RULE)}

__all__ = ["OPEN_CHECKS", "OpenCheck", "Mistake", "evaluate_open", "ARMY_TEXT_STRAIGHT",
           "FORTNIGHT_TEXTS", "RULE_KEYS", "EXAMPLE_DCT"]
