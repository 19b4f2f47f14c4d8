"""Hand-written relation rules: nearest candidates inside a clause or sentence, breakdown cues,
and the title chain of an official's mention."""

from __future__ import annotations

import re
from typing import Sequence

from .candidates import CLAUSE_END, Ent, sentence_bounds

CHAIN_GLUE = re.compile(r"^[、\s兼和及]*$")
BREAKDOWN = re.compile(r"(?:其中|含|包括)[^，,。;；]*$")


def _clause_of(text: str, pos: int) -> tuple[int, int]:
    start = max((m.end() for m in CLAUSE_END.finditer(text, 0, pos)), default=0)
    m = CLAUSE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def _sentence_of(text: str, pos: int, sentences: list[tuple[int, int]]) -> tuple[int, int]:
    return next(((a, b) for a, b in sentences if a <= pos < b), (0, len(text)))


def rule_pairs(text: str, ents: Sequence[Ent]) -> set[tuple[str, int, int]]:
    """(type, from id, to id) the rules propose."""
    ents = sorted(ents, key=lambda e: e.start)
    sentences = sentence_bounds(text)
    out: set[tuple[str, int, int]] = set()
    quantities = [e for e in ents if e.label == "QUANTITY"]
    for q in quantities:
        c0, c1 = _clause_of(text, q.start)
        s0, s1 = _sentence_of(text, q.start, sentences)
        parent = _parent(text, q, quantities, s0)
        if parent is not None:
            out.add(("PART_OF", q.id, parent.id))
        metric = _nearest(ents, "METRIC", q, c0, c1)
        if metric is not None and not (parent is not None and metric.end <= parent.start):
            out.add(("MEASURES", q.id, metric.id))
        date = _nearest(ents, "DATE", q, s0, s1, prefer_before=True)
        if date is not None:
            out.add(("TIME", q.id, date.id))
        place = _nearest(ents, "PLACE", q, s0, s1, prefer_before=True, only_before=True)
        if place is not None:
            out.add(("LOCATION", q.id, place.id))
    for i, official in enumerate(ents):
        if official.label != "OFFICIAL":
            continue
        j, edge = i - 1, official.start
        while j >= 0 and ents[j].label in ("TITLE", "AGENCY", "PLACE") and CHAIN_GLUE.match(text[ents[j].end:edge]):
            kind = "HAS_TITLE" if ents[j].label == "TITLE" else "AFFILIATION"
            out.add((kind, official.id, ents[j].id))
            edge, j = ents[j].start, j - 1
    return out


def _nearest(ents: Sequence[Ent], label: str, q: Ent, lo: int, hi: int, prefer_before: bool = True,
             only_before: bool = False) -> Ent | None:
    before = [e for e in ents if e.label == label and lo <= e.start and e.end <= q.start]
    after = [e for e in ents if e.label == label and q.end <= e.start and e.end <= hi]
    if before and (prefer_before or not after):
        return before[-1]
    if after and not only_before:
        return after[0]
    return before[-1] if before else None


def _parent(text: str, q: Ent, quantities: Sequence[Ent], sentence_start: int) -> Ent | None:
    """The total a breakdown amount belongs to: 其中X例 / (含X例) after a total in the sentence."""
    lead = text[sentence_start:q.start]
    if not BREAKDOWN.search(lead):
        return None
    cue = BREAKDOWN.search(lead).start() + sentence_start
    earlier = [p for p in quantities if sentence_start <= p.start and p.end <= cue]
    return earlier[-1] if earlier else None
