"""Vietnamese text: accent folding for search and an alphabet-correct sort key.

Unicode does not decompose đ/Đ, so they are mapped by hand. Code-point order puts Â and Đ
after Z, so names sort on a key built from the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), tones breaking ties.
"""

import re
import unicodedata

_COMBINING_BREVE = "\u0306"
_COMBINING_CIRCUMFLEX = "\u0302"
_COMBINING_HORN = "\u031b"
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {letter: index + 1 for index, letter in enumerate(_ALPHABET)}
_DIGIT_RANK = {str(d): 40 + d for d in range(10)}
_SEPARATOR = "aa"  # below every letter's code, so "An" sorts before "Anh"


def fold(text: str) -> str:
    """Lower-case text without diacritics: 'Nguyễn Văn Đức' -> 'nguyen van duc'."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\s+", " ", stripped).strip().lower()


def _letters(word: str):
    """Yield (base letter, tone) for each letter of a word, base letters with their marks."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base, tone = None, 0
    for ch in decomposed:
        if unicodedata.combining(ch):
            if ch in _TONES:
                tone = _TONES[ch]
            elif base is not None:
                base = unicodedata.normalize("NFC", base + ch)
            continue
        if base is not None:
            yield base, tone
        base, tone = ch, 0
    if base is not None:
        yield base, tone


def _encode(number: int) -> str:
    # Two lower-case ASCII letters per symbol: sorts the same under C, ICU and glibc collations.
    return chr(97 + number // 26) + chr(97 + number % 26)


def collation_key(text: str) -> str:
    """A key whose plain string order is Vietnamese alphabetical order."""
    primary, tones = [], []
    for word in (text or "").split():
        for letter, tone in _letters(word):
            rank = _RANK.get(letter) or _DIGIT_RANK.get(letter)
            if rank is None:
                continue
            primary.append(_encode(rank))
            tones.append(_encode(tone + 1))
        primary.append(_SEPARATOR)
    return "".join(primary) + _SEPARATOR + "".join(tones)


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name."""
    parts = (full_name or "").split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Given name first, then family name, then middle name, each in Vietnamese order."""
    family, middle, given = split_name(full_name)
    return "a".join(collation_key(part) for part in (given, family, middle))[:255]
