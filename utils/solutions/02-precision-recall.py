n_correct = 1        # only KPA: same span and same label
n_predicted = 3      # the model's three entities
n_gold = 4           # the four gold entities
precision_recall = (n_correct / n_predicted, n_correct / n_gold)
