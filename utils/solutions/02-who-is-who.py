from utils.entities import canonical_entities

people = canonical_entities(ruled_doc)
kpa_row = people[people["forms"].str.contains("KPA")]
kpa_mentions = int(kpa_row["mentions"].iloc[0])
