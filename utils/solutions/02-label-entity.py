us_label = "GPE"
