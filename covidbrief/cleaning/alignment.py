"""Character alignment between a cleaned text and the text the user gave.

Every cleaning step is a list of edits (start, end, replacement) on its input.
Applying the edits yields the output text and, for every output character, the
span of input characters it came from. Composing the steps keeps, for every clean
character, its span in the raw text: ``starts[i]``/``ends[i]``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (``""`` deletes)."""

    start: int
    end: int
    replacement: str
    reason: str


@dataclass(slots=True)
class Removal:
    """A piece of the raw text that cleaning cut or replaced, and why."""

    start: int
    end: int
    text: str
    reason: str
    replacement: str = ""


class Alignment:
    """Raw span of every character of the current text, updated step by step.

    Stored as segments, not per character: segment ``k`` covers current
    characters ``pos[k]`` up to the next segment; a positional segment maps
    them one to one onto raw characters from ``raw_start[k]``; any other
    segment maps each of its characters to the whole raw span
    ``raw_start[k]:raw_end[k]`` (a repair or a normalisation).
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        self.pos = array("q", [0] if raw else [])
        self.raw_start = array("q", [0] if raw else [])
        self.raw_end = array("q", [len(raw)] if raw else [])
        self.positional = array("b", [1] if raw else [])
        self.removed: list[Removal] = []

    # -- lookups -------------------------------------------------------------
    def _seg(self, i: int) -> int:
        return bisect_right(self.pos, i) - 1

    def _seg_len(self, k: int) -> int:
        nxt = self.pos[k + 1] if k + 1 < len(self.pos) else len(self.text)
        return nxt - self.pos[k]

    def char_span(self, i: int) -> tuple[int, int]:
        """Raw span of current character ``i``."""
        k = self._seg(i)
        if self.positional[k]:
            r = self.raw_start[k] + i - self.pos[k]
            return r, r + 1
        return self.raw_start[k], self.raw_end[k]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the current span ``[start, end)``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span ({start}, {end}) is outside a text of length {n}")
        if start == end:
            if start < n:
                return self.char_span(start)[0], self.char_span(start)[0]
            at = self.char_span(n - 1)[1] if n else len(self.raw)
            return at, at
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def clean_span(self, start: int, end: int) -> tuple[int, int]:
        """Current span covering what survives of the raw span ``[start, end)``."""
        if not self.text:
            return 0, 0
        k = bisect_right(self.raw_end, start)  # first segment ending after start
        if k >= len(self.pos):
            return len(self.text), len(self.text)
        a = self.pos[k] + (max(0, start - self.raw_start[k]) if self.positional[k] else 0)
        j = bisect_left(self.raw_start, end) - 1  # last segment starting before end
        if j < 0:
            return a, a
        if self.positional[j]:
            b = self.pos[j] + min(self._seg_len(j), end - self.raw_start[j])
        else:
            b = self.pos[j] + self._seg_len(j)
        return a, max(a, b)

    # -- updates -------------------------------------------------------------
    def apply(self, edits: list[Edit], record: bool = True) -> None:
        """Apply one step's edits; with ``record``, list what they cut in raw offsets."""
        if not edits:
            return
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        if record:
            for e in edits:
                rs, re_ = self.raw_span(e.start, e.end)
                self.removed.append(Removal(rs, re_, self.raw[rs:re_], e.reason, e.replacement))
        out = _Segments()
        pieces: list[str] = []
        cursor = 0
        for e in edits:
            if e.start < cursor or e.end < e.start or e.end > len(self.text):
                raise ValueError(f"overlapping or invalid edit {e!r} at position {cursor}")
            if e.start > cursor:
                pieces.append(self.text[cursor : e.start])
                self._carry(out, cursor, e.start)
            k = len(e.replacement)
            if k:
                pieces.append(e.replacement)
                if k == e.end - e.start:
                    self._carry(out, e.start, e.end)
                else:
                    rs, re_ = self.raw_span(e.start, e.end)
                    out.add(k, rs, max(re_, rs + 1) if e.end > e.start else re_, False)
            cursor = e.end
        if cursor < len(self.text):
            pieces.append(self.text[cursor:])
            self._carry(out, cursor, len(self.text))
        self.text = "".join(pieces)
        self.pos, self.raw_start, self.raw_end, self.positional = out.pos, out.raw_start, out.raw_end, out.positional

    def _carry(self, out: "_Segments", start: int, end: int) -> None:
        """Copy the mapping of current characters ``[start, end)`` into ``out``."""
        k = self._seg(start)
        while start < end:
            seg_end = min(end, self.pos[k] + self._seg_len(k))
            if self.positional[k]:
                r = self.raw_start[k] + start - self.pos[k]
                out.add(seg_end - start, r, r + seg_end - start, True)
            else:
                out.add(seg_end - start, self.raw_start[k], self.raw_end[k], False)
            start = seg_end
            k += 1


class _Segments:
    """Segments being built, merged where a positional run continues."""

    def __init__(self) -> None:
        self.pos = array("q")
        self.raw_start = array("q")
        self.raw_end = array("q")
        self.positional = array("b")
        self.length = 0

    def add(self, n: int, raw_start: int, raw_end: int, positional: bool) -> None:
        if n <= 0:
            return
        if positional and self.positional and self.positional[-1] and self.raw_end[-1] == raw_start:
            self.raw_end[-1] = raw_end
        else:
            self.pos.append(self.length)
            self.raw_start.append(raw_start)
            self.raw_end.append(raw_end)
            self.positional.append(1 if positional else 0)
        self.length += n
