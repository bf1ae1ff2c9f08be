"""The 1953 Armistice Agreement's provisions, and which of them the actions in a news text may touch.

Three concerns, in the order notebook 04 teaches them:

1. **The provisions** -- :func:`load_provisions` reads and checks
   ``data/armistice_provisions.csv`` (one row per provision: our summary, the checked quote if
   there is one, and the topic rules used for matching).
2. **The actions** -- :func:`incident_actions` finds, in any English news text, the actions that
   may touch an armistice: hostile acts (firing, shooting, shelling, laying mines...), crossing a
   line or border, entering a zone or a territory, carrying arms. It reads who did what, where,
   from spaCy's dependency parse.
3. **The match** -- :func:`match_provisions` links each action to the provisions whose topic
   rules it meets, with a "why" for each link. This is an *analysis*: no paragraph numbers
   were cited in the reports (``data/sources/event-facts.md``, Findings).

:func:`checked_quotes` lists the only phrases of the Agreement that the series quotes: those
checked in ``data/sources/`` (the "quoted (checked)" column of ``armistice.md``, and the one
phrase of Art. II ¶12 that ``event-facts.md`` quotes in its Timeline).

>>> provisions = load_provisions()
>>> actions = incident_actions("North Korean soldiers crossed the MDL.")
>>> actions[["actor", "action", "place_kind"]].values.tolist()
[['North Korean soldiers', 'cross', 'MDL']]
>>> match_provisions(actions, provisions)["provision"].tolist()
['Art. I ¶7']
"""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from utils.datafiles import read_csv_table
from utils.errors import CourseInputError
from utils.paths import DATA_DIR
from utils.text import (as_doc, contiguous_phrase, paragraph_of, paragraph_offsets,
                        sentences)

PROVISIONS_PATH = DATA_DIR / "armistice_provisions.csv"
PROVISION_COLUMNS = ["id", "article", "paragraph", "summary", "checked_quote", "topics", "acts",
                     "places", "actors", "rule", "source"]

# Facts from data/sources/armistice.md (Art. I ¶1; the title line) and event-facts.md (Timeline).
WITHDRAWAL_KM = 2                     # each side withdraws 2 km from the MDL (Art. I ¶1)
ARMISTICE_SIGNED = date(1953, 7, 27)  # signed at Panmunjom (armistice.md; event-facts, Timeline)
WAR_BEGAN = date(1950, 6, 25)         # event-facts.md, Timeline
DEFECTION = date(2017, 11, 13)        # event-facts.md, Timeline

# --------------------------------------------------------------------------------------------
# 1. The provisions
# --------------------------------------------------------------------------------------------

ACT_KINDS = ("hostile act", "cross", "enter", "carry arms")
PLACE_KINDS = ("MDL", "DMZ", "JSA", "border", "territory")
ACTOR_KINDS = ("forces",)


def _split(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(";") if part.strip()]


