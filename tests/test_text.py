"""utils.text: loading the article, and the reading helpers."""
from __future__ import annotations

import pytest

from conftest import ROOT
from utils.errors import CourseInputError
from utils.text import load_article


def test_article_is_the_seed_byte_for_byte():
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert (ROOT / "data" / "article.txt").read_bytes() == seed.read_bytes()


def test_load_article_parts(article):
    assert article.title == article.text.strip().splitlines()[0]
    assert article.body.startswith("The United Nations Command released a video")
    assert article.metadata["published"]["status"] == "assumption"
    assert article.metadata["published"]["date"] == "2017-11-22"
    assert str(article) == article.text


def test_load_article_from_another_file(tmp_path):
    path = tmp_path / "other.txt"
    path.write_text("A headline\n\nFirst paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    other = load_article(path)
    assert other.title == "A headline"
    assert other.body == "First paragraph.\n\nSecond paragraph."
    assert other.metadata == {}


def test_missing_article_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="Article file not found"):
        load_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t"])
def test_empty_article_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(CourseInputError, match="is empty"):
        load_article(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 story".encode("latin-1"))
    with pytest.raises(CourseInputError, match="not UTF-8"):
        load_article(path)
