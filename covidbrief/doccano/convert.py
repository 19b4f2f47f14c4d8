"""Lossless conversion between spec records and doccano 1.8 relation-extraction JSONL.

A spec record (ANNOTATION_SPEC.md section 5) becomes one doccano example of a
"sequence labeling" project with relations and overlapping spans allowed:

* every entity becomes a span with its own label (``OFFICIAL`` ... ``METRIC``);
* every turn becomes a span over its whole lines labelled ``TURN:<ROLE>``
  (``TURN:HOST``, ``TURN:OFFICIAL``, ``TURN:REPORTER``, ``TURN:NARRATION``), with a
  ``SPEAKER`` relation from the turn span to the entity that names the speaker;
* every relation becomes a relation of the same type between the two spans;
* the record as pushed (without its text) travels in the example's metadata,
  ``doc_id`` (the record id, readable in doccano) and ``covidbrief`` (a JSON string:
  doccano stores metadata through pandas, and a string passes through unchanged).

On the way back, a span whose label and offsets are unchanged gets the pushed
entity back verbatim (its id, ``value``, ``unit``, ``qualifier``, key order); a span
relabelled in place or moved (same label, overlapping exactly one vanished span)
keeps that entity's id; a span the annotator created, moved or relabelled gets
its QUANTITY ``value``/``unit``/``qualifier`` or DATE ``value`` recomputed from its
text (:mod:`covidbrief.knowledge.quantities`, :mod:`covidbrief.knowledge.dates`).
New entities and relations get the next free ids. So record -> doccano -> record
is the identity when nobody edits, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..corpus.schema import LABELS, RELATIONS, ROLES, line_bounds
from ..corpus.validate import Problem, RecordError, problems
from ..errors import CovidbriefError

FORMAT_VERSION = 1
TURN_PREFIX = "TURN:"
SPEAKER = "SPEAKER"
SPEC_KEYS = ("id", "text", "meta", "entities", "relations", "turns")
DATE_CONTEXT = 400  # characters before a DATE searched for the date it is relative to (as the values component)

# Fixed colours (background, text) and shortcut keys, so every project looks the same.
SPAN_TYPES: dict[str, tuple[str, str, str | None]] = {
    "OFFICIAL": ("#d62728", "#ffffff", "o"),
    "PERSON": ("#ff9896", "#000000", "p"),
    "TITLE": ("#9467bd", "#ffffff", "t"),
    "AGENCY": ("#1f77b4", "#ffffff", "a"),
    "ORG": ("#aec7e8", "#000000", "g"),
    "MEDIA": ("#17becf", "#000000", "m"),
    "PLACE": ("#2ca02c", "#ffffff", "l"),
    "DATE": ("#bcbd22", "#000000", "d"),
    "QUANTITY": ("#ff7f0e", "#000000", "q"),
    "METRIC": ("#ffbb78", "#000000", "k"),
    "TURN:HOST": ("#c7c7c7", "#000000", "h"),
    "TURN:OFFICIAL": ("#f7b6d2", "#000000", "f"),
    "TURN:REPORTER": ("#c5b0d5", "#000000", "r"),
    "TURN:NARRATION": ("#dbdb8d", "#000000", "n"),
}
RELATION_TYPES: dict[str, tuple[str, str]] = {
    "MEASURES": ("#ff7f0e", "#000000"),
    "TIME": ("#bcbd22", "#000000"),
    "LOCATION": ("#2ca02c", "#ffffff"),
    "PART_OF": ("#8c564b", "#ffffff"),
    "HAS_TITLE": ("#9467bd", "#ffffff"),
    "AFFILIATION": ("#1f77b4", "#ffffff"),
    SPEAKER: ("#7f7f7f", "#ffffff"),
}
assert set(SPAN_TYPES) == set(LABELS) | {TURN_PREFIX + r for r in ROLES}
assert set(RELATION_TYPES) == set(RELATIONS) | {SPEAKER}


class DoccanoError(CovidbriefError):
    """Base class of the errors of the doccano annotation loop."""


class DoccanoRecordError(DoccanoError, RecordError):
    """Annotations pulled from doccano that break the spec; each problem names the
    document and the span (label, offsets, text) to fix in doccano."""

    def __init__(self, found: list[Problem], project: str | None = None):
        RecordError.__init__(self, found)
        shown = "\n  ".join(str(p) for p in found[:30])
        more = f"\n  ... and {len(found) - 30} more" if len(found) > 30 else ""
        where = f" of doccano project {project!r}" if project else " from doccano"
        self.args = (f"{len(found)} problem(s) in the annotations{where}; fix them in doccano and pull again "
                     f"(nothing was written):\n  {shown}{more}",)

    def __str__(self) -> str:
        return self.args[0]


class DoccanoConflictError(DoccanoError):
    """Documents changed both in the annotations file and in doccano since the push."""


# ---------------------------------------------------------------------------
# record -> doccano


def spec_record(record: dict[str, Any]) -> dict[str, Any]:
    """Only the spec fields of ``record`` (``extract()`` adds facts, officials, ...)."""
    out = {k: record[k] for k in record if k in SPEC_KEYS}
    for key, empty in (("meta", {}), ("entities", []), ("relations", []), ("turns", [])):
        out.setdefault(key, empty)
    return out


def _text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def record_to_example(record: dict[str, Any], source: str = "gold") -> dict[str, Any]:
    """One line of doccano's relation JSONL import for a spec record.

    ``source`` says where the annotations came from (``gold``, ``model``, ``none``)."""
    record = spec_record(record)
    text = record["text"]
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for ent in record["entities"]:
        spans.append({"id": ent["id"], "label": ent["label"], "start_offset": ent["start_offset"],
                      "end_offset": ent["end_offset"]})
    next_id = max([e["id"] for e in record["entities"] if isinstance(e.get("id"), int)] + [0]) + 1
    for rel in record["relations"]:
        relations.append({"id": rel["id"], "from_id": rel["from_id"], "to_id": rel["to_id"], "type": rel["type"]})
    next_rel = max([r["id"] for r in record["relations"] if isinstance(r.get("id"), int)] + [0]) + 1
    for turn in record["turns"]:
        turn_id = next_id
        next_id += 1
        spans.append({"id": turn_id, "label": TURN_PREFIX + turn["role"], "start_offset": turn["start_offset"],
                      "end_offset": turn["end_offset"]})
        if turn.get("speaker_id") is not None:
            relations.append({"id": next_rel, "from_id": turn_id, "to_id": turn["speaker_id"], "type": SPEAKER})
            next_rel += 1
    base = {k: v for k, v in record.items() if k != "text"}
    payload = {"format": FORMAT_VERSION, "source": source, "text_sha1": _text_digest(text),
               "keys": list(record), "record": base}
    return {"text": text, "entities": spans, "relations": relations, "doc_id": str(record["id"]),
            "covidbrief": json.dumps(payload, ensure_ascii=False)}


# ---------------------------------------------------------------------------
# doccano -> record


@dataclass
class PulledDoc:
    """One document read back from a doccano export."""

    record: dict[str, Any]
    base: dict[str, Any] | None  # the record as pushed (None: not pushed by covidbrief)
    source: str | None
    example_id: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.record.get("id"))


def _span_desc(text: str, span: dict[str, Any]) -> str:
    s, e = span.get("start_offset"), span.get("end_offset")
    snippet = text[s:e] if isinstance(s, int) and isinstance(e, int) else ""
    if len(snippet) > 30:
        snippet = snippet[:14] + "…" + snippet[-14:]
    return f"{span.get('label')} {s}-{e} {snippet!r}"


def _attributes(label: str, start: int, end: int, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    """value/unit/qualifier of a span whose gold attributes do not apply."""
    span = text[start:end]
    if label == "QUANTITY":
        from ..knowledge import quantities

        value, unit, qualifier = quantities.normalise(span)
        if value is None:
            return {}
        out: dict[str, Any] = {"value": value, "unit": unit}
        if qualifier:
            out["qualifier"] = qualifier
        return out
    if label == "DATE":
        from ..knowledge import dates

        ref = dates.document_date(text, (meta or {}).get("date"))
        ref_iso = ref.isoformat() if ref else None
        value = dates.normalise(span, text[max(0, start - DATE_CONTEXT):start], ref_iso)
        return {"value": value} if value is not None else {}
    return {}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sorted_by_offsets(entities: list[dict[str, Any]]) -> bool:
    keys = [(e.get("start_offset"), e.get("end_offset")) for e in entities]
    try:
        return keys == sorted(keys)
    except TypeError:
        return False


def _payload(example: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    raw = example.get("covidbrief")
    if raw in (None, ""):
        return None, []
    try:
        payload = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        return None, ["metadata 'covidbrief' is not valid JSON (edited by hand?); the pushed record cannot be restored"]
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION or not isinstance(payload.get("record"), dict):
        return None, [f"metadata 'covidbrief' has an unknown format {payload.get('format') if isinstance(payload, dict) else None!r}; "
                      f"upgrade covidbrief"]
    return payload, []


def example_to_record(example: dict[str, Any]) -> PulledDoc:
    """The spec record of one row of doccano's JSONL (relation) export."""
    text = example.get("text") if isinstance(example.get("text"), str) else example.get("data", "")
    payload, notes = _payload(example)
    base = payload["record"] if payload else None
    doc = str((base or {}).get("id") or example.get("doc_id") or f"doccano-{example.get('id')}")
    found: list[Problem] = [Problem(doc, "record", n) for n in notes]
    if payload and payload.get("text_sha1") != _text_digest(text):
        found.append(Problem(doc, "record", "the text differs from the text pushed; offsets cannot be trusted "
                                            "(delete the example in doccano and push the document again)"))
    if base is None:
        meta = {k: v for k, v in example.items()
                if k not in ("id", "text", "data", "entities", "relations", "Comments", "doc_id", "covidbrief")
                and v is not None}
        base = {"id": doc, "meta": meta, "entities": [], "relations": [], "turns": []}
        keys = list(SPEC_KEYS)
    else:
        keys = [k for k in payload.get("keys", SPEC_KEYS) if k in SPEC_KEYS] or list(SPEC_KEYS)
    meta = base.get("meta") or {}

    spans = [s for s in example.get("entities") or [] if isinstance(s, dict)]
    ent_spans, turn_spans = [], []
    for span in spans:
        label = span.get("label")
        if label in LABELS:
            ent_spans.append(span)
        elif isinstance(label, str) and label.startswith(TURN_PREFIX) and label[len(TURN_PREFIX):] in ROLES:
            turn_spans.append(span)
        else:
            found.append(Problem(doc, f"span {_span_desc(text, span)}",
                                 f"unknown label {label!r}; use one of {', '.join(SPAN_TYPES)}"))

    # --- entities: restore pushed ones, keep ids of relabelled/moved ones, number new ones
    base_ents = [e for e in base.get("entities", []) if isinstance(e, dict)]
    by_key = {}
    for ent in base_ents:
        by_key.setdefault((ent.get("label"), ent.get("start_offset"), ent.get("end_offset")), ent)
    used: set[int] = set()
    chosen: dict[Any, dict[str, Any]] = {}  # doccano span id -> entity
    pending = []
    for span in ent_spans:
        key = (span["label"], span["start_offset"], span["end_offset"])
        ent = by_key.get(key)
        if ent is not None and id(ent) not in used:
            used.add(id(ent))
            chosen[span["id"]] = dict(ent)
        else:
            pending.append(span)
    free = [e for e in base_ents if id(e) not in used]
    still = []
    for span in pending:  # relabelled in place
        same = [e for e in free if (e.get("start_offset"), e.get("end_offset")) == (span["start_offset"], span["end_offset"])]
        if len(same) == 1:
            free.remove(same[0])
            chosen[span["id"]] = {"id": same[0]["id"], "_changed": True}
        else:
            still.append(span)
    pending, still = still, []
    for span in pending:  # moved: same label, overlapping exactly one vanished span, and only this one
        here = (span["start_offset"], span["end_offset"])
        cands = [e for e in free if e.get("label") == span["label"]
                 and _overlaps(here, (e.get("start_offset", 0), e.get("end_offset", 0)))]
        rivals = [s for s in pending if s is not span and s["label"] == span["label"] and cands
                  and _overlaps((s["start_offset"], s["end_offset"]), (cands[0]["start_offset"], cands[0]["end_offset"]))]
        if len(cands) == 1 and not rivals:
            free.remove(cands[0])
            chosen[span["id"]] = {"id": cands[0]["id"], "_changed": True}
        else:
            still.append(span)
    next_id = max([e["id"] for e in base_ents if isinstance(e.get("id"), int)]
                  + [c["id"] for c in chosen.values() if isinstance(c.get("id"), int)] + [0]) + 1
    for span in sorted(still, key=lambda s: (s["start_offset"], s["end_offset"], s["label"])):
        chosen[span["id"]] = {"id": next_id, "_changed": True}
        next_id += 1
    entities = []
    for span in ent_spans:
        ent = chosen[span["id"]]
        if ent.pop("_changed", False):
            start, end = span["start_offset"], span["end_offset"]
            ent = {"id": ent["id"], "label": span["label"], "start_offset": start, "end_offset": end}
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                ent.update(_attributes(span["label"], start, end, text, meta))
            chosen[span["id"]] = ent
        entities.append(ent)
    if _sorted_by_offsets(base_ents):
        entities.sort(key=lambda e: (e["start_offset"], e["end_offset"], e["id"]))
    else:
        order = {e["id"]: n for n, e in enumerate(base_ents)}
        entities.sort(key=lambda e: (order.get(e["id"], len(order)), e["start_offset"], e["id"]))
    ent_of = {sid: ent for sid, ent in chosen.items()}
    turn_ids = {s["id"]: s for s in turn_spans}

    # --- relations and speakers
    base_rels = [r for r in base.get("relations", []) if isinstance(r, dict)]
    rel_by_key = {}
    for rel in base_rels:
        rel_by_key.setdefault((rel.get("type"), rel.get("from_id"), rel.get("to_id")), rel)
    next_rel = max([r["id"] for r in base_rels if isinstance(r.get("id"), int)] + [0]) + 1
    speakers: dict[Any, list[dict[str, Any]]] = {}
    kept: list[dict[str, Any]] = []
    new: list[tuple[tuple, dict[str, Any]]] = []
    for rel in example.get("relations") or []:
        kind, a, b = rel.get("type"), rel.get("from_id"), rel.get("to_id")
        if kind == SPEAKER:
            if a in turn_ids and b in ent_of:
                speakers.setdefault(a, []).append(ent_of[b])
            else:
                what = [_span_desc(text, s) for s in spans if s.get("id") in (a, b)]
                found.append(Problem(doc, f"relation SPEAKER {' -> '.join(what)}",
                                     "must go from a TURN:* span to the entity naming the speaker"))
            continue
        if kind not in RELATIONS:
            found.append(Problem(doc, f"relation {kind!r}", f"unknown relation type; use one of {', '.join(RELATION_TYPES)}"))
            continue
        if a not in ent_of or b not in ent_of:
            what = [_span_desc(text, s) for s in spans if s.get("id") in (a, b)]
            found.append(Problem(doc, f"relation {kind} {' -> '.join(what)}", "must join two entity spans, not a TURN span"))
            continue
        key = (kind, ent_of[a]["id"], ent_of[b]["id"])
        old = rel_by_key.get(key)
        if old is not None and id(old) not in used:
            used.add(id(old))
            kept.append(dict(old))
        else:
            new.append(((ent_of[a]["start_offset"], ent_of[b]["start_offset"], kind, key[1], key[2]), key))
    order = {id(r): n for n, r in enumerate(base_rels)}
    kept.sort(key=lambda r: order.get(id(rel_by_key.get((r["type"], r["from_id"], r["to_id"]))), 0))
    relations = kept
    for _, (kind, a, b) in sorted(new):
        relations.append({"id": next_rel, "from_id": a, "to_id": b, "type": kind})
        next_rel += 1

    # --- turns
    base_turns = {(t.get("start_offset"), t.get("end_offset"), t.get("role"), t.get("speaker_id")): t
                  for t in base.get("turns", []) if isinstance(t, dict)}
    turns = []
    for span in sorted(turn_spans, key=lambda s: (s["start_offset"], s["end_offset"])):
        named = speakers.get(span["id"], [])
        if len(named) > 1:
            found.append(Problem(doc, f"turn {_span_desc(text, span)}",
                                 f"has {len(named)} SPEAKER relations; keep one"))
        speaker = named[0]["id"] if named else None
        turn = {"start_offset": span["start_offset"], "end_offset": span["end_offset"],
                "role": span["label"][len(TURN_PREFIX):], "speaker_id": speaker}
        old = base_turns.get((turn["start_offset"], turn["end_offset"], turn["role"], turn["speaker_id"]))
        turns.append(dict(old) if old is not None else turn)

    values = {"id": doc, "text": text, "meta": base.get("meta", {}), "entities": entities,
              "relations": relations, "turns": turns}
    record = {k: values[k] for k in keys}
    for k in SPEC_KEYS:
        record.setdefault(k, values[k])
    pulled = PulledDoc(record=record, base=(dict(base, text=text) if payload else None),
                       source=(payload or {}).get("source"), example_id=example.get("id"), problems=found)
    pulled.problems += _described(record, problems(record), turn_spans, text)
    return pulled


