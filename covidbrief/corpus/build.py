"""Assembling ``annotations/seeds.jsonl`` from the per-document work files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .validate import validate

ENTITY_KEY_ORDER = ("id", "label", "start_offset", "end_offset", "value", "unit", "qualifier")


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with entities in text order, relations by id and turns in text
    order, and keys in a fixed order, so files diff cleanly."""
    entities = [
        {k: e[k] for k in ENTITY_KEY_ORDER if k in e}
        for e in sorted(record.get("entities", []), key=lambda e: (e["start_offset"], e["end_offset"]))
    ]
    return {
        "id": record["id"],
        "text": record["text"],
        "meta": record.get("meta") or {},
        "entities": entities,
        "relations": sorted(record.get("relations", []), key=lambda r: r.get("id", 0)),
        "turns": sorted(record.get("turns", []), key=lambda t: t["start_offset"]),
    }


def merge_work_files(work_dir: str | Path, ids: list[str]) -> list[dict[str, Any]]:
    """Validated, normalised records of ``<work_dir>/<id>.json`` in ``ids`` order."""
    records = [normalise(json.loads((Path(work_dir) / f"{i}.json").read_text(encoding="utf-8"))) for i in ids]
    validate(records)
    return records
