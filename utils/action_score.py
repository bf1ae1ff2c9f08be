"""Score :func:`utils.armistice.incident_actions` and :func:`utils.armistice.match_provisions`
against hand-annotated passages (``data/actions_dev.jsonl``, ``data/actions_heldout.jsonl``;
the guideline is ``data/actions_dev_notes.md``).

What is measured:

- **actions**: precision, recall and F1. A found action matches a gold action when it is in the
  same sentence (the gold verb's offset lies inside the found action's sentence), has the same
  verb lemma, and the actors overlap (they share a word other than a determiner, or both are
  empty: the text does not say who). Each gold action matches at most one found action.
- **actor accuracy**: of the matched actions, the share whose actor is the gold actor exactly
  (ignoring case, a leading determiner and punctuation).
- **place accuracy**: of the matched actions, the share whose place is right: both empty, or
  the gold place phrase (normalised the same way) inside the found place phrase.
- **kind accuracy**: of the matched actions, the share with the gold kind (hostile act, cross,
  enter, carry arms).
- **provision links**: precision, recall and F1 of the (passage, provision) pairs that
  ``match_provisions`` gives, against the provisions a careful reader links.

``python -m utils.action_score`` prints the figures and every error on the development set;
``python -m utils.action_score --heldout`` scores the held-out set (once, at the end).

>>> prf(8, 2, 2)
(0.8, 0.8, 0.8)
>>> normalise_phrase("The Military Demarcation Line,")
'military demarcation line'
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from utils.datafiles import require_devset
from utils.errors import CourseInputError
from utils.paths import DATA_DIR

DEV_PATH = DATA_DIR / "actions_dev.jsonl"
HELDOUT_PATH = DATA_DIR / "actions_heldout.jsonl"
KINDS = ("hostile act", "cross", "enter", "carry arms")
ACTION_KEYS = ("verb", "verb_start", "actor", "place", "kind")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (a ratio with nothing to count is 1.0 when
    nothing was missed or wrongly found, so that an empty gold and empty answer score 1).

    >>> prf(3, 1, 0)
    (0.75, 1.0, 0.857)
    >>> prf(0, 0, 0)
    (1.0, 1.0, 1.0)
    """
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def normalise_phrase(text: str) -> str:
    """A phrase as the scorer compares it: lower case, curly quotes straightened, punctuation
    at the ends and a leading determiner dropped, spaces collapsed.

    >>> normalise_phrase("  the  KPA’s guards. ")
    "kpa's guards"
    """
    text = re.sub(r"[’‘]", "'", str(text or "")).lower()
    text = re.sub(r"\s+", " ", text).strip(" .,;:!?\"“”()")
    words = text.split(" ")
    if len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", normalise_phrase(text)) if w not in _DETERMINERS}


def actors_overlap(gold: str, found: str) -> bool:
    """True when two actors share a word other than a determiner, or both are empty.

    >>> actors_overlap("North Korean guards", "the guards"), actors_overlap("", "")
    (True, True)
    >>> actors_overlap("He", ""), actors_overlap("the KPA", "the UNC")
    (False, False)
    """
    if not gold and not found:
        return True
    return bool(_words(gold) & _words(found))


def place_correct(gold: str, found: str) -> bool:
    """True when both places are empty, or the gold place is inside the found place phrase.

    >>> place_correct("the MDL", "a patrol path south of the MDL"), place_correct("", "")
    (True, True)
    >>> place_correct("the MDL", ""), place_correct("", "the DMZ")
    (False, False)
    """
    gold, found = normalise_phrase(gold), normalise_phrase(found)
    if not gold or not found:
        return gold == found
    return re.search(rf"(?<!\w){re.escape(gold)}(?!\w)", found) is not None


def same_verb(lemma: str, found: dict) -> bool:
    """True when a found action's verb is the gold lemma: the same lemma, or a written form
    that inflects it (the model may lemmatise "waded" as "wad").

    >>> same_verb("wade", {"verb": "wad", "verb_text": "waded"}), same_verb("fire", {"verb": "fire"})
    (True, True)
    >>> same_verb("cross", {"verb": "fire", "verb_text": "fired"})
    False
    """
    if found["verb"] == lemma:
        return True
    form = str(found.get("verb_text", "")).lower()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return form in {lemma + "s", lemma + "es", lemma + "d", lemma + "ed", stem + "ing",
                    stem + "ed", lemma + lemma[-1:] + "ed", lemma + lemma[-1:] + "ing"}


