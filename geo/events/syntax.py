"""Dependency walks over one sentence, and what they tell about an event.

The spaCy ``Doc`` of a document is parsed in one go, so its trees may run across the
sentences that :mod:`geo.nlp.analysis` cuts (a headline glued to the first paragraph).
:class:`SentenceTree` keeps every walk inside one sentence: a head outside it counts as
no head. The functions below read an event's clause heads (the verbs that carry it):
who says so (:func:`attribution`, :func:`according_to`, :func:`reporter`), what each
place does in it (:func:`place_role`), who acts (:func:`actors`) and whether it is
hedged (:func:`hedged`). The word lists they use are in :mod:`geo.events.rules`.
"""

from __future__ import annotations

import bisect
import functools
from functools import lru_cache

from geo.events import rules as R
from geo.events.lexicon import Lexicon, Trigger
from geo.events.rules import base_forms
from geo.model import PlaceMention, Sentence
from geo.places.roles import COMPARISON_PREPS, WHERE_PREPS, preposition_role

__all__ = [
    "SentenceTree",
    "according_to",
    "actors",
    "attribution",
    "hedged",
    "path_deps",
    "place_role",
    "reporter",
    "framed_rules",
    "has_cue",
    "trigger_rule",
]

#: Entity labels of names that are not trigger words ("Summit County", "Battle Creek",
#: "March 3").
_NOT_TRIGGER_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "LAW", "WORK_OF_ART", "DATE", "TIME", "EVENT"}
)


