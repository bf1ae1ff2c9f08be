# 64 whole years before the anchor (22 November 2017) is 22 November 1953.
ceasefire_year = anchor.year - 64
