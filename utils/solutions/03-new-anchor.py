from datetime import date, timedelta

reading_day = date(2017, 12, 7)                       # a Thursday: weekday() == 3
# Back to the Wednesday (weekday() == 2) of the seven days up to the new anchor.
wednesday_if_read_later = reading_day - timedelta(days=(reading_day.weekday() - 2) % 7)
