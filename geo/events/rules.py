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
#: Korea deployed troops" is a deployment, with the NIS as its attribution; "police fired
#: tear gas at protesters" is a protest).
SPECIFICITY = (
    "technology_transfer",
    "demining",
    "reconstruction",
    "commemoration",
    "disaster",
    "protest",
    "deployment",
    "diplomatic",
    "combat",
    "strategic",
    "other",
    "statement",
)

#: Event types of one happening of violence or unrest: the triggers of one sentence
#: of these types are one event ("attacked the village and killed three").
VIOLENT = frozenset({"combat", "protest", "strategic"})

#: Strength of a trigger: how sure a single word makes us of its event type.
STRONG, MEDIUM, WEAK = 0.9, 0.75, 0.6

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
        "warplane aircraft jet gun rifle shot bullet weapon explosive ied grenade"
    ),
    "labour": _words(
        "worker employee staff union teacher doctor nurse driver trader miner wage salary pay "
        "labour labor"
    ),
    "victims": _words(
        "civilian villager man men woman women child children boy girl people person resident "
        "farmer herder trader student worker victim protester demonstrator passenger driver "
        "family"
    ),
}

#: Irregular verb forms -> base form.
IRREGULAR = {
    "met": "meet", "sent": "send", "fought": "fight", "struck": "strike", "said": "say",
    "says": "say", "held": "hold", "took": "take", "taken": "take", "rebuilt": "rebuild",
    "told": "tell", "wrote": "write", "written": "write", "seized": "seize", "laid": "lay",
    "paid": "pay", "bombed": "bomb", "hit": "hit", "stricken": "strike", "broke": "break",
    "broken": "break", "shot": "shoot", "blew": "blow", "blown": "blow", "beaten": "beat",
    "stole": "steal", "stolen": "steal", "went": "go", "overran": "overrun", "retook": "retake",
    "retaken": "retake", "gunmen": "gunman", "fled": "flee", "dead": "dead", "burnt": "burn",
    "gassed": "gas", "teargassed": "teargas", "shooting": "shoot",
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

#: Event types whose "to X" is a destination (else "to X" is where the event happens).
MOVEMENT_TYPES = frozenset({"deployment", "technology_transfer"})
#: Event types whose direct object's place is where the event happens
#: ("captured Bakhmut", "visited Kyiv", "regained control of the Kursk region").
OBJECT_LOCATED = frozenset(
    {"combat", "protest", "strategic", "disaster", "reconstruction", "demining", "diplomatic",
     "commemoration", "other"}
)  # fmt: skip

#: Confidence factors: confidence = trigger strength x date factor x hedge factor.
DATE_FACTOR = {"explicit": 1.0, "inherited": 0.75, "reported": 0.85, "undated": 0.85}
HEDGE_FACTOR = 0.7


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
