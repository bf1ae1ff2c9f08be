def provision_for(verb, preposition, place):
    kind = place_kind(place)
    if verb in HOSTILE and kind:
        return 6
    if (verb == "cross" or preposition in ("across", "over")) and kind in ("MDL", "border", "DMZ"):
        return 7
    if verb == "enter" or preposition == "into":
        if kind in ("DMZ", "JSA"):
            return 9
        if kind == "territory":
            return 8
    return 0
