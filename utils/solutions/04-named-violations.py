named_violations = ["KPA guards who fired", "KPA soldier who stepped across"]
