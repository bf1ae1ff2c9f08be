army_patterns = [{"label": "ORG", "pattern": "KPA"}]
for north in ("", "North "):
    for apostrophe in ("'", "’"):
        army_patterns.append({"label": "ORG", "pattern": f"{north}Korean People{apostrophe}s Army"})
