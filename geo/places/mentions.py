"""Find place mentions: statistical NER combined with the gazetteer.

NER alone is not enough (it tags Kursk as a product and Novaya Sorochina as a person)
and the gazetteer alone finds places in common words ("War", "Sent", "Most"). A span is
a mention when the gazetteer knows it and the evidence agrees:

- the NER calls it a place (GPE, LOC, FAC) or a nationality (NORP, for demonyms); or
- it is a proper noun whose best entry is prominent (a country, a region, a capital, a
  city of 100,000 people or more); or
- a locative cue stands before it ("in", "near", "around", "the villages of").

Patterns (:mod:`geo.places.patterns`) come first and claim their text: datelines
("KHARTOUM, Sudan (AP) —", the city looked up as "Khartoum"), borders ("the
Russian-Ukrainian border"), regions ("the Kursk region"), coordinated names ("Stara and
Novaya Sorochina" is two places). Then
capitalised runs (hyphenated names included: "Bilhorod-Dnistrovskyi") are matched
longest first; a name the gazetteer knows whole that is joined by "and"/"or" to a place
found so far is a place too. A qualifier written after a name ("Paris, Texas") that
names a country or region holding one of its candidates is kept in ``Mention.extra``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.index import Gazetteer
from geo.model import Mention
from geo.nlp.analysis import Analysis
from geo.places import evidence
from geo.places import words as lexicon
from geo.places.facilities import facility_mentions
from geo.places.patterns import QUALIFIER, mention_at, pattern_mentions, qualifier

__all__ = ["find_mentions", "PROMINENT_POPULATION"]

#: A populated place at least this large counts as prominent on its own.
PROMINENT_POPULATION = 100_000


_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
_CONNECTORS = {"of", "de", "del", "la", "le", "du", "upon", "on", "am", "an", "der", "el", "al"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_HYPHENS = {"-", "‐", "‑"}


def find_mentions(analysis: Analysis, gazetteer: Gazetteer, *, doc_id: str) -> tuple[Mention, ...]:
    """Return the place mentions of a document, in text order.

    Parameters
    ----------
    analysis : Analysis
        The document's text, sentences and spaCy ``Doc``.
    gazetteer : Gazetteer
        An open gazetteer.
    doc_id : str
        The document's id, stored on every mention.
    """
    claimed: list[tuple[int, int]] = []
    found: list[Mention] = []
    ents = tuple(analysis.doc.ents)  # spaCy builds new spans on every access
    ends = [ent.end_char for ent in ents]
    runs = list(_capitalised_runs(analysis.doc))
    for mention in pattern_mentions(analysis, gazetteer, doc_id):
        if not _overlaps(claimed, mention.start, mention.end):
            claimed.append((mention.start, mention.end))
            found.append(mention)
    for start, end, mention in facility_mentions(analysis, gazetteer, doc_id, runs):
        if not _overlaps(claimed, start, end):
            claimed.append((start, end))
            found.append(mention)
    for mention in _run_mentions(analysis, gazetteer, doc_id, ents, ends, runs):
        if not _overlaps(claimed, mention.start, mention.end):
            claimed.append((mention.start, mention.end))
            found.append(mention)
    for mention in _coordinated_names(analysis, gazetteer, doc_id, tuple(found), ents, ends, runs):
        if not _overlaps(claimed, mention.start, mention.end):
            claimed.append((mention.start, mention.end))
            found.append(mention)
    return tuple(sorted(found, key=lambda m: m.start))


def _overlaps(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in claimed)


def _ent_at(ents, ends: list[int], start: int, end: int):
    """Return the entity (of ``ents``, in text order) that overlaps the span, or None.

    ``ends`` are the entities' end offsets: spaCy's entities do not overlap, so they
    rise with the starts and the first entity ending after ``start`` is the only one
    that can overlap the span first.
    """
    k = bisect.bisect_right(ends, start)
    if k < len(ents) and ents[k].start_char < end:
        return ents[k]
    return None


def _is_cap(word: str) -> bool:
    return (
        word[:1].isupper()
        and (word[0].isalpha() or any(ch.isalpha() for ch in word))
        and word not in _POSSESSIVE
    )


def _inner_hyphen(toks: list, words: list[str], i: int) -> bool:
    """Return True for a hyphen inside a name ("Bilhorod-Dnistrovskyi").

    ``toks`` are the document's tokens, ``words`` their texts, ``i`` the token's index.
    """
    return (
        words[i] in _HYPHENS
        and not toks[i].whitespace_
        and i > 0
        and not toks[i - 1].whitespace_
        and i + 1 < len(toks)
        and words[i + 1][:1].isalpha()
    )


def _title_next(toks: list, words: list[str], i: int) -> bool:
    """Return True when a title-case word follows token ``i``, directly or after an inner hyphen.

    "Isle of Man"; "Bab-el-Mandeb" and "Ras al-Khaimah", whose connector is joined by a
    hyphen to the next word.
    """
    j = i + 1
    if j < len(toks) and _inner_hyphen(toks, words, j):
        j += 1
    return j < len(toks) and toks[j].is_title


def _capitalised_runs(doc) -> Iterator[list]:
    toks = list(doc)  # spaCy makes a new Token on every access: make each one once
    words = [t.text for t in toks]
    run: list = []
    for i, word in enumerate(words):
        if _is_cap(word):
            run.append(toks[i])
            continue
        if run and word in _CONNECTORS and _title_next(toks, words, i):
            run.append(toks[i])
            continue
        if run and _inner_hyphen(toks, words, i):
            run.append(toks[i])
            continue
        if run:
            yield _trim(run)
        run = []
    if run:
        yield _trim(run)


def _trim(run: list) -> list:
    while run and (run[-1].text in _CONNECTORS or run[-1].text in _HYPHENS):
        run = run[:-1]
    return run


def _run_mentions(
    analysis: Analysis, gaz: Gazetteer, doc_id: str, ents: tuple, ends: list[int], runs: list
) -> Iterator[Mention]:
    persons = evidence.person_names(ents)
    for run in runs:
        i = 0
        while i < len(run):
            for n in range(min(5, len(run) - i), 0, -1):
                toks = run[i : i + n]
                if toks[0].text in _CONNECTORS or _HYPHENS & {toks[0].text, toks[-1].text}:
                    continue
                start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                mention = _judge(analysis, gaz, doc_id, toks, start, end, ents, ends, persons)
                if mention is not None:
                    yield mention
                    i += n
                    break
                if n > 1 and _hyphenated_name(gaz, toks, analysis.text[start:end]):
                    i += n  # "Bilhorod-Dnistrovskyi" rejected whole: "Bilhorod" is no place
                    break
            else:
                i += 1
    # Places the NER found that the gazetteer does not know: reported as unresolved.
    for ent in ents:
        if ent.label_ in ("GPE", "LOC") and not gaz.lookup(ent.text):
            yield mention_at(analysis, doc_id, ent.start_char, ent.end_char, ent.text, "name",
                           ner_label=ent.label_)  # fmt: skip


def _hyphenated_name(gaz: Gazetteer, toks: list, surface: str) -> bool:
    """Return True for a hyphenated name the gazetteer knows whole, as it is written."""
    return any(t.text in _HYPHENS for t in toks) and any(
        c.match == "exact" for c in gaz.lookup(surface, fuzzy=False)
    )


def _judge(
    analysis, gaz: Gazetteer, doc_id: str, toks: list, start: int, end: int, ents, ends, persons
):
    """Return a mention when the span is a place by the evidence, else None.

    ``persons`` are the words of the article's full personal names (see
    :func:`geo.places.evidence.person_names`).
    """
    surface = analysis.text[start:end]
    last = toks[-1].text.lower().rstrip(".")
    if len(toks) == 1 and (surface.lower() in lexicon.NEVER or last in lexicon.GENERIC):
        return None
    ent = _ent_at(ents, ends, start, end)
    label = ent.label_ if ent is not None else ""
    if len(toks) == 1 and last in lexicon.TITLES and label not in _PLACE_LABELS:
        return None  # "call Officer Robert Canto", "promoted to Administrative Officer"
    exact_ent = ent is not None and ent.start_char == start and ent.end_char == end
    candidates = gaz.lookup(surface, fuzzy=len(toks) > 1)
    if label not in ("GPE", "LOC"):
        # Without the NER's word that it is a place, a name only counts as written the
        # way the gazetteer writes it or as a spelling of it: not as a translation or a
        # nickname ("Interior" for Oman's Ad Dakhiliyah, "Google" for Topeka) nor as a
        # loose transliteration ("Hamas" for Hamm).
        candidates = tuple(c for c in candidates if evidence.spelled_alike(c))
    if (
        len(toks) == 1
        and surface in persons
        and not (label in ("GPE", "LOC") and any(map(_prominent, candidates)))
    ):
        return None  # "Sutton" after "Ashley Sutton", "Kelly" after "John Kelly"
    if not candidates:
        return _plural_demonym(analysis, gaz, doc_id, toks, start, end, label, exact_ent)
    best = candidates[0]
    demonyms = [c for c in candidates if c.demonym]
    org_edge = label == "ORG" and not exact_ent and evidence.org_edge(analysis.doc, ent, toks)
    if demonyms and (label == "NORP" or not label or exact_ent or org_edge):
        # "Nigerian" in "the Nigerian Army" too: an adjective of the country.
        countries = tuple(c for c in candidates if c.feature_class == "country")
        return mention_at(analysis, doc_id, start, end, surface, "demonym",
                        feature_classes=("country",), ner_label=label,
                        candidates=countries)  # fmt: skip
    if evidence.after_title(analysis.doc, toks[0].i) or evidence.before_street(
        analysis.doc, toks[-1].i
    ):
        return None  # "Gov. Perry", "Mr. Jordan"; "Main Street", "Lincoln Center"
    if surface.isupper() and len(surface) > 1 and not best.matched_name.isupper():
        # "NIS" is not Niš; but a headline's "NEW JERSEY" is New Jersey.
        letters = sum(ch.isalpha() for ch in surface)
        if not (label in ("GPE", "LOC") and letters >= 5 and any(map(_prominent, candidates))):
            return None
    # "Zaporizhzhia" is a village's name and the city's alternate spelling.
    prominent = any(_prominent(c) for c in candidates)
    cue = evidence.has_cue(analysis.doc, toks[0].i)
    # "Rapides Parish", "Laurel County": a capitalised name of an area is a proper name
    # whatever the tagger calls its words.
    proper = all(
        t.pos_ == "PROPN" or t.text in _CONNECTORS or t.text in _HYPHENS for t in toks
    ) or (len(toks) > 1 and last in lexicon.ADMIN_WORDS)
    if label in _PLACE_LABELS:
        accept = True
    elif label == "ORG" and not exact_ent:
        # A place at the edge of an organisation's name is a place the text names:
        # "the [Jamaica] Cancer Society", "[Ohio] State University", "HSBC Bank [Malta]",
        # "the University of [Texas]".
        # Only a name written as the gazetteer writes it: not an adjective ("American Red
        # Cross") nor a translated alternate ("Interior" for Oman's Ad Dakhiliyah).
        written = best.match in ("exact", "alternate") and not best.demonym
        accept = (
            proper
            and written
            and evidence.org_edge(analysis.doc, ent, toks)
            and (prominent or evidence.local_body(analysis.doc, ent, toks, best))
        )
    elif label in _NAME_LABELS and not exact_ent:
        # Part of a longer name: "Sergei Lavrov", "National Intelligence Service"; but a
        # headline's "Moscow and Pyongyang Strengthen" is no person.
        accept = proper and _very_prominent(best)
    elif label == "PERSON":
        # "Baker said", "Lincoln told": a speaker is a person whatever the gazetteer knows.
        # A prominent place that a verb acts on ("drones struck Zaporizhzhia") or that is
        # coordinated with another ("Zaporizhzhia and Kherson") is still a place.
        # Regions named like surnames ("Nelson", "Flores", "Kent") need that support; a
        # country or a city does not, unless it is the speaker ("Jordan said").
        placed = toks[-1].dep_ in ("dobj", "pobj", "conj")
        town = any(c.feature_class != "admin_region" and _prominent(c) for c in candidates)
        accept = (
            cue
            or best.listed
            or (proper and not evidence.speaker(toks[-1]) and (town or (prominent and placed)))
        )
    elif label in _NAME_LABELS:
        accept = (prominent and proper) or cue or best.listed
    else:
        # No NER support: the name must be written as the gazetteer writes it.
        written = best.match in ("exact", "alternate")
        accept = proper and written and (prominent or cue or best.listed)
    if not accept:
        return None
    qualified = QUALIFIER.match(analysis.text, end) if len(candidates) > 1 else None
    where, areas = qualifier(gaz, qualified["where"], candidates) if qualified else ("", ())
    return mention_at(
        analysis, doc_id, start, end, surface, "name", ner_label=label,
        extra=(where,) if where else (), candidates=candidates, extra_candidates=areas,
    )  # fmt: skip


def _plural_demonym(analysis, gaz, doc_id, toks, start, end, label, exact_ent):
    """Return a demonym mention for a plural ("Russians", "Palestinians"), else None."""
    surface = analysis.text[start:end]
    if len(surface) < 5 or not surface.endswith("s") or label not in ("NORP", ""):
        return None
    if label == "" and not all(t.pos_ == "PROPN" for t in toks):
        return None
    found = gaz.lookup(surface[:-1], feature_classes=("country",), fuzzy=False)
    if not any(c.demonym for c in found):
        return None
    return mention_at(analysis, doc_id, start, end, surface[:-1], "demonym",
                    feature_classes=("country",), ner_label=label, candidates=found)  # fmt: skip


def _coordinated_names(
    analysis: Analysis,
    gaz: Gazetteer,
    doc_id: str,
    found: tuple[Mention, ...],
    ents: tuple,
    ends: list[int],
    runs: list,
) -> Iterator[Mention]:
    """Names joined by "and"/"or" to a place are places when the gazetteer knows them whole.

    "Zaporizhzhia and Bilhorod-Dnistrovskyi": the NER calls the second an organisation,
    but it is coordinated with a place and the gazetteer has its full name.
    """
    doc, text = analysis.doc, analysis.text
    run_of = {tok.i: run for run in runs for tok in run}
    for mention in found:
        if mention.kind not in ("name", "region", "coordinated"):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span.root.conjuncts:
            run = run_of.get(tok.i)
            if not run:
                continue
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            surface = text[start:end]
            if surface.lower() in lexicon.NEVER or (surface.isupper() and len(surface) <= 4):
                continue
            ent = _ent_at(ents, ends, start, end)
            exact_ent = ent is not None and (ent.start_char, ent.end_char) == (start, end)
            if exact_ent and ent.label_ == "PERSON":
                continue
            candidates = gaz.lookup(surface, fuzzy=False)
            if not (exact_ent and ent.label_ in ("GPE", "LOC")):
                candidates = tuple(c for c in candidates if evidence.spelled_alike(c))
            if candidates and candidates[0].match in ("exact", "alternate"):
                yield mention_at(analysis, doc_id, start, end, surface, "name",
                               ner_label=ent.label_ if exact_ent else "",
                               candidates=candidates)  # fmt: skip


def _prominent(cand: Candidate) -> bool:
    if cand.match == "fuzzy":
        return False
    if cand.feature_class in ("country", "admin_region", "macro_region", "water_body"):
        return True
    return cand.feature_code == "PPLC" or cand.population >= PROMINENT_POPULATION


def _very_prominent(cand: Candidate) -> bool:
    return cand.match != "fuzzy" and (
        cand.feature_class in ("country", "macro_region")
        or cand.feature_code == "PPLC"
        or cand.population >= 1_000_000
    )
