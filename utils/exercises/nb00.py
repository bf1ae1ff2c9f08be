"""Exercises of notebook 00, "Start here": one warm-up to try the feedback mechanism."""
from __future__ import annotations

from utils.exercises import Exercise, Misconception
from utils.text import load_article


def _title() -> str:
    return load_article().title


EXERCISES = [
    Exercise(
        id="00-warm-up",
        notebook="00-start-here",
        name="n_words_in_title",
        question="How many words are in the article's title?",
        kind=int,
        form="exact",
        is_correct=lambda a: a == len(_title().split()),
        misconceptions=(
            Misconception(lambda a: a == len(_title()),
                          "That is the number of characters in the title, not words. "
                          "Split the title into words first: article.title.split().",
                          example=lambda: len(_title())),
            Misconception(lambda a: a == len(load_article().text.split()),
                          "That counts the words of the whole article. Use article.title, "
                          "not article.text.",
                          example=lambda: len(load_article().text.split())),
        ),
        hint="article.title is the title as text; .split() cuts text into a list of words; "
             "len(...) counts the items of a list.",
        explanation="len(article.title.split()) counts the words separated by spaces.",
        context=lambda: {"article": load_article()},
    ),
]
