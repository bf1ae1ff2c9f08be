told_early = orders.loc[orders["shift"].idxmin(), "event"]
