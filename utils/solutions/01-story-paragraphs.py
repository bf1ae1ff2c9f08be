n_story_paragraphs = int((stats["kind"] == "story").sum())
