from utils.report import number_value
from utils.text import parse


def counted(text):
    found = {}
    for token in parse(text):
        if token.dep_ == "nummod" and token.head.pos_ == "NOUN":
            value = number_value(token.text)
            if value is not None:
                found.setdefault(token.head.lemma_.lower(), value)
    return found
