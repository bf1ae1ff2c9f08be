"""Exercises of notebook 04, "The armistice rules": provisions, geometry, dates, matching.

Every check is computed from the provisions table (``data/armistice_provisions.csv``), the
dates and distances of ``utils.armistice`` (from ``data/sources/``) or the helpers
``incident_actions`` and ``match_provisions``, never from a typed-in answer.

Three exercises have the learner write the core of a helper ("build it yourself"), each
checked on the article and on texts or tables the notebook never shows, and by nbgrader
hidden tests on yet others:

- ``04-find-actions``: ``find_actions(doc)``, the verbs of firing, crossing and entering with
  their subject, preposition and place, by walking spaCy's parse (the core of
  ``incident_actions``);
- ``04-action-rule``: ``provision_for(verb, preposition, place)``, a hand-written rule from an
  action to a paragraph number;
- ``04-rules-as-data``: ``linked_provisions(action, provisions)``, the same rules read from the
  provisions table (the core of ``match_provisions``).
"""
from __future__ import annotations

from functools import lru_cache
from types import FunctionType
from typing import Any

import pandas as pd

from utils.armistice import (ARMISTICE_SIGNED, DEFECTION, WAR_BEGAN, actors_table, dmz_width_km,
                             full_years, incident_actions, load_provisions, match_provisions,
                             paragraph_number, place_kind, provisions_touched)
from utils.checking import LearnerCodeError, call_learner
from utils.exercises import Exercise, Misconception
from utils.text import load_article, parse

NOTEBOOK = "04-the-armistice-rules"

# The firing finding of the UNC as the article reports it (article, paragraph 6).
FIRING_PHRASE = "firing weapons across the MDL"
# A new action, for 04-new-action (written for the exercise, not a report).
NEW_SENTENCE = "Three KPA soldiers entered the Demilitarized Zone without permission."
# Texts for 04-provisions-for: one shown to the learner, one for the hidden test (both written
# for the exercise), and one with no action at the border.
VISIBLE_TEXT = ("Two North Korean soldiers walked across the MDL. "
                "Their guards fired at them across the border.")
HIDDEN_TEXT = ("Two South Korean soldiers were wounded when landmines exploded in the DMZ. "
               "The UN Command said that North Korean soldiers had crossed the Military "
               "Demarcation Line and planted the mines. Later, KPA troops entered the "
               "Demilitarized Zone carrying rifles.")
UNRELATED_TEXT = "The hospital said the patient was recovering well."


@lru_cache(maxsize=None)
def _provisions():
    return load_provisions()


def _paragraph_of_act(act: str) -> int:
    """The paragraph whose topic rule is about this kind of act alone (e.g. "cross" -> 7)."""
    table = _provisions()
    rows = table[table["acts"].str.split(";").apply(lambda acts: [a.strip() for a in acts] == [act])
                 & table["places"].str.contains("MDL" if act == "cross" else "DMZ")]
    return int(rows["paragraph"].iloc[0])


def _is_paragraph(answer: Any, number: int) -> bool:
    return paragraph_number(answer) == number


@lru_cache(maxsize=None)
def _article_matches():
    return match_provisions(incident_actions(load_article().body), _provisions())


def _firing_numbers() -> set[int]:
    matches = _article_matches()
    ids = set(matches.loc[matches["phrase"] == FIRING_PHRASE, "provision"])
    numbers = _provisions().set_index("id")["paragraph"]
    return {int(numbers[i]) for i in ids}


def _numbers(answer) -> set[int]:
    return {paragraph_number(a) for a in answer}


def _new_action_number() -> int:
    return provisions_touched(NEW_SENTENCE, _provisions())[0]


def _names(answer) -> set[str]:
    return {str(a).strip().lower() for a in answer}


# The UNC's finding (data/sources/event-facts.md, "Findings of the UNC special investigation (22
# Nov 2017)"): Col. Chad Carroll gave its two key findings, that the KPA violated the Armistice
# Agreement (1) by firing weapons across the MDL and (2) by one soldier actually crossing the MDL
# temporarily, in pursuit. These are the actors of actors_table() whose actions it names; the
# table itself does not say so (that is the exercise 04-named-violations).
NAMED_BY_UNC = ("KPA guards who fired", "KPA soldier who stepped across")


def _named_by_unc() -> set[str]:
    actors = set(actors_table()["actor"])
    missing = [a for a in NAMED_BY_UNC if a not in actors]
    if missing:  # the check data must name actors of the table the learner reads
        raise LookupError(f"NAMED_BY_UNC names {missing}, which are not in actors_table().")
    return {a.lower() for a in NAMED_BY_UNC}


def _actor_named(word: str) -> str:
    return next(a for a in actors_table()["actor"] if word in a)


def _works_on(function, text: str) -> bool:
    result = function(text)
    return sorted(int(n) for n in result) == provisions_touched(text, _provisions()) and all(
        isinstance(n, int) or hasattr(n, "__index__") for n in result)


def _constant(function) -> bool:
    return list(function(UNRELATED_TEXT)) == list(function(VISIBLE_TEXT))


