n_words_in_title = len(article.title.split())
