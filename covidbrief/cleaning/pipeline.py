"""``clean()``: from what the user scraped to the spec's clean text, with offsets."""

from __future__ import annotations

import numpy as np

from ..errors import EmptyInputError, InputTooLargeError
from .alignment import Alignment, Removal
from .boilerplate import boilerplate_edits
from .decode import decode_bytes
from .layout import blank_line_edits, newline_edits, space_edits
from .mojibake import mojibake_edits
from .ruby import ruby_edits
from .script import simplify_edits
from .spam import spam_edits

MAX_CHARS = 10_000_000


class CleanText:
    """Clean text and its alignment to ``raw`` (the text as given, decoded).

    ``removed`` lists, in raw offsets, what was cut or repaired and why
    (ruby, mojibake, mojibake-unrecoverable, boilerplate, spam).
    """

    def __init__(self, alignment: Alignment, encoding: str = "str") -> None:
        self._al = alignment
        self.text: str = alignment.text
        self.raw: str = alignment.raw
        self.removed: list[Removal] = alignment.removed
        self.encoding = encoding

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the clean span ``[start, end)``."""
        return self._al.raw_span(start, end)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Clean span covering what survives of the raw span ``[start, end)``
        (an empty span at the cut when nothing of it survives)."""
        if not 0 <= start <= end <= len(self.raw):
            raise IndexError(f"raw span ({start}, {end}) is outside a text of length {len(self.raw)}")
        return self._al.clean_span(start, end)

    @property
    def starts(self) -> np.ndarray:
        """Raw start of every clean character (built on demand)."""
        return np.array([self._al.char_span(i)[0] for i in range(len(self.text))], dtype=np.int64)

    @property
    def ends(self) -> np.ndarray:
        """Raw end of every clean character (built on demand)."""
        return np.array([self._al.char_span(i)[1] for i in range(len(self.text))], dtype=np.int64)

    def __repr__(self) -> str:
        return f"CleanText(text={self.text[:40]!r}..., encoding={self.encoding!r}, removed={len(self.removed)})"

    def __str__(self) -> str:
        return self.text


def clean(text: str | bytes, *, max_chars: int = MAX_CHARS, allow_empty: bool = True) -> CleanText:
    """Clean one document (see the spec, section 1).

    ``text`` may be a ``str`` or bytes in UTF-8, GB18030/GBK or Big5. Raises
    :class:`~covidbrief.errors.DecodeError` for bytes that are not Chinese text,
    :class:`~covidbrief.errors.InputTooLargeError` beyond ``max_chars``, and
    :class:`~covidbrief.errors.EmptyInputError` for empty input when
    ``allow_empty`` is false.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        if len(data) > 4 * max_chars:
            raise InputTooLargeError(_too_large(len(data), max_chars, "bytes"))
        raw, encoding = decode_bytes(data)
    elif isinstance(text, str):
        raw, encoding = text, "str"
    else:
        raise TypeError(f"clean() takes str or bytes, not {type(text).__name__}")
    if len(raw) > max_chars:
        raise InputTooLargeError(_too_large(len(raw), max_chars, "characters"))
    if not allow_empty and not raw.strip():
        raise EmptyInputError("the input is empty or only whitespace: there is nothing to clean")
    al = Alignment(raw)
    al.apply(newline_edits(al.text), record=False)
    if "?" in al.text or "\ufffd" in al.text:
        al.apply(mojibake_edits(al.text))
    if "(" in al.text or "（" in al.text:
        al.apply(ruby_edits(al.text))
    al.apply(simplify_edits(al.text), record=False)
    al.apply(boilerplate_edits(al.text))
    al.apply(spam_edits(al.text))
    al.apply(space_edits(al.text), record=False)
    al.apply(blank_line_edits(al.text), record=False)
    return CleanText(al, encoding)


def _too_large(size: int, limit: int, unit: str) -> str:
    return (
        f"the input has {size:,} {unit}, over the limit of {limit:,} characters for one "
        f"document; split it into documents (one briefing each) or pass a larger max_chars"
    )
