"""The annotation contract (ANNOTATION_SPEC.md v1) as data: labels, relations, roles."""

from __future__ import annotations

LABELS: tuple[str, ...] = (
    "OFFICIAL", "PERSON", "TITLE", "AGENCY", "ORG", "MEDIA", "PLACE", "DATE", "QUANTITY", "METRIC",
)

# relation type -> (labels allowed at the "from" end, labels allowed at the "to" end)
RELATIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "MEASURES": (frozenset({"QUANTITY"}), frozenset({"METRIC"})),
    "TIME": (frozenset({"QUANTITY"}), frozenset({"DATE"})),
    "LOCATION": (frozenset({"QUANTITY"}), frozenset({"PLACE"})),
    "PART_OF": (frozenset({"QUANTITY"}), frozenset({"QUANTITY"})),
    "HAS_TITLE": (frozenset({"OFFICIAL"}), frozenset({"TITLE"})),
    "AFFILIATION": (frozenset({"OFFICIAL"}), frozenset({"AGENCY", "PLACE"})),
}

ROLES: tuple[str, ...] = ("HOST", "OFFICIAL", "REPORTER", "NARRATION")

SPEAKER_LABELS: frozenset[str] = frozenset({"OFFICIAL", "PERSON", "MEDIA", "AGENCY"})

# extra entity fields the corpus may carry, and their JSON types
ENTITY_FIELDS = {"id", "label", "start_offset", "end_offset", "value", "unit", "qualifier"}


def line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, end exclusive and before the newline."""
    bounds, start = [], 0
    for line in text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds
