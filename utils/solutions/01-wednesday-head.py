on_token = [t for t in first if t.text == "on"][0]
wednesday_head = on_token.head.text