def _described(record: dict[str, Any], found: list[Problem], turn_spans, text: str) -> list[Problem]:
    """Spec problems, with each entity and turn named by its label, offsets and text."""
    ents = {e.get("id"): e for e in record.get("entities", []) if isinstance(e, dict)}
    out = []
    for p in found:
        where = p.where
        if where.startswith("entity "):
            ent = ents.get(_int(where[7:]))
            if ent is not None:
                where = f"entity {ent.get('id')} ({_span_desc(text, ent)})"
        elif where.startswith("turn "):
            n = _int(where[5:])
            turns = record.get("turns", [])
            if n is not None and n < len(turns):
                t = turns[n]
                where = f"turn TURN:{t.get('role')} {t.get('start_offset')}-{t.get('end_offset')}"
        elif where.startswith("relation "):
            rel = next((r for r in record.get("relations", []) if str(r.get("id")) == where[9:]), None)
            if rel is not None:
                a, b = ents.get(rel.get("from_id"), {}), ents.get(rel.get("to_id"), {})
                where = f"relation {rel.get('type')} ({_span_desc(text, a)} -> {_span_desc(text, b)})"
        elif where.startswith("line "):
            n = _int(where[5:])
            bounds = line_bounds(text)
            if n is not None and 0 < n <= len(bounds):
                s, e = bounds[n - 1]
                snippet = text[s:e] if e - s <= 30 else text[s:s + 28] + "…"
                where = f"line {n} (offsets {s}-{e} {snippet!r})"
        out.append(Problem(p.doc, where, p.message))
    return out


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def examples_to_records(examples: Iterable[dict[str, Any]]) -> list[PulledDoc]:
    """Every row of an export as a :class:`PulledDoc`; two examples of one document is a problem."""
    pulled = [example_to_record(e) for e in examples]
    seen: dict[str, Any] = {}
    for doc in pulled:
        if doc.id in seen:
            doc.problems.append(Problem(doc.id, "record", f"is in the project twice (doccano examples {seen[doc.id]} "
                                                          f"and {doc.example_id}); delete one in doccano"))
        seen.setdefault(doc.id, doc.example_id)
    return pulled


