"""Reading articles: folders, manifests, JSON Lines shards and uploads, into ``Document`` values.

The entry is :func:`read_corpus` (a folder, a shard or an fsspec URL, read whole) and
:func:`iter_documents` (the same as a stream); :func:`save_article` stores an upload.
"""

from geo.corpus.model import Corpus, Document, Problem
from geo.corpus.read import iter_documents, read_corpus, read_document

__all__ = ["Corpus", "Document", "Problem", "iter_documents", "read_corpus", "read_document"]