def _returns_ids(function) -> bool:
    result = list(function(VISIBLE_TEXT))
    return (bool(result) and all(isinstance(r, str) for r in result)
            and sorted(paragraph_number(r) for r in result) == provisions_touched(VISIBLE_TEXT))


def _ids_solution(text):
    return sorted(set(match_provisions(incident_actions(text), load_provisions())["provision"]))


# --- 04-find-actions: find_actions(doc), walking the parse ------------------------------------

# What the notebook gives the learner (the exercise's own small lists, not the helper's).
ACTION_VERBS = frozenset({"fire", "shoot", "cross", "enter", "run", "walk", "crawl", "step"})
PLACE_PREPS = ("across", "over", "into")
# Texts written for the exercises (not reports): the self-study check uses the first ones, the
# nbgrader hidden tests the others; the notebook shows none of them.
FIND_CHECK_TEXTS = (
    "A North Korean guard ran across the Military Demarcation Line at dawn. Soldiers from the "
    "North fired shots across the border, and two officers entered the Joint Security Area.",
    "The guards fired shots across the border. Later, a patrol walked into the DMZ.",
)
FIND_HIDDEN_TEXTS = (
    "South Korean marines fired warning shots over the maritime border. Two KPA soldiers "
    "walked into the Demilitarized Zone, and one of them stepped across the MDL. A fishing "
    "boat crossed the line at night.",
    "Troops opened fire on a boat. A North Korean soldier crawled into South Korea after he had "
    "crossed the border. The police shot a robber in Seoul.",
)


def reference_find_actions(doc) -> list[tuple[str, str, str, str]]:
    """The reference walk of the parse for ``04-find-actions`` (the exercise's rule, not the
    helper's): one (subject, verb lemma, preposition, place) per verb of ACTION_VERBS.

    >>> reference_find_actions(parse("KPA guards fired across the MDL."))
    [('guards', 'fire', 'across', 'the MDL')]
    """
    found = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_ not in ACTION_VERBS:
            continue
        subject = next((c.text for c in token.children if c.dep_ == "nsubj"), "")
        preposition, obj = "", None
        for child in token.children:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS and objects:
                preposition, obj = child.lower_, objects[0]
                break
        if obj is None:
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        place = token.doc[obj.left_edge.i:obj.right_edge.i + 1].text if obj is not None else ""
        found.append((subject, token.lemma_, preposition, place))
    return found


def _found(f, text: str) -> list[tuple]:
    """The learner's find_actions on *text*, as a list of tuples (lists inside are fine)."""
    result = call_learner(f, parse(text))
    if not isinstance(result, (list, tuple)):
        raise TypeError(f"find_actions returned {type(result).__name__}, not a list")
    return [tuple(item) if isinstance(item, (list, tuple)) else item for item in result]


def _find_right(f, texts) -> str | bool:
    for text in texts:
        got, expected = _found(f, text), reference_find_actions(parse(text))
        if got != expected:
            return (f"For the text {text[:70]!r}... your function returns {got!r}, but walking "
                    f"the parse as the exercise says gives {expected!r}. Print each token's "
                    "text, dep_, head and lemma_ for that text to see where your walk differs.")
    return True


def _find_article(f) -> bool:
    return _find_right(f, (load_article().body, *FIND_CHECK_TEXTS)) is True


def _find_hidden(f):
    """Hidden test: other border incidents (a noun "fire", a clause, a place far from the border)."""
    return _find_right(f, FIND_HIDDEN_TEXTS)


_SHORT = "KPA guards fired shots across the MDL."


def _find_example(kind: str):
    def find_actions(doc):
        found = []
        for token in doc:
            word = token.text if kind == "text" else token.lemma_
            if token.pos_ != "VERB" or word not in ACTION_VERBS:
                continue
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            preposition, obj = "", None
            children = list(token.children)
            if kind == "object-first":
                obj = next((c for c in children if c.dep_ == "dobj"), None)
            for child in children:
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if obj is None and child.dep_ == "prep" and child.lower_ in PLACE_PREPS and objects:
                    preposition, obj = child.lower_, objects[0]
            if obj is None:
                obj = next((c for c in children if c.dep_ == "dobj"), None)
            if kind == "tokens":
                found.append((subject, token, preposition, obj))
                continue
            place = ("" if obj is None else obj.text if kind == "head-word"
                     else doc[obj.left_edge.i:obj.right_edge.i + 1].text)
            who = "" if subject is None else (
                doc[subject.left_edge.i:subject.right_edge.i + 1].text if kind == "subject-phrase"
                else subject.text)
            found.append((who, token.lemma_, preposition, place))
        return found
    return find_actions


def _finds_on_short(f) -> list[tuple]:
    return _found(f, _SHORT)


# --- 04-action-rule: provision_for(verb, preposition, place) -----------------------------------

HOSTILE = frozenset({"fire", "shoot", "shell", "attack"})
# (verb lemma, preposition, place): the self-study check (the article's actions come first) ...
RULE_CASES = (("walk", "into", "South Korea"), ("crawl", "across", "the border"),
              ("fire", "across", "the DMZ"), ("fire", "across", "the MDL"),
              ("cross", "", "the MDL"), ("run", "", ""), ("shoot", "", ""),
              ("enter", "", "the Joint Security Area"), ("shoot", "at", "a robber"),
              ("walk", "to", "the canteen"), ("run", "over", "the border"),
              ("drive", "into", "North Korea"), ("enter", "", "the DMZ"))