def check_pulled(pulled: list[PulledDoc], project: str | None = None) -> None:
    """Raise :class:`DoccanoRecordError` listing every problem of ``pulled``."""
    found = [p for doc in pulled for p in doc.problems]
    if found:
        raise DoccanoRecordError(found, project)


# ---------------------------------------------------------------------------
# What changed, and merging into the annotations file


def _ent_desc(text: str, ent: dict[str, Any]) -> str:
    return f"{ent.get('id')} {_span_desc(text, ent)}"


def diff_records(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Human-readable changes from ``old`` to ``new`` (same document): text, meta,
    spans added/removed/moved/relabelled, values, relations and turns."""
    out: list[str] = []
    text = new.get("text", "")
    if old.get("text") != new.get("text"):
        out.append("text changed")
    if old.get("meta") != new.get("meta"):
        out.append("meta changed")
    old_e = {e["id"]: e for e in old.get("entities", [])}
    new_e = {e["id"]: e for e in new.get("entities", [])}
    for eid in sorted(set(old_e) | set(new_e), key=lambda i: (new_e.get(i) or old_e[i])["start_offset"]):
        a, b = old_e.get(eid), new_e.get(eid)
        if a is None:
            out.append(f"span added: {_ent_desc(text, b)}")
        elif b is None:
            out.append(f"span removed: {_ent_desc(old.get('text', ''), a)}")
        elif a != b:
            if (a["start_offset"], a["end_offset"]) != (b["start_offset"], b["end_offset"]):
                out.append(f"span moved: {_ent_desc(old.get('text', ''), a)} -> {b['start_offset']}-{b['end_offset']} "
                           f"{text[b['start_offset']:b['end_offset']]!r}")
            if a["label"] != b["label"]:
                out.append(f"span relabelled: {_ent_desc(text, b)} (was {a['label']})")
            attrs = ("value", "unit", "qualifier")
            if any(a.get(k) != b.get(k) for k in attrs):
                was = {k: a[k] for k in attrs if k in a}
                now = {k: b[k] for k in attrs if k in b}
                out.append(f"values of {eid} changed: {was} -> {now}")
    old_r = {(r["type"], r["from_id"], r["to_id"]) for r in old.get("relations", [])}
    new_r = {(r["type"], r["from_id"], r["to_id"]) for r in new.get("relations", [])}

    def rel(key, ents, txt):
        kind, a, b = key
        return f"{kind} {_ent_desc(txt, ents.get(a, {'id': a}))} -> {_ent_desc(txt, ents.get(b, {'id': b}))}"

    for key in sorted(new_r - old_r, key=str):
        out.append(f"relation added: {rel(key, new_e, text)}")
    for key in sorted(old_r - new_r, key=str):
        out.append(f"relation removed: {rel(key, old_e, old.get('text', ''))}")
    old_t = [(t["start_offset"], t["end_offset"], t["role"], t["speaker_id"]) for t in old.get("turns", [])]
    new_t = [(t["start_offset"], t["end_offset"], t["role"], t["speaker_id"]) for t in new.get("turns", [])]
    for t in new_t:
        if t not in old_t:
            out.append(f"turn added or changed: TURN:{t[2]} {t[0]}-{t[1]} speaker {t[3]}")
    for t in old_t:
        if t not in new_t:
            out.append(f"turn removed or changed: TURN:{t[2]} {t[0]}-{t[1]} speaker {t[3]}")
    if not out and old != new:
        out.append("order or format of fields changed")
    return out


@dataclass
class DocReport:
    """What a pull does to one document."""

    id: str
    status: str  # added | updated | unchanged | kept-local | conflict
    changes: list[str] = field(default_factory=list)  # vs. the file's version (vs. the pushed one for "added")
    local_changes: list[str] = field(default_factory=list)  # file vs. pushed, for kept-local and conflict

    def lines(self) -> list[str]:
        head = {
            "added": "new document",
            "updated": "updated from doccano",
            "unchanged": "unchanged",
            "kept-local": "kept the file's version (changed locally since the push, not in doccano)",
            "conflict": "CONFLICT: changed in the file since the push and in doccano",
        }[self.status]
        out = [f"{self.id}: {head}"]
        if self.status == "added" and self.changes:
            out[0] += " (edited in doccano since the push)"
        out += [f"  {c}" for c in self.changes]
        if self.local_changes:
            out += ["  in the file since the push:"] + [f"    {c}" for c in self.local_changes]
        return out


@dataclass
class MergeResult:
    records: list[dict[str, Any]]
    reports: list[DocReport]
    kept: list[str]  # documents of the file not in the project (left as they are)

    @property
    def changed(self) -> bool:
        return any(r.status in ("added", "updated") for r in self.reports)

    @property
    def conflicts(self) -> list[DocReport]:
        return [r for r in self.reports if r.status == "conflict"]

    def text(self) -> str:
        lines = [line for r in self.reports if r.status != "unchanged" for line in r.lines()]
        counts: dict[str, int] = {}
        for r in self.reports:
            counts[r.status] = counts.get(r.status, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no documents in the project"
        lines.append(f"{summary}; {len(self.kept)} document(s) of the file not in the project left as they are")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {"documents": [r.__dict__ for r in self.reports], "not_in_project": self.kept}


def merge(existing: list[dict[str, Any]], pulled: list[PulledDoc], prefer: str | None = None) -> MergeResult:
    """Merge pulled documents into the records of an annotations file.

    A document the file does not have is added. One the file has is replaced by
    doccano's version, unless the file changed it since the push (then the file's
    version stays when doccano has no edits, and it is a conflict when both
    changed: :class:`DoccanoConflictError` unless ``prefer`` is ``"doccano"`` or
    ``"local"``). Records of the file that are not in the project stay as they are.
    The file's order is kept; new documents go at the end.
    """
    if prefer not in (None, "doccano", "local"):
        raise ValueError("prefer must be None, 'doccano' or 'local'")
    out = [dict(r) for r in existing]
    index = {str(r.get("id")): n for n, r in enumerate(existing)}
    reports, seen = [], set()
    for doc in pulled:
        seen.add(doc.id)
        new = doc.record
        base = doc.base
        if doc.id not in index:
            reports.append(DocReport(doc.id, "added", diff_records(base, new) if base else []))
            index[doc.id] = len(out)
            out.append(new)
            continue
        n = index[doc.id]
        current = existing[n]
        if _same(current, new):
            reports.append(DocReport(doc.id, "unchanged"))
            continue
        local_edit = base is None or not _same(current, base)  # not pushed by covidbrief: never overwrite silently
        doccano_edit = base is None or not _same(new, base)
        if local_edit and not doccano_edit:
            reports.append(DocReport(doc.id, "kept-local", [], diff_records(base, current)))
            continue
        if local_edit and doccano_edit:
            report = DocReport(doc.id, "conflict", diff_records(current, new), diff_records(base, current) if base else
                               ["(not pushed by covidbrief: the document differs from the file's)"])
            if prefer == "local":
                report.status = "kept-local"
                reports.append(report)
                continue
            if prefer is None:
                reports.append(report)
                continue
        reports.append(DocReport(doc.id, "updated", diff_records(current, new)))
        out[n] = new
    result = MergeResult(out, reports, [str(r.get("id")) for r in existing if str(r.get("id")) not in seen])
    if result.conflicts:
        names = ", ".join(r.id for r in result.conflicts)
        details = "\n".join(line for r in result.conflicts for line in r.lines())
        raise DoccanoConflictError(
            f"{len(result.conflicts)} document(s) changed both in the annotations file and in doccano since the push "
            f"({names}); nothing was written. Pass --prefer doccano to take doccano's version (the file is backed up) "
            f"or --prefer local to keep the file's, or reconcile by hand:\n{details}")
    return result


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal as spec records (extra keys such as facts are not annotations)."""
    return all(a.get(k) == b.get(k) for k in SPEC_KEYS)


__all__ = [
    "DoccanoConflictError", "DoccanoError", "DoccanoRecordError", "DocReport", "FORMAT_VERSION", "MergeResult",
    "PulledDoc", "RELATION_TYPES", "SPAN_TYPES", "SPEAKER", "TURN_PREFIX", "check_pulled", "diff_records",
    "example_to_record", "examples_to_records", "merge", "record_to_example", "spec_record",
]
