pattern = {"label": "LOC", "pattern": "MDL"}
