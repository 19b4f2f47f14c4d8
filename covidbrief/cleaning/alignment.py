"""Character alignment between a cleaned text and the text the user gave.

Every cleaning step is a list of edits (start, end, replacement) on its input.
Applying the edits yields the output text and, for every output character, the
span of input characters it came from. Composing the steps keeps, for every clean
character, its span in the raw text: ``starts[i]``/``ends[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

import numpy as np


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (``""`` deletes)."""

    start: int
    end: int
    replacement: str
    reason: str


@dataclass
class Removal:
    """A piece of the raw text that cleaning cut or replaced, and why."""

    start: int
    end: int
    text: str
    reason: str
    replacement: str = ""


def identity(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Spans of a text of length ``n`` mapped onto itself."""
    starts = np.arange(n, dtype=np.int64)
    return starts, starts + 1


def apply_edits(
    text: str, edits: Iterable[Edit]
) -> tuple[str, np.ndarray, np.ndarray]:
    """Apply sorted, non-overlapping edits.

    Returns the new text and, per new character, the start and end index of
    the input span it came from. A replacement of the same length maps
    character by character; any other replacement maps each new character to
    the whole replaced span.
    """
    pieces: list[str] = []
    s_parts: list[np.ndarray] = []
    e_parts: list[np.ndarray] = []
    pos = 0
    for edit in edits:
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"overlapping or invalid edit {edit!r} at position {pos}")
        if edit.start > pos:
            pieces.append(text[pos : edit.start])
            s_parts.append(np.arange(pos, edit.start, dtype=np.int64))
            e_parts.append(np.arange(pos + 1, edit.start + 1, dtype=np.int64))
        k = len(edit.replacement)
        if k:
            pieces.append(edit.replacement)
            if k == edit.end - edit.start:
                s_parts.append(np.arange(edit.start, edit.end, dtype=np.int64))
                e_parts.append(np.arange(edit.start + 1, edit.end + 1, dtype=np.int64))
            else:
                s_parts.append(np.full(k, edit.start, dtype=np.int64))
                e_parts.append(np.full(k, max(edit.end, edit.start + 1), dtype=np.int64))
        pos = edit.end
    if pos < len(text):
        pieces.append(text[pos:])
        s_parts.append(np.arange(pos, len(text), dtype=np.int64))
        e_parts.append(np.arange(pos + 1, len(text) + 1, dtype=np.int64))
    if not s_parts:
        empty = np.zeros(0, dtype=np.int64)
        return "", empty, empty
    return "".join(pieces), np.concatenate(s_parts), np.concatenate(e_parts)


class Alignment:
    """Raw span of every character of the current text, updated step by step."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        self.starts, self.ends = identity(len(raw))
        self.removed: list[Removal] = []

    def apply(self, edits: list[Edit], record: bool = True) -> None:
        """Apply one step's edits; with ``record``, list what they cut in raw offsets."""
        if not edits:
            return
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        for e in edits if record else ():
            rs, re_ = self.raw_span(e.start, e.end)
            self.removed.append(Removal(rs, re_, self.raw[rs:re_], e.reason, e.replacement))
        new_text, s, e = apply_edits(self.text, edits)
        if len(new_text):
            self.starts = self.starts[s]
            self.ends = self.ends[e - 1]
        else:
            self.starts = self.ends = np.zeros(0, dtype=np.int64)
        self.text = new_text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the current span ``[start, end)``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span ({start}, {end}) is outside a text of length {n}")
        if start == end:
            at = int(self.starts[start]) if start < n else (int(self.ends[-1]) if n else len(self.raw))
            return at, at
        return int(self.starts[start]), int(self.ends[end - 1])
