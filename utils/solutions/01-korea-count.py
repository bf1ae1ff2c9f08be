from utils.text import find_term

n_korea = len(find_term(article.text, "Korea"))
