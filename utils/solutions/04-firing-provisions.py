firing_provisions = matches.loc[matches["phrase"] == "firing weapons across the MDL",
                                "provision"].tolist()
