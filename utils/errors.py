"""Error types for bad input: each message says what is wrong and how to fix it.

>>> try:
...     raise CourseInputError("The text is empty. Pass the article's text, e.g. load_article().text.")
... except ValueError as exc:
...     print(exc)
The text is empty. Pass the article's text, e.g. load_article().text.
"""
from __future__ import annotations


class CourseInputError(ValueError):
    """An argument a helper cannot work with (empty, wrong type, unparseable...)."""


class ModelNotInstalledError(OSError):
    """The spaCy model asked for (or any English model) is not installed."""
