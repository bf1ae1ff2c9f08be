def weekday_direction(doc):
    """"past" or "future": where the weekday of a parsed sentence points, from its verb's tense."""
    day = next(token for token in doc if token.lower_ in WEEKDAYS)
    verb = day
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head                           # up the parse: "Friday" -> "on" -> "meet"
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    tensed = auxiliaries[0] if auxiliaries else verb   # "will be held": the tense is on "will"
    if tensed.lemma_ in ("will", "shall", "would"):
        return "future"
    if "Past" in tensed.morph.get("Tense"):
        return "past"
    return "future"                                # present tense: "The festival opens on Friday"
