"""The word tables of the event extractor (:mod:`geo.events.extract`), in one place.

Everything here is data: which words trigger which event type, which words a trigger
needs nearby, which words hedge a clause, which prepositions locate, and the weights
that make an event's confidence. Words are *base forms*, lower case; the extractor
matches a token when one of the forms that :func:`geo.events.extract.base_forms` derives from
its text (suffix stripping plus :data:`IRREGULAR`) is a key here, because the spaCy
pipeline runs without its lemmatizer.

How to extend: add a base form to :data:`TRIGGERS` with its type and strength; if the
word is ambiguous, give it a cue set (``"troops"``, ``"technology"``, ``"dead"``) that
must occur in its clause; if the event is a phrase, add it to :data:`PHRASES`.
"""

from __future__ import annotations

from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Event types from the most specific to the least. When one clause holds triggers of
#: several types, the event takes the first of them here ("the NIS revealed that North
#: Korea deployed troops" is a deployment, with the NIS as its attribution).
SPECIFICITY = (
    "technology_transfer",
    "demining",
    "reconstruction",
    "commemoration",
    "deployment",
    "diplomatic",
    "combat",
    "other",
    "statement",
)

#: Strength of a trigger: how sure a single word makes us of its event type.
STRONG, MEDIUM, WEAK = 0.9, 0.75, 0.6

#: base form -> (event type, strength, cue set needed in the clause or "").
TRIGGERS: dict[str, tuple[str, float, str]] = {
    # deployment
    "deploy": ("deployment", STRONG, ""),
    "deployment": ("deployment", STRONG, ""),
    "redeploy": ("deployment", STRONG, ""),
    "redeployment": ("deployment", STRONG, ""),
    "dispatch": ("deployment", MEDIUM, "troops"),
    "send": ("deployment", MEDIUM, "troops"),
    "station": ("deployment", MEDIUM, "troops"),
    "arrive": ("deployment", WEAK, "troops"),
    "reinforce": ("deployment", WEAK, "troops"),
    # reconstruction
    "rebuild": ("reconstruction", STRONG, ""),
    "reconstruct": ("reconstruction", STRONG, ""),
    "reconstruction": ("reconstruction", STRONG, ""),
    "rebuilding": ("reconstruction", STRONG, ""),
    "construction": ("reconstruction", MEDIUM, ""),
    "restore": ("reconstruction", WEAK, ""),
    "repair": ("reconstruction", WEAK, ""),
    # demining
    "demine": ("demining", STRONG, ""),
    "demining": ("demining", STRONG, ""),
    "deminer": ("demining", STRONG, ""),
    "de-mining": ("demining", STRONG, ""),
    "mine-clearing": ("demining", STRONG, ""),
    # diplomatic
    "visit": ("diplomatic", MEDIUM, ""),
    "meet": ("diplomatic", MEDIUM, ""),
    "meeting": ("diplomatic", MEDIUM, ""),
    "summit": ("diplomatic", STRONG, ""),
    "talks": ("diplomatic", MEDIUM, ""),
    "negotiate": ("diplomatic", MEDIUM, ""),
    "negotiation": ("diplomatic", MEDIUM, ""),
    "host": ("diplomatic", WEAK, ""),
    # combat
    "fight": ("combat", MEDIUM, ""),
    "fighting": ("combat", MEDIUM, ""),
    "battle": ("combat", MEDIUM, ""),
    "attack": ("combat", MEDIUM, ""),
    "strike": ("combat", WEAK, ""),
    "airstrike": ("combat", STRONG, ""),
    "shell": ("combat", WEAK, ""),
    "shelling": ("combat", STRONG, ""),
    "bomb": ("combat", MEDIUM, ""),
    "bombard": ("combat", STRONG, ""),
    "bombardment": ("combat", STRONG, ""),
    "liberate": ("combat", MEDIUM, ""),
    "liberation": ("combat", MEDIUM, ""),
    "capture": ("combat", MEDIUM, ""),
    "recapture": ("combat", STRONG, ""),
    "regain": ("combat", MEDIUM, ""),
    "combat": ("combat", MEDIUM, ""),
    "clash": ("combat", MEDIUM, ""),
    "offensive": ("combat", WEAK, "military"),
    "assault": ("combat", MEDIUM, ""),
    "invade": ("combat", STRONG, ""),
    "invasion": ("combat", STRONG, ""),
    "raid": ("combat", WEAK, ""),
    "hit": ("combat", WEAK, "weapons"),  # "a missile hit ...", not "prices hit a record"
    # statement
    "say": ("statement", WEAK, ""),
    "announce": ("statement", MEDIUM, ""),
    "declare": ("statement", MEDIUM, ""),
    "reveal": ("statement", MEDIUM, ""),
    "confirm": ("statement", MEDIUM, ""),
    "claim": ("statement", MEDIUM, ""),
    "credit": ("statement", WEAK, ""),
    "praise": ("statement", WEAK, ""),
    "hail": ("statement", WEAK, ""),
    "warn": ("statement", WEAK, ""),
    "accuse": ("statement", WEAK, ""),
    "deny": ("statement", WEAK, ""),
    "condemn": ("statement", WEAK, ""),
    # technology transfer (ambiguous words: they need a technology word in the clause)
    "transfer": ("technology_transfer", MEDIUM, "technology"),
    "compensate": ("technology_transfer", MEDIUM, "technology"),
    "supply": ("technology_transfer", WEAK, "technology"),
    "share": ("technology_transfer", WEAK, "technology"),
    "provide": ("technology_transfer", WEAK, "technology"),
    # commemoration
    "monument": ("commemoration", STRONG, ""),
    "memorial": ("commemoration", STRONG, ""),
    "commemorate": ("commemoration", STRONG, ""),
    "commemoration": ("commemoration", STRONG, ""),
    "honor": ("commemoration", MEDIUM, "dead"),
    "honour": ("commemoration", MEDIUM, "dead"),
    "mourn": ("commemoration", MEDIUM, ""),
    # other
    "protest": ("other", WEAK, ""),
    "evacuate": ("other", MEDIUM, ""),
    "evacuation": ("other", MEDIUM, ""),
    "earthquake": ("other", STRONG, ""),
    "flood": ("other", WEAK, ""),
    "election": ("other", WEAK, ""),
}