def load_provisions(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the provisions table (default: ``data/armistice_provisions.csv``).

    Columns: ``id`` (the citation, e.g. "Art. I ¶7"), ``article``, ``paragraph`` (a whole number,
    or <NA> for the Preamble), ``summary`` (our own words, starting "Summary:"),
    ``checked_quote`` (an exact phrase checked against the Agreement, or ""), ``topics``,
    ``acts``, ``places`` and ``actors`` (the topic rules of :func:`match_provisions`,
    ";"-separated),
    ``rule`` and ``source``. A missing file raises FileNotFoundError; an empty or malformed one
    raises CourseInputError saying what to fix.

    >>> provisions = load_provisions()
    >>> provisions.set_index("id").loc["Art. I ¶7", "acts"]
    'cross'
    >>> int(provisions["paragraph"].max())
    12
    """
    table = read_csv_table(path, default=PROVISIONS_PATH, name="provisions",
                           columns=PROVISION_COLUMNS)[PROVISION_COLUMNS]
    file = Path(path) if path is not None else PROVISIONS_PATH
    restore = "Restore the series' copy with `git checkout -- data/armistice_provisions.csv`."
    if table.empty:
        raise CourseInputError(f"The provisions file {file} has a header but no provisions. "
                               f"{restore}")
    for number, row in enumerate(table.to_dict("records"), start=2):  # line 1 is the header
        where = f"{file.name}, line {number} ({row['id'] or 'no id'})"
        if not row["id"] or not row["summary"] or not row["source"]:
            raise CourseInputError(f"{where}: 'id', 'summary' and 'source' must not be empty.")
        if not row["summary"].startswith("Summary:"):
            raise CourseInputError(f"{where}: a summary must start with 'Summary:', so that it "
                                   "is never taken for the Agreement's own wording.")
        if row["paragraph"] and not row["paragraph"].isdigit():
            raise CourseInputError(f"{where}: 'paragraph' must be a whole number such as 7 (or "
                                   f"empty for the Preamble), not {row['paragraph']!r}.")
        for column, allowed in (("acts", ACT_KINDS), ("places", PLACE_KINDS),
                                ("actors", ACTOR_KINDS)):
            unknown = [v for v in _split(row[column]) if v not in allowed]
            if unknown:
                raise CourseInputError(f"{where}: unknown {column} {unknown}; use any of "
                                       f"{list(allowed)}, separated by ';'.")
    duplicated = table["id"][table["id"].duplicated()].tolist()
    if duplicated:
        raise CourseInputError(f"The provisions file {file} lists {duplicated} more than once.")
    table["paragraph"] = pd.to_numeric(table["paragraph"].replace("", None)).astype("Int64")
    return table.reset_index(drop=True)


_REFERENCE = re.compile(r"^\s*(?:art(?:icle)?\.?\s*(?P<article>[IVX]+|\d+)\s*[,.]?\s*)?"
                        r"(?:¶|§|para(?:graph)?\.?|p\.)?\s*(?P<number>\d+)\s*$", re.IGNORECASE)


def paragraph_number(reference: Any) -> int:
    """The paragraph number in a reference to a provision, however it is written.

    Accepts 7, "7", "¶7", "Art. I ¶7", "Article I, paragraph 7", "para 7". Raises
    CourseInputError for anything else (including the Preamble, which has no number).

    >>> [paragraph_number(r) for r in (7, "¶6", "Art. II ¶12", "Article I, paragraph 9")]
    [7, 6, 12, 9]
    """
    if isinstance(reference, bool) or reference is None:
        raise CourseInputError(f"Give a paragraph as a number such as 7 or as text such as "
                               f"'Art. I ¶7', not {reference!r}.")
    if isinstance(reference, int):
        return reference
    if isinstance(reference, str):
        match = _REFERENCE.match(reference)
        if match:
            return int(match.group("number"))
    raise CourseInputError(f"{reference!r} is not a reference to a paragraph. Write it as 7, "
                           "'¶7' or 'Art. I ¶7'.")


def provision_label(provisions: pd.DataFrame, reference: Any) -> str:
    """The provision's id (its citation) for a paragraph reference.

    >>> provision_label(load_provisions(), 12)
    'Art. II ¶12'
    """
    number = paragraph_number(reference)
    found = provisions.loc[provisions["paragraph"] == number, "id"]
    if found.empty:
        listed = ", ".join(str(p) for p in provisions["paragraph"].dropna())
        raise CourseInputError(f"Paragraph {number} is not in the provisions table (it has "
                               f"paragraphs {listed}).")
    return str(found.iloc[0])


def provisions_table(provisions: pd.DataFrame) -> pd.DataFrame:
    """The provisions as a reader sees them: citation, our summary, the checked quote.

    >>> list(provisions_table(load_provisions()).columns)
    ['provision', 'summary (our words)', 'checked quote', 'topics']
    """
    return pd.DataFrame({"provision": provisions["id"],
                         "summary (our words)": provisions["summary"],
                         "checked quote": provisions["checked_quote"].map(
                             lambda q: f"\u201c{q}\u201d" if q else "(none checked)"),
                         "topics": provisions["topics"]})


# Phrases of the Agreement checked in data/sources/ outside armistice.md's "quoted (checked)"
# column (that column is the provisions table's ``checked_quote``): (provision, phrase, where).
CHECKED_ELSEWHERE = (
    ("Art. II ¶12", "effective twelve (12) hours after this Armistice Agreement is signed",
     "data/sources/event-facts.md (Timeline: 27 Jul 1953, 10:00)"),
)


def checked_quotes(provisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every phrase of the Agreement that the series quotes, with where it was checked: the
    provisions table's ``checked_quote`` column (from ``armistice.md``) and
    :data:`CHECKED_ELSEWHERE`. Anything else about a provision is given as a summary.

    >>> quotes = checked_quotes()
    >>> len(quotes), quotes["provision"].tolist().count("Art. II ¶12")
    (5, 2)
    """
    table = load_provisions() if provisions is None else provisions
    if not isinstance(table, pd.DataFrame) or not {"id", "checked_quote", "source"} <= set(table):
        raise CourseInputError("checked_quotes() takes the provisions table (from "
                               "load_provisions()).")
    rows = [{"provision": row["id"], "checked phrase": row["checked_quote"],
             "checked in": row["source"]}
            for row in table.to_dict("records") if row["checked_quote"]]
    rows += [{"provision": provision, "checked phrase": phrase, "checked in": where}
             for provision, phrase, where in CHECKED_ELSEWHERE]
    return pd.DataFrame(rows, columns=["provision", "checked phrase", "checked in"])


def dmz_width_km() -> int:
    """The width of the DMZ: each side withdraws :data:`WITHDRAWAL_KM` from the MDL (Art. I ¶1).

    >>> dmz_width_km()
    4
    """
    return 2 * WITHDRAWAL_KM


def full_years(start: date, end: date) -> int:
    """Whole years from *start* to *end* (an anniversary not yet reached does not count).

    >>> full_years(ARMISTICE_SIGNED, DEFECTION)
    64
    >>> full_years(date(2000, 12, 31), date(2001, 12, 30))
    0
    """
    if not isinstance(start, date) or not isinstance(end, date):
        raise CourseInputError("full_years() takes two dates, e.g. full_years(date(1953, 7, 27), "
                               "date(2017, 11, 13)).")
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def plot_dmz_schematic():
    """A labelled schematic of Art. I ¶1 (not a map): the MDL, and 2 km on each side of it,
    making the DMZ. Returns ``(fig, alt)`` for ``utils.figures.show``.

    >>> fig, alt = plot_dmz_schematic()
    >>> "4 km" in alt and "2 km" in alt
    True
    """
    import matplotlib.pyplot as plt

    from utils.figures import OKABE_ITO

    half, width = WITHDRAWAL_KM, dmz_width_km()
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.axhspan(-half, half, color=OKABE_ITO[4], alpha=0.35, lw=0)
    ax.axhline(0, color=OKABE_ITO[5], lw=3, ls="--")
    ax.axhline(half, color=OKABE_ITO[7], lw=1)
    ax.axhline(-half, color=OKABE_ITO[7], lw=1)
    ax.text(0.2, 0.15, "Military Demarcation Line (MDL)", color=OKABE_ITO[5], fontweight="bold")
    ax.text(0.2, half + 0.3, "northern limit of the DMZ: North's forces withdraw behind it")
    ax.text(0.2, -half - 0.7, "southern limit of the DMZ: South's forces withdraw behind it")
    ax.text(5.2, 1.0, f"Demilitarized Zone (DMZ)\n{width} km wide", ha="center", va="center",
            fontweight="bold")
    for y0, y1 in ((0, half), (0, -half)):
        ax.annotate("", xy=(9.2, y1), xytext=(9.2, y0),
                    arrowprops={"arrowstyle": "<->", "color": OKABE_ITO[0], "lw": 2})
        ax.text(9.35, (y0 + y1) / 2, f"{half} km", color=OKABE_ITO[0], va="center")
    ax.set_xlim(0, 10)
    ax.set_ylim(-half - 1.2, half + 1.2)
    ax.set_yticks([-half, 0, half], [f"−{half} km", "0 (MDL)", f"+{half} km"])
    ax.set_xticks([])
    ax.set_title("Art. I ¶1 as a schematic (not a map): a line, and 2 km on each side")
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    alt = (f"Schematic, not a map: a horizontal dashed line, the Military Demarcation Line, with "
           f"a shaded band {half} km above it and {half} km below it, labelled the Demilitarized "
           f"Zone, {width} km wide in total. Each side's forces stay behind the band's edge on "
           f"their side.")
    return fig, alt


# --------------------------------------------------------------------------------------------
# 2. The actions: who did what, where
# --------------------------------------------------------------------------------------------

# Verbs (lemmas) of a hostile act; "lay"/"plant"/"bury"/"place" only with a mine or an explosive.
HOSTILE_VERBS = frozenset({"fire", "shoot", "shell", "bomb", "attack", "ambush", "detonate",
                           "explode", "strafe", "snipe"})
MINE_VERBS = frozenset({"plant", "lay", "bury", "place"})
MINE_WORDS = frozenset({"mine", "landmine", "explosive", "bomb", "device", "booby"})
# Verbs of moving: with "across"/"over" + a line they are a crossing, with "into" an entering.
MOVE_VERBS = frozenset({"run", "walk", "crawl", "step", "move", "go", "flee", "dash", "sprint",
                        "drive", "come", "climb", "swim", "race", "stray", "wander", "venture",
                        "march", "advance", "sneak", "escape", "defect", "rush", "stumble",
                        "limp", "cross", "enter", "infiltrate", "intrude", "penetrate",
                        "roll", "sail", "fly", "slip", "push", "storm", "pour", "drift", "trek",
                        "hike", "jump", "leap", "ride", "paddle", "row", "float", "creep",
                        "scramble", "charge", "stride", "trudge", "retreat", "return", "wade"})
# "open fire", "exchange fire", "trade shots": a hostile act whose verb is not one of the above.
FIRE_PHRASE_VERBS = frozenset({"open", "exchange", "trade", "return"})
FIRE_NOUNS = frozenset({"fire", "gunfire", "shot", "round", "volley", "salvo", "artillery"})
# What a verb of firing or shooting does in other registers: a film or a photo is shot, an
# employee or an email is fired, a plan is attacked, a ball is shot (lemmas of the object).
NON_HOSTILE_OBJECTS = frozenset({
    "film", "movie", "scene", "video", "footage", "photo", "photograph", "picture",
    "documentary", "episode", "commercial", "advert", "advertisement", "series", "clip",
    "email", "e-mail", "letter", "message", "question", "tweet", "memo", "note", "reply",
    "ceo", "executive", "manager", "coach", "employee", "staff", "worker", "boss", "chairman",
    "plan", "policy", "proposal", "budget", "idea", "decision", "bill", "amendment", "law",
    "claim", "remark", "comment", "argument", "reform", "deal", "motion", "offer", "bid",
    "ball", "basket", "hoop", "putt", "penalty", "par"})
# A sentence about a sport, with no word of war or the border, has no hostile act in it
# ("the striker fired a shot past the keeper").
SPORT_WORDS = frozenset({"striker", "keeper", "goalkeeper", "goalie", "match", "league", "goal",
                         "race", "tournament", "championship", "referee", "midfielder",
                         "defender", "forward", "minute", "season", "stadium", "fan", "final",
                         "golfer", "player", "game"})
WAR_WORDS = frozenset({"militant", "fighter", "gunman", "rebel", "insurgent", "police",
                       "policeman", "bullet", "shell", "missile", "rocket", "mortar", "tank",
                       "war", "enemy", "defector", "tear"})
# A verb under one of these says what was meant, tried or threatened, not what was done.
INTENT_VERBS = frozenset({"threaten", "plan", "vow", "intend", "try", "attempt", "refuse",
                          "want", "plot", "prepare", "warn", "aim", "seek", "hope", "fail",
                          "decline", "consider", "propose"})
UNREAL_AUX = frozenset({"could", "might", "may", "would", "should", "must"})
CROSS_PREPS = frozenset({"across", "over"})
ENTER_PREPS = frozenset({"into", "inside"})
ARMS_VERBS = frozenset({"carry", "bear", "bring", "wear", "hold"})
ARMS_WORDS = frozenset({"arm", "arms", "weapon", "rifle", "gun", "pistol", "firearm",
                        "machine", "grenade", "ammunition"})
PLACE_PREPS = frozenset({"across", "over", "into", "inside", "in", "within", "from", "at",
                         "against", "near", "along"})

# Words for each kind of place, most specific first (a phrase can name several).
PLACE_TERMS = {
    "MDL": ("military demarcation line", "demarcation line", "mdl", "armistice line",
            "truce line"),
    "DMZ": ("demilitarized zone", "demilitarised zone", "dmz"),
    "JSA": ("joint security area", "jsa", "panmunjom", "truce village"),
    # another ceasefire line or buffer zone (elsewhere, or at sea): a crossing, but not the MDL
    "other line": ("line of control", "loc", "blue line", "green line", "buffer zone",
                   "northern limit line", "nll", "line of contact", "ceasefire line",
                   "cease-fire line", "contact line"),
    "border": ("border", "frontier", "boundary"),
    "territory": ("territory", "south korea", "north korea", "rok", "dprk"),
}
# Words that make an actor one of the armed forces (the head word's lemma, or a side's name).
FORCE_WORDS = frozenset({"soldier", "troop", "army", "guard", "force", "military", "marine",
                         "navy", "sailor", "patrol", "sniper", "gunner", "artillery", "battalion",
                         "unit", "officer", "sergeant", "commander", "platoon", "regiment",
                         "infantry", "kpa", "unc", "sentry", "border guard"})
NORTH_WORDS = ("north korean", "north korea", "kpa", "korean people's army", "dprk")
SOUTH_WORDS = ("south korean", "south korea", "rok", "united nations command", "un command",
               "unc")

ACTION_COLUMNS = ["paragraph", "sentence_no", "actor", "side", "actor_kind", "action", "verb",
                  "phrase", "place", "place_kind", "target", "sentence", "setting"]

# Words that set a text, or a sentence, on the Korean peninsula.
_KOREA_CUES = re.compile(
    r"(?<![\w-])(korea|korean|koreas|dmz|demilitari[sz]ed zone|demarcation line|mdl|panmunjom|"
    r"joint security area|jsa|kpa|unc|un command|united nations command|pyongyang|seoul|"
    r"dprk|rok|northern limit line|nll|truce village)(?![\w-])", re.IGNORECASE)


def place_kind(phrase: str) -> str:
    """The kind of border place a phrase names: "MDL", "DMZ", "JSA", "border", "territory", or
    "" (none). The most specific kind wins ("the MDL, the border" is the MDL).

    >>> [place_kind(p) for p in ("the Military Demarcation Line", "the DMZ", "a hospital")]
    ['MDL', 'DMZ', '']
    >>> place_kind("the North Korea-South Korea border")
    'border'
    """
    text = " " + re.sub(r"[’‘]", "'", str(phrase)).lower() + " "
    for kind, terms in PLACE_TERMS.items():
        if any(re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) for term in terms):
            if kind == "territory" and "border" in text:
                return "border"
            return kind
    return ""


