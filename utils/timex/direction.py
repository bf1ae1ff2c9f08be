"""Past or future? The direction of a weekday, a month or a day without a year, read from the
grammar of the sentence (spaCy's parse and morphology).

The expression's governing verb is found by climbing the dependency tree from the
expression's root. Then, in order: "will", "shall", "'ll", "would", a modal, "going to", "is
to", "plans/expects/is due/is scheduled to" make it the future; a past-tense verb or
auxiliary ("met", "had met", "was shot", "has met") the past; a present progressive ("are
meeting") or a plain present ("meet") the future (the news present of a schedule). No verb:
no direction (the caller's default applies).

>>> from utils.text import parse
>>> direction(parse("The ministers met on Monday."), 21, 27)
('past', "verb 'met' is in the past tense")
>>> direction(parse("The ministers will meet on Monday."), 26, 32)
('future', "verb 'will meet' is future")
"""
from __future__ import annotations

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
_MODALS = {"could", "may", "might", "should", "must", "can", "ca", "ought"}
_FUTURE_HEADS = {"plan", "intend", "expect", "schedule", "hope", "want", "aim", "set", "seek",
                 "agree", "promise", "vow", "threaten", "prepare", "due", "likely", "poise",
                 "slate", "propose", "decide", "go", "need", "try"}
_FUTURE_WORDS = {"due", "scheduled", "planned", "expected", "set", "slated", "upcoming"}


def _future_head(token) -> bool:
    word = token.lower_
    forms = {word, word[:-1], word[:-2], word[:-3]}  # hopes, hoped, planned (plann-ed), hoping
    return token.lemma_ in _FUTURE_HEADS or bool(forms & _FUTURE_HEADS) or word in _FUTURE_WORDS


def _verb_of(token):
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and seen < 8:
        if token.lower_ in _FUTURE_WORDS and token.dep_ in ("acomp", "amod", "advcl"):
            return token
        token = token.head
        seen += 1
    return token if token.pos_ in ("VERB", "AUX") or token.lower_ in _FUTURE_WORDS else None


def direction(doc, start: int, end: int) -> tuple[str, str]:
    """("past" | "future" | "present" | "", why) for the expression at characters start..end
    of *doc*. The caller decides what a present means (a weekday: the schedule, the future;
    a month or a date: the nearest one)."""
    if doc is None:
        return "", ""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "", ""
    verb = _verb_of(span.root)
    if verb is None:
        return "", "no verb governs it"
    return _verb_direction(verb)


def _verb_direction(verb, depth: int = 0) -> tuple[str, str]:
    if verb.lower_ in _FUTURE_WORDS and verb.pos_ not in ("VERB", "AUX"):
        return "future", f"'{verb.text}' points forward"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = " ".join([a.text for a in auxes] + [verb.text])
    planned = [c for c in verb.children if c.lower_ in _FUTURE_WORDS and c.dep_ in ("acomp", "oprd", "xcomp", "advmod")]
    if planned:
        return "future", f"'{verb.text} {planned[0].text}' points forward"
    for a in auxes:
        if a.lower_ in _FUTURE_AUX:
            return "future", f"verb '{words}' is future"
        if a.lower_ in _MODALS:
            return "future", f"modal '{a.text}' looks forward"
    # "going to meet", "plans to meet", "is due to meet", "is to meet", "expected to meet"
    if any(a.lower_ == "to" for a in auxes) and verb.head is not verb:
        head = verb.head
        if _future_head(head) or head.lower_.startswith("plann") or head.lower_.startswith("hop"):
            return "future", f"'{head.text} ... to {verb.text}' looks forward"
        if head.lemma_ == "be":
            return "future", f"'{head.text} to {verb.text}' is a plan"
        if head.morph.get("Tense") == ["Past"] and not _future_head(head):
            return "past", f"verb '{head.text}' is in the past tense"
        if head.pos_ in ("VERB", "AUX") and depth < 3:
            found = _verb_direction(head, depth + 1)  # "will spend ... to modernize"
            if found[0]:
                return found
    if verb.lemma_ in ("plan", "schedule", "expect", "set") and verb.tag_ == "VBN":
        return "future", f"'{verb.text}' looks forward"
    tenses = [t for tok in [*auxes, verb] for t in tok.morph.get("Tense")]
    if "Past" in tenses or verb.tag_ == "VBD":
        if verb.tag_ == "VBN" and not auxes and verb.dep_ == "acl":
            # a reduced relative ("the deal, announced on Feb. 1, is expected to close"): what
            # it reports has happened (planned ones, "scheduled for", are caught above)
            return "past", f"participle '{verb.text}' reports a done event"
        if verb.tag_ == "VBN" and not any(a.morph.get("Tense") == ["Past"] or a.lemma_ == "have"
                                          for a in auxes):
            pass  # a bare participle elsewhere: read the head below
        else:
            return "past", f"verb '{words}' is in the past tense"
    if any(a.lemma_ == "have" for a in auxes):
        return "past", f"verb '{words}' is a present perfect"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future", f"verb '{words}' is a present progressive (a plan)"
    if not auxes and verb.tag_ in ("VBG", "VB", "VBN") and verb.head is not verb and depth < 3:
        head = _verb_of(verb.head)
        if head is not None and head is not verb:
            return _verb_direction(head, depth + 1)  # "began gathering": the tense of 'began'
    if verb.tag_ in ("VBZ", "VBP") or "Pres" in tenses:
        return "present", f"verb '{words}' is in the present"
    return "", f"verb '{words}' shows no tense"


def direction_of_token(token) -> tuple[str, str]:
    verb = _verb_of(token)
    if verb is None:
        return "", "no verb governs it"
    tenses = verb.morph.get("Tense")
    if "Past" in tenses or verb.tag_ == "VBD":
        return "past", f"verb '{verb.text}' is in the past tense"
    return "", f"verb '{verb.text}' shows no tense"
