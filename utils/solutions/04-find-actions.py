def find_actions(doc):
    found = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_ not in ACTION_VERBS:
            continue
        subject = ""
        for child in token.children:
            if child.dep_ == "nsubj":
                subject = child.text
                break
        preposition, obj = "", None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and obj is None:
                        preposition, obj = child.lower_, grandchild
        if obj is None:
            for child in token.children:
                if child.dep_ == "dobj" and obj is None:
                    obj = child
        place = doc[obj.left_edge.i : obj.right_edge.i + 1].text if obj is not None else ""
        found.append((subject, token.lemma_, preposition, place))
    return found
