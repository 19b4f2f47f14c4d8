"""Helpers shared by components that write entities."""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span


def pick_non_overlapping(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest-first, then leftmost, non-overlapping character spans."""
    taken: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for start, end, label in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not used.intersection(range(start, end)):
            taken.append((start, end, label))
            used.update(range(start, end))
    return sorted(taken)


def merge_ents(doc: Doc, spans: Iterable[tuple[int, int, str]], overwrite: bool) -> None:
    """Add character ``spans`` to ``doc.ents``. With ``overwrite`` they win over
    existing entities they overlap; without it they only fill gaps."""
    new: list[Span] = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is not None:
            new.append(span)
    old = list(doc.ents)
    first, second = (new, old) if overwrite else (old, new)
    taken: list[Span] = []
    used: set[int] = set()
    for span in first + second:
        if not used.intersection(range(span.start, span.end)):
            taken.append(span)
            used.update(range(span.start, span.end))
    doc.ents = sorted(taken, key=lambda s: s.start)


def char_ents(doc: Doc) -> list[tuple[int, int, str]]:
    """(start_char, end_char, label) of ``doc.ents``, read from the token arrays
    (much faster than building Span objects on long documents)."""
    if not len(doc):
        return []
    from spacy.attrs import ENT_IOB, ENT_TYPE, IDX

    arr = doc.to_array([ENT_IOB, ENT_TYPE, IDX])
    strings = doc.vocab.strings
    out: list[tuple[int, int, str]] = []
    start = label = None
    last = -1
    for i, (iob, etype, idx) in enumerate(arr.tolist()):
        if iob == 3 or (iob != 1 and start is not None):  # B, or O/missing after an entity
            if start is not None:
                out.append((start, doc[last].idx + len(doc[last].text), label))
                start = None
            if iob == 3:
                start, label = idx, strings[etype]
        last = i if iob in (1, 3) else last
    if start is not None:
        out.append((start, doc[last].idx + len(doc[last].text), label))
    return out
