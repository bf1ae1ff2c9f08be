def days_between(timeline, first, second):
    """Calendar days from the event *first* to the event *second* (ids of timeline)."""
    starts = timeline.set_index("id")["start"]
    return (starts[second].normalize() - starts[first].normalize()).days
