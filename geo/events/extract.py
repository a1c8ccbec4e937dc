"""Events from a parsed article: what happened, when, where, who, how many, says whom.

:func:`extract_events` reads one document: its spaCy ``Doc`` (tokens, dependency parse,
entities; no lemmatizer), its sentences, its resolved places and its temporal
expressions (:func:`geo.time.timex.find_timexes`). Each clause that holds a trigger word of
:mod:`geo.events.rules` becomes an :class:`Event`. The steps, per sentence:

1. **Triggers.** Tokens whose base form is in the trigger tables, grouped by clause (the
   nearest verb above them); a clause with several types takes the most specific.
2. **Merges.** A subordinate clause of the same type joins its parent ("a visit to
   Moscow, where she met ..."); a statement whose reported clause holds another event
   becomes that event's attribution ("the NIS revealed that ... deployed").
3. **Dates.** A temporal expression dates the events of its clause and of the clauses
   below it (not across "while/after" clauses); through a reported clause it is only
   "inherited". An event still undated inherits the last explicit date of the previous
   sentence, else it stays "undated".
4. **Places, actors, quantities, hedges, confidence** from the event's own tokens: those
   whose nearest event clause above them is the event's.

:class:`Event` and :func:`filter_events` (the events, or frame rows, whose interval
overlaps a range) live in :mod:`geo.events.model` and are re-exported here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from geo.errors import BadInputError
from geo.events import rules as R
from geo.events.arguments import actor_phrases
from geo.events.assemble import assemble
from geo.events.casualties import find_toll
from geo.events.lexicon import Lexicon, load_lexicon
from geo.events.model import EVENT_PLACE_ROLES, Event
from geo.events.quantities import find_quantities
from geo.events.syntax import (
    SentenceTree,
    according_to,
    actors,
    attribution,
    framed_rules,
    has_cue,
    hedged,
    path_deps,
    place_role,
    reporter,
    trigger_rule,
)
from geo.events.typology import rank, refine
from geo.model import PlaceMention, Sentence
from geo.places.roles import PLACE_NOUNS
from geo.time.timex import TimeSpan

__all__ = ["extract_events"]

_ROLE_ORDER = {role: k for k, role in enumerate(EVENT_PLACE_ROLES)}


# --- drafts: events while they are being built ----------------------------------------


@dataclass
class _Draft:
    """An event of one sentence while it is being built (merged, dated)."""

    heads: list  # clause heads, the first is the main one
    event_type: str
    sub_type: str
    trigger: list  # trigger tokens
    strength: float
    attribution: str = ""
    absorbed: list = field(default_factory=list)  # heads of statements it absorbed
    span: TimeSpan | None = None
    status: str = "undated"


def _has_place_object(tree: SentenceTree, t, place_roots: set[int]) -> bool:
    """Tell whether a place is the object of ``t`` ("took Sake", "seized control of Sake")."""
    for c in tree.children(t):
        if c.dep_ == "dobj" and (c.i in place_roots or _of_place(tree, c, place_roots)):
            return True
    return False


def _of_place(tree: SentenceTree, noun, place_roots: set[int]) -> bool:
    return any(
        p.i in place_roots
        for of in tree.children(noun)
        if of.lower_ == "of"
        for p in tree.children(of)
    )


def _fits(tree: SentenceTree, t, frame: str, place_roots: set[int]) -> bool:
    """Tell whether ``t`` stands in a trigger's dependency frame."""
    if frame == "place_object":
        return _has_place_object(tree, t, place_roots)
    if frame == "noun":
        return t.pos_ in ("NOUN", "PROPN")
    if frame == "verb":
        return t.pos_ in ("VERB", "AUX")
    return True


def _rule(tree: SentenceTree, t, lexicon: Lexicon, place_roots: set[int]):
    """Return the first trigger of ``t`` whose frame and cue fit, with its tokens, or None."""
    found = trigger_rule(tree, t, lexicon)
    if found is None:
        return None
    rule, toks = found
    clause = tree.clause(t)
    rules = [rule] if len(toks) > 1 else framed_rules(t, lexicon)
    for rule in rules:
        if _fits(tree, t, rule.frame, place_roots) and has_cue(tree, clause, rule.cue, toks):
            return rule, toks
    return None