def side_of(phrase: str) -> str:
    """Which side of the armistice an actor belongs to, from its words: "North", "South" or "".

    >>> side_of("a soldier from the North Korean People’s Army (KPA)"), side_of("he")
    ('North', '')
    """
    text = " " + re.sub(r"[’‘]", "'", str(phrase)).lower() + " "
    north = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in NORTH_WORDS)
    south = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in SOUTH_WORDS)
    return "North" if north and not south else "South" if south and not north else ""


def actor_kind(actor_head) -> str:
    """"forces" when an actor is one of the armed forces (by its head word or its side), else "".

    >>> from utils.text import parse
    >>> [actor_kind(t) for t in parse("KPA troops and the police and the guards") if t.pos_ != "CCONJ" and t.dep_ != "det"]
    ['forces', 'forces', '', 'forces']
    """
    if actor_head is None:
        return ""
    if actor_head.lemma_.lower() in FORCE_WORDS or actor_head.lower_ in FORCE_WORDS:
        return "forces"
    if any(c.dep_ == "compound" and c.lemma_.lower() in FORCE_WORDS for c in actor_head.children):
        return "forces"  # "a navy ship", "army helicopters"
    return "forces" if side_of(_phrase(actor_head)) else ""


def _close_brackets(text: str) -> str:
    """*text* with a bracket left open at its end closed ("the People's Army (KPA" -> "...(KPA)").

    >>> _close_brackets("a soldier from the Korean People’s Army (KPA"), _close_brackets("he")
    ('a soldier from the Korean People’s Army (KPA)', 'he')
    """
    text = str(text)
    missing = text.count("(") - text.count(")")
    return text + ")" * missing if missing > 0 else text


