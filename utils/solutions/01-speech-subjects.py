def speech_subjects(doc):
    pairs = []
    for token in doc:
        if token.lemma_.lower() in SPEECH_VERBS:
            for child in token.children:
                if child.dep_ == "nsubj":
                    pairs.append((child.text, token.text))
    return pairs
