"""Official profiles (each official once: mentions, titles, affiliations, turns) and
question-answer pairs, computed from a record."""

from __future__ import annotations

from typing import Any

from .agencies import full_name, place_at_level


def document_place(record: dict[str, Any]) -> str | None:
    """The document's own city when the metadata names none: the prefecture-level
    place its PLACE entities name most often (the first of equals), e.g. 成都市 for a
    briefing whose title and lead name 成都市 and whose body names its districts."""
    from collections import Counter

    text = record["text"]
    found = [place_at_level(text[e["start_offset"]:e["end_offset"]], "prefecture")
             for e in sorted(record.get("entities", []), key=lambda x: x["start_offset"]) if e["label"] == "PLACE"]
    counts = Counter(p for p in found if p)
    return max(counts, key=lambda p: (counts[p], -found.index(p))) if counts else None


def officials(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One profile per official name, in order of first mention."""
    text = record["text"]
    ents = {e["id"]: e for e in record.get("entities", [])}
    name = lambda e: text[e["start_offset"]:e["end_offset"]]  # noqa: E731
    place = (record.get("meta") or {}).get("place") or document_place(record)
    out: dict[str, dict[str, Any]] = {}
    for e in sorted(ents.values(), key=lambda x: x["start_offset"]):
        if e["label"] != "OFFICIAL":
            continue
        profile = out.setdefault(name(e), {"name": name(e), "mentions": [], "titles": [], "affiliations": [], "turns": []})
        profile["mentions"].append({"entity_id": e["id"], "start_offset": e["start_offset"], "end_offset": e["end_offset"]})
    for r in record.get("relations", []):
        source, target = ents.get(r["from_id"]), ents.get(r["to_id"])
        if source is None or target is None or source["label"] != "OFFICIAL":
            continue
        profile = out[name(source)]
        if r["type"] == "HAS_TITLE" and name(target) not in profile["titles"]:
            profile["titles"].append(name(target))
        elif r["type"] == "AFFILIATION" and name(target) not in [a["name"] for a in profile["affiliations"]]:
            profile["affiliations"].append({"name": name(target), "label": target["label"],
                                            "full_name": full_name(name(target), place) or name(target)})
    for i, turn in enumerate(record.get("turns", [])):
        speaker = ents.get(turn.get("speaker_id"))
        if speaker is not None and name(speaker) in out:
            out[name(speaker)]["turns"].append(i)
    return list(out.values())


def qa_pairs(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each REPORTER turn with the OFFICIAL/HOST turns that answer it (until the next question
    or narration)."""
    turns = record.get("turns", [])
    pairs = []
    for i, turn in enumerate(turns):
        if turn["role"] != "REPORTER":
            continue
        answers = []
        for j in range(i + 1, len(turns)):
            if turns[j]["role"] not in ("OFFICIAL", "HOST"):
                break
            answers.append(j)
        pairs.append({"question_turn": i, "answer_turns": answers})
    return pairs
