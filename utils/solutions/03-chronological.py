from utils.timeline import chronological_order

three = timeline[timeline["id"].isin(["video-released", "armistice-signed", "dragged"])]
in_order = list(chronological_order(three)["id"])
