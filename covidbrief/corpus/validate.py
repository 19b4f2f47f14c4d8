"""Checking records against the spec, with problems that name document, entity and fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..errors import CovidbriefError
from .schema import LABELS, RELATIONS, ROLES, SPEAKER_LABELS, line_bounds


@dataclass(frozen=True)
class Problem:
    """One way a record breaks the spec."""

    doc: str
    where: str  # "entity 7", "relation 3", "turn 2", "line 14", "record"
    message: str

    def __str__(self) -> str:
        return f"{self.doc}: {self.where}: {self.message}"


class RecordError(CovidbriefError, ValueError):
    """Records that break the spec; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the records; fix them in the annotation file:\n  {shown}{more}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_entities(doc: str, text: str, entities: Any, out: list[Problem]) -> dict[Any, dict]:
    by_id: dict[Any, dict] = {}
    if not isinstance(entities, list):
        out.append(Problem(doc, "record", "'entities' must be a list"))
        return by_id
    spans = []
    for n, ent in enumerate(entities):
        where = f"entity {ent.get('id', f'#{n}')}" if isinstance(ent, dict) else f"entity #{n}"
        if not isinstance(ent, dict):
            out.append(Problem(doc, where, "must be an object"))
            continue
        eid, label = ent.get("id"), ent.get("label")
        start, end = ent.get("start_offset"), ent.get("end_offset")
        if not _is_int(eid):
            out.append(Problem(doc, where, "needs an integer 'id'"))
        elif eid in by_id:
            out.append(Problem(doc, where, "id used twice"))
        else:
            by_id[eid] = ent
        if label not in LABELS:
            out.append(Problem(doc, where, f"unknown label {label!r}; use one of {', '.join(LABELS)}"))
        if not (_is_int(start) and _is_int(end)):
            out.append(Problem(doc, where, "offsets must be integers"))
            continue
        if not 0 <= start < end <= len(text):
            out.append(Problem(doc, where, f"offsets {start}-{end} out of range (text has {len(text)} characters)"))
            continue
        span = text[start:end]
        if "\n" in span:
            out.append(Problem(doc, where, f"span {span!r} crosses a line break"))
        if span != span.strip():
            out.append(Problem(doc, where, f"span {span!r} starts or ends with a space"))
        if label == "QUANTITY":
            value = ent.get("value")
            if not (isinstance(value, (int, float)) and not isinstance(value, bool)):
                out.append(Problem(doc, where, f"QUANTITY {span!r} needs a numeric 'value'"))
            if not isinstance(ent.get("unit"), str):
                out.append(Problem(doc, where, f"QUANTITY {span!r} needs a string 'unit' (\"\" when none is written)"))
        elif "unit" in ent:
            out.append(Problem(doc, where, f"only QUANTITY carries 'unit' ({label} {span!r})"))
        if label == "DATE" and "value" in ent and not isinstance(ent["value"], str):
            out.append(Problem(doc, where, f"DATE {span!r} value must be an ISO 8601 string"))
        if label not in ("DATE", "QUANTITY") and "value" in ent:
            out.append(Problem(doc, where, f"only QUANTITY and DATE carry 'value' ({label} {span!r})"))
        spans.append((start, end, where))
    spans.sort()
    for (s1, e1, w1), (s2, e2, w2) in zip(spans, spans[1:]):
        if s2 < e1:
            out.append(Problem(doc, w2, f"overlaps {w1} ({text[s1:e1]!r} and {text[s2:e2]!r})"))
    return by_id


