"""Traditional to simplified Chinese with OpenCC (``t2s``), keeping offsets."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

from .alignment import Edit


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _char_table() -> dict[str, str]:
    """OpenCC's character table, traditional -> first simplified form."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            table[parts[0]] = parts[1].split(" ")[0]
    return table


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern[str]:
    """Characters that t2s may change: the keys of its character table, and the
    characters of its phrase table."""
    chars = set(_char_table())
    path = Path(opencc.__file__).parent / "dictionary" / "TSPhrases.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        for a, b in zip(src, dst.split(" ")[0]):
            if a != b:
                chars.add(a)
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]")


def to_simplified_char(char: str) -> str:
    """Simplified form of one character (itself when it has none)."""
    return _char_table().get(char, char)


def simplify_edits(text: str) -> list[Edit]:
    """Edits converting every line with traditional characters to simplified."""
    find = _traditional_re().search
    convert = _converter().convert
    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        if find(line):
            simple = convert(line)
            if simple != line:
                # Same length: the edit maps character by character.
                edits.append(Edit(pos, pos + len(line), simple, "traditional"))
        pos += len(line) + 1
    return edits
