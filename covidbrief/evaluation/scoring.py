"""Scores of spec section 6: entities (exact; lenient for METRIC), with micro averages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class PRF:
    """True positives, false positives and false negatives, with P, R and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    """Per-key PRF with micro averages over chosen key groups."""

    by_key: dict[str, PRF] = field(default_factory=dict)

    def get(self, key: str) -> PRF:
        return self.by_key.setdefault(key, PRF())

    def micro(self, keys: Iterable[str] | None = None) -> PRF:
        total = PRF()
        for key, prf in self.by_key.items():
            if keys is None or key in keys:
                total.add(prf)
        return total

    def merge(self, other: "Scores") -> None:
        for key, prf in other.by_key.items():
            self.get(key).add(prf)

    def as_dict(self) -> dict[str, Any]:
        return {k: v.as_dict() for k, v in sorted(self.by_key.items())}


def _spans(record: dict[str, Any], labels: set[str] | None) -> list[tuple[int, int, str]]:
    return [(e["start_offset"], e["end_offset"], e["label"]) for e in record.get("entities", [])
            if labels is None or e["label"] in labels]


def _match(gold: list[tuple], pred: list[tuple], lenient: bool) -> tuple[Counter, Counter, Counter]:
    """Counts of tp/fp/fn per label; lenient matching pairs overlapping spans one to one."""
    tp, fp, fn = Counter(), Counter(), Counter()
    if not lenient:
        g, p = Counter(gold), Counter(pred)
        for span, n in (g & p).items():
            tp[span[2]] += n
        for span, n in (p - g).items():
            fp[span[2]] += n
        for span, n in (g - p).items():
            fn[span[2]] += n
        return tp, fp, fn
    used = set()
    for ps, pe, pl in pred:
        hit = next((i for i, (gs, ge, gl) in enumerate(gold) if i not in used and gl == pl and gs < pe and ps < ge), None)
        if hit is None:
            fp[pl] += 1
        else:
            used.add(hit)
            tp[pl] += 1
    for i, (_, _, gl) in enumerate(gold):
        if i not in used:
            fn[gl] += 1
    return tp, fp, fn


def score_entities(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]], labels: Iterable[str] | None = None,
                   lenient_labels: Iterable[str] = ()) -> Scores:
    """Entity scores per label over paired gold and predicted records (same ids
    and texts): exact span and label, or overlap for ``lenient_labels``."""
    keep = set(labels) if labels is not None else None
    lenient = set(lenient_labels)
    scores = Scores()
    for g, p in zip(gold, pred):
        if g.get("text") != p.get("text"):
            raise ValueError(f"{g.get('id')}: gold and predicted texts differ; score records of the same text")
        gs, ps = _spans(g, keep), _spans(p, keep)
        for mode_lenient in (False, True):
            gg = [s for s in gs if (s[2] in lenient) == mode_lenient]
            pp = [s for s in ps if (s[2] in lenient) == mode_lenient]
            tp, fp, fn = _match(gg, pp, mode_lenient)
            for label in set(tp) | set(fp) | set(fn):
                scores.get(label).add(PRF(tp[label], fp[label], fn[label]))
        for label in keep or ():
            scores.get(label)
    return scores
