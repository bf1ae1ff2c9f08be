story_paragraphs = set(stats.loc[stats["kind"] == "story", "paragraph"])
unsourced_paragraphs = sorted(story_paragraphs - set(who["paragraph"]))