def match_actions(gold: list[dict], found: list[dict]) -> list[tuple[int, int]]:
    """Pairs (gold index, found index) of matching actions. A found action has ``verb``
    (lemma), ``sentence_start``/``sentence_end`` (character offsets of its sentence) and
    ``actor``; a gold action has ``verb``, ``verb_start`` and ``actor``. Gold actions are
    taken in order, each with the first unused found action that matches.

    >>> gold = [{"verb": "fire", "verb_start": 12, "actor": "KPA guards"}]
    >>> found = [{"verb": "fire", "sentence_start": 0, "sentence_end": 40, "actor": "guards"},
    ...          {"verb": "cross", "sentence_start": 0, "sentence_end": 40, "actor": "guards"}]
    >>> match_actions(gold, found)
    [(0, 0)]
    """
    pairs, used = [], set()
    for g, action in enumerate(gold):
        for f, candidate in enumerate(found):
            if f in used:
                continue
            if (same_verb(action["verb"], candidate)
                    and candidate["sentence_start"] <= action["verb_start"] < candidate["sentence_end"]
                    and actors_overlap(action["actor"], candidate["actor"])):
                pairs.append((g, f))
                used.add(f)
                break
    return pairs


def load_passages(path: str | Path | None = None) -> list[dict]:
    """The annotated passages of a JSONL file (default: the development set), checked: each
    has ``id``, ``text``, ``actions`` and ``provisions``, and each action's verb and actor
    offsets point at its words. Raises CourseInputError naming the line to fix.

    >>> passages = load_passages()
    >>> len(passages) >= 30 and all(p["text"] for p in passages)
    True
    """
    file = require_devset(path if path is not None else DEV_PATH, "annotated passage file")
    passages = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file.name}, line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CourseInputError(f"{where} is not valid JSON ({error.msg}).") from None
        if not {"id", "text", "actions", "provisions"} <= set(row):
            raise CourseInputError(f"{where}: a passage needs id, text, actions and provisions.")
        for action in row["actions"]:
            missing = [k for k in ACTION_KEYS if k not in action]
            if missing or action["kind"] not in KINDS:
                raise CourseInputError(f"{where}: an action needs {list(ACTION_KEYS)} with a kind "
                                       f"among {list(KINDS)}; got {action}.")
            if row["text"][action["verb_start"]:action.get("verb_end", action["verb_start"])] \
                    != action.get("verb_text", ""):
                raise CourseInputError(f"{where}: verb offsets do not point at "
                                       f"{action.get('verb_text')!r}.")
            if action["actor"] and row["text"][action["actor_start"]:action["actor_end"]] \
                    != action["actor"]:
                raise CourseInputError(f"{where}: actor offsets do not point at "
                                       f"{action['actor']!r}.")
        passages.append(row)
    if not passages:
        raise CourseInputError(f"{file} has no passage.")
    return passages


def found_actions(text: str) -> tuple[list[dict], list[str]]:
    """What the helpers find in *text*: the actions (with verb lemma and sentence offsets, in
    the form :func:`match_actions` takes) and the provisions ``match_provisions`` links.

    >>> actions, links = found_actions("KPA soldiers crossed the MDL.")
    >>> [(a["verb"], a["actor"], a["place"]) for a in actions], links
    ([('cross', 'KPA soldiers', 'the MDL')], ['Art. I ¶7'])
    """
    from utils.armistice import incident_actions, match_provisions
    from utils.text import as_doc, sentences

    doc = as_doc(text)
    spans = sentences(doc)
    table = incident_actions(doc)
    actions, seen = [], {}
    for row in table.to_dict("records"):
        sent = spans[row["sentence_no"]]
        key = (row["sentence_no"], row["verb"])
        tokens = [t for t in sent if t.text == row["verb"]]
        token = tokens[min(seen.get(key, 0), len(tokens) - 1)] if tokens else None
        seen[key] = seen.get(key, 0) + 1
        actions.append({"verb": token.lemma_.lower() if token is not None else row["verb"].lower(),
                        "verb_text": row["verb"],
                        "verb_start": token.idx if token is not None else sent.start_char,
                        "sentence_start": sent.start_char, "sentence_end": sent.end_char,
                        "actor": row["actor"], "place": row["place"], "kind": row["action"]})
    links = sorted(set(match_provisions(table)["provision"]))
    return actions, links


