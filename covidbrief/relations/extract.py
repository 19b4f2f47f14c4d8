"""Relations of a document: rules, a pair classifier per type, or both combined."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..linear import LinearModel
from .candidates import PAIRS, Ent, Index, candidates, features
from .rules import rule_pairs

MODES = ("rules", "classifier", "combined")
SINGLE_TARGET = {"MEASURES", "TIME", "LOCATION", "PART_OF"}
THRESHOLD = 0.5


# Types the classifier decides in "combined" mode; the rules decide the others.
# Chosen by leave-one-document-out evaluation (reports/evaluation.json): the
# classifier (with the rules as a feature) beats the rules on TIME only (0.91 vs
# 0.88 F1); on AFFILIATION the rules are exact (31 of 31, the classifier adds a
# false link across a clause), and with 17 PART_OF and 41 LOCATION examples it
# falls well below them.
CLASSIFIER_TYPES = ("TIME",)


class RelationExtractor:
    """Pair classifiers (one per relation type) with the rules as an optional feature."""

    classifier_types: tuple[str, ...] = CLASSIFIER_TYPES

    def __init__(self, state: dict[str, Any] | None = None):
        state = state or {}
        self.models = {kind: {m: LinearModel(state.get(kind, {}).get(m)) for m in ("classifier", "combined")}
                       for kind in PAIRS}

    @property
    def state(self) -> dict[str, Any]:
        return {kind: {m: model.state for m, model in by_mode.items()} for kind, by_mode in self.models.items()}

    def _rows(self, text: str, index: Index, kind: str, rules: set, with_rules: bool):
        pairs = candidates(text, index.ents, kind, index)
        rows = []
        for a, b in pairs:
            f = features(text, index, a, b, kind)
            if with_rules:
                f["rule"] = float((kind, a.id, b.id) in rules)
            rows.append(f)
        return pairs, rows

    def fit(self, documents: Iterable[tuple[str, Sequence[Ent], set[tuple[str, int, int]]]], seed: int = 0) -> None:
        """Fit on (text, predicted entities, gold relations as (type, from id, to id))."""
        data = list(documents)
        for kind in PAIRS:
            for mode in ("classifier", "combined"):
                rows, labels = [], []
                for text, ents, gold in data:
                    index = Index(text, ents)
                    pairs, r = self._rows(text, index, kind, rule_pairs(text, ents, index), mode == "combined")
                    rows += r
                    labels += ["yes" if (kind, a.id, b.id) in gold else "no" for a, b in pairs]
                if len(set(labels)) == 2:
                    self.models[kind][mode].fit(rows, labels, seed=seed)

    def predict(self, text: str, ents: Sequence[Ent], mode: str = "combined") -> set[tuple[str, int, int]]:
        """(type, from id, to id) of the relations in one document."""
        index = Index(text, ents)
        rules = rule_pairs(text, ents, index)
        if mode == "rules":
            return rules
        out: set[tuple[str, int, int]] = set()
        for kind in PAIRS:
            model = self.models[kind][mode]
            if not model.fitted or (mode == "combined" and kind not in self.classifier_types):
                out |= {r for r in rules if r[0] == kind}
                continue
            pairs, rows = self._rows(text, index, kind, rules, mode == "combined")
            best: dict[int, tuple[float, int]] = {}
            for (a, b), row in zip(pairs, rows):
                p = model.predict_proba(row).get("yes", 0.0)
                if p < THRESHOLD:
                    continue
                if kind in SINGLE_TARGET:
                    if a.id not in best or p > best[a.id][0]:
                        best[a.id] = (p, b.id)
                else:
                    out.add((kind, a.id, b.id))
            out |= {(kind, a, b) for a, (_, b) in best.items()}
        return out
