"""An indexed stand-in for spaCy's ``attribute_ruler``: the same rules, found faster.

``en_core_web_sm`` maps its fine tags to coarse parts of speech (and a few words to
lemmas and features) with an ``AttributeRuler``: 179 one- and two-token patterns run by
spaCy's ``Matcher``, which tries every pattern at every token (about 9 ms of a news
article's 40 ms in the model). Most patterns pin their first token by an exact ``LOWER``
or ``TAG`` value, so the rules can be looked up by the token's lower-case form and tag
instead of all tried.

:func:`use_indexed_rules` reads the model's own ruler (its patterns, attributes and
indices) and puts an :class:`IndexedRules` in its place, which applies them with the
ruler's semantics: every pattern is matched against the tokens as they came from the
tagger and parser, then the matches are applied in the order the patterns were added,
later ones overriding earlier ones. The test suite checks that it writes exactly what
the ``AttributeRuler`` writes. Patterns with operators (``OP``) or attributes the model's
rules do not use are refused: this is not a general ``Matcher``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

__all__ = ["FACTORY", "IndexedRules", "use_indexed_rules"]

#: The token attributes the rules may test, in the column order of :meth:`Doc.to_array`.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _test(col: int, spec, strings) -> object:
    """Return a predicate on a row of ``to_array(_COLUMNS)`` for one ``{ATTR: spec}``."""
    if isinstance(spec, bool):
        return lambda row: bool(row[col]) == spec
    if not isinstance(spec, dict):
        key = strings.add(spec)
        return lambda row: row[col] == key
    if set(spec) == {"IN"}:
        keys = frozenset(strings.add(v) for v in spec["IN"])
        return lambda row: row[col] in keys
    if set(spec) == {"NOT_IN"}:
        keys = frozenset(strings.add(v) for v in spec["NOT_IN"])
        return lambda row: row[col] not in keys
    if set(spec) == {"REGEX"}:
        search = re.compile(spec["REGEX"]).search
        return lambda row: search(strings[row[col]]) is not None
    raise ValueError(f"unsupported attribute_ruler operator in {_COLUMNS[col]}: {spec!r}")


@dataclass(frozen=True)
class _Rule:
    order: int
    tests: tuple[tuple, ...]  # per token of the pattern: its predicates on a row
    index: int  # the token of the match that gets the attributes
    attrs: dict  # normalised: attribute id -> value id

    def matches_at(self, rows: list, i: int) -> bool:
        if i + len(self.tests) > len(rows):
            return False
        return all(all(test(rows[i + k]) for test in tests) for k, tests in enumerate(self.tests))


class IndexedRules:
    """The rules of an ``AttributeRuler``, looked up by the first token's lower form or tag.

    A rule whose first token must have a given lower-case form (or one of a list) is
    filed under each form; else one whose first token must have a given tag under that
    tag; the few others are tried at every token. Which rules a token can start is
    remembered by its attributes (up to :attr:`MEMO` combinations): most tokens of a text
    repeat a tag and form seen before.
    """

    MEMO = 100_000

    def __init__(self, vocab, patterns: list[dict]) -> None:
        from spacy.tokens._retokenize import normalize_token_attrs

        self.patterns = patterns
        strings = vocab.strings
        self.by_lower: dict[int, list[_Rule]] = defaultdict(list)
        self.by_tag: dict[int, list[_Rule]] = defaultdict(list)
        self.anywhere: list[_Rule] = []
        for order, entry in enumerate(patterns):
            normed = normalize_token_attrs(vocab, entry["attrs"])
            for pattern in entry["patterns"]:
                unknown = sorted({k for tok in pattern for k in tok} - set(_COLUMNS))
                if unknown:
                    raise ValueError(f"unsupported attribute_ruler keys: {unknown}")
                tests = tuple(
                    tuple(_test(_COLUMNS.index(a), v, strings) for a, v in tok.items())
                    for tok in pattern
                )
                rule = _Rule(order, tests, entry["index"], normed)
                lower, tag = pattern[0].get("LOWER"), pattern[0].get("TAG")
                if isinstance(lower, dict) and set(lower) == {"IN"}:
                    lower = lower["IN"]
                if isinstance(lower, str | list):  # the most selective key first
                    for form in [lower] if isinstance(lower, str) else lower:
                        self.by_lower[strings.add(form)].append(rule)
                elif isinstance(tag, str):
                    self.by_tag[strings.add(tag)].append(rule)
                else:
                    self.anywhere.append(rule)
        self._starting: dict[tuple, tuple[_Rule, ...]] = {}

    def starting(self, row: tuple) -> tuple[_Rule, ...]:
        """Return the rules whose first token accepts a token with these attributes."""
        found = self._starting.get(row)
        if found is None:
            if len(self._starting) >= self.MEMO:
                self._starting.clear()
            filed = [*self.by_lower.get(row[1], ()), *self.by_tag.get(row[0], ()), *self.anywhere]
            found = tuple(r for r in filed if all(t(row) for t in r.tests[0]))
            self._starting[row] = found
        return found

    def matches(self, doc) -> list[tuple[int, int, _Rule]]:
        """Every (rule order, target token, rule) that matches, in the order to apply."""
        rows = [tuple(r) for r in doc.to_array(list(_COLUMNS)).tolist()] if len(doc) else []
        found = []
        for i, row in enumerate(rows):
            for rule in self.starting(row):
                if len(rule.tests) == 1 or rule.matches_at(rows, i):
                    span = len(rule.tests)
                    target = i + (rule.index if rule.index >= 0 else span + rule.index)
                    found.append((rule.order, i, target, rule))
        found.sort(key=lambda m: m[:2])
        return [(order, target, rule) for order, _, target, rule in found]

    def __call__(self, doc):
        """Set the rules' attributes on ``doc``'s tokens, in place; return ``doc``."""
        from spacy.tokens._retokenize import set_token_attrs

        for _, target, rule in self.matches(doc):
            set_token_attrs(doc[target], rule.attrs)
        return doc


FACTORY = "newsmap_attribute_rules"


def register() -> None:
    """Register the spaCy factory (safe to call twice)."""
    from spacy.language import Language

    if Language.has_factory(FACTORY):
        return

    @Language.factory(FACTORY, default_config={"patterns": []})
    def make(nlp, name: str, patterns: list):
        return IndexedRules(nlp.vocab, patterns)


def use_indexed_rules(nlp, name: str = "attribute_ruler") -> None:
    """Replace ``nlp``'s attribute ruler, in place, by one applying the same rules indexed."""
    register()
    patterns = nlp.get_pipe(name).patterns
    nlp.replace_pipe(name, FACTORY, config={"patterns": patterns})
