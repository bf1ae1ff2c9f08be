contradict_unc = [r.report for r in hit_reports.itertuples()
                  if not (r.at_least <= 5 <= r.at_most)]
