from utils.text import sentence_table, unattributed


def unsourced_share(text):
    n_story = int((sentence_table(text)["kind"] == "story").sum())
    return round(100 * len(unattributed(text)) / n_story, 1)
