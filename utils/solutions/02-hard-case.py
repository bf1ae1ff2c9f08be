south_label = "GPE"