def _drafts(tree: SentenceTree, lexicon: Lexicon, place_roots: set[int]) -> list[_Draft]:
    by_clause: dict[int, _Draft] = {}
    for t in tree.tokens:
        found = _rule(tree, t, lexicon, place_roots)
        if found is None:
            continue
        rule, toks = found
        clause = tree.clause(t)
        d = by_clause.get(clause.i)
        etype, sub = rule.event_type, rule.sub_event_type
        if d is None:
            by_clause[clause.i] = _Draft([clause], etype, sub, toks, rule.strength)
        elif _better(etype, sub, toks[0], d, clause):
            if d.event_type == "statement" and not d.attribution:
                d.attribution = attribution(tree, d.trigger[0])
            d.event_type, d.sub_type, d.trigger, d.strength = etype, sub, toks, rule.strength
        elif etype == "statement" and not d.attribution:
            d.attribution = attribution(tree, t)
    return sorted(by_clause.values(), key=lambda d: d.heads[0].i)


def _better(etype: str, sub: str, t, d: _Draft, clause) -> bool:
    """Whether a trigger ``t`` of type ``etype`` should replace the clause's current one.

    A statement yields to any other type; between two violent triggers the more specific
    type, then sub-type, wins ("shelled ... killing" is shelling), except that the clause's
    verb wins over its object ("defused a bomb" is no bombing); otherwise the
    clause's own verb keeps its type ("sent ... in addition to construction units" is a
    deployment), and between nouns the more specific type wins.
    """
    if etype == "statement" or d.event_type == "statement":
        return d.event_type == "statement" and etype != "statement"
    if etype in R.VIOLENT and d.event_type in R.VIOLENT:
        old = d.trigger[0]
        if t.i == clause.i and old.dep_ == "dobj" and old.head.i == t.i:
            return True  # the verb of the clause on its object: "defused a bomb"
        if old.i == clause.i and t.dep_ == "dobj" and t.head.i == old.i:
            return False
        return _precedence(etype, sub) < _precedence(d.event_type, d.sub_type)
    if d.trigger[0].i == clause.i or t.i == clause.i:
        return t.i == clause.i
    return R.SPECIFICITY.index(etype) < R.SPECIFICITY.index(d.event_type)


def _precedence(etype: str, sub: str) -> tuple[int, int]:
    return R.SPECIFICITY.index(etype), rank(sub)


def _merge(tree: SentenceTree, drafts: list[_Draft], dated: set[int]) -> list[_Draft]:
    """Join one happening's clauses; turn reporting statements into attributions.

    Same-type subordinate clauses join their parent ("a visit to Moscow, where she
    met ..."); the violent clauses of one sentence are one happening ("attacked the
    village and killed three") unless each has its own date.
    """
    kept: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: len(tree.ancestors(d.heads[0]))):  # parents first
        for k in kept:
            if d.heads[0].i in dated and k.heads[0].i in dated:
                continue
            if k.event_type in R.VIOLENT and d.event_type in R.VIOLENT:
                if _precedence(d.event_type, d.sub_type) < _precedence(k.event_type, k.sub_type):
                    k.event_type, k.sub_type, k.trigger = d.event_type, d.sub_type, d.trigger
                    k.strength = d.strength
                k.heads.append(d.heads[0])
                break
            if k.event_type != d.event_type:
                continue
            deps = path_deps(tree, d.heads[0], k.heads[0])
            if deps is not None and not {"conj", "ccomp", "parataxis"} & set(deps):
                k.heads.append(d.heads[0])
                break
        else:
            kept.append(d)
    out = []
    for s in sorted(kept, key=lambda d: d.heads[0].i):
        if s.event_type == "statement":
            reported = []
            for e in kept:
                if e is s or e.event_type == "statement":
                    continue
                if any(
                    (deps := path_deps(tree, h, s.heads[0])) and {"ccomp", "xcomp"} & set(deps)
                    for h in e.heads
                ):
                    reported.append(e)
            if reported:
                for e in reported:
                    e.attribution = e.attribution or attribution(tree, s.heads[0])
                    e.absorbed.extend(s.heads)
                continue
            s.attribution = s.attribution or attribution(tree, s.trigger[0])
        out.append(s)
    return out


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "poss"})


def _anchor(tree: SentenceTree, span: TimeSpan) -> tuple[object, bool]:
    """Return the token a timex dates and whether it dates only that noun.

    A timex that modifies a noun ("the 11th century temple", "Tuesday's attack") dates
    that noun only; any other dates its clause.
    """
    root = tree.root_of(span.start_char, span.end_char)
    head = tree.head(root)
    if head is not None and root.dep_ in _MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN"):
        return head, True
    return tree.clause(root), False


