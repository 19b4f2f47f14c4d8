"""``covidbrief_relations``: MEASURES, TIME, LOCATION, PART_OF, HAS_TITLE, AFFILIATION.

Rules and per-type logistic-regression pair classifiers. ``mode="combined"``:
the classifier (with the rules as a feature) decides the types where it measured
better than the rules (``CLASSIFIER_TYPES``: TIME, AFFILIATION), the rules decide
the others; ``"rules"`` and ``"classifier"`` use one source for every type. Relations go to ``doc._.relations`` by entity id; the
fitted classifiers are saved with the pipeline as JSON.
"""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.docs import doc_text, ensure_entity_ids, register_extensions
from ..errors import CovidbriefError
from ..relations.candidates import Ent
from ..relations.extract import MODES, RelationExtractor
from .state import JsonState


class RelationsConfigError(CovidbriefError, ValueError):
    """A relations setting that is not allowed."""


def doc_ents(doc: Doc) -> list[Ent]:
    """The entities of ``doc`` with their ids (given ids where missing)."""
    ids = ensure_entity_ids(doc)
    return [Ent(e.start_char, e.end_char, e.label_, ids[(e.start_char, e.end_char)]) for e in doc.ents]


class Relations(JsonState):
    """Extract relations (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, mode: str):
        if mode not in MODES:
            raise RelationsConfigError(f"{name}: mode must be one of {MODES}, not {mode!r}")
        self.name, self.mode = name, mode
        self.state_file = "relations.json"
        self.extractor = RelationExtractor()
        register_extensions()

    def fit(self, docs_and_records: Iterable[tuple[Doc, dict[str, Any]]], seed: int = 0) -> None:
        """Fit on gold relations mapped onto the entities predicted in ``docs`` (exact spans)."""
        data = []
        for doc, record in docs_and_records:
            ents = doc_ents(doc)
            by_span = {(e.start, e.end, e.label): e.id for e in ents}
            gold_ents = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]}
            gold = set()
            for r in record.get("relations", []):
                a, b = by_span.get(gold_ents.get(r["from_id"])), by_span.get(gold_ents.get(r["to_id"]))
                if a is not None and b is not None:
                    gold.add((r["type"], a, b))
            data.append((doc_text(doc), ents, gold))
        self.extractor.fit(data, seed=seed)

    def __call__(self, doc: Doc) -> Doc:
        found = self.extractor.predict(doc_text(doc), doc_ents(doc), self.mode)
        doc._.relations = [{"id": i, "from_id": a, "to_id": b, "type": kind}
                           for i, (kind, a, b) in enumerate(sorted(found, key=lambda r: (r[1], r[0], r[2])), 1)]
        return doc

    def get_state(self) -> dict[str, Any]:
        return {"mode": self.mode, "models": self.extractor.state}

    def set_state(self, state: dict[str, Any]) -> None:
        self.extractor = RelationExtractor(state["models"])


@Language.factory("covidbrief_relations", default_config={"mode": "combined"})
def make_relations(nlp: Language, name: str, mode: str) -> Relations:
    """Factory of :class:`Relations`."""
    return Relations(nlp, name, mode)
