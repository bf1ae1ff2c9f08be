"""Exercises of notebook 04, "The armistice rules": provisions, geometry, dates, matching.

Every check is computed from the provisions table (``data/armistice_provisions.csv``), the
dates and distances of ``utils.armistice`` (from ``data/sources/``) or the helpers
``incident_actions`` and ``match_provisions``, never from a typed-in answer.
"""
from __future__ import annotations

from functools import lru_cache
from types import FunctionType
from typing import Any

from utils.armistice import (ARMISTICE_SIGNED, DEFECTION, WAR_BEGAN, actors_table, dmz_width_km,
                             full_years, incident_actions, load_provisions, match_provisions,
                             paragraph_number, provisions_touched)
from utils.exercises import Exercise, Misconception
from utils.text import load_article

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


def _named_by_unc() -> set[str]:
    table = actors_table()
    return {a.lower() for a in table.loc[table["named_by_unc"], "actor"]}


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


EXERCISES = [
    Exercise(
        id="04-crossing-paragraph",
        notebook=NOTEBOOK,
        name="crossing_paragraph",
        question="Which paragraph of the Agreement forbids crossing the MDL without the Military "
                 "Armistice Commission's authorisation? Give its number (e.g. 3) or its "
                 "citation (e.g. \"Art. I ¶3\").",
        kind=(int, str),
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
        hint="Art. I ¶1: each side withdraws 2 km from the line. Draw it (or look at the "
             "schematic): how far is it from one edge of the zone to the other?",
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
        ),
        hint="In `matches`, keep the rows whose `phrase` is \"firing weapons across the MDL\" "
             "and read the `provision` column.",
        explanation="Art. I ¶6 (a hostile act within, from or against the DMZ: the MDL runs "
                    "through its middle) and Art. II ¶12 (the general duty to stop all "
                    "hostilities). The UNC cited no paragraph: this link is our analysis.",
        context=lambda: {"matches": _article_matches(), "provisions": _provisions()},
    ),
    Exercise(
        id="04-new-action",
        notebook=NOTEBOOK,
        name="entering_provision",
        question="Which provision does this new action touch: \"" + NEW_SENTENCE + "\"? Use "
                 "incident_actions and match_provisions, or reason from the summaries.",
        kind=(int, str),
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
        context=lambda: {"actors": actors_table().drop(columns="named_by_unc")},
    ),
    Exercise(
        id="04-provisions-for",
        notebook=NOTEBOOK,
        name="provisions_for",
        question="Write a function provisions_for(text) that returns the sorted list of paragraph "
                 "numbers (whole numbers) that the actions in a text may touch, using "
                 "incident_actions and match_provisions.",
        kind=FunctionType,
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
           "shown_texts"]

# In the order the notebook asks them (the classroom tools expect the notebook's order).
_ORDER = ["04-ceasefire-years", "04-dmz-width", "04-crossing-paragraph", "04-firing-provisions",
          "04-new-action", "04-named-violations", "04-provisions-for"]
EXERCISES = sorted(EXERCISES, key=lambda ex: _ORDER.index(ex.id))
