crossing_paragraph = provisions.loc[provisions["acts"] == "cross", "id"].iloc[0]
