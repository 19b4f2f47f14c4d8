"""Facts: one flat row per amount (value, unit, metric, date, place, parent amount, sentence)."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from .relations.candidates import sentence_bounds

COLUMNS = ("doc_id", "amount", "value", "unit", "qualifier", "metric", "date", "date_value", "place",
           "parent_amount", "sentence", "start_offset", "end_offset")


def facts(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of one record (offsets as in the record)."""
    text = record["text"]
    ents = {e["id"]: e for e in record.get("entities", [])}
    span = lambda e: text[e["start_offset"]:e["end_offset"]] if e else ""  # noqa: E731
    links: dict[tuple[int, str], int] = {}
    for r in record.get("relations", []):
        links.setdefault((r["from_id"], r["type"]), r["to_id"])
    sentences = sentence_bounds(text)
    rows = []
    for e in sorted(ents.values(), key=lambda x: x["start_offset"]):
        if e["label"] != "QUANTITY":
            continue
        parent = ents.get(links.get((e["id"], "PART_OF")))
        metric = ents.get(links.get((e["id"], "MEASURES")))
        if metric is None and parent is not None:
            metric = ents.get(links.get((parent["id"], "MEASURES")))
        date = ents.get(links.get((e["id"], "TIME")))
        place = ents.get(links.get((e["id"], "LOCATION")))
        a, b = next(((a, b) for a, b in sentences if a <= e["start_offset"] < b), (0, len(text)))
        rows.append({
            "doc_id": record.get("id"), "amount": span(e), "value": e.get("value"), "unit": e.get("unit", ""),
            "qualifier": e.get("qualifier") or "", "metric": span(metric), "date": span(date),
            "date_value": (date or {}).get("value", ""), "place": span(place), "parent_amount": span(parent),
            "sentence": text[a:b].strip(), "start_offset": e["start_offset"], "end_offset": e["end_offset"],
        })
    return rows


def facts_csv(rows: Iterable[dict[str, Any]]) -> str:
    """CSV text (UTF-8 with BOM, so spreadsheets open the Chinese correctly)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in COLUMNS})
    return "\ufeff" + buffer.getvalue()
