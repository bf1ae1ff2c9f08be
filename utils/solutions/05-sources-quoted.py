from utils.text import attributions


def sources_quoted(text):
    table = attributions(text)
    named = table[table["source_kind"] != "pronoun"]
    return sorted(set(named["source"]))
