def surname_fixes(doc):
    """(start_char, end_char, "PERSON") of each lone first or last name met after the full name."""
    name_words = {}                          # word -> token where the full name starts
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            for word in (ent[0].text, ent[-1].text):
                name_words.setdefault(word, ent.start)
    fixes = set()
    for ent in doc.ents:
        if (len(ent) == 1 and ent.label_ != "PERSON" and ent.text in name_words
                and name_words[ent.text] < ent.start):
            fixes.add((ent.start_char, ent.end_char, "PERSON"))
    return fixes
