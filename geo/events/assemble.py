"""From the events of each sentence to the events of a document: one per happening.

:func:`assemble` takes what :mod:`geo.events.extract` read in each sentence and, in text
order:

1. **Site.** The most specific place attached to the trigger (its locative or
   prepositional argument; for a movement its destination), else the most specific
   place of its sentence where something happens (:mod:`geo.places.roles`), else the
   site of the happening before it in its paragraph, else the article's focus
   (:func:`geo.events.arguments.focus`). Origins, destinations of other events,
   speakers' seats and compared places stay context. A movement to a country ends at
   the first place the article gives inside it (a region, a town, its border), if any.
2. **Date.** Its own time expression (or the one of the clause that reports it); else
   the last own date of an earlier sentence of its paragraph (or of the sentence just
   before, across a paragraph break), unless the event is in the future; else
   "reported" by the article's reference date; else undated.
3. **One happening, one event.** A sentence that only adds to the happening before it in
   its paragraph (a toll, a statement about it: no place of its own, no other date)
   joins it; so does a later telling of the same happening (same type, same site, no
   other date), such as a headline's lead.
4. **Toll.** The most any of its sentences states (a toll is often repeated).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from geo.events import rules as R
from geo.events.arguments import choose_site, focus, main_country
from geo.events.casualties import Toll
from geo.events.model import Event
from geo.model import PlaceMention
from geo.time.timex import TimeSpan

__all__ = ["assemble", "reported_span"]

#: Event types whose site is where the movement ends.
_MOVING = ("destination", "event_location")
_STILL = ("event_location",)


def reported_span(reference: date) -> TimeSpan:
    """Return the interval of an event known only to have been reported by ``reference``.

    Its day is the reference day (news reports what happened by then; ACLED codes such
    events on the report's day); its date rule says it is an on-or-before date.
    """
    return TimeSpan(
        start=reference,
        end=reference,
        precision="day",
        phrase="",
        start_char=-1,
        end_char=-1,
        timex_type="DATE",
        timex_value=reference.isoformat(),
        mod="BEFORE",
        anchored=True,
        anchor="reference",
    )


def _paragraphs(text: str, rows: Sequence[list[dict]]) -> list[int]:
    """Return the paragraph number of each sentence (a line break starts a paragraph)."""
    out, n, last = [], 0, 0
    for sentence_rows in rows:
        if sentence_rows:
            start = sentence_rows[0]["sentence"].start
            if "\n" in text[last:start]:
                n += 1
            last = sentence_rows[0]["sentence"].end
        out.append(n)
    return out


def _site(row: dict, sentence_places: list[PlaceMention], country: str):
    roles = _MOVING if row["event_type"] in R.MOVEMENT_TYPES else _STILL
    found = choose_site(row["candidates"], roles, country=country)
    if found is not None:
        return found[0], found[1], True
    loose = [
        (pm, "event_location", (False, 0)) for pm in sentence_places if pm.role == "event_location"
    ]
    found = choose_site(loose, _STILL, country=country)
    return (found[0], found[1], False) if found is not None else (None, "", False)


def _inside(country: PlaceMention, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """Return the first place the article gives inside a country (or on its border), or None.

    A movement "to Russia" ends where the article says the troops are: "the border
    regions", "the Kursk region"; not at the country's middle.
    """
    code = country.place.country
    for pm in places:
        place = pm.place
        if place is None or pm.role != "event_location" or place.place_id == country.place.place_id:
            continue
        if place.feature_class == "border":
            if code and code in place.place_id.split(":")[-1].split("-"):
                return pm
        elif place.country == code and place.feature_class in ("admin_region", "populated_place"):
            return pm
    return None


def _toll(a: Toll, b: Toll) -> Toll:
    def most(x, y):
        return y if x is None else x if y is None else max(x, y)

    return Toll(most(a.fatalities, b.fatalities), most(a.injured, b.injured))


def _joins(row: dict, prev: dict | None, own_site: bool) -> bool:
    """Tell whether ``row`` only adds to the happening ``prev`` of the same paragraph."""
    if prev is None or row["date_status"] == "explicit" and prev["span"] != row["span"]:
        return False
    if row["event_type"] == "statement" or (
        row["event_type"] in R.VIOLENT and prev["event_type"] in R.VIOLENT
    ):
        return not own_site or (
            prev["site"] is not None
            and row["site"] is not None
            and row["site"].place.place_id == prev["site"].place.place_id
        )
    return False


def _same(row: dict, other: dict) -> bool:
    """Tell whether two tellings are of the same happening (same type and site, no other date).

    A headline without a date of its own and the lead that dates it are one happening.
    """
    if row["event_type"] != other["event_type"] or row["event_type"] == "statement":
        return False
    if row["site"] is None or other["site"] is None:
        return False
    if row["site"].place.place_id != other["site"].place.place_id:
        return False
    both = row["date_status"] == other["date_status"] == "explicit"
    return not both or row["span"] == other["span"]


def _absorb(into: dict, row: dict) -> None:
    into["sentences"].append(row["sentence"])
    if row["date_status"] == "explicit" and into["date_status"] != "explicit":
        # The dated telling (a lead under its headline) becomes the event's main one.
        keys = ("span", "date_status", "date_rule", "sentence", "trigger", "trigger_start",
                "trigger_end")  # fmt: skip
        for key in keys:
            into[key] = row[key]
        into["sentences"].insert(0, into["sentences"].pop())
        into["attribution"] = row["attribution"] or into["attribution"]
    into["toll"] = _toll(into["toll"], row["toll"])
    seen = {id(pm) for pm, _ in into["places"]}
    into["places"] = into["places"] + tuple(
        (pm, "mentioned" if role in _MOVING else role)
        for pm, role in row["places"]
        if id(pm) not in seen
    )
    into["actors"] = tuple(dict.fromkeys(into["actors"] + row["actors"]))
    into["quantities"] = into["quantities"] + row["quantities"]
    for key in ("actor1", "actor2", "attribution"):
        into[key] = into[key] or row[key]
    if row["strength"] > into["strength"] and row["event_type"] != "statement":
        for key in ("event_type", "sub_event_type", "strength"):
            into[key] = row[key]


def assemble(
    rows: Sequence[list[dict]],
    text: str,
    places: tuple[PlaceMention, ...],
    *,
    doc_id: str,
    reference: date | None,
    reference_inferred: bool,
) -> tuple[Event, ...]:
    """Return the events of a document from the event fields of each of its sentences.

    Parameters
    ----------
    rows : sequence of list of dict
        Per sentence, the fields :func:`geo.events.extract._sentence_events` read.
    text : str
        The document text (for its paragraph breaks).
    places : tuple of PlaceMention
        The document's resolved places, with their roles.
    doc_id : str
        Prefix of the event ids.
    reference : datetime.date or None
        The article's reference date ("reported by").
    reference_inferred : bool
        Copied to every event.
    """
    paragraph = _paragraphs(text, rows)
    article_focus = focus(places)
    country = main_country(places)
    kept: list[dict] = []
    last_date: dict[int, TimeSpan] = {}
    previous: TimeSpan | None = None  # the last own date of the sentence before
    for k, sentence_rows in enumerate(rows):
        par = paragraph[k]
        index = sentence_rows[0]["sentence"].index if sentence_rows else -1
        sentence_places = [pm for pm in places if pm.mention.sentence == index]
        own_dates = []
        for row in sentence_rows:
            row = dict(row, paragraph=par, sentences=[row["sentence"]])
            site, role, own_site = _site(row, sentence_places, country)
            prev = next((r for r in reversed(kept) if r["paragraph"] == par), None)
            if site is None:
                inherited = prev["site"] if prev is not None else article_focus
                site, role = inherited, ("event_location" if inherited is not None else "")
            if (
                site is not None
                and row["event_type"] in R.MOVEMENT_TYPES
                and site.place.feature_class == "country"
            ):
                site = _inside(site, places) or site
            row.update(site=site, site_role=role)
            if row["span"] is not None:
                row["date_rule"] = "own" if row["date_status"] == "explicit" else "reporting_clause"
                if row["date_status"] == "explicit":
                    own_dates.append(row["span"])
            elif (par in last_date or previous is not None) and not row["future"]:
                span = last_date.get(par, previous)
                row.update(span=span, date_status="inherited", date_rule="paragraph")
            elif reference is not None and not row["future"]:
                row.update(span=reported_span(reference), date_status="reported",
                           date_rule="reported")  # fmt: skip
            else:
                row["date_rule"] = "none"
            if _joins(row, prev, own_site):
                _absorb(prev, row)
                continue
            same = next((r for r in kept if _same(row, r)), None)
            if same is not None:
                _absorb(same, row)
                continue
            kept.append(row)
        if own_dates:
            last_date[par] = own_dates[-1]
        previous = own_dates[-1] if own_dates else None
    return tuple(_event(r, n, doc_id, reference_inferred) for n, r in enumerate(kept, start=1))


def _event(r: dict, n: int, doc_id: str, reference_inferred: bool) -> Event:
    hedge = R.HEDGE_FACTOR if r["hedged"] else 1.0
    confidence = r["strength"] * R.DATE_FACTOR[r["date_status"]] * hedge
    site = r["site"]
    places = tuple((pm, r["site_role"] if pm is site else role) for pm, role in r["places"])
    if site is not None and all(pm is not site for pm, _ in places):
        places = ((site, r["site_role"]), *places)
    return Event(
        event_id=f"{doc_id}:e{n}",
        doc_id=doc_id,
        event_type=r["event_type"],
        trigger=r["trigger"],
        trigger_start=r["trigger_start"],
        trigger_end=r["trigger_end"],
        span=r["span"],
        date_status=r["date_status"],
        places=places,
        actors=r["actors"],
        quantities=r["quantities"],
        attribution=r["attribution"],
        sentence=r["sentence"],
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        hedged=r["hedged"],
        reference_inferred=reference_inferred,
        sub_event_type=r["sub_event_type"],
        site=r["site"],
        site_role=r["site_role"],
        actor1=r["actor1"],
        actor2=r["actor2"],
        fatalities=r["toll"].fatalities,
        injured=r["toll"].injured,
        date_rule=r["date_rule"],
        sentences=tuple(r["sentences"]),
    )
