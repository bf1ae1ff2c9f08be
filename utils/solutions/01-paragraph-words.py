def paragraph_words(text):
    pieces = [piece for piece in re.split(r"\n\s*\n", text) if piece.strip()]
    return pd.DataFrame({"paragraph": range(1, len(pieces) + 1),
                         "words": [len(words(piece)) for piece in pieces]})
