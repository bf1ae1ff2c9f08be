longest_row = table["words"].idxmax()
longest_sentence_paragraph = int(table.loc[longest_row, "paragraph"])