def _phrase(token) -> str:
    """A noun phrase without appositions, relative clauses or trailing punctuation (a bracket
    it opens stays closed: "(KPA)"). A relative clause is cut even where it restricts the noun:
    in "the soldier who crossed the MDL" the actor of "crossed" is "the soldier".

    >>> from utils.text import parse
    >>> _phrase(parse("The soldier who crossed the MDL was questioned.")[1])
    'the soldier'
    """
    cut: set = set()
    for child in token.children:
        if child.i > token.i and child.dep_ in ("appos", "relcl", "acl", "advcl", "punct"):
            cut.update(t.i for t in child.subtree)
    return _close_brackets(contiguous_phrase(token, cut))


def _subject(verb, passive_ok: bool = False):
    for child in verb.children:
        if child.dep_ == "nsubj" or (passive_ok and child.dep_ == "nsubjpass"):
            return child
    return None


def _resolve_relative(token):
    """"who"/"that" in a relative clause stands for the noun the clause describes."""
    if token is not None and token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _actor(verb):
    """The token of whoever does *verb*, from the parse, or None when the text does not say.

    The subject of an active verb, or the agent ("by X") of a passive one; a verb without
    its own subject takes that of the verb it depends on ("X violated ... by firing",
    "X crossed ... and fired", "X crossed ... to plant mines"); a participle describing a noun
    ("the defector crawling across") is done by that noun.
    """
    # passive: "was shot"; a past tense with a subject the parser took for a passive one
    # ("the soldier who had been shot crossed ...") is active
    is_passive = any(c.dep_ == "auxpass" for c in verb.children)
    if not is_passive:
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return _resolve_relative(child)
    if is_passive:
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            objects = [g for g in agent.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
        return None
    subject = _subject(verb)
    if subject is not None:
        return _resolve_relative(subject)
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        if place_kind(_phrase(verb.head)) and verb.head.head.pos_ in ("VERB", "AUX"):
            return _actor(verb.head.head)  # "troops entered the DMZ carrying rifles"
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _actor(verb.head.head)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        if not any(c.dep_ == "mark" for c in verb.children):
            if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and any(
                    c.dep_ == "auxpass" for c in verb.head.children):
                # "the defector was shot and then crossed": he who underwent the first verb
                # does the second
                return _patient(verb.head)
            return _actor(verb.head)
    return None


def _patient(verb):
    """Who or what undergoes a passive verb ("he is shot" -> he), else None."""
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return _resolve_relative(child)
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
        return _patient(verb.head)
    return None


def _objects(verb) -> list:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj")]


def _preps(verb) -> list[tuple[str, Any]]:
    """(preposition, its object) pairs attached to *verb*, e.g. ("across", MDL)."""
    found = []
    for child in verb.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found.append((child.lower_, obj))
    return found


def _place_of(candidates) -> tuple[Any, str]:
    """The first candidate noun that names a border place: (token, kind), or (None, "").
    A pronoun ("crossed it") names the place last named before it in the text, if any."""
    for token in candidates:
        kind = place_kind(_phrase(token))
        if not kind and token.lower_ in ("it", "them"):
            kind = _antecedent_place(token)
        if kind:
            return token, kind
    return None, ""


def _antecedent_place(pronoun) -> str:
    """The kind of the last place named before *pronoun* in its sentence or the one before."""
    start = pronoun.sent.start
    if start > 0:
        start = pronoun.doc[start - 1].sent.start
    for token in reversed(pronoun.doc[start:pronoun.i]):
        if token.pos_ in ("NOUN", "PROPN"):
            kind = place_kind(token.text if token.dep_ == "compound" else _phrase(token))
            if kind and kind != "territory":
                return kind
    return ""


def _action_phrase(verb) -> str:
    """The verb with what completes it (objects, prepositions, adverbs), not its subject,
    auxiliaries or the clauses hanging from it; appositions are left out."""
    cut = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "cc", "conj", "advcl",
                          "ccomp", "relcl", "punct", "agent", "parataxis", "intj"):
            cut.update(child.subtree)
        # "when", "where"; and a sentence adverb away from the verb ("Later, troops entered")
        if child.dep_ in ("advmod", "npadvmod") and (child.tag_ == "WRB" or child.i < verb.i - 1):
            cut.update(child.subtree)
    for token in verb.subtree:
        if token.dep_ in ("appos", "relcl", "acl") and token is not verb:
            cut.update(token.subtree)
    kept = [t for t in verb.subtree if t not in cut]
    text = "".join((" " if i and t.i - 1 != kept[i - 1].i else "") + t.text_with_ws
                   for i, t in enumerate(kept))
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)  # brackets left empty by a cut apposition
    return re.sub(r"\s+", " ", text).strip(" ,;:.\"'“”")


