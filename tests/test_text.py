"""utils.text: loading the article, and the reading helpers."""
from __future__ import annotations

import pytest

from conftest import ROOT
from utils.errors import CourseInputError
from utils.text import load_article


def test_article_is_the_seed_byte_for_byte():
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert (ROOT / "data" / "article.txt").read_bytes() == seed.read_bytes()


def test_load_article_parts(article):
    assert article.title == article.text.strip().splitlines()[0]
    assert article.body.startswith("The United Nations Command released a video")
    assert article.metadata["published"]["status"] == "assumption"
    assert article.metadata["published"]["date"] == "2017-11-22"
    assert str(article) == article.text


def test_load_article_from_another_file(tmp_path):
    path = tmp_path / "other.txt"
    path.write_text("A headline\n\nFirst paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    other = load_article(path)
    assert other.title == "A headline"
    assert other.body == "First paragraph.\n\nSecond paragraph."
    assert other.metadata == {}


def test_missing_article_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="Article file not found"):
        load_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t"])
def test_empty_article_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(CourseInputError, match="is empty"):
        load_article(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 story".encode("latin-1"))
    with pytest.raises(CourseInputError, match="not UTF-8"):
        load_article(path)


# --- reading helpers ---------------------------------------------------------------------------

import pandas as pd

from utils.text import (attributions, find_term, find_terms, is_credit_line, looks_english,
                        paragraphs, reading_stats, sentence_table, sentences, source_shares,
                        unattributed, words)

NEWS = (
    "Floods closed the main bridge in Riverton on Monday, officials said.\n\n"
    "'He is fine,' the surgeon said. The boy was pulled from the water by a neighbour.\n\n"
    "Mayor Ana Ruiz, who visited the site, said that repairs would take a month. "
    "The damage exceeds two million dollars, according to the city's engineers.\n\n"
    "[Photo by Jo Bloggs/Riverton Times]"
)


def test_paragraphs_split_on_blank_lines_and_keep_the_credit_line(article):
    paras = paragraphs(article.body)
    assert len(paras) == 7
    assert paras[0].startswith("The United Nations Command released")
    assert paras[4].startswith("The UN Command stated") and "Col. Chad Carroll" in paras[4]
    assert paras[-1] == "[Featured Image by Chung Sung-Jun/Getty Images]"
    assert is_credit_line(paras[-1]) and not any(is_credit_line(p) for p in paras[:-1])
    assert paragraphs("One.\r\n \r\nTwo.\n\n\n\nThree") == ["One.", "Two.", "Three"]


def test_sentences_never_cross_a_line_break(article, doc):
    from_text = [s.text for s in sentences(article.text)]
    assert from_text[0] == article.title
    assert from_text[1].startswith("The United Nations Command released")
    # a Doc parsed elsewhere (title and first sentence run together) is split the same way
    assert [s.text for s in sentences(doc)][:2] == from_text[:2]
    assert from_text[-1] == "[Featured Image by Chung Sung-Jun/Getty Images]"


def test_words_by_hand():
    assert words("Lee Cook-Jong, the U.S. surgeon, said: he's fine!") == [
        "Lee", "Cook-Jong", "the", "U.S", "surgeon", "said", "he's", "fine"]
    assert words("People’s Army, 64-year-old ceasefire.") == ["People’s", "Army", "64-year-old", "ceasefire"]
    assert words("") == [] and words(" ... ") == []


def test_reading_stats_on_a_hand_computed_text():
    text = "The dog ran. It was fast and happy.\n\nThe end.\n\n[Photo by A. Person]"
    stats = reading_stats(text)
    assert list(stats.columns) == ["paragraph", "kind", "sentences", "words", "characters",
                                   "words_per_sentence", "longest_sentence"]
    # paragraph 1: "The dog ran." (3 words) + "It was fast and happy." (5 words)
    assert stats.iloc[0].to_dict() == {"paragraph": 1, "kind": "story", "sentences": 2,
                                       "words": 8, "characters": 35, "words_per_sentence": 4.0,
                                       "longest_sentence": 5}
    assert stats.iloc[1][["sentences", "words", "characters", "longest_sentence"]].tolist() == [1, 2, 8, 2]
    assert stats.iloc[2]["kind"] == "credit"


def test_reading_stats_of_the_article(article):
    stats = reading_stats(article.body)
    assert stats["kind"].tolist() == ["story"] * 6 + ["credit"]
    story = stats[stats["kind"] == "story"]
    assert story["sentences"].sum() == 16
    assert story["words"].sum() == sum(len(words(p)) for p in paragraphs(article.body)[:6])
    table = sentence_table(article.body)
    assert table["words"].max() == stats["longest_sentence"].max() == 60  # Carroll's sentence
    assert table.loc[table["words"].idxmax(), "sentence"].startswith("Col. Chad Carroll")


SOURCES = {"Reuters": "according to", "the doctors": "according to", "Lee Cook-Jong": "according to",
           "the UN Command": "stated", "Col. Chad Carroll": "said", "CNN": "as noted by",
           "Carroll": "added"}


def test_attributions_find_every_source_of_the_article(article):
    table = attributions(article.body)
    assert {"sentence", "source", "cue", "claim"} <= set(table.columns)
    found = dict(zip(table["source"], table["cue"]))
    for source, cue in SOURCES.items():
        assert found.get(source) == cue, (source, found)
    lee = table[table["source"] == "Lee Cook-Jong"].iloc[0]
    assert lee["role"] == "the lead surgeon"
    assert lee["claim"].startswith("His breathing now is stable")
    assert "according to" not in lee["claim"]
    # the paragraph with two cues: "the doctor said ..., according to Lee Cook-Jong"
    both = table[table["sentence"].str.startswith("His breathing")]
    assert sorted(both["cue"]) == ["according to", "said"]
    assert both[both["cue"] == "said"].iloc[0]["claim"] == "he is fine and is not going to die"
    carroll = table[table["source"] == "Col. Chad Carroll"].iloc[0]
    assert carroll["claim"].startswith("the UN Command had notified")
    assert "as noted by" not in carroll["claim"]
    # "the said violations" is not a statement
    assert (table["cue"] == "said").sum() == 2
    assert table["paragraph"].tolist() == [3, 4, 4, 4, 5, 5, 5, 6]


def test_attributions_on_another_news_text():
    table = attributions(NEWS)
    rows = {r.source: r for r in table.itertuples()}
    assert set(rows) == {"officials", "the surgeon", "Mayor Ana Ruiz", "the city's engineers"}
    assert rows["the surgeon"].cue == "said" and rows["the surgeon"].claim == "He is fine"
    assert rows["officials"].claim == "Floods closed the main bridge in Riverton on Monday"
    assert rows["Mayor Ana Ruiz"].claim == "repairs would take a month"
    assert rows["Mayor Ana Ruiz"].source_kind == "name"
    assert rows["the city's engineers"].cue == "according to"
    assert rows["the city's engineers"].claim == "The damage exceeds two million dollars"
    assert table["paragraph"].tolist() == [1, 2, 3, 3]


def test_attributions_speaker_after_the_quote_and_passive_agent():
    table = attributions('"The bridge is safe," said Anna Berg, the city engineer. '
                         "The fire started at night, as reported by the local newspaper.")
    assert table[["source", "role", "cue", "claim"]].values.tolist() == [
        ["Anna Berg", "the city engineer", "said", "The bridge is safe"],
        ["the local newspaper", "", "as reported by", "The fire started at night"]]


def test_attributions_shared_subjects_and_split_quotes():
    table = attributions("The coroner said the crash was an accident and added that the road "
                         "was icy. The airport said on Monday, adding that flights would resume. "
                         "The union admitted talks had failed but insisted that a deal was near.")
    rows = table[["source", "cue", "claim"]].values.tolist()
    assert ["the coroner", "said", "the crash was an accident"] in rows
    assert ["the coroner", "added", "the road was icy"] in rows
    assert ["the airport", "adding", "flights would resume"] in rows
    assert ["the union", "insisted", "a deal was near"] in rows
    split = attributions("“I was never there. Not even once,” the witness told the court.")
    assert split[["source", "cue"]].values.tolist() == [["the witness", "told"]]
    assert split["claim"].iloc[0].startswith("Not even once")


def test_attributions_construction_verbs_and_statements():
    table = attributions("The tribunal ruled that the dismissal was unfair. The ministry said in "
                         "a statement that the port was closed. The mayor called the plan "
                         "reckless. Campaigners accused the firm of polluting the lake. "
                         "Nurses urged the council to act. Residents reached by phone said the "
                         "water was brown.")
    found = dict(zip(table["cue"], zip(table["source"], table["claim"])))
    assert found["ruled"] == ("the tribunal", "the dismissal was unfair")
    assert found["said"][1] == "the port was closed" or "the water was brown" in table["claim"].tolist()
    assert found["called"] == ("the mayor", "reckless")
    assert found["accused"] == ("Campaigners", "polluting the lake")
    assert found["urged"] == ("Nurses", "the council to act")
    assert "Residents reached by phone" in table["source"].tolist()
    inside = attributions("The war, the general said, was over. The minister was quoted as "
                          "saying that taxes would rise.")
    assert inside[["source", "cue", "claim"]].values.tolist() == [
        ["the general", "said", "The war was over"],
        ["the minister", "saying", "taxes would rise"]]


def test_attributions_leave_out_what_is_not_a_statement():
    text = ("The fire claimed three lives. The hospital admitted 30 patients. The team conceded "
            "a goal. The council agreed to build a school. She said nothing. Police found a car. "
            "He is said to be rich. The club declined to comment. The said treaty was signed.")
    assert attributions(text).empty


def test_no_attribution_gives_an_empty_table_with_the_columns():
    table = attributions("The storm hit the coast on Monday. Thousands of homes lost power.")
    assert table.empty and {"sentence", "source", "cue", "claim"} <= set(table.columns)
    assert source_shares("The storm hit the coast on Monday.").empty


def test_unattributed_and_source_shares(article):
    plain = unattributed(article.body)
    assert plain["paragraph"].tolist() == [1, 1, 2, 2, 3, 3, 3, 4, 4, 6]
    assert not plain["sentence"].str.contains("Featured Image").any()
    shares = source_shares(article.body)
    assert set(shares["source"]) == set(SOURCES) | {"the doctor"}
    assert shares["share"].is_monotonic_decreasing
    total = reading_stats(article.body).query("kind == 'story'")["words"].sum()
    cnn = shares.set_index("source").loc["CNN"]
    assert cnn["share"] == round(100 * cnn["words"] / total, 1)


def test_find_term_by_hand():
    text = "The DMZ is wide. Two defectors crossed the dmz; the Korean People’s Army fired."
    assert find_term(text, "DMZ") == [(4, 7), (43, 46)]
    assert [text[s:e] for s, e in find_term(text, "defector")] == ["defectors"]
    assert [text[s:e] for s, e in find_term(text, "People's Army")] == ["People’s Army"]
    assert find_term(text, "Korea") == []            # whole words: not inside "Korean"
    assert find_term(text, "fire") == []             # "fired" is another word
    assert find_term("two armies and one army", "army") == [(4, 10), (19, 23)]
    assert find_term("one violation", "violations") == [(4, 13)]
    assert find_term("the Military\nDemarcation Line", "Military Demarcation Line") == [(4, 29)]
    assert find_term("the KPA’s soldiers", "KPA") == [(4, 7)]
    assert find_terms("MDL, the Military Demarcation Line (MDL)", ["MDL", "Military Demarcation Line"]) == [
        (0, 3), (9, 34), (36, 39)]


def test_find_term_in_the_article(article):
    assert len(find_term(article.text, "Korea")) == 9
    assert article.text.count("Korea") == 17  # counting characters also finds "Korean"
    assert len(find_term(article.text, "MDL")) == 3


@pytest.mark.parametrize("bad, message", [
    ("", "is empty"), ("   \n ", "is empty"), (None, "is None"), (b"The text", "bytes"),
    (42, "not int"), (["a"], "not list"),
])
@pytest.mark.parametrize("helper", [paragraphs, sentences, reading_stats, attributions])
def test_bad_input_gives_a_clear_error(helper, bad, message):
    with pytest.raises(CourseInputError, match=message):
        helper(bad)


def test_article_object_is_refused_with_advice(article):
    with pytest.raises(CourseInputError, match="article.body"):
        attributions(article)


@pytest.mark.parametrize("foreign", [
    "Der Soldat wurde nach dem Grenzübertritt in ein Krankenhaus in Suwon gebracht, sagten die Ärzte.",
    "Le soldat a été touché au moins cinq fois, selon les médecins de l'hôpital de Suwon.",
    "북한 병사가 판문점을 넘어 귀순했다.",
])
@pytest.mark.parametrize("helper", [sentences, reading_stats, attributions])
def test_non_english_text_is_refused(helper, foreign):
    assert not looks_english(foreign)
    with pytest.raises(CourseInputError, match="does not look like English"):
        helper(foreign)


def test_find_term_bad_input():
    assert find_term("Nothing here.", "DMZ") == []
    for bad_term in ("", "  ", None, b"DMZ"):
        with pytest.raises(CourseInputError, match="term"):
            find_term("The DMZ.", bad_term)
    with pytest.raises(CourseInputError, match="bytes"):
        find_term(b"The DMZ.", "DMZ")
    with pytest.raises(CourseInputError, match="is empty"):
        find_term("", "DMZ")


def test_render_paragraphs_numbers_the_story_only(article):
    from utils.text import render_paragraphs

    page = render_paragraphs(article.body, title=article.title)
    assert page.count("¶") == 6 and "¶6" in page and "¶7" not in page
    assert "Lee Cook-Jong" in page and "image credit, not part of the story" in page
    assert "People’s Army" in page


def test_metadata_table(article):
    from utils.text import metadata_table

    table = metadata_table(article.metadata).set_index("field")["value"]
    assert table["published.date"] == "2017-11-22" and table["published.status"] == "assumption"
    assert metadata_table({}).empty
    with pytest.raises(CourseInputError, match="dict"):
        metadata_table(article)
