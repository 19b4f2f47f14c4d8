"""Repair GBK byte-shift mojibake: ``武城縣11例?,F有`` -> ``武城縣11例。現有``.

When GBK bytes are read one byte off, the first byte of a stretch is lost (shown
as ``?`` or U+FFFD), the following bytes pair up wrongly into rare characters,
and a dangling last byte becomes another ``?``. Re-encoding the visible
characters gives back every byte but the lost ones; each lost byte is guessed
with a character bigram model (:mod:`.charmodel`) from its neighbours. A repair
is kept only when the repaired stretch reads much better than the garbled one;
a character whose lost byte cannot be told with confidence is removed and
reported, never guessed into the text.

Pages that print pinyin ruby notes leave a further clue: a note whose opening
bracket was swallowed (``?shù)``) gives the reading of the character the lost
byte formed, and narrows the guess to characters with that reading (pypinyin).
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from typing import NamedTuple

from .alignment import Edit
from .charmodel import PUNCT_PRIOR, CharModel, char_model
from .ruby import TONED, is_pinyin_syllable

MAX_RUN = 10
MIN_GAIN = 8.0  # nats the repaired stretch must gain over the garbled one
MIN_CONFIDENCE = 0.8  # posterior share a guessed character needs to be kept
_MARK = re.compile("[?\ufffd]")
_NOTE = re.compile("[(（]?([a-z" + TONED + "ü]{1,6})[)）]")
# Scrapers fold full-width forms to ASCII: any ASCII character may stand for its twin.
_TWINS = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin  # only needed here

    return frozenset(pinyin(char, style=Style.TONE, heteronym=True)[0])


def _strip_notes(window: str) -> tuple[str, list[int], dict[int, str]]:
    """Remove ruby notes from ``window``: the bare text, the window index of each
    bare character, and the hints (reading of a swallowed character) keyed by
    the bare index of the mark they follow."""
    bare: list[str] = []
    index: list[int] = []
    hints: dict[int, str] = {}
    i = 0
    while i < len(window):
        m = _NOTE.match(window, i)
        if m and bare and is_pinyin_syllable(m.group(1)) and any(c in TONED for c in m.group(1)):
            if window[i] not in "(（" and _MARK.match(bare[-1]):
                hints[len(bare) - 1] = m.group(1)
            if window[i] in "(（" or _MARK.match(bare[-1]):
                i = m.end()
                continue
        bare.append(window[i])
        index.append(i)
        i += 1
    index.append(len(window))
    return "".join(bare), index, hints


class Repair(NamedTuple):
    length: int  # characters of the input replaced, from the lost-byte mark
    text: str  # repaired text (may be shorter than ``length``)
    unrecovered: int  # characters dropped because their lost byte is unknown


def _gbk_options(run: str) -> list[bytes] | None:
    """Byte strings ``run`` may have come from (ASCII punctuation may stand for
    its full-width twin, as scrapers often fold them); None if not GBK."""
    per_char: list[tuple[bytes, ...]] = []
    for ch in run:
        try:
            b = ch.encode("gb18030")
        except UnicodeEncodeError:
            return None
        twin = _TWINS.get(ch)
        per_char.append((b, twin.encode("gb18030")) if twin else (b,))
    options = [b"".join(p) for p in itertools.islice(itertools.product(*per_char), 32)]
    return options


def _pick(candidates: list[tuple[str, float]]) -> tuple[str, float]:
    """Best candidate and its posterior share. When the best is punctuation, the
    share of all punctuation counts: a lost 。 that might be ， is still a break."""
    best = max(candidates, key=lambda c: c[1])
    z = sum(math.exp(s - best[1]) for _, s in candidates)
    if best[0] in PUNCT_PRIOR:
        return best[0], sum(math.exp(s - best[1]) for c, s in candidates if c in PUNCT_PRIOR) / z
    return best[0], 1.0 / z


def _decodable(pairs: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    out = []
    for a, b in pairs:
        try:
            out.append((bytes((a, b)).decode("gb18030"), a, b))
        except UnicodeDecodeError:
            pass
    return out


def _with_reading(cands: list[tuple[str, float]], reading: str | None) -> list[tuple[str, float]]:
    if not reading:
        return cands
    kept = [c for c in cands if reading in _readings(c[0])]
    return kept or cands


@lru_cache(maxsize=4096)
def _repair_at(prev: str, window: str) -> Repair | None:
    """Best repair of ``window`` (which starts with the lost-byte mark)."""
    model: CharModel = char_model()
    bare, index, hints = _strip_notes(window)
    best: tuple[float, Repair] | None = None
    for length in range(1, min(MAX_RUN, len(bare) - 1) + 1):
        run = bare[1 : 1 + length]
        if "\n" in run:
            break
        options = _gbk_options(run)
        if options is None:
            break
        for trailing in (False, True):
            if trailing and (len(bare) <= 1 + length or not _MARK.match(bare[1 + length])):
                continue
            span = 1 + length + trailing
            after = bare[span] if len(bare) > span and bare[span] != "\n" else None
            old = bare[:span]
            score_old = model.score(old, prev) + (model.logp(after, old[-1]) if after else 0.0)
            hint_first = hints.get(0)
            hint_last = hints.get(span - 1) if trailing else None
            for g in options:
                found = _decode_candidate(model, prev, g, trailing, after, hint_first, hint_last)
                if found is None:
                    continue
                text, dropped, score_new = found
                gain = score_new - score_old
                if best is None or gain > best[0] + 1.0:
                    best = (gain, Repair(index[span], text, dropped))
    if best is None or best[0] < MIN_GAIN:
        return None
    return best[1]


def _decode_candidate(
    model: CharModel,
    prev: str,
    g: bytes,
    trailing: bool,
    after: str | None,
    hint_first: str | None,
    hint_last: str | None,
) -> tuple[str, int, float] | None:
    if not g or g[0] < 0x40 or g[0] == 0x7F:
        return None
    if trailing and (len(g) < 2 or g[-1] < 0x81):
        return None
    mid_bytes = g[1:-1] if trailing else g[1:]
    try:
        mid = mid_bytes.decode("gb18030")
    except UnicodeDecodeError:
        return None
    nxt = mid[0] if mid else after
    firsts = _decodable([(u, g[0]) for u in range(0x81, 0xFF)])
    if not firsts:
        return None
    if hint_first:
        # The swallowed character was (last byte of prev, lost byte).
        try:
            tail = prev.encode("gb18030")[-1]
        except UnicodeEncodeError:
            tail = None
        if tail is not None:
            lost = {u for ch, _, u in _decodable([(tail, u) for u in range(0x40, 0xFF)])
                    if hint_first in _readings(ch)}
            firsts = [f for f in firsts if f[1] in lost] or firsts
    first, conf_first = _pick(
        [(c, model.logp(c, prev) + (model.logp(nxt, c) if nxt else 0.0)) for c, _, _ in firsts]
    )
    last, conf_last = "", 1.0
    if trailing:
        before = mid[-1] if mid else first
        lasts = _decodable([(g[-1], v) for v in range(0x40, 0xFF) if v != 0x7F])
        if not lasts:
            return None
        last, conf_last = _pick(_with_reading(
            [(c, model.logp(c, before) + (model.logp(after, c) if after else 0.0)) for c, _, _ in lasts],
            hint_last,
        ))
    text = first + mid + last
    score = model.score(text, prev) + (model.logp(after, text[-1]) if after else 0.0)
    dropped = 0
    if conf_first < MIN_CONFIDENCE:
        text, dropped = text[1:], dropped + 1
    if trailing and conf_last < MIN_CONFIDENCE:
        text, dropped = text[:-1], dropped + 1
    return text, dropped, score


@lru_cache(maxsize=1)
def _gb2312_chars() -> tuple[str, ...]:
    chars = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return tuple(chars)


@lru_cache(maxsize=4096)
def _by_reading(prev: str, reading: str, nxt: str) -> str | None:
    """The character with ``reading`` that fits between ``prev`` and ``nxt``."""
    model = char_model()
    cands = [c for c in _gb2312_chars() if reading in _readings(c)]
    if not cands:
        return None
    char, conf = _pick([(c, model.logp(c, prev) + model.logp(nxt, c)) for c in cands])
    return char if conf >= MIN_CONFIDENCE else None


_LOST_CHAR = re.compile(
    "(?P<swallow>[?\ufffd][a-z" + TONED + "ü]{1,6}[)）])?[?\ufffd][(（]?(?P<reading>[a-z" + TONED + "ü]{1,6})[)）]"
)


def _lost_char_edit(text: str, p: int, prev: str) -> Edit | None:
    """A character lost whole, whose ruby note survived: ``在?(dāng)前``."""
    m = _LOST_CHAR.match(text, p)
    if not m or not is_pinyin_syllable(m.group("reading")) or m.end() >= len(text):
        return None
    char = _by_reading(prev, m.group("reading"), text[m.end()])
    if char is None:
        return Edit(p, m.end(), "", "mojibake-unrecoverable")
    return Edit(p, m.end(), char, "mojibake")


def _previous_char(text: str, p: int) -> str:
    """The character before ``p``, skipping a ruby note that ends there."""
    if p >= 2 and text[p - 1] in ")）":
        q = max(text.rfind("(", 0, p), text.rfind("（", 0, p))
        if q > 0 and p - q <= 8 and is_pinyin_syllable(text[q + 1 : p - 1]):
            return text[q - 1]
    return text[p - 1]


def mojibake_edits(text: str) -> list[Edit]:
    """Edits repairing every stretch of byte-shift mojibake that can be repaired."""
    edits: list[Edit] = []
    pos = 0
    for m in _MARK.finditer(text):
        p = m.start()
        if p < pos or p == 0 or p + 1 >= len(text) or text[p + 1].isspace():
            continue
        prev = _previous_char(text, p)
        if prev.isspace() or prev.isascii() and prev.isalpha():
            continue  # "why?" in Latin text, or a mark at a line start
        end = text.find("\n", p)
        repair = _repair_at(prev, text[p : min(p + 3 * MAX_RUN, end if end >= 0 else len(text))])
        if repair is None:
            lost = _lost_char_edit(text, p, prev)
            if lost is not None:
                edits.append(lost)
                pos = lost.end
            continue
        reason = "mojibake-unrecoverable" if repair.unrecovered else "mojibake"
        edits.append(Edit(p, p + repair.length, repair.text, reason))
        pos = p + repair.length
    return edits
