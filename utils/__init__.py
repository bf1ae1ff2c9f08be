"""Shared helpers for the "Crossing the Line" notebook series.

Modules, one concern each:

- ``utils.text``: load the article; paragraphs, sentences, reading statistics, attributions.
- ``utils.nlp``: the spaCy English pipeline, loaded once (``get_nlp``).
- ``utils.entities``: entity tables, evaluation against a gold annotation, alias linking.
- ``utils.checking``: exercises that answer back (``check``, ``hint``, ``solution``).
- ``utils.environment``: the start-here environment check.
- ``utils.errors``: the error types raised on bad input, each with a message saying what to do.
"""
from utils.errors import CourseInputError, ModelNotInstalledError

__all__ = ["CourseInputError", "ModelNotInstalledError"]
__version__ = "0.1.0"
