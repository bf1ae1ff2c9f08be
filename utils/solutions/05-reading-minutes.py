import math

from utils.text import words


def reading_minutes(text):
    return max(1, math.ceil(len(words(text)) / 200))
