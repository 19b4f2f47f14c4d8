"""``covidbrief_turns``: speaker turns of whole lines with roles and speakers.

Line cues (rules) and a logistic-regression line classifier, combined
(``mode="combined"``: the cues decide where they fire; on lines without a cue
the classifier may open a turn: an unmarked answer after a question, or a
narration line it is sure of) or alone (``"rules"``, ``"classifier"``). Turns go to the
span group ``doc.spans["turns"]`` (label = role) and to ``doc._.turns`` in the
record format (``speaker_id`` = the speaker entity's id). The fitted classifier
is saved with the pipeline as JSON.
"""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.docs import doc_text, ensure_entity_ids, register_extensions
from ..errors import CovidbriefError
from ..speakers.classifier import RoleClassifier
from ..speakers.cues import Span
from ..speakers.segment import MODES, segment, training_rows
from .state import JsonState


class TurnsConfigError(CovidbriefError, ValueError):
    """A turns setting that is not allowed."""


def doc_spans(doc: Doc) -> list[Span]:
    """The entities of ``doc`` as cue spans keyed by (start_char, end_char)."""
    return [Span(e.start_char, e.end_char, e.label_, (e.start_char, e.end_char)) for e in doc.ents]


class Turns(JsonState):
    """Split a doc into turns (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, mode: str):
        if mode not in MODES:
            raise TurnsConfigError(f"{name}: mode must be one of {MODES}, not {mode!r}")
        self.name, self.mode = name, mode
        self.state_file = "turns.json"
        self.classifier = RoleClassifier()
        register_extensions()

    def fit(self, docs_and_records: Iterable[tuple[Doc, dict[str, Any]]], seed: int = 0) -> None:
        """Fit the line classifier on gold turns, with the entities predicted on ``docs``."""
        from ..evaluation.scoring import _line_labels

        rows, roles = [], []
        for doc, record in docs_and_records:
            line_roles = [role or "NARRATION" for role, _ in _line_labels(record)]
            rows += training_rows(doc_text(doc), doc_spans(doc), line_roles)
            roles += line_roles
        if len(set(roles)) > 1:
            self.classifier.fit(rows, roles, seed=seed)

    def __call__(self, doc: Doc) -> Doc:
        ids = ensure_entity_ids(doc)
        turns = segment(doc_text(doc), doc_spans(doc), self.classifier, self.mode)
        group = []
        records = []
        for t in turns:
            span = doc.char_span(t.start, t.end, label=t.role, alignment_mode="expand")
            if span is not None:
                group.append(span)
            records.append({"start_offset": t.start, "end_offset": t.end, "role": t.role,
                            "speaker_id": ids.get(t.speaker.key) if t.speaker else None})
        doc.spans["turns"] = group
        doc._.turns = records
        return doc

    def get_state(self) -> dict[str, Any]:
        return {"mode": self.mode, "classifier": self.classifier.state}

    def set_state(self, state: dict[str, Any]) -> None:
        self.classifier = RoleClassifier(state["classifier"])


@Language.factory("covidbrief_turns", default_config={"mode": "combined"})
def make_turns(nlp: Language, name: str, mode: str) -> Turns:
    """Factory of :class:`Turns`."""
    return Turns(nlp, name, mode)
