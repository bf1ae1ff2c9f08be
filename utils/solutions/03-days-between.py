starts = timeline.set_index("id")["start"]
days_between = (starts["video-released"].date() - starts["runs-across"].date()).days