def _check_relations(doc: str, relations: Any, by_id: dict[Any, dict], out: list[Problem]) -> None:
    if not isinstance(relations, list):
        out.append(Problem(doc, "record", "'relations' must be a list"))
        return
    seen = set()
    for n, rel in enumerate(relations):
        where = f"relation {rel.get('id', f'#{n}')}" if isinstance(rel, dict) else f"relation #{n}"
        if not isinstance(rel, dict):
            out.append(Problem(doc, where, "must be an object"))
            continue
        kind = rel.get("type")
        if kind not in RELATIONS:
            out.append(Problem(doc, where, f"unknown type {kind!r}; use one of {', '.join(RELATIONS)}"))
            continue
        ends = (rel.get("from_id"), rel.get("to_id"))
        missing = [e for e in ends if e not in by_id]
        if missing:
            out.append(Problem(doc, where, f"{kind} points to missing entity id(s) {missing}"))
            continue
        allowed_from, allowed_to = RELATIONS[kind]
        got = (by_id[ends[0]]["label"], by_id[ends[1]]["label"])
        if got[0] not in allowed_from or got[1] not in allowed_to:
            out.append(Problem(
                doc, where,
                f"{kind} must go {'/'.join(sorted(allowed_from))} -> {'/'.join(sorted(allowed_to))}, "
                f"not {got[0]} (entity {ends[0]}) -> {got[1]} (entity {ends[1]})",
            ))
        if ends[0] == ends[1]:
            out.append(Problem(doc, where, "relation from an entity to itself"))
        if (kind, ends) in seen:
            out.append(Problem(doc, where, f"duplicate {kind} {ends[0]} -> {ends[1]}"))
        seen.add((kind, ends))


def _check_turns(doc: str, text: str, turns: Any, by_id: dict[Any, dict], out: list[Problem]) -> None:
    if not isinstance(turns, list):
        out.append(Problem(doc, "record", "'turns' must be a list"))
        return
    lines = line_bounds(text)
    starts = {s: i for i, (s, _) in enumerate(lines)}
    ends = {e: i for i, (_, e) in enumerate(lines)}
    owner: list[list[int]] = [[] for _ in lines]
    for n, turn in enumerate(turns):
        where = f"turn {n}"
        if not isinstance(turn, dict):
            out.append(Problem(doc, where, "must be an object"))
            continue
        if turn.get("role") not in ROLES:
            out.append(Problem(doc, where, f"unknown role {turn.get('role')!r}; use one of {', '.join(ROLES)}"))
        speaker = turn.get("speaker_id")
        if speaker is not None:
            if speaker not in by_id:
                out.append(Problem(doc, where, f"speaker_id {speaker} is not an entity id"))
            elif by_id[speaker]["label"] not in SPEAKER_LABELS:
                out.append(Problem(doc, where, f"speaker entity {speaker} is {by_id[speaker]['label']}, "
                                               f"not one of {', '.join(sorted(SPEAKER_LABELS))}"))
        start, end = turn.get("start_offset"), turn.get("end_offset")
        if not (_is_int(start) and _is_int(end)) or start not in starts or end not in ends or end < start:
            out.append(Problem(doc, where, f"offsets {start}-{end} cut a line; a turn is whole lines "
                                           f"(start at a line start, end before a newline or at the text end)"))
            continue
        for i in range(starts[start], ends[end] + 1):
            owner[i].append(n)
    for i, owners in enumerate(owner):
        if not owners:
            out.append(Problem(doc, f"line {i + 1}", "is in no turn"))
        elif len(owners) > 1:
            out.append(Problem(doc, f"line {i + 1}", f"is in {len(owners)} turns ({owners})"))


def problems(record: dict[str, Any]) -> list[Problem]:
    """Every way ``record`` breaks the spec (empty when it is valid)."""
    doc = str(record.get("id", "<no id>")) if isinstance(record, dict) else "<not a record>"
    if not isinstance(record, dict):
        return [Problem(doc, "record", "must be a JSON object")]
    out: list[Problem] = []
    text = record.get("text")
    if not isinstance(text, str):
        return [Problem(doc, "record", "needs a string 'text'")]
    if not isinstance(record.get("id"), str):
        out.append(Problem(doc, "record", "needs a string 'id'"))
    if not isinstance(record.get("meta", {}), dict):
        out.append(Problem(doc, "record", "'meta' must be an object"))
    by_id = _check_entities(doc, text, record.get("entities", []), out)
    _check_relations(doc, record.get("relations", []), by_id, out)
    _check_turns(doc, text, record.get("turns", []), by_id, out)
    return out


def validate(records: Iterable[dict[str, Any]]) -> None:
    """Raise :class:`RecordError` listing every problem in ``records``."""
    found = [p for record in records for p in problems(record)]
    if found:
        raise RecordError(found)