CROSSABLE = ("MDL", "border", "DMZ", "other line")


def _sport_sentence(sent) -> bool:
    """True when a sentence speaks of a sport and of no war, weapon, force or border."""
    lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    if not lemmas & SPORT_WORDS:
        return False
    return not (lemmas & (FORCE_WORDS | WAR_WORDS | ARMS_WORDS) or place_kind(sent.text))


def _not_done(verb) -> bool:
    """True when the text says the action did not happen or was only meant: "did not fire",
    "never crossed", "threatened to shell", "tried to cross", "could cross"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in UNREAL_AUX for c in verb.children):
        return True
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in INTENT_VERBS:
            return True
        head = head.head
    return False


def _setting(verb, place, place_kind_: str, korean_text: bool, foreign_text: bool) -> str:
    """Where an action is set: "Korea", "elsewhere", or "" when the text does not say.

    The DMZ, the MDL and the JSA are in Korea. An action whose place, or a place it goes into,
    across, over, from or to, names another country or another ceasefire line (and nothing
    Korean) is elsewhere: "crossed the border into China", "across the Line of Control".
    Otherwise a sentence that speaks of Korea is in Korea; a sentence that names another
    country or people is elsewhere unless the whole text speaks of Korea; and otherwise the
    whole text decides the same way."""
    if place_kind_ in ("MDL", "DMZ", "JSA"):
        return "Korea"
    where = [place] if place is not None else []
    where += [obj for prep, obj in _preps(verb)
              if prep in ("into", "across", "over", "from", "to", "toward", "towards")]
    for token in where:
        span = token.doc[token.left_edge.i:token.right_edge.i + 1]
        if _foreign(span) and not _KOREA_CUES.search(span.text):
            return "elsewhere"
    sent = verb.sent
    if _KOREA_CUES.search(sent.text):
        return "Korea"
    if _foreign(sent) and not korean_text:
        return "elsewhere"
    return "Korea" if korean_text else "elsewhere" if foreign_text else ""


def _foreign(span) -> bool:
    """True when a span names a country, a people or a ceasefire line that is not Korean."""
    if place_kind(span.text) == "other line" and not _KOREA_CUES.search(span.text):
        return True
    return any(ent.label_ in ("GPE", "NORP", "LOC") and not _KOREA_CUES.search(ent.text)
               and not re.fullmatch(r"(?i)(the )?(north|south)", ent.text)
               for ent in span.ents)


_KNOWN_VERBS = HOSTILE_VERBS | MINE_VERBS | MOVE_VERBS | ARMS_VERBS | FIRE_PHRASE_VERBS


def _lemma(verb) -> str:
    """The verb's lemma; where the model's lemma is no verb of the lists but the written past
    form is one's ("waded" lemmatised "wad"), that verb."""
    lemma = verb.lemma_.lower()
    if lemma not in _KNOWN_VERBS and verb.lower_.endswith("ed"):
        for guess in (verb.lower_[:-1], verb.lower_[:-2]):
            if guess in _KNOWN_VERBS:
                return guess
    return lemma


