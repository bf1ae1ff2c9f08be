wrong_label = bare_score.errors[bare_score.errors["kind"] == "wrong label"]
mislabelled = wrong_label["gold_text"].iloc[0]
