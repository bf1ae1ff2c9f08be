speakers = who["source"].str.split().str[-1]   # "Col. Chad Carroll" and "Carroll" -> "Carroll"
most_quoted = speakers.value_counts().index[0]
