"""The spaCy step: one :class:`Analysis` (sentences, tokens, entities, parse) per article."""

from geo.nlp.analysis import Analysis, analyse, analyse_many, load_nlp

__all__ = ["Analysis", "analyse", "analyse_many", "load_nlp"]
