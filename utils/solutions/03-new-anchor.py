from datetime import date

from utils.timeline import resolve_date

wednesday_if_23 = resolve_date("on Wednesday", date(2017, 11, 23))
