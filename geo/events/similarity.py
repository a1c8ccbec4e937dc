"""How alike two reports of a happening are: wording, actors, site, dates, outlet.

Plain values in, numbers out; :mod:`geo.events.incidents` combines them. Nothing here is
trained or downloaded:

- **Wording**: TF-IDF over the content words of the events' sentences
  (:func:`tfidf_vectors`, weights from the reports given, so no corpus ships with the
  code) and the cosine of two vectors (:func:`cosine`).
- **Actors**: the overlap of the content words of two actor lists (:func:`actor_overlap`):
  "LNA forces" and "the LNA" share "lna".
- **Sites**: the great-circle distance (:func:`haversine_km`) and how far apart two sites
  of a given precision may be (:data:`SITE_RADIUS_KM`).
- **Outlets**: the registrable domain of an article's URL (:func:`outlet`), so two
  articles of one newspaper count as one source.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from geo.events.grouping import Report

__all__ = [
    "SITE_PRECISIONS",
    "SITE_RADIUS_KM",
    "ALIKE",
    "NAME_CONFLICT",
    "NAMES_DIFFER",
    "Wording",
    "COARSE_TEXT",
    "WEIGHTS",
    "actor_overlap",
    "actor_words",
    "content_words",
    "cosine",
    "fold_admin",
    "haversine_km",
    "outlet",
    "pair_score",
    "proper_names",
    "tfidf_vectors",
    "wordings",
]

#: How far apart (km) two sites may be and still be one happening, by the coarser precision
#: of the two. A region or a country is matched by name (same admin1, same country), the
#: radius only when that name is unknown.
SITE_RADIUS_KM = {"town": 25.0, "district": 60.0, "region": 300.0, "country": 1500.0}


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Site precisions, finest first (a town is better located than a region).
SITE_PRECISIONS = ("town", "district", "region", "country")

#: How much a shared site says, by the coarser precision of the two.
_SITE_WEIGHT = {"town": 1.0, "district": 0.85, "region": 0.6, "country": 0.35}

#: Event types that one happening may be given by different sources (ACLED's and ours).
_FAMILIES = (
    frozenset({"battles", "explosionsremoteviolence", "violenceagainstcivilians", "combat"}),
    frozenset({"protests", "riots"}),
    frozenset({"deployment", "deploymentsandmovements", "movement"}),
    frozenset({"diplomatic", "diplomacy", "visit", "summit", "talks"}),
)

#: Weights of the pair score (:func:`pair_score`).
WEIGHTS = {"site": 0.3, "date": 0.2, "text": 0.3, "actors": 0.1, "type": 0.1}

#: The factor of the score of two reports worded alike (cosine from ``ALIKE``) that each
#: name something the other lacks: sibling reports (one per village shelled that day),
#: not one happening. Reports worded apart name different things anyway: no factor.
NAME_CONFLICT = 0.65
ALIKE = 0.5
#: The factor when reports worded apart each name something the other lacks (outlets
#: name different things anyway, so a milder one).
NAMES_DIFFER = 0.85

#: The number of content words from which a sentence's wording counts in full (a
#: three-word headline, "Strike hits Tripoli", counts for three fifths).
FULL_SENTENCE = 5

#: The least cosine of the wording of two reports whose sites agree only on a country.
COARSE_TEXT = 0.5

_ADMIN_WORDS = _wordset(
    "oblast region province governorate state district county krai prefecture department "
    "division the of"
)


def fold_admin(name: str) -> str:
    """Fold an admin1 name for comparison.

    Examples
    --------
    >>> fold_admin("Kursk Oblast") == fold_admin("kursk")
    True
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in ascii_.replace("-", " ").split() if w not in _ADMIN_WORDS]
    return " ".join(words)


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Words that say nothing about which happening a sentence tells (function words,
#: reporting verbs, calendar words: dates are compared as intervals, not as words).
STOP_WORDS = _wordset(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your said says say saying reported reportedly according told report
    reports news agency officials official sources source local least around about
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec day days week weeks month year
    morning afternoon evening night overnight earlier later last next ago
    """
)

#: Words too general to tell two actors apart ("forces of", "unidentified", "group").
_ACTOR_STOP = STOP_WORDS | _wordset(
    "force military group unidentified unknown armed arm men people member "
    "militia civilian police government"
)

#: Second-level labels under which a country's domains are registered (bbc.co.uk).
_SECOND_LEVEL = _wordset("co com org net ac gov edu gob gv or ne go mil nic")


def _stem(word: str) -> str:
    """Strip one inflection ("shelled", "shelling", "shells" -> "shell"); short words stay."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _fold_word(word: str) -> str:
    word = word.removesuffix("'s")
    return _stem(word) if len(word) > 1 and word not in STOP_WORDS else ""


def _words(text: str, folded: dict[str, str]) -> list[str]:
    """Return the content words of ``text`` (``folded``: each word folded once)."""
    out = []
    for word in _WORD.findall(text.lower().replace("\u2019", "'")):
        form = folded.get(word)
        if form is None:
            form = folded[word] = _fold_word(word)
        if form:
            out.append(form)
    return out


def content_words(text: str) -> list[str]:
    """Return the content words of ``text``: lowercase, stemmed, no stop words.

    Examples
    --------
    >>> content_words("On Tuesday, LNA forces shelled Al Hishah's market.")
    ['lna', 'force', 'shell', 'al', 'hishah', 'market']
    """
    return _words(text, {})


_NAME = re.compile(r"(?<![.!?:;\u2014-] )(?<!^)\b[A-Z][A-Za-z0-9\u00c0-\u024f'-]+")


def proper_names(text: str, *, folded: dict[str, str] | None = None) -> frozenset[str]:
    """Return the capitalised words of ``text`` not at a sentence start, folded and stemmed.

    Two reports that each name something the other never mentions (a village, a group)
    are less likely to tell one happening. ``folded`` is shared with :func:`wordings`.

    Examples
    --------
    >>> sorted(proper_names("On Sunday, regime forces shelled Bara in Idleb. The UN said."))
    ['bara', 'idleb', 'un']
    """
    folded = {} if folded is None else folded
    return frozenset(_words(" ; ".join(_NAME.findall(text)), folded))


def _unit_vectors(bags: Sequence[Counter]) -> list[dict[str, float]]:
    df: Counter = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags) + 1
    idf = {w: math.log(n / (1 + k)) + 1.0 for w, k in df.items()}
    vectors = []
    for bag in bags:
        vec = {w: (1.0 + math.log(c)) * idf[w] for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Return one unit-length TF-IDF vector (word -> weight) per text.

    The document frequencies are those of ``texts`` themselves, so the weights depend on
    the set of texts, not on their order. A word in every text weighs little; a town
    name or a rare verb weighs much.

    Examples
    --------
    >>> a, b, c = tfidf_vectors(["troops shelled Kansafra", "shelling hit Kansafra", "a rally"])
    >>> round(cosine(a, b), 2) > 0.3, cosine(a, c)
    (True, 0.0)
    """
    folded: dict[str, str] = {}
    return _unit_vectors([Counter(_words(t, folded)) for t in texts])


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two unit-length sparse vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(w, 0.0) for w, v in a.items())


def actor_words(actors: Iterable[str], *, folded: dict[str, str] | None = None) -> frozenset[str]:
    """Return the words that tell actors apart ("LNA forces;Civilians (Libya)" -> lna, libya).

    Examples
    --------
    >>> sorted(actor_words(["Military Forces of Syria", "the regime"]))
    ['regime', 'syria']
    """
    folded = {} if folded is None else folded
    return frozenset(w for w in _words(" ; ".join(actors), folded) if w not in _ACTOR_STOP)


def _same_actor_word(a: str, b: str) -> bool:
    """Equal, or a name and its demonym ("russia", "russian"; "afghan", "afghanistan")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short == long_ or (len(short) >= 4 and long_.startswith(short))


def actor_overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Return the share of the smaller actor set found in the other, None when one is empty.

    Examples
    --------
    >>> actor_overlap(frozenset({"russia"}), frozenset({"russian", "wagner"}))
    1.0
    """
    if not a or not b:
        return None
    small, other = (a, b) if len(a) <= len(b) else (b, a)
    found = sum(1 for w in small if w in other or any(_same_actor_word(w, x) for x in other))
    return found / len(small)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres (mean Earth radius 6371 km).

    Examples
    --------
    >>> round(haversine_km(51.73, 35.27, 51.68, 36.20))  # Korenevo to Kursk, roughly
    64
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def outlet(url: str, *, fallback: str = "") -> str:
    """Return the outlet of an article: the registrable domain of its URL.

    ``www.``, ``m.`` and other subdomains are dropped (``news.bbc.co.uk`` -> ``bbc.co.uk``);
    a URL without a host gives ``fallback`` (the caller passes the article's id, so an
    article of unknown origin counts as a source of its own).

    Examples
    --------
    >>> outlet("https://www.reuters.com/world/x"), outlet("http://news.bbc.co.uk/2/hi")
    ('reuters.com', 'bbc.co.uk')
    >>> outlet("", fallback="doc:a1")
    'doc:a1'
    """
    text = (url or "").strip()
    if text and "//" not in text:
        text = "//" + text
    try:
        host = (urlsplit(text).hostname or "").rstrip(".")
    except ValueError:
        host = ""
    if not host or "." not in host:
        return fallback
    labels = host.split(".")
    if labels[-1].isdigit():  # an IP address: the whole of it
        return host
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


# --- comparing two reports --------------------------------------------------------------


def _family(event_type: str) -> str:
    return "".join(ch for ch in event_type.lower() if ch.isalnum())


def _type_score(a: Report, b: Report) -> float | None:
    if a.event_type == b.event_type:
        return 1.0
    ta, tb = _family(a.event_type), _family(b.event_type)
    if ta == tb:
        return 1.0
    return 0.5 if any(ta in f and tb in f for f in _FAMILIES) else None


def _site_score(a: Report, b: Report) -> float | None:
    """How much the two sites say the reports are one happening; None: they cannot be."""
    coarse = max(a.site_precision, b.site_precision, key=SITE_PRECISIONS.index)
    weight = _SITE_WEIGHT[coarse]
    if a.site_id == b.site_id:
        return weight
    if a.country and b.country and a.country != b.country:
        return None
    if coarse == "country":
        return weight if a.country and a.country == b.country else None
    distance = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if coarse == "region":
        fa, fb = fold_admin(a.admin1), fold_admin(b.admin1)
        if fa and fb:
            return weight if fa == fb else None
        return weight if distance <= SITE_RADIUS_KM["region"] else None
    radius = SITE_RADIUS_KM[coarse]
    return weight * (1.0 - 0.5 * distance / radius) if distance <= radius else None


def _date_score(a: Report, b: Report) -> float | None:
    """How much the two intervals say; None when they do not overlap.

    Two days that agree say most; a shared month less. An interval that only says
    "reported by the article's day" says half as much as an event's own date.
    """
    if a.start is None or b.start is None:
        return 0.3
    lo, hi = max(a.start, b.start), min(a.end, b.end)
    if lo > hi:
        return None
    longest = max((a.end - a.start).days, (b.end - b.start).days) + 1
    share = ((hi - lo).days + 1) / longest
    if not (a.dated or b.dated):
        return 0.0
    if not (a.dated and b.dated):
        return 0.5 * share
    return (0.4 + 0.6 * share) * (1.0 if longest <= 7 else 0.8 if longest <= 31 else 0.7)


@dataclass(frozen=True, slots=True)
class Wording:
    """What the words of one report give for comparison (:func:`wordings`)."""

    vector: dict  # TF-IDF, unit length
    words: frozenset  # every content word of the sentence
    names: frozenset  # proper_names of the sentence
    actors: frozenset  # actor_words of its actors


def wordings(reports: Sequence[Report]) -> list[Wording]:
    """Return the :class:`Wording` of each report (TF-IDF weights from these reports)."""
    folded: dict[str, str] = {}  # each distinct word folded once
    vectors = _unit_vectors([Counter(_words(r.sentence, folded)) for r in reports])
    actors: dict[tuple[str, ...], frozenset] = {}  # each list of actors read once
    for r in reports:
        if r.actors not in actors:
            actors[r.actors] = actor_words(r.actors, folded=folded)
    return [
        Wording(v, frozenset(v), proper_names(r.sentence, folded=folded), actors[r.actors])
        for r, v in zip(reports, vectors, strict=True)
    ]


def _names_conflict(wa: Wording, wb: Wording) -> bool:
    """Each report names something (a village, a group) the other never mentions."""
    return bool(wa.names - wb.words - wb.actors) and bool(wb.names - wa.words - wa.actors)


def pair_score(a: Report, b: Report, wa: Wording, wb: Wording) -> float:
    """Return how likely two reports tell one happening, in [0, 1] (0: they cannot).

    Parameters
    ----------
    a, b : Report
        Two reports of different articles (0 when either has no site).
    wa, wb : Wording
        Their words (:func:`wordings`).

    Notes
    -----
    The type must be the same or of one family (battles and shelling), the sites
    within the reach of the coarser precision (or in the same region or country), the
    date intervals must overlap. Then the score weighs site, dates, wording, actors and
    type (:data:`WEIGHTS`); different sub-types, actors with no word in common, or proper
    names each report has and the other lacks (:data:`NAME_CONFLICT`) lower it; the
    wording of a short sentence counts less (:data:`FULL_SENTENCE`). Two sites that agree
    only on a country say so little that the wording must be close (:data:`COARSE_TEXT`).
    """
    if a.doc_id == b.doc_id or not (a.site_precision and b.site_precision):
        return 0.0
    parts = {"type": _type_score(a, b), "site": _site_score(a, b), "date": _date_score(a, b)}
    if any(v is None for v in parts.values()):
        return 0.0
    text = cosine(wa.vector, wb.vector)
    if text < COARSE_TEXT and "country" in (a.site_precision, b.site_precision):
        return 0.0
    actors = actor_overlap(wa.actors, wb.actors)
    parts["actors"] = 0.5 if actors is None else actors
    short = min(len(wa.words), len(wb.words))
    parts["text"] = min(1.0, text * 1.5) * min(1.0, short / FULL_SENTENCE)
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    if a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type:
        score *= 0.8
    if actors == 0.0:
        score *= 0.85
    if _names_conflict(wa, wb):
        score *= NAME_CONFLICT if text >= ALIKE else NAMES_DIFFER
    return score