def _classify(verb) -> tuple[str, Any, str]:
    """(action kind, place token, place kind) for a verb, or ("", None, "") if it is none."""
    lemma = _lemma(verb)
    preps = _preps(verb)
    objects = _objects(verb)
    nouns = [*objects, *(obj for _, obj in preps)]
    object_words = {t.lemma_.lower() for o in objects for t in o.subtree}
    patient = _patient(verb)  # "the chairman was fired": what undergoes a passive verb
    if patient is not None:
        object_words |= {patient.lemma_.lower()}
    if lemma in FIRE_PHRASE_VERBS and any(o.lemma_.lower() in FIRE_NOUNS for o in objects):
        lemma = "fire"  # "opened fire", "exchanged fire", "traded shots"
    if lemma in HOSTILE_VERBS or (lemma in MINE_VERBS and object_words & MINE_WORDS):
        if lemma in HOSTILE_VERBS and (object_words & NON_HOSTILE_OBJECTS
                                       or _sport_sentence(verb.sent)):
            return "", None, ""  # "shot a film", "fired the CEO", "attacked the plan"
        place, kind = _place_of([*objects, *(obj for prep, obj in preps if prep in PLACE_PREPS)])
        if place is None:  # "fired on a guard post inside the DMZ": the place is the target's
            aimed = [*objects, *(obj for prep, obj in preps if prep in ("at", "on", "toward",
                                                                       "towards"))]
            place, kind = _place_of([t for o in aimed for t in o.subtree
                                     if t.dep_ == "pobj" and t is not o])
        return "hostile act", place, kind
    if lemma in ARMS_VERBS and object_words & ARMS_WORDS:
        holder = verb.head if verb.dep_ in ("acl", "advcl", "xcomp") else verb
        described = [verb.head] if verb.dep_ == "acl" else []  # "entered the DMZ carrying arms"
        place, kind = _place_of([obj for _, obj in [*preps, *_preps(holder)]] + described)
        return "carry arms", place, kind
    if lemma not in MOVE_VERBS:
        return "", None, ""
    if lemma == "cross":
        place, kind = _place_of(nouns)
        if kind in CROSSABLE:
            return "cross", place, kind
    if lemma in ("enter", "infiltrate", "penetrate", "intrude"):
        place, kind = _place_of([*objects, *(o for p, o in preps if p in ENTER_PREPS)])
        if kind:
            return "enter", place, kind
    place, kind = _place_of([obj for prep, obj in preps if prep in CROSS_PREPS])
    if kind in CROSSABLE:
        return "cross", place, kind
    place, kind = _place_of([obj for prep, obj in preps if prep in ENTER_PREPS])
    if kind:
        return "enter", place, kind
    return "", None, ""


