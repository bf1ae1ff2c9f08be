fortnight_rule = {
    "id": "dur_fortnight",
    "type": "DURATION",
    "pattern": r"(?:a|one|the\s+(?:past|last|next|coming))\s+fortnight(?!\s+ago)",  # "a" too; not "ago"
    "value": "=P2W",                                   # written as is: two weeks
    "mod": "",
    "example": "The inquiry will take a fortnight.",
    "example_value": "P2W",
    "note": "a fortnight = two weeks",
}
