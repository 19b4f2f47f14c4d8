"""Pinyin ruby notes: ``統(tǒng)籌`` -> ``統籌``.

Some conversion sites print the pinyin of a character in brackets right after it.
A note is a bracketed, lower-case, well-formed pinyin syllable directly after a
non-space character, with a tone mark, or toneless right after a Han character.
"""

from __future__ import annotations

import re

from .alignment import Edit

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    "(?:iang|iong|uang|ang|eng|ing|ong|uai|iao|ian|uan|van|ai|ei|ao|ou|an|en|er"
    "|ia|ie|iu|in|ua|uo|ui|un|vn|ve|ue|a|o|e|i|u|v)"
)
_FOLD = str.maketrans(
    {c: base for base, group in zip("aeiouv", ("āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜü")) for c in group}
)
_SYLLABLE = re.compile(f"{_INITIAL}{_FINAL}")
_NOTE = re.compile(r"(?<=[^\s(（])[(（]([a-z" + TONED + "ü]{1,6})[)）]")


def is_pinyin_syllable(word: str) -> bool:
    """Whether ``word`` is one pinyin syllable (tone marks allowed)."""
    return _SYLLABLE.fullmatch(word.translate(_FOLD)) is not None


def ruby_edits(text: str) -> list[Edit]:
    """Edits deleting every pinyin ruby note."""
    edits: list[Edit] = []
    for m in _NOTE.finditer(text):
        word = m.group(1)
        if not is_pinyin_syllable(word):
            continue
        toned = any(c in TONED for c in word)
        before = text[m.start() - 1]
        if toned or "\u3400" <= before <= "\u9fff":
            if not toned and len(word) < 2:
                continue
            edits.append(Edit(m.start(), m.end(), "", "ruby"))
    return edits
