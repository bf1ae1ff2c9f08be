"""Shared fixtures: the article, the pipeline, the notebooks."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the suite also runs outside the course's .venv
    sys.path.insert(0, str(ROOT))

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="session")
def article():
    from utils.text import load_article

    return load_article()


@pytest.fixture(scope="session")
def nlp():
    from utils.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def doc(nlp, article):
    return nlp(article.text)
