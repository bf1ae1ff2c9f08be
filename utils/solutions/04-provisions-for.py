from utils.armistice import incident_actions, match_provisions, paragraph_number


def provisions_for(text):
    found = match_provisions(incident_actions(text), provisions)
    return sorted({paragraph_number(label) for label in found["provision"]})
