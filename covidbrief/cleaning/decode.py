"""Turn user bytes into text: UTF-8 (with or without BOM), GB18030/GBK or Big5.

The encoding is chosen from the data: every candidate that decodes strictly is
scored by the share of its Han characters that are common characters; the best
plausible one wins. Bytes in several encodings are decoded line by line.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import DecodeError
from .script import to_simplified_char

CANDIDATES = ("utf-8", "gb18030", "big5")
MIN_PLAUSIBILITY = 0.6


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """GB2312 level-1 characters (the 3,755 most common), simplified forms."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of Han characters (after t2s) that are common; 1.0 with no Han."""
    common = common_chars()
    han = [c for c in text if "\u3400" <= c <= "\u9fff"]
    bad = sum(1 for c in text if (c < " " and c not in "\n\r\t") or "\ue000" <= c <= "\uf8ff")
    if not han:
        return 0.0 if bad else 1.0
    good = sum(1 for c in han if c in common or to_simplified_char(c) in common)
    return good / (len(han) + bad)


def _best(data: bytes) -> tuple[str, str, float] | None:
    best: tuple[str, str, float] | None = None
    for enc in CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if enc == "utf-8":
            score += 0.05  # UTF-8 that decodes strictly is almost never an accident
        if best is None or score > best[2]:
            best = (enc, text, score)
    return best


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. Raises :class:`DecodeError`."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise DecodeError(
                f"input starts with a UTF-8 byte order mark but is not valid UTF-8 "
                f"(byte {err.start + 3}); re-save the file as UTF-8"
            ) from None
    best = _best(data)
    if best is not None and best[2] >= MIN_PLAUSIBILITY:
        return best[1], best[0]
    # Mixed encodings: decide line by line.
    lines = data.split(b"\n")
    out: list[str] = []
    used: set[str] = set()
    for number, line in enumerate(lines, 1):
        found = _best(line)
        if found is None or found[2] < MIN_PLAUSIBILITY:
            raise DecodeError(
                f"line {number} of the input is not Chinese text in UTF-8, GB18030/GBK "
                f"or Big5; decode the bytes yourself and pass a str, or fix the file"
            )
        out.append(found[1])
        used.add(found[0])
    return "\n".join(out), "mixed(" + ",".join(sorted(used)) + ")" if len(used) > 1 else next(iter(used), "utf-8")