def _date(tree: SentenceTree, drafts: list[_Draft], timexes: list[TimeSpan]) -> None:
    anchors = [(*_anchor(tree, s), s) for s in timexes]
    for d in drafts:
        where = d.trigger[0].idx
        own = [s for c, noun, s in anchors if c in (d.trigger if noun else d.heads)]
        if own:
            # A calendar date beats a time of day counted from the article's date
            # ("overnight on March 3"), then the nearest one wins.
            d.span = min(own, key=lambda s: (s.anchor == "reference", abs(s.start_char - where)))
            d.status = "explicit"
            continue
        status, t = "explicit", d.heads[0]
        while tree.head(t) is not None and t.dep_ not in ("advcl", "parataxis"):
            status = "inherited" if t.dep_ == "ccomp" else status
            t = tree.head(t)
            above = [s for c, noun, s in anchors if c.i == t.i and not noun]
            if above:
                d.span, d.status = min(above, key=lambda s: abs(s.start_char - where)), status
                break


def _owner(tree: SentenceTree, t, heads: dict[int, _Draft]) -> _Draft | None:
    if t.i in heads:
        return heads[t.i]
    for u in tree.ancestors(t):
        if u.i in heads:
            return heads[u.i]
    return None


def _quantities(tree: SentenceTree, sentence: Sentence, dates: tuple) -> tuple:
    """Return the counts of a sentence; ``dates`` are the (start, end) of its timexes."""

    def is_noun(offset: int) -> bool:
        return tree.token_at(offset).pos_ in ("NOUN", "PROPN", "ADJ", "NUM")

    return find_quantities(sentence.text, offset=sentence.start, exclude=dates, is_noun=is_noun)


def _sentence_events(tree, sentence, places, timexes, dates, lexicon) -> list[dict]:
    """Return the events of one sentence as Event fields (dates not yet inherited).

    ``dates`` are the (start, end) of the document's timexes, whose numbers are no counts.
    """
    roots = [(tree.root_of(pm.mention.start, pm.mention.end), pm) for pm in places]
    drafts = _drafts(tree, lexicon, {p.i for p, _ in roots})
    if not drafts:
        return []  # no trigger word: most sentences
    dated = {_anchor(tree, s)[0].i for s in timexes}
    drafts = _merge(tree, drafts, dated)
    _date(tree, drafts, timexes)
    quantities = _quantities(tree, sentence, dates)
    according = according_to(tree)
    heads = {h.i: d for d in drafts for h in d.heads}
    absorbed = {h.i: d for d in drafts for h in d.absorbed}
    others = {p.i: pm for p, pm in roots}
    owners = [_owner(tree, p, {**absorbed, **heads}) for p, _ in roots]
    for k, (_, pm) in enumerate(roots):
        if owners[k] is None and drafts:  # under a root of its own (a parse across sentences)
            owners[k] = min(drafts, key=lambda d: abs(d.trigger[0].idx - pm.mention.start))
    owned = [(t.i, _owner(tree, t, heads)) for t in tree.tokens]
    in_sentence = tuple(
        (s.start_char - sentence.start, s.end_char - sentence.start) for s in timexes
    )
    toll = find_toll(sentence.text, exclude=in_sentence)  # one per sentence, shared
    out = []
    for d in drafts:
        own = {i for i, owner in owned if owner is d}
        spots = []
        for (p, pm), owner in zip(roots, owners, strict=True):
            if owner is d:
                role = (
                    place_role(tree, d.heads, d.event_type, pm, p, others=others)
                    if p.i in own
                    else "mentioned"  # in a statement that reports the event, or orphaned
                )
                modifier = (
                    p.dep_ in _MODIFIER_DEPS
                    and p.head.pos_ in ("NOUN", "PROPN")
                    and p.head.lower_ not in PLACE_NOUNS
                    and p.head.i not in others
                )
                depth = (modifier, len(tree.ancestors(p)))
                spots.append((_ROLE_ORDER[role], pm.mention.start, pm, role, depth))
        spots.sort(key=lambda s: s[:2])
        qs = [q for q in quantities if tree.token_at(q.start).i in own]
        first, last = d.trigger[0], d.trigger[-1]
        main = d.heads[0]
        actor1, actor2 = actor_phrases(tree, main, places)
        victims = [w.lower() for w in actor2.split()]
        words = [tree.doc[i].lower_ for i in own]
        out.append(
            dict(
                event_type=d.event_type,
                sub_event_type=refine(d.sub_type, words, victims=victims),
                trigger=tree.text[first.idx : last.idx + len(last)],
                trigger_start=first.idx,
                trigger_end=last.idx + len(last),
                span=d.span,
                date_status=d.status if d.span is not None else "undated",
                places=tuple((pm, role) for _, _, pm, role, _ in spots),
                candidates=tuple((pm, role, depth) for _, _, pm, role, depth in spots),
                actors=actors(tree, d.heads, own, places),
                actor1=actor1,
                actor2=actor2,
                toll=toll,
                quantities=tuple(qs),
                attribution=d.attribution or reporter(tree, d.heads) or according,
                sentence=sentence,
                hedged=hedged(tree, d.heads),
                future=_future(tree, main),
                strength=d.strength,
            )
        )
    return sorted(out, key=lambda r: r["trigger_start"])


