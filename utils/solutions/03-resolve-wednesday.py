from utils.timeline import resolve_date

wednesday_date = resolve_date("on Wednesday", anchor)
