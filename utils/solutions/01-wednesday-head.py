from utils.text import sentences

first = sentences(article.body)[0]
on = [t for t in first if t.text == "on"][0]
wednesday_head = on.head.text
