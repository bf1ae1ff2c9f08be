"""Where the repository's folders are, wherever Python was started.

>>> (DATA_DIR / "article.txt").exists()
True
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
SOURCES_DIR = DATA_DIR / "sources"
ARTICLE_PATH = DATA_DIR / "article.txt"
