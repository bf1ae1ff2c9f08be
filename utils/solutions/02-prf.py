def prf(predicted, gold):
    """Precision, recall and F1 of two sets of (start, end, label): exact matches only."""
    correct = len(predicted & gold)          # same span AND same label
    precision = correct / len(predicted) if predicted else 0.0
    recall = correct / len(gold) if gold else 0.0
    if precision + recall == 0:
        return precision, recall, 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1
