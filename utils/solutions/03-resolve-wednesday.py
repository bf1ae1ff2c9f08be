from datetime import timedelta


def resolve_weekday(name, anchor, direction):
    """The date the weekday *name* points to: within the seven days up to the anchor
    ("past") or from the anchor on ("future"); the anchor's own weekday is the anchor."""
    target = WEEKDAYS.index(name.lower())          # Monday = 0, like anchor.weekday()
    if direction == "past":
        return anchor - timedelta(days=(anchor.weekday() - target) % 7)
    return anchor + timedelta(days=(target - anchor.weekday()) % 7)
