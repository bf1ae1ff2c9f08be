from utils.timeline import find_time_expressions, normalise


def relative_dates(text, published):
    alone = find_time_expressions(text)
    value_alone = {(row.start, row.end): row.value for row in alone.itertuples()}
    anchored = normalise(text, published)
    return [row.text for row in anchored.itertuples()
            if value_alone.get((row.start, row.end)) != row.value]
