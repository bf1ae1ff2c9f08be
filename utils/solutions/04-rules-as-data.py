def linked_provisions(action, provisions):
    linked = []
    for row in provisions.to_dict("records"):
        acts = [a.strip() for a in row["acts"].split(";") if a.strip()]
        places = [p.strip() for p in row["places"].split(";") if p.strip()]
        actors = [a.strip() for a in row["actors"].split(";") if a.strip()]
        if (action["action"] in acts
                and (not places or action["place_kind"] in places)
                and (not actors or action["actor_kind"] in actors)):
            linked.append(row["id"])
    return linked
