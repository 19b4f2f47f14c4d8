"""Training Docs: gold records cut into lines, and mapped public NER data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.schema import line_bounds

NER_LABELS = ("OFFICIAL", "PERSON", "TITLE", "AGENCY", "ORG", "MEDIA", "PLACE", "DATE", "QUANTITY", "METRIC")

# CLUENER2020 label -> ours (None: the type has no counterpart; its tokens stay unlabelled, not "O")
CLUENER_MAP: dict[str, str | None] = {
    "government": "AGENCY",
    "position": "TITLE",
    "name": "PERSON",  # refined to OFFICIAL when a position is next to it, see cluener_docs
    "company": "ORG",
    "organization": "ORG",
    "address": None,  # streets and buildings too: not our PLACE
    "book": None, "game": None, "movie": None, "scene": None,
}


def line_docs(records: Iterable[dict[str, Any]], nlp: Language, labels: Iterable[str] = NER_LABELS) -> Iterator[Doc]:
    """One Doc per non-empty line of each record, with its gold entities of ``labels``."""
    keep = set(labels)
    for record in records:
        text = record["text"]
        ents = sorted((e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"] if e["label"] in keep)
        for start, end in line_bounds(text):
            if start == end:
                continue
            doc = nlp.make_doc(text[start:end])
            spans = [doc.char_span(s - start, e - start, label=lab) for s, e, lab in ents if start <= s and e <= end]
            doc.ents = [s for s in spans if s is not None]
            yield doc


def cluener_docs(path: str | Path, nlp: Language, limit: int | None = None) -> Iterator[Doc]:
    """CLUENER2020 sentences as Docs with our labels. A ``name`` right before or
    after a ``position`` becomes OFFICIAL, other names PERSON. Tokens of unmapped
    types (address, book, ...) and digits are marked missing rather than "O",
    because CLUENER does not annotate our PLACE, DATE, QUANTITY or METRIC."""
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                break
            item = json.loads(line)
            text = item["text"]
            spans: list[tuple[int, int, str | None]] = []
            for kind, mentions in item.get("label", {}).items():
                for positions in mentions.values():
                    for s, e in positions:
                        spans.append((s, e + 1, CLUENER_MAP.get(kind)))
            positions_at = {(s, e) for s, e, lab in spans if lab == "TITLE"}
            doc = nlp.make_doc(text)
            ents, missing = [], set()
            for s, e, lab in spans:
                span = doc.char_span(s, e)
                if span is None:
                    continue
                if lab is None:
                    missing.update(range(span.start, span.end))
                    continue
                if lab == "PERSON" and any(pe == s or ps == e for ps, pe in positions_at):
                    lab = "OFFICIAL"
                ents.append(doc.char_span(s, e, label=lab))
            missing.update(t.i for t in doc if t.like_num or t.is_digit)
            ents = _drop_overlaps(ents)
            covered = {i for sp in ents for i in range(sp.start, sp.end)}
            doc.set_ents(ents, missing=[doc[i:i + 1] for i in sorted(missing - covered)], default="outside")
            yield doc


def _drop_overlaps(spans):
    out, last = [], -1
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if span.start >= last:
            out.append(span)
            last = span.end
    return out