class SentenceTree:
    """The tokens of one sentence and dependency walks that stay inside it.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed document.
    sentence : Sentence
        The sentence; its tokens are those that overlap it (spaces left out).
    text : str, optional
        ``doc.text``, passed in by callers that have it: spaCy rebuilds ``doc.text`` from
        every token on each access.
    ents : tuple of Span, optional
        ``doc.ents``, likewise (spaCy builds new spans on every access).
    """

    def __init__(
        self, doc, sentence: Sentence, text: str | None = None, ents: tuple | None = None
    ) -> None:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        self.doc = doc
        self.text = doc.text if text is None else text
        self.ents = tuple(doc.ents) if ents is None else ents
        self.tokens = [t for t in span if not t.is_space] if span is not None else []
        self._heads: dict | None = None  # see _index
        self._kids: dict[int, list] = {}
        self._ancestors: dict[int, tuple] = {}

    @functools.cached_property
    def inside(self) -> set[int]:
        """The indices of the sentence's tokens."""
        return {t.i for t in self.tokens}

    @functools.cached_property
    def starts(self) -> list[int]:
        """The character offsets of the sentence's tokens."""
        return [t.idx for t in self.tokens]

    def _index(self) -> dict:
        """Return the head of each token of the sentence, by index, read on the first walk.

        spaCy makes a new Token on every ``t.head``: each head is read once, as one of the
        sentence's own Token objects, and the children are gathered on the way.
        """
        if self._heads is None:
            by_i = {t.i: t for t in self.tokens}
            self._heads, self._kids = {}, {i: [] for i in by_i}
            for t in self.tokens:  # in text order, so each list of children is too
                h = by_i.get(t.head.i)
                self._heads[t.i] = h if h is not None and h.i != t.i else None
                if self._heads[t.i] is not None:
                    self._kids[h.i].append(t)
        return self._heads

    def head(self, t):
        """Return the head of ``t``, or None for a root or a head outside the sentence."""
        heads = self._index()
        i = t.i
        if i in heads:
            return heads[i]
        h = t.head
        return h if h.i != i and h.i in self.inside else None

    def children(self, t) -> list:
        """Return the children of ``t`` inside the sentence."""
        self._index()
        kids = self._kids.get(t.i)
        if kids is not None:
            return list(kids)
        return [c for c in t.children if c.i in self.inside]

    def ancestors(self, t) -> tuple:
        """Return the heads above ``t``, nearest first (worked out once per token)."""
        found = self._ancestors.get(t.i)
        if found is None:
            out, seen, h = [], set(), self.head(t)
            while h is not None and h.i not in seen:
                out.append(h)
                seen.add(h.i)
                h = self.head(h)
            found = self._ancestors[t.i] = tuple(out)
        return found

    def subtree(self, t) -> list:
        """Return ``t`` and every token below it, in text order."""
        out, todo = [], [t]
        while todo:
            u = todo.pop()
            out.append(u)
            todo.extend(self.children(u))
        return sorted(out, key=lambda u: u.i)

    def is_clause(self, t) -> bool:
        """Tell whether ``t`` heads a clause: a verb (not a participle used as adjective)."""
        if self.head(t) is None:
            return True
        if t.pos_ == "VERB":
            return t.dep_ not in ("amod", "compound", "aux", "auxpass")
        return t.pos_ == "AUX" and t.dep_ in ("ROOT", "ccomp", "advcl", "conj", "relcl")

    def clause(self, t):
        """Return the head of the clause that holds ``t`` (``t`` itself for a verb)."""
        while not self.is_clause(t):
            t = self.head(t)
        return t

    def token_at(self, offset: int):
        """Return the token that holds a character offset (the nearest one before it)."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.tokens[max(k, 0)]

    def root_of(self, start: int, end: int):
        """Return the syntactic root of the tokens of a character span.

        Of the tokens whose head lies outside the span, the highest in the tree; among
        equals a content word, the rightmost ("century" in "the 18th century").
        """
        toks = [t for t in self.tokens if start <= t.idx < end] or [self.token_at(start)]
        inside = {t.i for t in toks}
        tops = [t for t in toks if self.head(t) is None or self.head(t).i not in inside]
        return min(
            tops or toks,
            key=lambda t: (len(self.ancestors(t)), t.pos_ in ("DET", "PUNCT"), -t.i),
        )

    def slice(self, toks) -> str:
        """Return the document text from the first to the last of ``toks``."""
        text = self.text
        return text[min(t.idx for t in toks) : max(t.idx + len(t) for t in toks)]


def trigger_rule(tree: SentenceTree, t, lexicon: Lexicon) -> tuple[Trigger, list] | None:
    """Return the trigger a token starts and its trigger tokens, or None.

    A two-word trigger ("blow up", "tear gas") wins over a one-word one. A noun that only
    modifies another ("construction units", "battle Buryats") triggers nothing unless it
    is a strong trigger ("this large-scale deployment"). A trigger with the frame
    ``place_object`` needs a place as its object (checked by the caller, which knows
    the places).
    """
    if t.ent_type_ in _NOT_TRIGGER_LABELS:
        return None
    phrases, single = _word_rules(t.text, lexicon)
    for rule in phrases:
        for u in t.doc[t.i + 1 : t.i + 4]:
            if u.i in tree.inside and rule.second in base_forms(u.text):
                return rule, [t, u]
    if not single or (t.dep_ == "compound" and max(r.strength for r in single) < R.STRONG):
        return None
    return single[0], [t]


def framed_rules(t, lexicon: Lexicon) -> tuple[Trigger, ...]:
    """Return the one-word triggers of ``t`` in lexicon order (the first that fits wins)."""
    return _word_rules(t.text, lexicon)[1]


@lru_cache(maxsize=1 << 16)
def _word_rules(word: str, lexicon: Lexicon) -> tuple[tuple[Trigger, ...], tuple[Trigger, ...]]:
    """Return what a word may trigger: its two-word triggers and its one-word ones.

    Both are empty for a word that does not start with a letter.
    """
    if not word[:1].isalpha():
        return (), ()
    forms = base_forms(word)
    phrases = tuple(r for form in forms for r in lexicon.phrases.get(form, ()))
    single = next((lexicon.single[form] for form in forms if form in lexicon.single), ())
    return phrases, single


def has_cue(tree: SentenceTree, clause, cue: str, trigger: tuple = ()) -> bool:
    """Tell whether a cue word of :data:`geo.events.rules.CUES` occurs in the clause.

    The trigger's own tokens do not count ("struck" is no weapon of "an earthquake struck").
    """
    if not cue:
        return True
    skip = {t.i for t in trigger}
    toks = tree.subtree(clause)
    if tree.head(clause) is not None and clause.dep_ in ("acl", "relcl"):
        toks.append(tree.head(clause))
    return any(set(base_forms(u.text)) & R.CUES[cue] for u in toks if u.i not in skip)


def attribution(tree: SentenceTree, verb) -> str:
    """Return the source of a claim: the subject of ``verb`` and the verb, as written.

    "South Korea's National Intelligence Service (NIS) has revealed", "the NIS said".
    """
    subj = [c for c in tree.children(verb) if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        text = tree.slice([*tree.subtree(subj[0]), verb])
        if len(text.split()) > 15:
            text = f"{tree.slice(tree.subtree(subj[0])[-4:])} {verb.text}"
        return text.strip(" ,“”\"'")
    # No subject in the sentence (a parse that ran across a headline, an apposition):
    # the words before the verb back to the last comma, dash or quote, if they name.
    before = []
    for u in reversed([u for u in tree.tokens if u.i < verb.i]):
        if u.text in (",", "—", "–", "“", "”", '"', ";", ":") or u.pos_ == "VERB":
            break
        before.insert(0, u)
    if 0 < len(before) <= 12 and any(u.pos_ in ("PROPN", "NOUN", "PRON") for u in before):
        return tree.slice([*before, verb])
    return verb.text


def according_to(tree: SentenceTree) -> str:
    """Return "according to X" as written, or ``""``."""
    for t in tree.tokens:
        if t.lower_ == "according":
            for to in tree.children(t):
                objs = [c for c in tree.children(to) if c.dep_ == "pobj"]
                if to.lower_ == "to" and objs:
                    return tree.slice([t, *tree.subtree(objs[0])])
    return ""


def path_deps(tree: SentenceTree, low, high) -> list[str] | None:
    """Return the dependency labels from ``low`` up to ``high`` (None if not above it)."""
    deps, t = [], low
    while t is not None and t.i != high.i:
        deps.append(t.dep_)
        t = tree.head(t)
    return deps if t is not None else None


def place_role(
    tree: SentenceTree,
    heads: list,
    event_type: str,
    pm: PlaceMention,
    p,
    *,
    others: dict | None = None,
) -> str:
    """Return what a place does in an event: one of ``geo.events.extract.EVENT_PLACE_ROLES``.

    Walking up from the place's root token ``p`` to the event's clause: "from X" is an
    origin; "to X"/"into X" a destination of a movement (else where the event is); "in
    X", "near X", ... where the event is; the subject of a deployment its origin; the
    object of "captured", "visited", "rebuilt" where the event is; a place inside
    another ("to Menaka in Mali") takes that place's role. ``others`` maps the root
    token index of the sentence's other place mentions to them.
    """
    others = others or {}
    chain, t = [], p
    while t is not None and t.i not in {h.i for h in heads}:
        chain.append(t)
        t = tree.head(t)
    deps = {u.dep_ for u in chain}
    if "ccomp" in deps and event_type == "statement":
        return "mentioned"  # a place in what is said, not where it is said
    for u in chain:
        h = tree.head(u)
        if (
            h is not None
            and h.lower_ == "to"
            and (tree.head(h) is not None)
            and (tree.head(h).lower_ == "according")
        ):
            return "mentioned"
        if u.dep_ in ("conj", "appos") and h is not None and h.i in others:
            rest = {k: v for k, v in others.items() if k != h.i}  # "around A and the villages
            return place_role(tree, heads, event_type, others[h.i], h, others=rest)  # of B"
        if u.dep_ == "pobj" and h is not None and h.lower_ != "of":
            prep, container = h.lower_, tree.head(h)
            if prep in COMPARISON_PREPS:
                return "mentioned"
            role = preposition_role(prep, movement=event_type in R.MOVEMENT_TYPES)
            if prep in WHERE_PREPS and container is not None and container.i in others:
                rest = {k: v for k, v in others.items() if k != container.i}
                return place_role(
                    tree, heads, event_type, others[container.i], container, others=rest
                )
            if role == "mentioned" and pm.role == "event_location":
                return "event_location"  # decided by the places step ("the villages of B")
            return role
    top = chain[-1].dep_ if chain else ""
    modifier = pm.mention.kind == "demonym" or pm.mention.possessive or p.dep_ in ("poss", "amod")
    if event_type == "deployment" and (
        top == "nsubj" or (modifier and top in ("dobj", "nsubjpass"))
    ):
        return "origin"
    if event_type in R.OBJECT_LOCATED and top in ("dobj", "nsubjpass") and not modifier:
        return "event_location"
    place = pm.place
    if pm.role == "government" or (
        top == "nsubj" and place is not None and (place.feature_class == "country" or place.capital)
    ):
        return "government"
    # Else the role the places step gave it ("the villages of B and C" after "around A").
    return "event_location" if pm.role == "event_location" else "mentioned"


def actors(tree: SentenceTree, heads: list, own: set[int], places) -> tuple[str, ...]:
    """Return who acts: people and organisations in the clause, groups and countries as subjects.

    ``own`` holds the indices of the event's own tokens; names that overlap a place
    mention of ``places`` are not people (the NER takes some villages for persons).
    """
    subjects = {c.i for h in heads for c in tree.children(h) if c.dep_ in ("nsubj", "nsubjpass")}
    found = []
    for ent in tree.ents:
        r, h = ent.root, tree.head(ent.root)
        if r.i not in own:
            continue
        if ent.label_ in ("PERSON", "ORG"):
            ok = not any(
                pm.mention.start < ent.end_char and ent.start_char < pm.mention.end for pm in places
            )
        else:
            ok = ent.label_ in ("NORP", "GPE") and (
                r.i in subjects
                or (h is not None and h.i in subjects and r.dep_ in ("amod", "compound", "poss"))
                or (h is not None and r.dep_ == "pobj" and h.lower_ == "by")
            )
        if ok:
            found.append((r.idx, ent.text))
    for i in subjects:  # a name the statistical NER missed ("Foreign Minister, Choe Son Hui")
        subj = tree.doc[i]
        if subj.pos_ == "PROPN" and not subj.ent_type_:
            names = [c for c in tree.children(subj) if c.dep_ == "appos" and c.pos_ == "PROPN"]
            name = names[0] if names else subj
            found.append((name.idx, tree.slice(tree.subtree(name))))
    clean = (
        n.removesuffix("'s").removesuffix("’s").removesuffix("’").strip() for _, n in sorted(found)
    )
    return tuple(dict.fromkeys(n for n in clean if n))


def reporter(tree: SentenceTree, heads: list) -> str:
    """Return the attribution by a verb of saying or believing above the event's clause.

    "Officials within the NIS believe Moscow could be compensating ...": the clause of
    ``heads[0]`` is reported (ccomp) by "believe".
    """
    t, crossed = heads[0], False
    while tree.head(t) is not None:
        crossed = crossed or t.dep_ == "ccomp"
        t = tree.head(t)
        if crossed and t.pos_ == "VERB" and set(base_forms(t.text)) & R.ATTRIBUTION_VERBS:
            return attribution(tree, t)
    return ""


def hedged(tree: SentenceTree, heads: list) -> bool:
    """Tell whether the event is hedged, expected or reported as hearsay.

    A modal or report adverb on its clause ("could", "reportedly"), or a verb of
    expecting, planning or believing above it (:data:`geo.events.rules.HEDGES`).
    """
    words = [c for h in heads for c in tree.children(h) if c.dep_ in ("aux", "advmod")]
    words += [a for a in tree.ancestors(heads[0]) if a.pos_ in ("VERB", "AUX", "ADV")]
    return any(set(base_forms(w.text)) & R.HEDGES for w in words)
