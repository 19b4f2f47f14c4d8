"""Moving annotations onto a new clean text when cleaning changes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..errors import CovidbriefError
from .schema import line_bounds


class ReanchorError(CovidbriefError, ValueError):
    """Spans that cannot be placed on the new text; ``unplaced`` names each one."""

    def __init__(self, unplaced: list[str]):
        self.unplaced = unplaced
        listed = "\n  ".join(unplaced)
        super().__init__(
            f"{len(unplaced)} span(s) cannot be placed on the new clean text; annotate them again "
            f"by hand (the file was not changed):\n  {listed}"
        )


@dataclass
class Reanchored:
    """Result of :func:`reanchor`: the moved record and what moved."""

    record: dict[str, Any]
    moved: int = 0
    unplaced: list[str] = field(default_factory=list)


def _char_map(old: str, new: str) -> dict[int, int]:
    """old index -> new index for every character the two texts share in order."""
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    return mapping


def reanchor(record: dict[str, Any], new_text: str) -> Reanchored:
    """Move ``record``'s entities and turns onto ``new_text``. An entity moves
    when its characters survive unchanged and contiguous; a turn grows to the
    whole new lines that hold its surviving characters, and must not share a
    line with another turn."""
    old = record["text"]
    doc = record.get("id")
    if old == new_text:
        return Reanchored(record)
    mapping = _char_map(old, new_text)
    out = {**record, "text": new_text, "entities": [], "turns": []}
    result = Reanchored(out)
    for ent in record.get("entities", []):
        s, e = ent["start_offset"], ent["end_offset"]
        ns, ne = mapping.get(s), mapping.get(e - 1)
        if ns is None or ne is None or new_text[ns:ne + 1] != old[s:e]:
            result.unplaced.append(f"{doc}: entity {ent.get('id')} {ent.get('label')} {old[s:e]!r} at {s}-{e}")
            continue
        result.moved += (ns, ne + 1) != (s, e)
        out["entities"].append({**ent, "start_offset": ns, "end_offset": ne + 1})
    lines = line_bounds(new_text)
    line_of = [0] * (len(new_text) + 1)
    for i, (a, b) in enumerate(lines):
        line_of[a:b + 1] = [i] * (b + 1 - a)
    owner: dict[int, int] = {}
    for n, turn in enumerate(record.get("turns", [])):
        s, e = turn["start_offset"], turn["end_offset"]
        kept = [mapping[i] for i in range(s, e) if i in mapping]
        if not kept:
            result.unplaced.append(f"{doc}: turn {n} ({turn.get('role')}) at {s}-{e}: none of its text is left")
            continue
        first, last = line_of[kept[0]], line_of[kept[-1]]
        clash = [i for i in range(first, last + 1) if i in owner]
        if clash:
            result.unplaced.append(f"{doc}: turn {n} ({turn.get('role')}) at {s}-{e} now shares line {clash[0] + 1} "
                                   f"with turn {owner[clash[0]]}")
            continue
        owner.update({i: n for i in range(first, last + 1)})
        out["turns"].append({**turn, "start_offset": lines[first][0], "end_offset": lines[last][1]})
    for i, (a, b) in enumerate(lines):
        if i not in owner and not result.unplaced:
            result.unplaced.append(f"{doc}: new line {i + 1} {new_text[a:b][:30]!r} falls in no turn")
    return result


def reanchor_all(records: list[dict[str, Any]], texts: dict[str, str]) -> list[Reanchored]:
    """Re-anchor every record on ``texts[record id]``; raise :class:`ReanchorError`
    naming every unplaceable span (nothing is returned half-done)."""
    results = [reanchor(r, texts[r["id"]]) for r in records]
    unplaced = [u for res in results for u in res.unplaced]
    if unplaced:
        raise ReanchorError(unplaced)
    return results