# ... and the hidden tests.
RULE_HIDDEN = (("shell", "", "the truce village at Panmunjom"),
               ("sprint", "over", "the Military Demarcation Line"),
               ("attack", "", "a police station"), ("cross", "", "the street"),
               ("cross", "", "the Demilitarized Zone"), ("swim", "into", "South Korean territory"),
               ("march", "into", "the JSA"), ("shoot", "across", "the frontier"),
               ("walk", "across", "a bridge"), ("fire", "into", "the DMZ"),
               ("step", "across", "the MDL"), ("climb", "over", "a fence"))


def reference_provision(verb: str, preposition: str, place: str) -> int:
    """The rule of ``04-action-rule``, with the paragraph numbers read from the provisions table.

    >>> reference_provision("fire", "across", "the MDL"), reference_provision("walk", "into", "South Korea")
    (6, 8)
    """
    kind = place_kind(place)
    if verb in HOSTILE and kind:
        return _paragraph_of_act("hostile act")
    if (verb == "cross" or preposition in ("across", "over")) and kind in ("MDL", "border", "DMZ"):
        return _paragraph_of_act("cross")
    if verb == "enter" or preposition == "into":
        if kind in ("DMZ", "JSA"):
            return _paragraph_of_act("enter")
        if kind == "territory":
            return _territory_paragraph()
    return 0


def _territory_paragraph() -> int:
    table = _provisions()
    return int(table.loc[table["places"].str.strip() == "territory", "paragraph"].iloc[0])


def _ruled(f, case) -> int:
    result = call_learner(f, *case)
    if isinstance(result, bool) or not isinstance(result, int):
        raise TypeError(f"{result!r} is not a whole number")
    return result


def _rule_right(f, cases) -> str | bool:
    for case in cases:
        got, expected = _ruled(f, case), reference_provision(*case)
        if got != expected:
            call = ", ".join(repr(c) for c in case)
            return (f"provision_for({call}) returns {got!r}, but the rule gives {expected} "
                    f"(place_kind({case[2]!r}) is {place_kind(case[2])!r}). Go through the rule's "
                    "steps, in order, for that action.")
    return True


def _rule_hidden(f):
    """Hidden test: other verbs, prepositions and places."""
    return _rule_right(f, RULE_HIDDEN)


def _rule_example(kind: str):
    def provision_for(verb, preposition, place):
        where = place_kind(place)
        crossing = (verb == "cross" or preposition in ("across", "over")) and where in (
            "MDL", "border", "DMZ")
        if kind == "preposition-first" and crossing:
            return 7
        if verb in HOSTILE and (where or kind == "any-place"):
            return 6
        if crossing or (kind == "enter-is-cross" and verb == "enter" and where):
            return 7.0 if kind == "float" else "Art. I ¶7" if kind == "text" else 7
        if verb == "enter" or preposition == "into":
            if where in ("DMZ", "JSA") or (kind == "territory-is-zone" and where == "territory"):
                return 9
            if where == "territory":
                return 8
        return None if kind == "none" else 0
    return provision_for


def _returns_none_for_no_rule(f) -> bool:
    try:
        call_learner(f, "walk", "to", "the canteen")
    except LearnerCodeError as problem:
        return problem.error is None
    return False


# --- 04-rules-as-data: linked_provisions(action, provisions) ----------------------------------

# Actions as dicts with the keys of incident_actions' table; the article's come first.
def _article_action_dicts() -> list[dict]:
    table = incident_actions(load_article().body)
    return [{k: str(v) for k, v in row.items()}
            for row in table[["action", "place_kind", "actor_kind"]].to_dict("records")]


LINK_CASES = ({"action": "hostile act", "place_kind": "", "actor_kind": "forces"},
              {"action": "hostile act", "place_kind": "JSA", "actor_kind": ""},
              {"action": "enter", "place_kind": "territory", "actor_kind": ""},
              {"action": "carry arms", "place_kind": "DMZ", "actor_kind": "forces"},
              {"action": "cross", "place_kind": "", "actor_kind": "forces"})
LINK_HIDDEN_ACTIONS = ({"action": "hostile act", "place_kind": "border", "actor_kind": ""},
                       {"action": "enter", "place_kind": "JSA", "actor_kind": "forces"},
                       {"action": "carry arms", "place_kind": "MDL", "actor_kind": "forces"},
                       {"action": "cross", "place_kind": "DMZ", "actor_kind": ""},
                       {"action": "hostile act", "place_kind": "MDL", "actor_kind": "forces"},
                       {"action": "enter", "place_kind": "", "actor_kind": ""})