def _future(tree: SentenceTree, head) -> bool:
    """Tell whether a clause is in the future ("will visit", "is to visit")."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "to") for c in tree.children(head)
    )


def extract_events(
    text: str,
    sentences: tuple[Sentence, ...],
    doc,
    places: tuple[PlaceMention, ...],
    timexes: tuple[TimeSpan, ...],
    *,
    doc_id: str,
    reference: date | None = None,
    reference_inferred: bool = False,
    lexicon: Lexicon | None = None,
) -> tuple[Event, ...]:
    """Extract the events of one document, one per happening, in text order.

    Parameters
    ----------
    text : str
        The document text; ``doc`` must have been made from it.
    sentences : tuple of Sentence
        Its sentences (:attr:`geo.nlp.analysis.Analysis.sentences`).
    doc : spacy.tokens.Doc
        The parsed text (tagger, parser, NER).
    places : tuple of PlaceMention
        Its place mentions with their roles (:func:`geo.places.roles.assign_roles`);
        unresolved ones (``place is None``) are ignored.
    timexes : tuple of TimeSpan
        Its temporal expressions, from :func:`geo.time.timex.find_timexes`.
    doc_id : str
        Prefix of the event ids.
    reference : datetime.date, optional
        The article's reference date: an event with no date of its own or of its
        paragraph is "reported" by it (on or before that day). None: such events stay
        undated.
    reference_inferred : bool
        Whether ``reference`` was inferred from the text; copied to every event.
    lexicon : Lexicon, optional
        The trigger lexicon; default :func:`geo.events.lexicon.load_lexicon`.

    Returns
    -------
    tuple of Event

    Raises
    ------
    BadInputError
        When ``doc`` was not made from ``text``.

    Examples
    --------
    >>> from geo.nlp.analysis import analyse, load_nlp
    >>> from geo.time.timex import find_timexes
    >>> a = analyse("Rebels attacked the town on 3 May 2024.", load_nlp())
    >>> spans = find_timexes(a.text, reference=date(2024, 5, 31))
    >>> [(e.event_type, e.sub_event_type, e.trigger, str(e.start)) for e in extract_events(
    ...     a.text, a.sentences, a.doc, (), spans, doc_id="d")]
    [('combat', 'Attack', 'attacked', '2024-05-03')]
    """
    if doc.text != text:
        raise BadInputError(doc_id, "the spaCy Doc was not made from this document's text")
    lexicon = lexicon or load_lexicon()
    usable = [s for s in timexes if s.start is not None or s.end is not None]
    spans = tuple((s.start_char, s.end_char) for s in timexes)
    rows: list[list[dict]] = []
    ents = tuple(doc.ents)
    # spaCy's entities do not overlap: their starts and their ends both rise.
    ent_starts = [e.start_char for e in ents]
    ent_ends = [e.end_char for e in ents]
    first = _first_occurrences(sentences)
    for k, sentence in enumerate(sentences):
        low = bisect.bisect_right(ent_ends, sentence.start)
        inner = ents[low : max(low, bisect.bisect_left(ent_starts, sentence.end))]
        tree = SentenceTree(doc, sentence, text, inner)
        if not tree.tokens or k not in first:  # a repeat, word for word, of an earlier one
            rows.append([])
            continue
        inside = [s for s in usable if sentence.start <= s.start_char < sentence.end]
        here = [
            pm
            for pm in places
            if pm.place is not None and sentence.start <= pm.mention.start < sentence.end
        ]
        rows.append(_sentence_events(tree, sentence, here, inside, spans, lexicon))
    resolved = tuple(pm for pm in places if pm.place is not None)
    return assemble(
        rows,
        text,
        resolved,
        doc_id=doc_id,
        reference=reference,
        reference_inferred=reference_inferred,
    )


def _first_occurrences(sentences: Sequence[Sentence]) -> set[int]:
    """Return the indices of the sentences that do not repeat an earlier one word for word.

    A headline is often repeated as the standfirst below it; its events are one report.
    """
    seen: set[str] = set()
    out = set()
    for k, sentence in enumerate(sentences):
        key = " ".join(sentence.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.add(k)
    return out