def incident_actions(text_or_doc: Any) -> pd.DataFrame:
    """The actions in a news text that may touch an armistice: who did what, where.

    For every verb of a hostile act (fire, shoot, shell, attack, explode; lay or plant a mine),
    of crossing (cross X, or run/walk/crawl/step... across or over X, where X is the MDL, the
    DMZ or a border), of entering (enter X, or move into X, where X is the DMZ, the JSA or a
    territory) and of carrying arms, one row: ``paragraph`` (from 1), ``sentence_no``,
    ``actor`` (from the parse: the subject, the agent of a passive verb, or the subject the
    verb shares with another; "" where the text does not say), ``side`` ("North"/"South"/""
    from the actor's words), ``action`` (hostile act / cross / enter / carry arms), ``verb`` (as
    written), ``phrase`` (the verb with its objects), ``place`` and ``place_kind`` (MDL, DMZ,
    JSA, border, territory, "other line" for another ceasefire line or buffer zone such as
    the Line of Control, the Blue Line or the Northern Limit Line, or ""), ``target`` (at whom,
    or who was hit by a passive verb), the ``sentence``, and the ``setting``: "Korea" (the
    place is the MDL, the DMZ or the JSA, or the sentence or else the text speaks of Korea),
    "elsewhere" (it names another country, people or ceasefire line and nothing Korean), or
    "" (the text does not say). A text with no such action gives an empty table with these
    columns. Raises CourseInputError for empty, non-text or non-English input.

    Not taken: a verb the text denies or only intends ("did not fire", "threatened to shell",
    "tried to cross", "could cross"); firing or shooting in another sense ("shot a film",
    "fired the chief executive", "fired off an email", "attacked the plan", a sport sentence
    with no word of war); crossing a line that is no border ("crossed the finish line").
    Measured on hand-annotated passages by ``python -m utils.action_score``.

    >>> incident_actions("The KPA fired weapons across the MDL.")[["actor", "action", "phrase"]].values.tolist()
    [['the KPA', 'hostile act', 'fired weapons across the MDL']]
    >>> len(incident_actions("The hospital said he is stable."))
    0
    >>> incident_actions("Indian troops fired across the Line of Control.")[["place_kind", "setting"]].values.tolist()
    [['other line', 'elsewhere']]
    >>> len(incident_actions("The board fired the CEO. North Korea threatened to shell the DMZ."))
    0
    """
    doc = as_doc(text_or_doc)
    offsets = paragraph_offsets(doc.text)
    korean_text = bool(_KOREA_CUES.search(doc.text))
    foreign_text = _foreign(doc[:])
    rows = []
    for number, sent in enumerate(sentences(doc)):
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "compound"):
                continue
            action, place, kind = _classify(verb)
            if not action or _not_done(verb):
                continue
            actor = _actor(verb)
            target = ""
            if action == "hostile act" and verb.lemma_.lower() not in MINE_VERBS:
                targets = [obj for prep, obj in _preps(verb) if prep in ("at", "on", "against")
                           and not place_kind(_phrase(obj))]
                patient = _patient(verb)
                target = (_phrase(targets[0]) if targets
                          else _phrase(patient) if patient is not None else "")
            actor_text = _phrase(actor) if actor is not None else ""
            rows.append({"paragraph": paragraph_of(offsets, sent.start_char),
                         "sentence_no": number, "actor": actor_text,
                         "side": side_of(actor_text), "actor_kind": actor_kind(actor),
                         "action": action, "verb": verb.text,
                         "phrase": _action_phrase(verb),
                         "place": _phrase(place) if place is not None else "",
                         "place_kind": kind, "target": target, "sentence": sent.text,
                         "setting": _setting(verb, place, kind, korean_text, foreign_text)})
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)


# --------------------------------------------------------------------------------------------
# 3. The match: action -> provisions, with why
# --------------------------------------------------------------------------------------------

MATCH_COLUMNS = ["paragraph", "actor", "side", "actor_kind", "action", "phrase", "place_kind",
                 "provision", "why"]
_ACTION_WORDS = {"hostile act": "a hostile act", "cross": "a crossing",
                 "enter": "an entry", "carry arms": "carrying arms"}


def _why(action: dict, provision: dict) -> str:
    what = f"\u201c{action['phrase']}\u201d is {_ACTION_WORDS[action['action']]}"
    if action["place_kind"] == "territory":
        where = " into a side's territory"
    elif action["place_kind"]:
        where = f" involving the {action['place_kind']}"
    else:
        where = ", and the text names no place on the border"
    if provision["actors"] and action.get("actor") and "forces" in provision["actors"]:
        where += f", by armed forces ({action['actor']})"
    note = ""
    if action["place_kind"] == "DMZ" and action["action"] in ("hostile act", "cross") and \
            re.search(r"\b(across|over)\b", action["phrase"], re.IGNORECASE):
        note = (" (the text says across the DMZ: the DMZ is a 4 km zone, the MDL the line in "
                "its middle, so this is imprecise wording)")
    if action["place_kind"] == "border":
        note = " (the text says \u201cborder\u201d; between the two Koreas that line is the MDL)"
    if action["place_kind"] == "territory" and action["action"] == "enter":
        note = " (¶8 applies to a person coming from inside the DMZ)"
    return f"{what}{where}{note}: {provision['id']} {provision['rule']}."


