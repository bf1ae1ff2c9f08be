from utils.armistice import incident_actions, match_provisions

entering_provision = match_provisions(incident_actions(new_sentence), provisions)["provision"].iloc[0]
