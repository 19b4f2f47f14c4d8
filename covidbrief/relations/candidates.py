"""Candidate entity pairs for each relation type, and their features."""

from __future__ import annotations

import re
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


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence (split at 。!?; and line ends)."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def candidates(text: str, ents: Sequence[Ent], kind: str) -> list[tuple[Ent, Ent]]:
    """(from, to) pairs of ``kind`` inside one sentence (mentions of an official: one line)."""
    source, targets = PAIRS[kind]
    sentences = sentence_bounds(text)
    sent_of = {}
    for e in ents:
        sent_of[e.id] = next((i for i, (a, b) in enumerate(sentences) if a <= e.start < b), -1)
    out = []
    for a in ents:
        if a.label != source:
            continue
        for b in ents:
            if b.id == a.id or b.label not in targets or sent_of[a.id] != sent_of[b.id]:
                continue
            if abs(a.start - b.start) > MAX_DISTANCE:
                continue
            out.append((a, b))
    return out


def _between(text: str, a: Ent, b: Ent) -> str:
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    return text[lo:hi] if hi > lo else ""


def features(text: str, ents: Sequence[Ent], a: Ent, b: Ent, kind: str) -> dict[str, float]:
    """Sparse features of one candidate pair."""
    between = _between(text, a, b)
    before = b.start < a.start
    lo, hi = (b, a) if before else (a, b)
    inside = [e for e in ents if lo.end <= e.start and e.end <= hi.start]
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