#: Two-word triggers: (first base form, second base form within 3 tokens after it)
#: -> (event type, strength, cue set). They win over the single words.
PHRASES: dict[tuple[str, str], tuple[str, float, str]] = {
    ("regain", "control"): ("combat", STRONG, ""),
    ("take", "control"): ("combat", MEDIUM, ""),
    ("seize", "control"): ("combat", STRONG, ""),
    ("mine", "clearance"): ("demining", STRONG, ""),
    ("clear", "mine"): ("demining", STRONG, ""),
    ("hand", "over"): ("technology_transfer", MEDIUM, "technology"),
    ("technology", "transfer"): ("technology_transfer", STRONG, ""),
    ("pay", "tribute"): ("commemoration", MEDIUM, ""),
    ("lay", "wreath"): ("commemoration", STRONG, ""),
    ("hold", "talks"): ("diplomatic", STRONG, ""),
}

#: Cue sets that ambiguous triggers need somewhere in their clause (base forms).
CUES: dict[str, frozenset[str]] = {
    "troops": _words(
        "troop soldier force personnel unit engineer brigade battalion regiment division "
        "peacekeeper marine serviceman servicemen sapper paratrooper fighter mercenary "
        "reinforcement contingent worker officer police"
    ),
    "technology": _words(
        "technology know-how weapon weaponry missile drone satellite nuclear arms equipment"
    ),
    "military": _words(
        "troop soldier force army military armed brigade battalion regiment division tank artillery"
    ),
    "dead": _words("dead fallen victim those died killed soldier martyr"),
    "weapons": _words(
        "missile rocket drone shell bomb airstrike strike artillery mortar munition projectile "
        "warplane aircraft jet"
    ),
}

