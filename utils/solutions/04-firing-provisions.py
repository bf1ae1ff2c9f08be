# From the rule table: the firing is a hostile act involving the MDL (Art. I ¶6),
# done by the KPA, one of the armed forces (Art. II ¶12).
firing_provisions = ["Art. I ¶6", "Art. II ¶12"]
