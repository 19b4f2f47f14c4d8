"""Peer recognisers that run offline here, as spec records for side-by-side scoring."""

from __future__ import annotations

from typing import Any

# jieba.posseg tags -> our labels. nr (person) is scored as OFFICIAL, the label the
# headline criterion counts; its PERSON/OFFICIAL split is not jieba's job.
JIEBA_MAP = {"nr": "OFFICIAL", "ns": "PLACE", "nt": "AGENCY"}


def jieba_record(record: dict[str, Any]) -> dict[str, Any]:
    """Entities jieba.posseg (0.42.1) finds in ``record``'s text."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    entities, offset = [], 0
    for pair in pseg.cut(record["text"], HMM=True):
        word, flag = pair.word, pair.flag
        start = record["text"].index(word, offset) if word else offset
        label = JIEBA_MAP.get(flag)
        if label is not None and word.strip():
            entities.append({"id": len(entities) + 1, "label": label, "start_offset": start,
                             "end_offset": start + len(word)})
        offset = start + len(word)
    return {"id": record.get("id"), "text": record["text"], "entities": entities}