#: Irregular verb forms -> base form.
IRREGULAR = {
    "met": "meet", "sent": "send", "fought": "fight", "struck": "strike", "said": "say",
    "says": "say", "held": "hold", "took": "take", "taken": "take", "rebuilt": "rebuild",
    "told": "tell", "wrote": "write", "written": "write", "seized": "seize", "laid": "lay",
    "paid": "pay", "bombed": "bomb", "hit": "hit", "stricken": "strike",
}  # fmt: skip

#: Words that make a clause hedged or expected (lower confidence, "expected" flows):
#: modal auxiliaries, report adverbs and verbs of belief or intention above the clause.
HEDGES = _words(
    "could may might would will shall should expect expected plan planned pledge pledged "
    "intend intended aim threaten threatened reportedly allegedly possibly likely possible "
    "believe believed suspect suspected"
)

#: Words after a quantity that make it an expected, not a reported, movement.
EXPECTED_AFTER = (
    r"(?:expected|set|due|planned|scheduled|likely|poised|slated)\s+to\b",
    r"(?:will|would|could|may|might)\b",
    r"(?:more\s+)?(?:expected|planned)\b",
)

#: Verbs whose subject is the source of a claim (besides the statement triggers).
ATTRIBUTION_VERBS = _words(
    "say tell add report state reveal confirm announce declare claim believe estimate assess "
    "write note warn insist suggest indicate"
)

#: Prepositions whose object is where the event happens.
LOCATIVE_PREPS = _words(
    "in at near around across inside within outside throughout on along over off beyond behind"
)
#: Prepositions of a movement.
ORIGIN_PREPS = frozenset({"from"})
DESTINATION_PREPS = frozenset({"to", "into", "towards", "toward"})
#: Prepositions that also give the destination of a movement ("deployed troops in Mali").
ARRIVAL_PREPS = frozenset({"in", "at", "inside", "within"})

#: Event types whose "to X" is a destination (else "to X" is where the event happens).
MOVEMENT_TYPES = frozenset({"deployment", "technology_transfer"})
#: Event types whose direct object's place is where the event happens
#: ("captured Bakhmut", "visited Kyiv", "regained control of the Kursk region").
OBJECT_LOCATED = frozenset(
    {"combat", "reconstruction", "demining", "diplomatic", "commemoration", "other"}
)

#: Confidence factors: confidence = trigger strength x date factor x hedge factor.
DATE_FACTOR = {"explicit": 1.0, "inherited": 0.75, "undated": 0.85}
HEDGE_FACTOR = 0.7

#: Dependency labels that start a new clause: a date above one of these does not
#: reach down to the events below it (except ccomp, which passes it on as inherited).
CLAUSE_BREAKS = frozenset({"advcl", "parataxis", "ccomp"})
#: Dependency labels of a subordinate clause that merges with its parent event when
#: both have the same type ("visit to Moscow, where she met ...").
SUBORDINATE = frozenset({"relcl", "acl", "xcomp", "advcl", "pcomp", "prep", "pobj", "dobj"})


@lru_cache(maxsize=1 << 16)
def base_forms(word: str) -> tuple[str, ...]:
    """Candidate base forms of an English word, for lookups in the trigger tables.

    Examples
    --------
    >>> base_forms("deployed")[:3]
    ('deployed', 'deploy', 'deploye')
    >>> "liberate" in base_forms("liberating") and "meet" in base_forms("met")
    True
    """
    w = word.lower().replace("’", "'")
    out = [w]
    if w in IRREGULAR:
        out.append(IRREGULAR[w])
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("ing", ""), ("ing", "e")):  # fmt: skip
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: len(w) - len(suffix)] + repl
            out.append(stem)
            if repl == "" and len(stem) >= 4 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # shelled -> shell stays; planned -> plan
    return tuple(dict.fromkeys(out))
