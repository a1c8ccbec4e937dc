"""The event typology: Newsmap's event types, their sub-types and ACLED's six types.

Every sub-type belongs to one Newsmap event type (:data:`geo.frames.schema.EVENT_TYPES`)
and, when ACLED codes such events, to one of ACLED's six event types, so that
Newsmap's events can be put beside ACLED's (``python -m geo parse --format acled``).
ACLED's sub-types keep ACLED's spelling; the sub-types Newsmap adds (disasters,
deployments, diplomacy, statements, reconstruction, demining, ...) have no ACLED type
of their own and are exported as "Strategic developments" with sub-type "Other",
except disasters, which ACLED does not code.

:func:`refine` adjusts a trigger's sub-type with the words of its happening: a killing
of soldiers is a battle, not an attack on civilians; a territory taken by government
forces is regained; a protest met by tear gas or arrests is a protest with
intervention, one met by fire is excessive force.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ACLED_TYPES",
    "BATTLES",
    "EXPLOSIONS",
    "PROTESTS",
    "RIOTS",
    "STRATEGIC",
    "SUB_TYPES",
    "VAC",
    "acled_sub_type",
    "acled_type",
    "rank",
    "refine",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

#: ACLED's six event types, in ACLED's order.
ACLED_TYPES = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC)

#: sub-type -> (Newsmap event type, ACLED event type or "" when ACLED does not code it).
#: Within one event type, earlier sub-types are more specific (see :func:`rank`).
SUB_TYPES: dict[str, tuple[str, str]] = {
    "Suicide bomb": ("combat", EXPLOSIONS),
    "Air/drone strike": ("combat", EXPLOSIONS),
    "Shelling/artillery/missile attack": ("combat", EXPLOSIONS),
    "Remote explosive/landmine/IED": ("combat", EXPLOSIONS),
    "Grenade": ("combat", EXPLOSIONS),
    "Sexual violence": ("combat", VAC),
    "Abduction/forced disappearance": ("combat", VAC),
    "Government regains territory": ("combat", BATTLES),
    "Non-state actor overtakes territory": ("combat", BATTLES),
    "Armed clash": ("combat", BATTLES),
    "Attack": ("combat", VAC),
    "Excessive force against protesters": ("protest", PROTESTS),
    "Mob violence": ("protest", RIOTS),
    "Violent demonstration": ("protest", RIOTS),
    "Protest with intervention": ("protest", PROTESTS),
    "Peaceful protest": ("protest", PROTESTS),
    "Disrupted weapons use": ("strategic", STRATEGIC),
    "Headquarters or base established": ("strategic", STRATEGIC),
    "Non-violent transfer of territory": ("strategic", STRATEGIC),
    "Looting/property destruction": ("strategic", STRATEGIC),
    "Arrests": ("strategic", STRATEGIC),
    "Change to group/activity": ("strategic", STRATEGIC),
    "Other": ("strategic", STRATEGIC),
    "Agreement": ("diplomatic", STRATEGIC),
    "Summit": ("diplomatic", ""),
    "Visit": ("diplomatic", ""),
    "Talks": ("diplomatic", ""),
    "Earthquake": ("disaster", ""),
    "Flood": ("disaster", ""),
    "Storm": ("disaster", ""),
    "Fire": ("disaster", ""),
    "Landslide": ("disaster", ""),
    "Collapse": ("disaster", ""),
    "Deployment": ("deployment", ""),
    "Movement": ("deployment", ""),
    "Reconstruction": ("reconstruction", ""),
    "Demining": ("demining", ""),
    "Technology transfer": ("technology_transfer", ""),
    "Commemoration": ("commemoration", ""),
    "Statement": ("statement", ""),
    "Evacuation": ("other", ""),
    "Election": ("other", ""),
}

#: Event types whose events ACLED never codes.
_NOT_ACLED = frozenset({"disaster"})

#: Words of a happening that name armed people (a killing of them is a battle).
ARMED = _words(
    "soldier soldiers troop troops army military militant militants fighter fighters rebel "
    "rebels insurgent insurgents militia militiamen militias jihadist jihadists police "
    "policeman policemen officer officers gendarme gendarmes guard guards forces "
    "combatant combatants terrorist terrorists"
)
#: Words that name state forces (a territory they take is regained).
STATE = _words("army military government troops soldiers forces police gendarmerie regime")
#: Words of non-state armed groups (their forces are not the state's).
NON_STATE = _words(
    "rebel rebels militia militias militant militants insurgent insurgents jihadist "
    "jihadists terrorist terrorists gunmen"
)
#: Words of an intervention against a protest.
INTERVENTION = _words(
    "disperse dispersed dispersing tear teargas arrest arrested arrests detained baton "
    "batons rubber bullets water cannon"
)
#: Words of protesters fighting: their protest is a riot.
CLASH = _words("clash clashed clashes clashing stoned stones burned torched looted rioted")
LETHAL = _words("kill killed killing shot shoot shooting dead live ammunition")


def rank(sub_type: str) -> int:
    """Return how specific a sub-type is: lower is more specific.

    Examples
    --------
    >>> rank("Air/drone strike") < rank("Attack")
    True
    """
    return list(SUB_TYPES).index(sub_type)


def acled_type(event_type: str, sub_type: str) -> str:
    """Return ACLED's event type of an event, or ``""`` for one ACLED does not code.

    Examples
    --------
    >>> acled_type("combat", "Air/drone strike"), acled_type("disaster", "Flood")
    ('Explosions/Remote violence', '')
    >>> acled_type("deployment", "Deployment")
    'Strategic developments'
    """
    if event_type in _NOT_ACLED:
        return ""
    return SUB_TYPES.get(sub_type, ("", ""))[1] or STRATEGIC


def acled_sub_type(event_type: str, sub_type: str) -> str:
    """Return ACLED's sub-event type: the sub-type itself, or "Other" for Newsmap's own."""
    if event_type in _NOT_ACLED:
        return ""
    return sub_type if SUB_TYPES.get(sub_type, ("", ""))[1] else "Other"


def refine(sub_type: str, words: Iterable[str], *, victims: Iterable[str] = ()) -> str:
    """Return the sub-type of a happening from its trigger's sub-type and its words.

    Parameters
    ----------
    sub_type : str
        The sub-type of the happening's main trigger (a key of :data:`SUB_TYPES`).
    words : iterable of str
        The lower-case words of the happening's clauses.
    victims : iterable of str
        The lower-case words of whom it was done to (object or passive subject).

    Examples
    --------
    >>> refine("Attack", ["gunmen", "killed", "two", "soldiers"], victims=["soldiers"])
    'Armed clash'
    >>> refine("Peaceful protest", ["police", "fired", "tear", "gas"])
    'Protest with intervention'
    >>> refine("Non-state actor overtakes territory", ["the", "army", "captured"])
    'Government regains territory'
    """
    words = set(words)
    victims = set(victims)
    if sub_type == "Attack" and victims & ARMED:
        return "Armed clash"
    if (
        sub_type == "Non-state actor overtakes territory"
        and words & STATE
        and not (words & NON_STATE)
    ):
        return "Government regains territory"
    if sub_type in ("Peaceful protest", "Protest with intervention"):
        if words & CLASH:
            return "Violent demonstration"
        if words & LETHAL:
            return "Excessive force against protesters"
        if words & INTERVENTION:
            return "Protest with intervention"
    return sub_type
