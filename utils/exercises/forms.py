"""Answer forms: how an exercise reads an answer before it compares it (shipped everywhere).

A *form* turns an answer into the part that the exercise judges: ``"surname"`` reads
"Mayor Ana Ruiz" as "ruiz", ``"int-set"`` reads ``[3, 1, 3]`` as ``[1, 3]``. The full
check of an exercise (``utils/exercises/nb0*.py``, teacher side) and its sealed check (the
classroom copy, :mod:`utils.exercises.sealed`) read answers through the same form, so both
give the same verdict. A form holds no answer: it only says which differences do not count. For a function, the
form reads each of its results.

>>> FORMS["surname"]("Mayor Ana Ruiz"), FORMS["int-set"]((3, 1, 3))
('ruiz', [1, 3])
>>> FORMS["paragraph"]("Art. I ¶7"), FORMS["paragraph"](7)
(7, 7)
"""
from __future__ import annotations

from typing import Any, Callable


def _clean(answer: Any) -> str:
    return str(answer).strip().strip("'\"").strip()


def surname(answer: Any) -> str:
    """The last word, lower case: the name a source is counted by.

    >>> surname("Ana Ruiz."), surname("")
    ('ruiz', '')
    """
    words = str(answer).replace("’", "'").strip().strip("'\".").split()
    return words[-1].lower() if words else ""


def int_set(answer: Any) -> list[int]:
    """Whole numbers, each once, in order (the order of a set of paragraphs does not count).

    >>> int_set([3, 1, 3])
    [1, 3]
    """
    return sorted({int(a) for a in answer})


def casefold(answer: Any) -> str:
    """Text without surrounding spaces, in lower case.

    >>> casefold("  Defected ")
    'defected'
    """
    return str(answer).strip().lower()


def name_set(answer: Any) -> list[str]:
    """Names, each once, in lower case, in no particular order.

    >>> name_set(["BBC", " npr", "bbc"])
    ['bbc', 'npr']
    """
    return sorted({str(a).strip().lower() for a in answer})


def label(answer: Any) -> str:
    """An entity label: no quotes or spaces around it, upper case.

    >>> label(" 'gpe' ")
    'GPE'
    """
    return _clean(answer).upper()


def entity_text(answer: Any) -> str:
    """An entity's words as the series compares them: no quotes, no leading "the", curly
    apostrophes.

    >>> entity_text("the People's Army")
    'People’s Army'
    """
    from utils.entities import Entity, _strip_the

    cleaned = _clean(answer)
    return _strip_the(Entity(0, len(cleaned), "", cleaned)).text.replace("'", "’")


def quoted_text(answer: Any) -> str:
    """Text without spaces or quotes around it (an id typed with its quotes is the id).

    >>> quoted_text(" 'storm-ends' ")
    'storm-ends'
    """
    return str(answer).strip().strip("'\"")


def ids(answer: Any) -> list[str]:
    """A list of ids in its order, each without spaces or quotes around it.

    >>> ids([" a", "'b'"])
    ['a', 'b']
    """
    return [quoted_text(a) for a in answer]


def two_decimals(answer: Any) -> list[float]:
    """Numbers rounded to two decimals (a figure worked out by hand: 1/3 is 0.33).

    >>> two_decimals((2 / 3, 0.125))
    [0.67, 0.12]
    """
    return [round(float(a), 2) for a in answer]


def number(answer: Any) -> float:
    """A number, whole or not (4 and 4.0 are the same width).

    >>> number(4) == number(4.0)
    True
    """
    return round(float(answer), 9)


def paragraph(answer: Any) -> int:
    """A paragraph of the armistice, given as its number or as written ("Art. I ¶7").

    >>> paragraph("Art. II ¶12")
    12
    """
    from utils.armistice import paragraph_number

    return paragraph_number(answer)


def paragraph_set(answer: Any) -> list[int]:
    """Paragraphs of the armistice, each once, in no particular order.

    >>> paragraph_set(["Art. II ¶12", 6, "6"])
    [6, 12]
    """
    return sorted({paragraph(a) for a in answer})


def unordered(answer: Any) -> list:
    """The items of a list in a fixed order: a list whose order does not count (a function's
    result that the check compares sorted).

    >>> unordered([("b", 1), ("a", 2)]) == unordered([("a", 2), ("b", 1)])
    True
    """
    import json

    from utils.exercises.sealed import plain

    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        raise TypeError(f"not a list: {type(answer).__name__}")
    return sorted((plain(a) for a in answer), key=lambda v: json.dumps(v, sort_keys=True))


def exact(answer: Any) -> Any:
    """The answer as it is (the sealed check compares its type and value).

    >>> exact(15)
    15
    """
    return answer


FORMS: dict[str, Callable[[Any], Any]] = {
    "exact": exact, "surname": surname, "int-set": int_set, "casefold": casefold,
    "name-set": name_set, "label": label, "entity-text": entity_text,
    "quoted-text": quoted_text, "ids": ids, "two-decimals": two_decimals, "number": number,
    "paragraph": paragraph, "paragraph-set": paragraph_set, "unordered": unordered,
}
