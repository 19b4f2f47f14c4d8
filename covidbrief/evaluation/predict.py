"""Turning a pipeline's output into spec records for scoring."""

from __future__ import annotations

from typing import Any

from spacy.language import Language


def predict_record(nlp: Language, record: dict[str, Any]) -> dict[str, Any]:
    """The record ``nlp`` predicts for ``record``'s (clean) text, with its metadata
    (the document's date resolves relative dates, its place agency short forms)."""
    from ..corpus.docs import doc_to_record, register_extensions

    register_extensions()
    doc = nlp.make_doc(record["text"])
    doc._.meta = dict(record.get("meta") or {})
    doc = nlp(doc)
    out = doc_to_record(doc)
    out["id"] = record.get("id")
    return out
