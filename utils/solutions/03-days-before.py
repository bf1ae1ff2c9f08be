from utils.timeline import resolve_date


def days_before_anchor(expression, anchor):
    """How many days before *anchor* the time expression points (0 = the anchor day)."""
    return (anchor - resolve_date(expression, anchor)).days