def score(passages: list[dict]) -> dict[str, Any]:
    """Run the helpers on every passage and compare with the gold: a dict of figures
    (``action_p``, ``action_r``, ``action_f1``, ``actor_acc``, ``place_acc``, ``kind_acc``,
    ``link_p``, ``link_r``, ``link_f1``, counts) and ``errors`` (one line per mistake).

    >>> figures = score([{"id": "x", "text": "KPA soldiers crossed the MDL.", "provisions": ["Art. I ¶7"],
    ...     "actions": [{"verb": "cross", "verb_start": 13, "actor": "KPA soldiers",
    ...                  "place": "the MDL", "kind": "cross"}]}])
    >>> figures["action_f1"], figures["actor_acc"], figures["link_f1"], figures["errors"]
    (1.0, 1.0, 1.0, [])
    """
    tp = fp = fn = actor_ok = place_ok = kind_ok = 0
    link_tp = link_fp = link_fn = 0
    errors: list[str] = []
    for passage in passages:
        found, links = found_actions(passage["text"])
        gold = passage["actions"]
        pairs = match_actions(gold, found)
        tp += len(pairs)
        matched_gold = {g for g, _ in pairs}
        matched_found = {f for _, f in pairs}
        for g, action in enumerate(gold):
            if g not in matched_gold:
                fn += 1
                errors.append(f"{passage['id']} MISSED {action['kind']}: {action['verb']} "
                              f"(actor {action['actor']!r}, place {action['place']!r})")
        for f, action in enumerate(found):
            if f not in matched_found:
                fp += 1
                errors.append(f"{passage['id']} WRONG {action['kind']}: {action['verb']} "
                              f"(actor {action['actor']!r}, place {action['place']!r})")
        for g, f in pairs:
            want, got = gold[g], found[f]
            if normalise_phrase(want["actor"]) == normalise_phrase(got["actor"]):
                actor_ok += 1
            else:
                errors.append(f"{passage['id']} ACTOR {want['verb']}: {got['actor']!r} "
                              f"instead of {want['actor']!r}")
            if place_correct(want["place"], got["place"]):
                place_ok += 1
            else:
                errors.append(f"{passage['id']} PLACE {want['verb']}: {got['place']!r} "
                              f"instead of {want['place']!r}")
            if want["kind"] == got["kind"]:
                kind_ok += 1
            else:
                errors.append(f"{passage['id']} KIND {want['verb']}: {got['kind']!r} "
                              f"instead of {want['kind']!r}")
        gold_links, found_links = set(passage["provisions"]), set(links)
        link_tp += len(gold_links & found_links)
        link_fp += len(found_links - gold_links)
        link_fn += len(gold_links - found_links)
        for p in sorted(found_links - gold_links):
            errors.append(f"{passage['id']} LINK WRONG {p}")
        for p in sorted(gold_links - found_links):
            errors.append(f"{passage['id']} LINK MISSED {p}")
    action_p, action_r, action_f1 = prf(tp, fp, fn)
    link_p, link_r, link_f1 = prf(link_tp, link_fp, link_fn)
    ratio = (lambda n: round(n / tp, 3) if tp else 1.0)
    return {"passages": len(passages), "gold_actions": tp + fn, "found_actions": tp + fp,
            "matched": tp, "action_p": action_p, "action_r": action_r, "action_f1": action_f1,
            "actor_acc": ratio(actor_ok), "place_acc": ratio(place_ok), "kind_acc": ratio(kind_ok),
            "link_p": link_p, "link_r": link_r, "link_f1": link_f1,
            "gold_links": link_tp + link_fn, "found_links": link_tp + link_fp, "errors": errors}


def report(figures: dict[str, Any]) -> str:
    """The figures of :func:`score` as lines of text, then the errors.

    >>> print(report({"passages": 1, "gold_actions": 0, "found_actions": 0, "matched": 0,
    ...               "action_p": 1.0, "action_r": 1.0, "action_f1": 1.0, "actor_acc": 1.0,
    ...               "place_acc": 1.0, "kind_acc": 1.0, "link_p": 1.0, "link_r": 1.0,
    ...               "link_f1": 1.0, "gold_links": 0, "found_links": 0, "errors": []}).splitlines()[0])
    passages 1; gold actions 0, found 0, matched 0
    """
    f = figures
    lines = [f"passages {f['passages']}; gold actions {f['gold_actions']}, found "
             f"{f['found_actions']}, matched {f['matched']}",
             f"actions   P {f['action_p']:.3f}  R {f['action_r']:.3f}  F1 {f['action_f1']:.3f}",
             f"of matched: actor accuracy {f['actor_acc']:.3f}, place accuracy "
             f"{f['place_acc']:.3f}, kind accuracy {f['kind_acc']:.3f}",
             f"provision links ({f['gold_links']} gold, {f['found_links']} found)  "
             f"P {f['link_p']:.3f}  R {f['link_r']:.3f}  F1 {f['link_f1']:.3f}",
             f"errors ({len(f['errors'])}):", *("  " + e for e in f["errors"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = HELDOUT_PATH if "--heldout" in args else DEV_PATH
    print(f"{path.name}")
    print(report(score(load_passages(path))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
