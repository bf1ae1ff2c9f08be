"""Error types for bad input: each message says what is wrong and how to fix it.

>>> try:
...     raise CourseInputError("The text is empty. Pass the article's text, e.g. load_article().text.")
... except ValueError as exc:
...     print(exc)
The text is empty. Pass the article's text, e.g. load_article().text.
"""
from __future__ import annotations

from typing import Any


class CourseInputError(ValueError):
    """An argument a helper cannot work with (empty, wrong type, unparseable...)."""


class ModelNotInstalledError(OSError):
    """The spaCy model asked for (or any English model) is not installed."""


def require_text(value: Any, what: str = "The text", *, accepts: str = "a piece of text (str)",
                 example: str = "load_article().text") -> str:
    """Return *value* if it is a non-empty string, else raise CourseInputError saying what to pass.

    >>> require_text("Seoul.")
    'Seoul.'
    >>> require_text(b"Seoul.")
    Traceback (most recent call last):
    ...
    utils.errors.CourseInputError: The text is bytes, not text. Decode it first, e.g. data.decode('utf-8').
    """
    if value is None:
        raise CourseInputError(f"{what} is None. Pass {accepts}, e.g. {example}.")
    if isinstance(value, (bytes, bytearray)):
        raise CourseInputError(f"{what} is bytes, not text. Decode it first, e.g. "
                               "data.decode('utf-8').")
    if not isinstance(value, str):
        raise CourseInputError(f"{what} must be {accepts}, not {type(value).__name__}. "
                               f"Pass e.g. {example}.")
    if not value.strip():
        raise CourseInputError(f"{what} is empty. Pass a text with at least one sentence, "
                               f"e.g. {example}.")
    return value