def _changed_tables() -> list[tuple[str, pd.DataFrame]]:
    """Provisions tables with other rules, for the hidden test (not the Agreement's rules)."""
    base = _provisions()
    narrow = base.copy()
    narrow.loc[narrow["id"] == "Art. I ¶6", "places"] = "DMZ"
    anyone = base.copy()
    anyone.loc[anyone["id"] == "Art. II ¶12", "actors"] = ""
    arms = base.copy()
    arms.loc[arms["id"] == "Art. I ¶9", "acts"] = "enter;carry arms"
    arms.loc[arms["id"] == "Art. I ¶7", "places"] = " MDL ;border"
    return [("Art. I ¶6 lists only the DMZ as its place", narrow),
            ("Art. II ¶12 lists no actors", anyone),
            ("Art. I ¶9 also lists 'carry arms' and Art. I ¶7 lists ' MDL ;border'", arms)]


def reference_links(action: dict, provisions: pd.DataFrame) -> list[str]:
    """What the helper links *action* to, with *provisions*: match_provisions on one row.

    >>> reference_links({"action": "cross", "place_kind": "MDL", "actor_kind": ""}, load_provisions())
    ['Art. I ¶7']
    """
    row = {c: "" for c in ("paragraph", "actor", "side", "phrase")}
    table = pd.DataFrame([{**row, **action}])
    return match_provisions(table, provisions)["provision"].tolist()


def _linked(f, action: dict, provisions: pd.DataFrame) -> list:
    result = call_learner(f, dict(action), provisions.copy())
    if not isinstance(result, (list, tuple)):
        raise TypeError(f"linked_provisions returned {type(result).__name__}, not a list")
    return list(result)


def _links_right(f, cases) -> str | bool:
    for action, (what, table) in cases:
        got, expected = _linked(f, action, table), reference_links(action, table)
        if got != expected:
            return (f"With a provisions table in which {what}, linked_provisions({action!r}, "
                    f"provisions) returns {got!r}, but the table's rules give {expected!r}.")
    return True


def _links_article(f) -> bool:
    series = ("the rules are the series' own", _provisions())
    cases = [(a, series) for a in (*_article_action_dicts(), *LINK_CASES)]
    return _links_right(f, cases) is True


def _links_hidden(f):
    """Hidden test: the same function with provisions tables whose rules were changed."""
    return _links_right(f, [(a, t) for t in _changed_tables() for a in LINK_HIDDEN_ACTIONS])


def _links_for(f, action: dict) -> list:
    return _linked(f, action, _provisions())


def _split_words(value: str, strip: bool = True) -> list[str]:
    return [p.strip() if strip else p for p in value.split(";") if p.strip()]


def _links_example(kind: str):
    def linked_provisions(action, provisions):
        linked = []
        for row in provisions.to_dict("records"):
            if kind == "substring":
                ok = (action["action"] in row["acts"]
                      and (not row["places"] or action["place_kind"] in row["places"])
                      and (not row["actors"] or action["actor_kind"] in row["actors"]))
            else:
                acts = _split_words(row["acts"], strip=kind != "no-strip")
                places = _split_words(row["places"], strip=kind != "no-strip")
                actors = _split_words(row["actors"])
                ok = (action["action"] in acts
                      and ((not places and kind != "empty-is-never") or action["place_kind"] in places)
                      and (kind == "no-actors" or not actors or action["actor_kind"] in actors))
            if ok:
                linked.append(int(row["paragraph"]) if kind == "numbers" else row["id"])
        return linked
    return linked_provisions


