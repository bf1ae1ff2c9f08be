from utils.timeline import back_calculate

earliest_start, latest_start = back_calculate("64-year-old", anchor)
ceasefire_year = latest_start.year