def match_provisions(actions: pd.DataFrame, provisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Link each action of :func:`incident_actions` to the provisions it may touch, with why.

    The topic rules are data, in the provisions table: a provision matches an action when the
    action's kind is one of the provision's ``acts``, if the provision lists ``places`` the
    action's ``place_kind`` is one of them, and if it lists ``actors`` the action's
    ``actor_kind`` is one of them. With the series' table:

    - a hostile act (firing, shelling, laying mines...) -> Art. I ¶6 when it involves the MDL,
      the DMZ, the JSA or the border; and Art. II ¶12 (the general duty to stop all hostilities)
      when the actor is one of the armed forces (a soldier, troops, guards, the KPA...);
    - crossing the MDL, a border or the whole DMZ -> Art. I ¶7;
    - entering the DMZ or the JSA -> Art. I ¶9; entering a side's territory -> Art. I ¶8;
    - carrying arms in the DMZ or the JSA -> Art. I ¶10;
    - the Preamble and Art. I ¶1 set the frame and forbid no act: they are never matched.

    An action whose ``setting`` is "elsewhere" (another country's border or ceasefire line)
    touches none: the Armistice is Korea's. One row per (action, provision) link, in the order
    of the actions; an action that touches no provision has no row. This is an analysis, not a finding: an official finding may name
    fewer violations, or other ones.

    >>> actions = incident_actions("Troops carried rifles into the JSA.")
    >>> match_provisions(actions)["provision"].tolist()
    ['Art. I ¶10']
    """
    if provisions is None:
        provisions = load_provisions()
    for table, name, needed in ((actions, "actions", ("action", "place_kind", "phrase")),
                                (provisions, "provisions", ("id", "acts", "places", "rule"))):
        if not isinstance(table, pd.DataFrame) or not set(needed) <= set(table.columns):
            raise CourseInputError(f"match_provisions() takes the {name} table (from "
                                   f"{'incident_actions(text)' if name == 'actions' else 'load_provisions()'}), "
                                   f"not {type(table).__name__}.")
    rows = []
    for action in actions.to_dict("records"):
        if action.get("setting", "") == "elsewhere":
            continue  # another country's border or ceasefire line: not the Korean Armistice
        for provision in provisions.to_dict("records"):
            acts, places = _split(provision["acts"]), _split(provision["places"])
            actors = _split(provision.get("actors", ""))
            if (action["action"] in acts and (not places or action["place_kind"] in places)
                    and (not actors or action.get("actor_kind", "") in actors)):
                rows.append({**{c: action.get(c, "") for c in MATCH_COLUMNS[:7]},
                             "provision": provision["id"], "why": _why(action, provision)})
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def provisions_touched(text_or_doc: Any, provisions: pd.DataFrame | None = None) -> list[int]:
    """The paragraph numbers that the actions in a text may touch, sorted (an analysis).

    >>> provisions_touched("Soldiers fired across the border and one of them crossed the MDL.")
    [6, 7, 12]
    """
    matches = match_provisions(incident_actions(text_or_doc), provisions)
    table = load_provisions() if provisions is None else provisions
    numbers = table.set_index("id")["paragraph"]
    return sorted({int(numbers[p]) for p in matches["provision"]})


# --------------------------------------------------------------------------------------------
# 4. The four actors of the 2017 incident (data/sources/event-facts.md, Findings;
#    armistice.md, "How the 2017 incident relates")
# --------------------------------------------------------------------------------------------

ACTORS_PATH = DATA_DIR / "armistice_actors.csv"  # the actors of 2017, each with its sources


def actors_table() -> pd.DataFrame:
    """The four actors of the 2017 incident and what each did, with its sources. Whether the
    UNC named an action as a violation is for the learner to read in the sources (exercise
    04-named-violations), so the table does not say it.

    >>> list(actors_table().columns)
    ['actor', 'did', 'source']
    """
    return pd.read_csv(ACTORS_PATH, dtype=str, keep_default_na=False)[["actor", "did", "source"]]


_SOURCE_FILE = re.compile(r"(?:data/sources/)?\b(event-facts|armistice)\.md\b")


def source_links(citation: Any) -> str:
    """A citation of ``data/sources/`` as HTML whose file names are links a learner can follow
    from ``notebooks/`` (for a table's source column: ``table.style.format({"source":
    source_links})``).

    >>> source_links("event-facts.md, Findings (Col. Chad Carroll)")
    '<a href="../data/sources/event-facts.md">event-facts.md</a>, Findings (Col. Chad Carroll)'
    """
    text = html.escape(str(citation), quote=False)
    return _SOURCE_FILE.sub(lambda m: f'<a href="../data/sources/{m[1]}.md">{m[1]}.md</a>', text)


def render_actions(matches: pd.DataFrame) -> str:
    """HTML list of matched actions, one item per link, for reading the "why" comfortably.

    >>> "Art. I ¶7" in render_actions(match_provisions(incident_actions("They crossed the MDL.")))
    True
    """
    if not isinstance(matches, pd.DataFrame) or "why" not in matches.columns:
        raise CourseInputError("render_actions() takes the table of match_provisions(...).")
    if matches.empty:
        return "<p>No action in the text touches a provision.</p>"
    items = "".join(
        f"<li><strong>{html.escape(row.provision)}</strong> ← the text's paragraph {row.paragraph}, "
        f"{html.escape(_close_brackets(row.actor) if row.actor else 'actor not said')}: "
        f"{html.escape(row.why)}</li>"
        for row in matches.itertuples())
    return f"<ul class='ctl-armistice-matches'>{items}</ul>"
