"""Name folding: the keys under which the gazetteer stores and finds names.

Two keys per name, both pure functions of the text:

``fold``
    case, diacritics, ``ё``/``е``, apostrophes, hyphens and spacing do not count, and
    Cyrillic is transliterated to Latin, so ``"Korenëvo"``, ``"KORENEVO"`` and
    ``"Коренёво"`` share one key.
``skeleton``
    a looser key that also forgets the differences between the common English
    transliterations of Russian and Ukrainian names (``Korenevo``/``Korenyovo``/
    ``Koreneve``, ``Staraya``/``Stara``/``Staraja``, ``-iy``/``-y``/``-yy``), used only for
    fuzzy candidates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ABBREVIATIONS", "fold", "skeleton", "strip_possessive", "is_latin_or_cyrillic"]

#: The abbreviations of countries, unions and regions that English news writes for the
#: place itself, without dots. Only these match an entry's code: "GTM" (GTM Research) is
#: not Guatemala, "ATF" not the French Southern Territories, though both are ISO codes.
ABBREVIATIONS = frozenset({
    "US", "USA", "UK", "GB", "UAE", "EU", "DRC", "DPRK", "PRC", "ROK", "KSA", "NZ", "PNG",
    "ROC", "BIH", "RSA", "FATA", "FCT", "NWFP", "GCC", "KRG", "DR", "SA",
})  # fmt: skip

# BGN/PCGN-like transliteration of Russian and Ukrainian letters (lower case).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "u",
}  # fmt: skip

_APOSTROPHES = "'’‘ʼʹ`´ʻ"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_SPACES = re.compile(r"[\s\-‐‑‒–—_/,]+")
_DROP = re.compile(r"[^\w ]+")

# Ordered rewrites that map transliteration variants to one spelling.
_SKELETON_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch", "sch"),
        (r"kh", "h"),
        (r"(?<=[aeiou])[yj](?=[aeiou])", ""),  # Staraya/Staraja -> Staraa -> (below)
        (r"i(?=a\b)", ""),  # Zaporizhzhia/Zaporizhzhya
        (r"[yj]o", "e"),  # Korenyovo/Korenjovo -> Korenevo
        (r"[yj]e", "e"),
        (r"[yj]a", "a"),
        (r"[yj]u", "u"),
        (r"(?:iy|yy|yi|ij|ii|y|i)\b", "i"),  # -iy/-yy/-y endings
        (r"(?:aya|aa|a)\b", "a"),  # Staraya/Stara
        (r"(?:oye|oe|e|o)\b", "o"),  # Korenevo/Koreneve
        (r"ck", "k"),
        (r"w", "v"),
        (r"(.)\1+", r"\1"),  # doubled letters
    )
)


@lru_cache(maxsize=262_144)
def fold(name: str) -> str:
    """Return the folded key of a name.

    Parameters
    ----------
    name : str
        Any place name, in Latin or Cyrillic script.

    Returns
    -------
    str
        Lower-case ASCII-ish key: diacritics removed, ``ё`` read as ``е``, Cyrillic
        transliterated, apostrophes dropped, hyphens and runs of spaces folded to one space.

    Examples
    --------
    >>> fold("Korenëvo") == fold("KORENEVO") == fold("Коренёво")
    True
    >>> fold("Kurs'k"), fold("U.S."), fold("St. Petersburg")
    ('kursk', 'us', 'st petersburg')
    """
    if name.isascii():  # the common case, one pass is already a fixed point
        text = name.lower().replace("'", "").replace("`", "")
        return " ".join(_DROP.sub("", _SPACES.sub(" ", text)).split())
    text, previous = name, None
    while text != previous:  # a fixed point: fold(fold(x)) == fold(x)
        previous = text
        text = unicodedata.normalize("NFKD", text).casefold()
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
        for ch in _APOSTROPHES:
            text = text.replace(ch, "")
        text = _SPACES.sub(" ", text)
        text = _DROP.sub("", text)
        text = " ".join(text.split())
    return text


@lru_cache(maxsize=262_144)
def skeleton(name: str) -> str:
    """Return the loose key that unites common transliteration variants.

    Examples
    --------
    >>> skeleton("Korenevo") == skeleton("Korenyovo") == skeleton("Koreneve")
    True
    >>> skeleton("Stara Sorochina") == skeleton("Staraya Sorochina") == skeleton("Staraja Sorocina")
    False
    >>> skeleton("Stara") == skeleton("Staraya") == skeleton("Staraja")
    True
    >>> skeleton("Bilohorivskiy") == skeleton("Bilohorivskyy") == skeleton("Bilohorivsky")
    True
    """
    text = fold(name)
    for pattern, replacement in _SKELETON_RULES:
        text = pattern.sub(replacement, text)
    return text


def strip_possessive(name: str) -> str:
    """Drop an English possessive ending.

    Examples
    --------
    >>> strip_possessive("South Korea's")
    'South Korea'
    >>> strip_possessive("Moscow’s")
    'Moscow'
    """
    return _POSSESSIVE.sub("", name).rstrip()


def is_latin_or_cyrillic(name: str) -> bool:
    """Tell whether every letter of ``name`` is Latin or Cyrillic.

    Alternate names in other scripts are of no use for English news and are not indexed.

    Examples
    --------
    >>> [is_latin_or_cyrillic(n) for n in ("Курск", "Kúrsk", "库尔斯克")]
    [True, True, False]
    """
    for ch in name:
        if ch.isalpha() and not (
            ch < "\u0250" or "\u0400" <= ch <= "\u04ff" or "\u1e00" <= ch <= "\u1eff"
        ):
            return False
    return True
