"""``extract()``: one document in, one spec record (section 5) out.

Cleaning happens inside; everything in the record is in offsets of the text as
given. Components added by later releases fill ``entities``, ``relations`` and
``turns``; today the record carries the text, its metadata and the cleaning
report.
"""

from __future__ import annotations

from typing import Any

from .cleaning import clean


def extract(text: str | bytes, id: str | None = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record of one document; bytes are decoded first (UTF-8, GB18030, Big5)."""
    cleaned = clean(text)
    return {
        "id": id,
        "text": cleaned.raw,
        "meta": dict(meta or {}),
        "entities": [],
        "relations": [],
        "turns": [],
        "cleaning": {
            "encoding": cleaned.encoding,
            "removed": [
                {"start_offset": r.start, "end_offset": r.end, "reason": r.reason, "replacement": r.replacement}
                for r in cleaned.removed
            ],
        },
    }
