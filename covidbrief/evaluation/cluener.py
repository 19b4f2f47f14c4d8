"""Scoring on CLUENER2020 dev for the labels that map onto ours.

government -> AGENCY, position -> TITLE, name -> NAME (our OFFICIAL or PERSON,
merged, since CLUENER does not tell officials from other people). CLUENER's
other types have no counterpart and are ignored on both sides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language

from .scoring import PRF, Scores

MAP = {"government": "AGENCY", "position": "TITLE", "name": "NAME"}
OURS = {"AGENCY": "AGENCY", "TITLE": "TITLE", "OFFICIAL": "NAME", "PERSON": "NAME"}
ENTITY_PIPES = ("covidbrief_knowledge", "tok2vec", "ner", "covidbrief_entity_rules")


def score_cluener(nlp: Language, path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Per-label and micro P/R/F1 of ``nlp`` on CLUENER dev (exact spans)."""
    items = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    items = items[:limit] if limit else items
    scores = Scores()
    keep = [p for p in ENTITY_PIPES if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        docs = nlp.pipe((item["text"] for item in items), batch_size=64)
        for item, doc in zip(items, docs):
            gold = {(s, e + 1, MAP[kind]) for kind, mentions in item.get("label", {}).items() if kind in MAP
                    for spans in mentions.values() for s, e in spans}
            pred = {(e.start_char, e.end_char, OURS[e.label_]) for e in doc.ents if e.label_ in OURS}
            for label in set(MAP.values()):
                g = {x for x in gold if x[2] == label}
                p = {x for x in pred if x[2] == label}
                scores.get(label).add(PRF(len(g & p), len(p - g), len(g - p)))
    return {"sentences": len(items), "micro": scores.micro().as_dict(), "per_label": scores.as_dict(),
            "published_overall_f1_all_ten_labels": {"BiLSTM-CRF": 70.0, "BERT-base": 79.0},
            "note": "published figures cover all ten CLUENER labels; ours cover three mapped ones"}
