def according_to(doc):
    found = []
    for token in doc:
        if token.lower_ == "according":
            for to in token.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            found.append(doc[obj.left_edge.i:obj.i + 1].text)
    return found
