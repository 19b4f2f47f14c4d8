"""Turning a pipeline's output into spec records for scoring."""

from __future__ import annotations

from typing import Any

from spacy.language import Language


def predict_record(nlp: Language, record: dict[str, Any]) -> dict[str, Any]:
    """The record ``nlp`` predicts for ``record``'s (clean) text."""
    from ..corpus.docs import doc_to_record

    doc = nlp(record["text"])
    out = doc_to_record(doc)
    out["id"] = record.get("id")
    return out
