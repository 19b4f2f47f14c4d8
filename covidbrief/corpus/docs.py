"""Records <-> spaCy Docs and DocBin files, without loss.

Entities become ``doc.ents``; everything else the record holds lives in
msgpack-safe Doc extensions (plain dicts, lists, strings and numbers), so a
``DocBin(store_user_data=True)`` carries it:

- ``doc._.doc_id``: the record id; ``doc._.meta``: its metadata;
- ``doc._.entity_attrs``: ``{"start:end": {"id": .., "value": .., "unit": .., ...}}``;
- ``doc._.relations``: ``[{"id", "from_id", "to_id", "type"}]`` by entity id;
- ``doc._.turns``: ``[{"start_offset", "end_offset", "role", "speaker_id"}]``;
- ``doc._.officials`` and ``doc._.qa_pairs`` (predictions only): official
  profiles and question-answer pairs (see :mod:`covidbrief.speakers.profiles`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from ..errors import CovidbriefError
from ..io import write_atomic

_TEXTS: "WeakKeyDictionary[Doc, tuple[tuple[int, int], str]]" = WeakKeyDictionary()

EXTENSIONS: dict[str, Any] = {
    "doc_id": None,
    "meta": None,
    "entity_attrs": None,
    "relations": None,
    "turns": None,
    "officials": None,
    "qa_pairs": None,
}

_RECORD_KEYS = ("id", "label", "start_offset", "end_offset")


class AlignmentError(CovidbriefError, ValueError):
    """An entity whose offsets do not fall on token boundaries."""


def register_extensions() -> None:
    """Register the Doc extensions (idempotent)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def span_key(start: int, end: int) -> str:
    """Key of a character span in ``doc._.entity_attrs``."""
    return f"{start}:{end}"


def record_to_doc(record: dict[str, Any], nlp: Language | None = None) -> Doc:
    """A Doc of ``record``'s text (tokenised by ``nlp``, one token per character
    by default) holding its entities, relations, turns and metadata."""
    register_extensions()
    if nlp is None:
        nlp = _char_nlp()
    doc = nlp.make_doc(record["text"])
    spans, attrs = [], {}
    for ent in record.get("entities", []):
        start, end = ent["start_offset"], ent["end_offset"]
        span = doc.char_span(start, end, label=ent["label"])
        if span is None:
            raise AlignmentError(
                f"{record.get('id')}: entity {ent.get('id')} ({record['text'][start:end]!r}, {start}-{end}) "
                f"does not fall on token boundaries; use one-token-per-character tokenisation"
            )
        spans.append(span)
        attrs[span_key(start, end)] = {k: v for k, v in ent.items() if k not in _RECORD_KEYS[1:]}
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc._.doc_id = record.get("id")
    doc._.meta = dict(record.get("meta") or {})
    doc._.entity_attrs = attrs
    doc._.relations = [dict(r) for r in record.get("relations", [])]
    doc._.turns = [dict(t) for t in record.get("turns", [])]
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per document: spaCy rebuilds it from every token on
    each access, which with one token per character dominated the pipeline's time.
    Kept beside the Doc (weakly: it goes with the Doc), never in its ``user_data``,
    and checked against the token count and last offset before it is reused."""
    key = (len(doc), doc[-1].idx if len(doc) else 0)
    cached = _TEXTS.get(doc)
    if cached is None or cached[0] != key:
        cached = _TEXTS[doc] = (key, doc.text)
    return cached[1]


def doc_to_record(doc: Doc) -> dict[str, Any]:
    """The spec record of ``doc``: entities from ``doc.ents`` (ids and values from
    ``doc._.entity_attrs``; ids numbered after the largest known id when missing)."""
    register_extensions()
    attrs = doc._.entity_attrs or {}
    known = [a["id"] for a in attrs.values() if isinstance(a.get("id"), int)]
    next_id = max(known, default=0) + 1
    entities = []
    for span in doc.ents:
        extra = dict(attrs.get(span_key(span.start_char, span.end_char), {}))
        eid = extra.pop("id", None)
        if eid is None:
            eid, next_id = next_id, next_id + 1
        entities.append({"id": eid, "label": span.label_, "start_offset": span.start_char,
                         "end_offset": span.end_char, **extra})
    return {
        "id": doc._.doc_id,
        "text": doc_text(doc),
        "meta": dict(doc._.meta or {}),
        "entities": entities,
        "relations": [dict(r) for r in doc._.relations or []],
        "turns": [dict(t) for t in doc._.turns or []],
        **({"officials": doc._.officials} if doc._.officials is not None else {}),
        **({"qa_pairs": doc._.qa_pairs} if doc._.qa_pairs is not None else {}),
    }


def records_to_docbin(records: Iterable[dict[str, Any]], nlp: Language | None = None) -> DocBin:
    """A DocBin (user data kept) of ``records``."""
    docbin = DocBin(store_user_data=True)
    for record in records:
        docbin.add(record_to_doc(record, nlp))
    return docbin


def write_docbin(path: str | Path, records: Iterable[dict[str, Any]], nlp: Language | None = None) -> None:
    """Write ``records`` as a ``.spacy`` file, atomically."""
    write_atomic(path, records_to_docbin(records, nlp).to_bytes())


def read_docbin(path: str | Path, vocab: Vocab | None = None) -> list[Doc]:
    """Docs of a ``.spacy`` file written by :func:`write_docbin`."""
    register_extensions()
    docbin = DocBin(store_user_data=True).from_bytes(Path(path).read_bytes())
    return list(docbin.get_docs(vocab or _char_nlp().vocab))


_CHAR_NLP: Language | None = None


def _char_nlp() -> Language:
    """A blank Chinese pipeline with one token per character (cached)."""
    global _CHAR_NLP
    if _CHAR_NLP is None:
        import spacy

        _CHAR_NLP = spacy.blank("zh")
    return _CHAR_NLP


def ensure_entity_ids(doc: Doc) -> dict[tuple[int, int], int]:
    """Give every entity of ``doc`` an id in ``doc._.entity_attrs`` (kept when it has
    one, else numbered after the largest); returns (start_char, end_char) -> id."""
    register_extensions()
    attrs = dict(doc._.entity_attrs or {})
    known = [a["id"] for a in attrs.values() if isinstance(a.get("id"), int)]
    next_id = max(known, default=0) + 1
    ids = {}
    for span in doc.ents:
        key = span_key(span.start_char, span.end_char)
        entry = dict(attrs.get(key, {}))
        if not isinstance(entry.get("id"), int):
            entry["id"], next_id = next_id, next_id + 1
        attrs[key] = entry
        ids[(span.start_char, span.end_char)] = entry["id"]
    doc._.entity_attrs = attrs
    return ids
