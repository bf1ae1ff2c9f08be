"""The short examples in the helpers' docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import utils

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(utils.__path__, "utils.")
    if not m.name.startswith("utils.solutions")
)


def test_every_module_is_found():
    assert {"utils.text", "utils.nlp", "utils.entities", "utils.checking"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