EXERCISES = [
    Exercise(
        id="04-find-actions",
        notebook=NOTEBOOK,
        name="find_actions",
        question="Write a function find_actions(doc) that walks the parse of a text and returns a "
                 "list with one tuple (subject, verb, preposition, place) for every verb whose "
                 "lemma is in ACTION_VERBS: the text of its nsubj child (or \"\"), its lemma, and "
                 "the object of its across/over/into preposition (or else of its direct object) "
                 "as a whole phrase, with that preposition (or \"\").",
        kind=FunctionType,
        is_correct=_find_article,
        misconceptions=(
            Misconception(lambda f: any(type(v).__name__ == "Token" for item in _finds_on_short(f)
                                        for v in (item if isinstance(item, tuple) else (item,))),
                          "Your tuples hold spaCy tokens. Return text: token.text for the "
                          "subject, token.lemma_ for the verb, and the place's text.",
                          example=lambda: _find_example("tokens")),
            Misconception(lambda f: _finds_on_short(f) == [] != reference_find_actions(parse(_SHORT)),
                          "Your function finds no action in \"KPA guards fired shots across the "
                          "MDL.\": the verb is written \"fired\", and ACTION_VERBS holds lemmas "
                          "(\"fire\"). Compare token.lemma_, not token.text.",
                          example=lambda: _find_example("text")),
            Misconception(lambda f: [a[3] for a in _finds_on_short(f)] == ["shots"],
                          "In \"KPA guards fired shots across the MDL.\" your place is \"shots\", "
                          "the direct object. Look for an across/over/into preposition first, and "
                          "take the direct object only when there is none.",
                          example=lambda: _find_example("object-first")),
            Misconception(lambda f: [a[3] for a in _finds_on_short(f)] == ["MDL"],
                          "Your place is the object's word alone (\"MDL\"). Give its whole phrase, "
                          "from its left_edge to its right_edge: "
                          "doc[obj.left_edge.i : obj.right_edge.i + 1].text gives \"the MDL\".",
                          example=lambda: _find_example("head-word")),
            Misconception(lambda f: [a[0] for a in _finds_on_short(f)] == ["KPA guards"],
                          "Your subject is a whole phrase (\"KPA guards\"). The exercise asks for "
                          "the subject's word alone: the text of the verb's child with dep_ "
                          "\"nsubj\" (\"guards\"). The helper, below, gives whole phrases.",
                          example=lambda: _find_example("subject-phrase")),
        ),
        hidden_checks=(_find_hidden,),
        hint="for token in doc: keep it if token.pos_ == \"VERB\" and token.lemma_ in "
             "ACTION_VERBS. Subject: the first child with child.dep_ == \"nsubj\". Place: for each "
             "child with dep_ \"prep\" and child.lower_ in PLACE_PREPS, its own child with dep_ "
             "\"pobj\" is the place; if there is none, the child with dep_ \"dobj\". Its phrase is "
             "doc[obj.left_edge.i : obj.right_edge.i + 1].text.",
        explanation="Your walk finds who did what, and where, in any text: the checks ran it on "
                    "the article and on two other border incidents, and the autograder runs it on "
                    "more.",
        context=lambda: {"ACTION_VERBS": set(ACTION_VERBS), "PLACE_PREPS": PLACE_PREPS},
    ),
    Exercise(
        id="04-action-rule",
        notebook=NOTEBOOK,
        name="provision_for",
        question="Write a function provision_for(verb, preposition, place) that applies the rule "
                 "of the notebook, in its order, and returns one paragraph number as a whole "
                 "number: a hostile act at a border place, a crossing of the MDL, a border or the "
                 "DMZ, an entry into the DMZ or the JSA, an entry into a territory; 0 when no "
                 "step applies.",
        kind=FunctionType,
        is_correct=lambda f: _rule_right(f, RULE_CASES) is True,
        misconceptions=(
            Misconception(_returns_none_for_no_rule,
                          "Your function returns nothing (None) for \"walk\", \"to\", \"the "
                          "canteen\". When no step of the rule applies, return 0, so that every "
                          "answer is a whole number.",
                          example=lambda: _rule_example("none")),
            Misconception(lambda f: isinstance(call_learner(f, "cross", "", "the MDL"), float),
                          "Your function returns a number with a decimal point (7.0, a float). A "
                          "paragraph number is a whole number: return 7, not 7.0 (or wrap it in "
                          "int(...)).",
                          example=lambda: _rule_example("float")),
            Misconception(lambda f: isinstance(call_learner(f, "cross", "", "the MDL"), str),
                          "Your function returns the provision's name (\"Art. I ¶7\"); return its "
                          "paragraph number as a whole number (7).",
                          example=lambda: _rule_example("text")),
            Misconception(lambda f: _ruled(f, ("fire", "across", "the MDL")) == 7,
                          "For \"fire\", \"across\", \"the MDL\" your function says 7 (crossing). "
                          "The bullets go across the line, not a person: the verb decides first. "
                          "Test for a hostile verb (HOSTILE) before the preposition.",
                          example=lambda: _rule_example("preposition-first")),
            Misconception(lambda f: _ruled(f, ("enter", "", "the DMZ")) == 7,
                          "Entering the DMZ is not crossing the MDL: the zone begins 2 km from the "
                          "line. Entering the DMZ or the JSA is the step that gives 9.",
                          example=lambda: _rule_example("enter-is-cross")),
            Misconception(lambda f: _ruled(f, ("walk", "into", "South Korea")) == 9,
                          "For \"walk\", \"into\", \"South Korea\" your function says 9, but South "
                          "Korea is a territory (place_kind gives \"territory\"), not the DMZ or the "
                          "JSA: entering a side's territory is the step that gives 8.",
                          example=lambda: _rule_example("territory-is-zone")),
            Misconception(lambda f: _ruled(f, ("shoot", "at", "a robber")) == 6,
                          "For \"shoot\", \"at\", \"a robber\" your function says 6, but no border "
                          "place is named (place_kind gives \"\"): ¶6 is about hostile acts within, "
                          "from or against the DMZ. A hostile verb needs a border place.",
                          example=lambda: _rule_example("any-place")),
        ),
        hidden_checks=(_rule_hidden,),
        hint="kind = place_kind(place). Then, in this order: if verb in HOSTILE and kind: return "
             "6. If verb == \"cross\" or preposition is \"across\"/\"over\", and kind is \"MDL\", "
             "\"border\" or \"DMZ\": return 7. If verb == \"enter\" or preposition == \"into\": "
             "9 for \"DMZ\"/\"JSA\", 8 for \"territory\". Otherwise return 0.",
        explanation="A rule is a decision in a fixed order: the verb of a hostile act wins over "
                    "the preposition, and the kind of place decides between ¶7, ¶8 and ¶9. Your "
                    "rule gives one number per action; the helper, below, can give several.",
        context=lambda: {"HOSTILE": set(HOSTILE), "place_kind": place_kind},
    ),
    Exercise(
        id="04-rules-as-data",
        notebook=NOTEBOOK,
        name="linked_provisions",
        question="Write a function linked_provisions(action, provisions) that returns the list of "
                 "the ids of the provisions (in the table's order) whose topic rules an action "
                 "meets: its action is one of the row's acts, the row lists no places or its "
                 "place_kind is one of them, and the row lists no actors or its actor_kind is one "
                 "of them.",
        kind=FunctionType,
        is_correct=_links_article,
        misconceptions=(
            Misconception(lambda f: _links_for(f, LINK_CASES[0]) == ["Art. I ¶6", "Art. II ¶12"],
                          "For a hostile act with no place (place_kind \"\") your function links "
                          "Art. I ¶6 too. \"\" in \"DMZ; MDL; JSA; border\" is True: the empty "
                          "text is inside every text. Split the cell into a list of words first, "
                          "then test membership in the list.",
                          example=lambda: _links_example("substring")),
            Misconception(lambda f: all(isinstance(i, int) for i in _links_for(f, LINK_CASES[1]))
                          and bool(_links_for(f, LINK_CASES[1])),
                          "Your function returns paragraph numbers; the question asks for the "
                          "provisions' ids, as in the table's `id` column (\"Art. I ¶6\").",
                          example=lambda: _links_example("numbers")),
            Misconception(lambda f: "Art. II ¶12" in _links_for(f, LINK_CASES[1]),
                          "For a hostile act in the JSA whose actor is not one of the forces "
                          "(actor_kind \"\") your function links Art. II ¶12, whose `actors` says "
                          "\"forces\". Apply the actors rule too.",
                          example=lambda: _links_example("no-actors")),
            Misconception(lambda f: _links_for(f, {"action": "hostile act", "place_kind": "MDL",
                                                   "actor_kind": "forces"}) == ["Art. I ¶6"],
                          "Art. II ¶12 lists no places: an empty `places` means any place, not "
                          "none. Test `not places or action[\"place_kind\"] in places`.",
                          example=lambda: _links_example("empty-is-never")),
            Misconception(lambda f: _links_for(f, {"action": "hostile act", "place_kind": "MDL",
                                                   "actor_kind": "forces"}) == ["Art. II ¶12"],
                          "For a hostile act at the MDL your function misses Art. I ¶6, whose "
                          "places are \"DMZ; MDL; JSA; border\": after split(\";\") the words "
                          "keep their spaces (\" MDL\"). Remove them with .strip().",
                          example=lambda: _links_example("no-strip")),
        ),
        hidden_checks=(_links_hidden,),
        hint="for row in provisions.to_dict(\"records\"): make three lists, e.g. acts = [a.strip() "
             "for a in row[\"acts\"].split(\";\") if a.strip()]; keep row[\"id\"] when "
             "action[\"action\"] in acts and (not places or action[\"place_kind\"] in places) and "
             "(not actors or action[\"actor_kind\"] in actors).",
        explanation="The rules are data: your function knows no provision by name, so a changed "
                    "table changes its answer. The autograder runs it with tables whose rules "
                    "were changed.",
        context=lambda: {"provisions": _provisions()},
    ),
    Exercise(
        id="04-crossing-paragraph",
        notebook=NOTEBOOK,
        name="crossing_paragraph",
        question="Which paragraph of the Agreement forbids crossing the MDL without the Military "
                 "Armistice Commission's authorisation? Give its number (e.g. 3) or its "
                 "citation (e.g. \"Art. I ¶3\").",
        kind=(int, str),
        form="paragraph",
        is_correct=lambda a: _is_paragraph(a, _paragraph_of_act("cross")),
        misconceptions=(
            Misconception(lambda a: _is_paragraph(a, _paragraph_of_act("hostile act")),
                          "Art. I ¶6 forbids hostile acts within, from or against the DMZ: it is "
                          "about what is done (firing), not about where one may go. Look for the "
                          "provision about crossing the line.",
                          example="Art. I ¶6"),
            Misconception(lambda a: _is_paragraph(a, 1),
                          "Art. I ¶1 fixes the MDL and the DMZ, but it forbids nothing by itself. "
                          "Another paragraph says who may cross the line.",
                          example=1),
            Misconception(lambda a: _is_paragraph(a, _paragraph_of_act("enter")),
                          "Art. I ¶9 is about entering the DMZ (the zone), not crossing the MDL "
                          "(the line in its middle).",
                          example="¶9"),
        ),
        hint="In the provisions table, read the summaries (or the `acts` column): which one is "
             "about crossing the MDL?",
        explanation="Art. I ¶7: nobody may cross the MDL without the MAC's specific "
                    "authorisation. The KPA soldier who stepped across for a few seconds is the "
                    "UNC's second finding.",
        context=lambda: {"provisions": _provisions()},
    ),
    Exercise(
        id="04-dmz-width",
        notebook=NOTEBOOK,
        name="dmz_width",
        question="How wide is the DMZ, in kilometres, according to Art. I ¶1?",
        kind=(int, float),
        form="number",
        is_correct=lambda a: abs(float(a) - dmz_width_km()) < 1e-9,
        misconceptions=(
            Misconception(lambda a: abs(float(a) - dmz_width_km() / 2) < 1e-9,
                          "2 km is how far each side withdraws from the MDL: the distance on one "
                          "side of the line. The zone spans both sides.",
                          example=2),
            Misconception(lambda a: abs(float(a) - 1000 * dmz_width_km()) < 1e-6,
                          "That is the width in metres; the question asks for kilometres.",
                          example=4000),
        ),
        hint="Art. I ¶1: each side withdraws 2 km from the line. Draw it: a line, and 2 km "
             "on each side of it. How far is it from one edge of the zone to the other?",
        explanation="4 km: 2 km north of the MDL and 2 km south of it. That is why \"across the "
                    "DMZ\" and \"across the MDL\" are not the same thing.",
        context=lambda: {"provisions": _provisions()},
    ),
    Exercise(
        id="04-ceasefire-years",
        notebook=NOTEBOOK,
        name="ceasefire_years",
        question="How many whole years had the ceasefire lasted on the day of the defection, "
                 "13 November 2017? Compute it from the dates.",
        kind=int,
        form="exact",
        is_correct=lambda a: a == full_years(ARMISTICE_SIGNED, DEFECTION),
        misconceptions=(
            Misconception(lambda a: a == full_years(WAR_BEGAN, DEFECTION),
                          "That counts from 1950, when the war began. The ceasefire began with "
                          "the armistice, signed on 27 July 1953.",
                          example=lambda: full_years(WAR_BEGAN, DEFECTION)),
            Misconception(lambda a: a == ARMISTICE_SIGNED.year,
                          "That is the year the armistice was signed, not how long it had lasted.",
                          example=lambda: ARMISTICE_SIGNED.year),
        ),
        hint="full_years(date(1953, 7, 27), date(2017, 11, 13)) counts whole years between two "
             "dates (from datetime import date).",
        explanation="64 years: the article's \"64-year-old ceasefire\" (article, paragraph 5) "
                    "checks out. The war itself never formally ended.",
        context=lambda: {},
    ),
    Exercise(
        id="04-firing-provisions",
        notebook=NOTEBOOK,
        name="firing_provisions",
        question="Which provisions does the UNC's first finding, \"firing weapons across the "
                 "MDL\", touch according to the matching rules? Give a list, e.g. "
                 "[\"Art. I ¶9\", 10].",
        kind=(list, tuple, set),
        form="paragraph-set",
        is_correct=lambda a: _numbers(a) == _firing_numbers(),
        misconceptions=(
            Misconception(lambda a: _numbers(a) == {_paragraph_of_act("cross")},
                          "Art. I ¶7 is about crossing the line. Firing across it does not "
                          "move anyone across: it is a hostile act.",
                          example=["Art. I ¶7"]),
            Misconception(lambda a: _numbers(a) == {_paragraph_of_act("hostile act")},
                          "Art. I ¶6 is one of them. A hostile act by a side's forces also goes "
                          "against a general duty of the commanders, in another article.",
                          example=[6]),
            Misconception(lambda a: 1 in _numbers(a),
                          "Art. I ¶1 defines the MDL and the DMZ but forbids no act: the rules "
                          "never match it.",
                          example=[1, 6, 12]),
            Misconception(lambda a: _numbers(a) == _firing_numbers() | {_paragraph_of_act("cross")},
                          "Art. I ¶6 and Art. II ¶12 are right: the firing is a hostile act "
                          "across the MDL, which runs through the DMZ (¶6), by the KPA, armed "
                          "forces under a commander's control (¶12, the general duty to stop all "
                          "hostilities); the series' notes on the findings make the same link, "
                          "as an analysis, since no paragraph numbers were cited in the reports. "
                          "But Art. I ¶7 is about crossing the MDL: the bullets went across the "
                          "line, nobody crossed it by firing. The crossing is the UNC's second "
                          "finding, another act. Remove ¶7.",
                          example=[6, 7, 12]),
            Misconception(lambda a: _numbers(a) == {_paragraph_of_act("hostile act"),
                                                    _paragraph_of_act("cross")},
                          "Art. I ¶6 is right, but Art. I ¶7 is about crossing the MDL: firing "
                          "across it moves nobody across. And a hostile act by a side's forces "
                          "also goes against a general duty of the commanders, in another "
                          "article.",
                          example=["Art. I ¶6", "Art. I ¶7"]),
        ),
        hint="Apply the rule table above to the firing: what kind of act is it, which place "
             "does it involve, and is the actor (the KPA) one of the armed forces? Every row "
             "whose conditions hold is one provision.",
        explanation="Art. I ¶6 (a hostile act within, from or against the DMZ: the MDL runs "
                    "through its middle) and Art. II ¶12 (the general duty to stop all "
                    "hostilities). No paragraph numbers were cited in the reports: this link "
                    "is our analysis.",
        context=lambda: {"provisions": _provisions()},
    ),
    Exercise(
        id="04-new-action",
        notebook=NOTEBOOK,
        name="entering_provision",
        question="Which provision does this new action touch: \"" + NEW_SENTENCE + "\"? Use "
                 "incident_actions and match_provisions, or reason from the summaries.",
        kind=(int, str),
        form="paragraph",
        is_correct=lambda a: _is_paragraph(a, _new_action_number()),
        misconceptions=(
            Misconception(lambda a: _is_paragraph(a, _paragraph_of_act("cross")),
                          "Entering the DMZ is not crossing the MDL: the zone begins 2 km from "
                          "the line. Which provision says who may enter the zone?",
                          example="Art. I ¶7"),
            Misconception(lambda a: _is_paragraph(a, 8),
                          "Art. I ¶8 is about someone inside the DMZ entering a side's "
                          "territory; here the soldiers enter the DMZ itself.",
                          example=8),
        ),
        hint="match_provisions(incident_actions(new_sentence), provisions) gives one row; read "
             "its `provision` and `why`.",
        explanation="Art. I ¶9: only civil administration and relief personnel, and people the "
                    "MAC authorises, may enter the DMZ.",
        context=lambda: {"provisions": _provisions(), "new_sentence": NEW_SENTENCE},
    ),
    Exercise(
        id="04-named-violations",
        notebook=NOTEBOOK,
        name="named_violations",
        question="Of the four actors in the `actors` table, whose actions did the UNC name as "
                 "violations of the Armistice Agreement? Give a list of their names as written "
                 "in the `actor` column.",
        kind=(list, tuple, set),
        form="name-set",
        is_correct=lambda a: _names(a) == _named_by_unc(),
        misconceptions=(
            Misconception(lambda a: _actor_named("defector").lower() in _names(a),
                          "The defector crossed the MDL without authorisation too, but the UNC "
                          "did not name it as a violation: the armistice binds the two sides' "
                          "commanders and forces, and does not address defection.",
                          example=lambda: [*sorted(_named_by_unc()), _actor_named("defector")]),
            Misconception(lambda a: _actor_named("South Korean").lower() in _names(a),
                          "The South Korean soldiers stayed south of the MDL and did not fire: "
                          "Gen. Brooks judged their actions consistent with the Agreement.",
                          example=lambda: [*sorted(_named_by_unc()), _actor_named("South Korean")]),
            Misconception(lambda a: _names(a) == {_actor_named("fired").lower()},
                          "The firing is one finding. The UNC's second finding is about "
                          "another KPA soldier's action.",
                          example=lambda: [_actor_named("fired")]),
        ),
        hint="Read the UNC's two findings (article, paragraph 6): who fired, and who crossed? "
             "Then compare with what the other two did.",
        explanation="Two: the KPA guards who fired across the MDL, and the KPA soldier who "
                    "crossed it in pursuit. What the UNC does not name can still be argued "
                    "about: see the discussion questions.",
        context=lambda: {"actors": actors_table()},
    ),
    Exercise(
        id="04-provisions-for",
        notebook=NOTEBOOK,
        name="provisions_for",
        question="Write a function provisions_for(text) that returns the sorted list of paragraph "
                 "numbers (whole numbers) that the actions in a text may touch, using "
                 "incident_actions and match_provisions.",
        kind=FunctionType,
        form="unordered",  # the check compares its results sorted
        is_correct=lambda f: _works_on(f, VISIBLE_TEXT) and _works_on(f, UNRELATED_TEXT),
        misconceptions=(
            Misconception(_constant,
                          "Your function gives the same answer for a text with no action at the "
                          "border as for the test text: it must compute the answer from the "
                          "text it is given.",
                          example=lambda: (lambda text: [6, 7, 12])),
            Misconception(_returns_ids,
                          "Your function returns the provisions' ids (\"Art. I ¶7\"); the "
                          "question asks for the paragraph numbers as whole numbers (7). "
                          "paragraph_number(...) converts one.",
                          example=lambda: _ids_solution),
        ),
        hidden_checks=(lambda f: _works_on(f, HIDDEN_TEXT),),
        hint="Inside the function: matches = match_provisions(incident_actions(text), "
             "provisions); then turn each id in matches[\"provision\"] into a number with "
             "paragraph_number, remove duplicates with set(), and sort.",
        explanation="A function that computes from its input works on any text: the autograder "
                    "runs yours on another border incident too.",
        context=lambda: {"provisions": _provisions(), "visible_text": VISIBLE_TEXT},
    ),
]


def shown_texts() -> dict[str, str]:
    """The texts the notebook shows for 04-provisions-for (the hidden one is not shown).

    >>> sorted(shown_texts())
    ['unrelated_text', 'visible_text']
    """
    return {"visible_text": VISIBLE_TEXT, "unrelated_text": UNRELATED_TEXT}


__all__ = ["EXERCISES", "FIRING_PHRASE", "NEW_SENTENCE", "VISIBLE_TEXT", "UNRELATED_TEXT",
           "ACTION_VERBS", "PLACE_PREPS", "HOSTILE", "reference_find_actions",
           "reference_provision", "reference_links", "shown_texts"]

# In the order the notebook asks them (the classroom tools expect the notebook's order).
_ORDER = ["04-ceasefire-years", "04-dmz-width", "04-crossing-paragraph", "04-find-actions",
          "04-action-rule", "04-firing-provisions", "04-rules-as-data", "04-new-action",
          "04-named-violations", "04-provisions-for"]
EXERCISES = sorted(EXERCISES, key=lambda ex: _ORDER.index(ex.id))
