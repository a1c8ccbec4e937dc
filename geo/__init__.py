"""Newsmap's geo package: from news articles to resolved, dated places and events.

Nothing here loads data at import time; the gazetteer and the NLP model are opened by
explicit calls whose results are passed to the steps that need them.
"""

__version__ = "0.1.0"
