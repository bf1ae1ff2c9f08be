correct = 1          # only KPA: same span and same label
predicted = 3        # the model's three entities
gold = 4             # the four gold entities
precision_recall = (correct / predicted, correct / gold)
