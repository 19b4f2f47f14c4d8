"""``extract()``: one document in, one spec record (section 5) out.

Cleaning happens inside; every offset in the record points into the text as
given (``record["text"]``), whatever was normalised or cut on the way.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from .cleaning import CleanText, clean
from .corpus.docs import doc_to_record, register_extensions
from .facts import facts


def _to_raw(cleaned: CleanText, record: dict[str, Any]) -> None:
    """Map every offset of ``record`` from the clean text to the text as given."""
    mentions = [m for o in record.get("officials", []) for m in o["mentions"]]
    for item in record["entities"] + record["turns"] + record.get("facts", []) + mentions:
        start, end = cleaned.to_raw(item["start_offset"], item["end_offset"])
        item["start_offset"], item["end_offset"] = int(start), int(end)


def extract(
    text: str | bytes,
    id: str | None = None,
    meta: dict[str, Any] | None = None,
    nlp: Language | None = None,
) -> dict[str, Any]:
    """Record of one document (raw or clean; bytes are decoded first: UTF-8,
    GB18030, Big5). ``nlp`` defaults to the shipped pipeline (:func:`covidbrief.load`)."""
    from .pipeline import cached

    register_extensions()
    cleaned = clean(text)
    nlp = nlp or cached()
    doc = nlp.make_doc(cleaned.text)
    doc._.meta = dict(meta or {})
    doc._.doc_id = id
    doc = nlp(doc)
    record = doc_to_record(doc)
    record["facts"] = facts(record)  # sentences quoted from the clean text
    _to_raw(cleaned, record)
    record.update(id=id, text=cleaned.raw, meta=dict(meta or {}))
    record["cleaning"] = {
        "encoding": cleaned.encoding,
        "removed": [
            {"start_offset": r.start, "end_offset": r.end, "reason": r.reason, "replacement": r.replacement}
            for r in cleaned.removed
        ],
    }
    return record
