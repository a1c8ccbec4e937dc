"""The arguments of an event read from the parse: who acted, on whom, and where (its site).

- :func:`actor_phrases`: actor1 is the subject of the trigger's clause (the agent of a
  passive, "by unidentified gunmen"), actor2 its object (the subject of a passive). An
  actor is a force, an armed group, an organisation, a person or a people: never a
  place name, a date or a dateline, never a pronoun.
- :func:`choose_site`: the most specific place attached to the trigger (its locative or
  prepositional argument), else the clause's most specific place; the caller falls back
  to the article's focus (:func:`focus`).
- :func:`location_precision`: town, district, region, country.
"""

from __future__ import annotations

from collections.abc import Sequence

from geo.model import PlaceMention

__all__ = [
    "actor_phrases",
    "choose_site",
    "focus",
    "location_precision",
    "main_country",
    "specificity",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Place precisions from the most specific to the least.
_SPECIFIC = ("settlement", "approximate_settlement", "region", "border", "country", "macro_region")
#: Dependency labels of the words that belong to an actor's name ("LNA forces",
#: "unidentified gunmen", "the Kenya Defence Forces").
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "case", "quantmod"})
#: Head nouns that only count or group the actor ("a group of", "dozens of").
_GROUPING = _words(
    "number group dozens hundreds thousands scores members member unit units team band"
)
#: Head nouns of actors that are not names: forces, groups, people ("LNA forces",
#: "unidentified gunmen", "a baby girl", "protesters").
_ACTOR_NOUNS = _words(
    "force forces troop troops soldier soldiers army military militant militants fighter fighters "
    "rebel rebels insurgent insurgents militia militias militiamen jihadist jihadists police "
    "policeman policemen officer officers gendarme gendarmes guard guards combatant combatants "
    "terrorist terrorists gunman gunmen assailant assailants attacker attackers bandit bandits "
    "group groups gang gangs mob crowd men man women woman child children boy girl baby people "
    "person civilian civilians villager villagers resident residents farmer farmers herder "
    "herders student students worker workers trader traders protester protesters protestor "
    "protestors demonstrator demonstrators rioter rioters supporter supporters member members "
    "activist activists official officials authorities government regime administration "
    "ministry minister president leader leaders commander commanders unit units servicemen "
    "serviceman engineers engineer youth youths driver drivers journalist journalists teacher "
    "teachers doctor doctors family families prisoner prisoners refugee refugees migrant "
    "migrants tribesmen clan clans community communities party parties coalition navy "
    "airforce"
)
_PRONOUNS = _words("he she it they we i you who which that this these those one")


def specificity(pm: PlaceMention) -> int:
    """Return how specific a place is: 0 for a town, larger for coarser places."""
    precision = pm.place.precision if pm.place is not None else "macro_region"
    return _SPECIFIC.index(precision) if precision in _SPECIFIC else len(_SPECIFIC)


def location_precision(pm: PlaceMention | None) -> str:
    """Return "town", "district", "region", "country" (or "" without a place).

    Examples
    --------
    >>> location_precision(None)
    ''
    """
    if pm is None or pm.place is None:
        return ""
    place = pm.place
    if place.feature_class == "populated_place":
        return "town"
    if place.feature_class == "admin_region":
        inner = place.admin1_name and place.admin1_name != place.name
        return "district" if inner else "region"
    if place.feature_class in ("country", "border"):
        return "country"
    if place.feature_class == "macro_region":
        return "macro_region"
    return "region"


