from utils.report import compare, read_article


def only_in_first(text_a, text_b):
    comparison = compare(read_article(text_a, published=PUBLISHED),
                         read_article(text_b, published=PUBLISHED))
    return sorted(comparison.only_in("a"))
