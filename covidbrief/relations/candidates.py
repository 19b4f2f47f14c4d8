"""Candidate entity pairs for each relation type, and their features."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Sequence

SENTENCE_END = re.compile(r"[。!！?？;；\n]")
CLAUSE_END = re.compile(r"[，,。!！?？;；:：\n]")

# relation type -> (from label, to labels)
PAIRS = {
    "MEASURES": ("QUANTITY", ("METRIC",)),
    "TIME": ("QUANTITY", ("DATE",)),
    "LOCATION": ("QUANTITY", ("PLACE",)),
    "PART_OF": ("QUANTITY", ("QUANTITY",)),
    "HAS_TITLE": ("OFFICIAL", ("TITLE",)),
    "AFFILIATION": ("OFFICIAL", ("AGENCY", "PLACE")),
}
MAX_DISTANCE = 200  # characters between the two entities of a candidate


@dataclass(frozen=True)
class Ent:
    """An entity: character offsets, label and id."""

    start: int
    end: int
    label: str
    id: int


WINDOW = 12  # entities looked at on each side of a source entity


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence (split at 。!?; and line ends)."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


class Index:
    """Entities sorted by position, with sentence and clause lookups in O(log n)."""

    def __init__(self, text: str, ents: Sequence[Ent]):
        self.text = text
        self.ents = sorted(ents, key=lambda e: (e.start, e.end))
        self.pos = {e.id: i for i, e in enumerate(self.ents)}
        self.sentence_starts = [a for a, _ in sentence_bounds(text)] or [0]
        self.clause_ends = [m.start() for m in CLAUSE_END.finditer(text)]

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def sentence_span(self, offset: int) -> tuple[int, int]:
        k = self.sentence(offset)
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[k], end

    def clause_span(self, offset: int) -> tuple[int, int]:
        k = bisect_left(self.clause_ends, offset)
        start = self.clause_ends[k - 1] + 1 if k > 0 else 0
        end = self.clause_ends[k] if k < len(self.clause_ends) else len(self.text)
        return start, end

    def near(self, e: Ent) -> list[Ent]:
        i = self.pos[e.id]
        return self.ents[max(0, i - WINDOW):i] + self.ents[i + 1:i + 1 + WINDOW]

    def between(self, a: Ent, b: Ent) -> list[Ent]:
        i, j = sorted((self.pos[a.id], self.pos[b.id]))
        lo, hi = min(a.end, b.end), max(a.start, b.start)
        return [e for e in self.ents[i + 1:j] if lo <= e.start and e.end <= hi]


def candidates(text: str, ents: Sequence[Ent], kind: str, index: Index | None = None) -> list[tuple[Ent, Ent]]:
    """(from, to) pairs of ``kind`` inside one sentence, at most MAX_DISTANCE characters
    and WINDOW entities apart."""
    source, targets = PAIRS[kind]
    index = index or Index(text, ents)
    out = []
    for a in index.ents:
        if a.label != source:
            continue
        sentence = index.sentence(a.start)
        for b in index.near(a):
            if b.label in targets and abs(a.start - b.start) <= MAX_DISTANCE and index.sentence(b.start) == sentence:
                out.append((a, b))
    return out


def _between(text: str, a: Ent, b: Ent) -> str:
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    return text[lo:hi] if hi > lo else ""


def features(text: str, index: "Index", a: Ent, b: Ent, kind: str) -> dict[str, float]:
    """Sparse features of one candidate pair."""
    between = _between(text, a, b)
    before = b.start < a.start
    inside = index.between(a, b)
    same = [e for e in inside if e.label == b.label]
    f = {
        "bias": 1.0,
        f"kind={kind}": 1.0,
        f"dir={'before' if before else 'after'}": 1.0,
        f"dist={min(len(between) // 5, 12)}": 1.0,
        "adjacent": float(len(between) == 0),
        f"n_between={min(len(inside), 5)}": 1.0,
        f"n_same_between={min(len(same), 3)}": 1.0,
        "nearest": float(not same),
        f"to={b.label}": 1.0,
        "clause_break": float(bool(CLAUSE_END.search(between))),
        f"n_commas={min(between.count('，') + between.count(','), 4)}": 1.0,
        "other_source_between": float(any(e.label == a.label for e in inside)),
    }
    for cue in ("其中", "含", "(", "（", "、", "和", "共", "累计", "为", "达", "中", "新增", "及", "均"):
        if cue in between:
            f[f"between_has={cue}"] = 1.0
    left = text[max(0, a.start - 2):a.start]
    f[f"left2={left}"] = 1.0
    f[f"right1={text[a.end:a.end + 1]}"] = 1.0
    if kind == "PART_OF":
        f["parent_first"] = float(b.start < a.start)
    return f