def main_country(places: Sequence[PlaceMention]) -> str:
    """Return the country most of an article's places lie in ("" when none leads).

    Examples
    --------
    >>> main_country(())
    ''
    """
    counts: dict[str, int] = {}
    for pm in places:
        if pm.place is not None and pm.place.country:
            counts[pm.place.country] = counts.get(pm.place.country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


def choose_site(
    candidates: Sequence[tuple[PlaceMention, str, int]],
    roles: Sequence[str],
    *,
    country: str = "",
) -> tuple[PlaceMention, str] | None:
    """Return the site among an event's places and its role, or None.

    Parameters
    ----------
    candidates : sequence of (PlaceMention, role, (modifier, depth))
        The event's places, their role in it, whether the place only modifies a noun
        ("the Dhaka-Mymensingh highway in Gazipur": the highway is in Gazipur) and the
        depth of its token in the parse (a place right under the trigger is shallower
        than one in a parenthesis).
    roles : sequence of str
        The roles a site may have, in order of preference (``("event_location",)``, or
        ``("destination", "event_location")`` for a movement).
    country : str
        The article's main country (:func:`main_country`), or ``""``.

    A place in the article's main country beats one elsewhere (a name read as a
    namesake abroad), a place that is not a mere modifier beats one that is; then the
    most specific place wins; between equals, the preferred role, then the first named.
    """
    usable = [
        (
            bool(country) and pm.place.country != country,
            depth[0],
            specificity(pm),
            roles.index(role),
            pm.mention.start,
            depth[1],
            pm,
            role,
        )
        for pm, role, depth in candidates
        if role in roles and pm.place is not None and pm.mention.kind != "demonym"
    ]
    if not usable:
        return None
    best = min(usable, key=lambda c: c[:6])
    return best[6], best[7]


def focus(places: Sequence[PlaceMention]) -> PlaceMention | None:
    """Return the article's focus: its most specific place where something happens.

    Places whose role (:mod:`geo.places.roles`) is ``event_location`` come first, then
    any other resolved place that is not a government's stand-in or a demonym.
    """
    country = main_country(places)
    usable = [
        (
            bool(country) and pm.place.country != country,
            pm.role != "event_location",
            specificity(pm),
            pm.mention.start,
            k,
        )
        for k, pm in enumerate(places)
        if pm.place is not None and pm.role != "government" and pm.mention.kind != "demonym"
    ]
    return places[min(usable)[4]] if usable else None


def _phrase(tree, noun, places: Sequence[PlaceMention]) -> str:
    """Return the name of an actor headed by ``noun``, or ``""``."""
    if noun.lower_ in _GROUPING:
        of = [c for c in tree.children(noun) if c.lower_ == "of"]
        objs = [c for o in of for c in tree.children(o) if c.dep_ == "pobj"]
        if objs:
            noun = objs[0]
    if noun.lower_ in _PRONOUNS or noun.pos_ in ("PRON", "NUM") or noun.ent_type_ in (
        "DATE", "TIME", "CARDINAL", "GPE", "LOC", "FAC"
    ):  # fmt: skip
        return ""
    named = noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG", "NORP")
    if not named and noun.lower_ not in _ACTOR_NOUNS:
        return ""  # "a close watch", "the fighting": not who acts
    words = [noun]
    todo = [c for c in tree.children(noun) if c.dep_ in _NAME_DEPS]
    while todo:
        c = todo.pop()
        words.append(c)
        todo.extend(u for u in tree.children(c) if u.dep_ in _NAME_DEPS)
    appos = [c for c in tree.children(noun) if c.dep_ == "appos" and c.pos_ == "PROPN"]
    words.extend(appos[:1])
    words = [w for w in words if w.pos_ not in ("DET", "PUNCT") and w.lower_ not in ("'s", "’s")]
    if not words:
        return ""
    start, end = min(w.idx for w in words), max(w.idx + len(w) for w in words)
    for pm in places:
        inside = start <= pm.mention.start and pm.mention.end <= end
        if inside and (pm.mention.end - pm.mention.start) >= (end - start) - 1:
            return ""  # the actor is a place name ("Paiporta"), not a force
    text = tree.text[start:end].strip(" ,;:—–-")
    return "" if any(ch.isdigit() for ch in text) and len(text.split()) > 3 else text


def actor_phrases(tree, head, places: Sequence[PlaceMention]) -> tuple[str, str]:
    """Return (actor1, actor2) of the clause headed by ``head`` ("" when not given).

    Examples of the parse read: "LNA forces shelled GNA positions" (subject, object);
    "a baby girl was killed by unidentified gunmen" (agent, passive subject).
    """
    kids = tree.children(head)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    passive = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    agent = next(
        (p for a in kids if a.dep_ == "agent" for p in tree.children(a) if p.dep_ == "pobj"),
        None,
    )
    if passive is not None:
        first, second = agent, passive
    else:
        first, second = subj, obj
    if second is None:  # "attack on X", "fighting against X"
        on = [c for c in kids if c.dep_ == "prep" and c.lower_ in ("on", "against", "with")]
        second = next((p for o in on for p in tree.children(o) if p.dep_ == "pobj"), None)
    one = _phrase(tree, first, places) if first is not None else ""
    two = _phrase(tree, second, places) if second is not None else ""
    return one, two
