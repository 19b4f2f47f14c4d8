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


def _line_labels(record: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """(role, speaker text) of every line of a record."""
    from ..corpus.schema import line_bounds

    text = record["text"]
    ents = {e["id"]: e for e in record.get("entities", [])}
    out: list[tuple[str | None, str | None]] = []
    for a, b in line_bounds(text):
        turn = next((t for t in record.get("turns", []) if t["start_offset"] <= a and b <= t["end_offset"]), None)
        if turn is None:
            out.append((None, None))
            continue
        sp = ents.get(turn.get("speaker_id"))
        out.append((turn["role"], text[sp["start_offset"]:sp["end_offset"]] if sp else None))
    return out


@dataclass
class TurnScores:
    """Line role accuracy, speaker accuracy and the role confusion matrix."""

    lines: int = 0
    roles_right: int = 0
    speaker_lines: int = 0
    speakers_right: int = 0
    confusion: Counter = field(default_factory=Counter)

    def add(self, gold: dict[str, Any], pred: dict[str, Any]) -> None:
        for (g_role, g_speaker), (p_role, p_speaker) in zip(_line_labels(gold), _line_labels(pred)):
            self.lines += 1
            self.roles_right += g_role == p_role
            self.confusion[(g_role, p_role)] += 1
            if g_speaker is not None:
                self.speaker_lines += 1
                self.speakers_right += g_speaker == p_speaker

    def merge(self, other: "TurnScores") -> None:
        self.lines += other.lines
        self.roles_right += other.roles_right
        self.speaker_lines += other.speaker_lines
        self.speakers_right += other.speakers_right
        self.confusion.update(other.confusion)

    def as_dict(self) -> dict[str, Any]:
        from ..corpus.schema import ROLES

        return {
            "role_accuracy": round(self.roles_right / self.lines, 4) if self.lines else 0.0,
            "speaker_accuracy": round(self.speakers_right / self.speaker_lines, 4) if self.speaker_lines else 0.0,
            "lines": self.lines, "speaker_lines": self.speaker_lines,
            "confusion": {g: {p: self.confusion[(g, p)] for p in ROLES} for g in ROLES},
        }


def _relation_spans(record: dict[str, Any]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    ents = {e["id"]: (e["start_offset"], e["end_offset"]) for e in record.get("entities", [])}
    return [(r["type"], ents[r["from_id"]], ents[r["to_id"]]) for r in record.get("relations", [])
            if r["from_id"] in ents and r["to_id"] in ents]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_relations(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]], lenient: bool = False) -> Scores:
    """Relation P/R/F per type: same type and both ends matched (exactly, or overlapping)."""
    scores = Scores()
    for g, p in zip(gold, pred):
        gs, ps = _relation_spans(g), _relation_spans(p)
        used: set[int] = set()
        for kind, a, b in ps:
            hit = next((i for i, (k, ga, gb) in enumerate(gs) if i not in used and k == kind and (
                (ga, gb) == (a, b) if not lenient else (_overlap(ga, a) and _overlap(gb, b)))), None)
            if hit is None:
                scores.get(kind).add(PRF(fp=1))
            else:
                used.add(hit)
                scores.get(kind).add(PRF(tp=1))
        for i, (kind, _, _) in enumerate(gs):
            if i not in used:
                scores.get(kind).add(PRF(fn=1))
    return scores


@dataclass
class ValueScores:
    """Over QUANTITY spans found exactly: the share with the right value and unit."""

    matched: int = 0
    right: int = 0

    def add(self, gold: dict[str, Any], pred: dict[str, Any]) -> None:
        found = {(e["start_offset"], e["end_offset"]): e for e in pred.get("entities", []) if e["label"] == "QUANTITY"}
        for e in gold.get("entities", []):
            if e["label"] != "QUANTITY":
                continue
            p = found.get((e["start_offset"], e["end_offset"]))
            if p is None:
                continue
            self.matched += 1
            same_value = isinstance(p.get("value"), (int, float)) and abs(float(p["value"]) - float(e["value"])) < 1e-6
            self.right += same_value and p.get("unit") == e.get("unit")

    def merge(self, other: "ValueScores") -> None:
        self.matched += other.matched
        self.right += other.right

    def as_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.right / self.matched, 4) if self.matched else 0.0,
                "matched": self.matched, "right": self.right}


@dataclass
class ProfileScores:
    """Over the officials of the gold records: the share whose predicted profile exists
    and has exactly the gold titles, and exactly the gold affiliations."""

    officials: int = 0
    found: int = 0
    titles_right: int = 0
    affiliations_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, gold: dict[str, Any], pred: dict[str, Any]) -> None:
        from ..speakers.profiles import officials

        predicted = {p["name"]: p for p in pred.get("officials") or officials(pred)}
        for profile in officials(gold):
            self.officials += 1
            mine = predicted.get(profile["name"])
            where = f'{gold.get("id")}: {profile["name"]}'
            if mine is None:
                self.misses.append(f"{where} has no profile")
                continue
            self.found += 1
            titles = sorted(mine["titles"]) == sorted(profile["titles"])
            affiliations = sorted(a["name"] for a in mine["affiliations"]) == \
                sorted(a["name"] for a in profile["affiliations"])
            self.titles_right += titles
            self.affiliations_right += affiliations
            if not titles:
                self.misses.append(f"{where} titles {sorted(mine['titles'])}, gold {sorted(profile['titles'])}")
            if not affiliations:
                self.misses.append(f"{where} affiliations {sorted(a['name'] for a in mine['affiliations'])}, "
                                   f"gold {sorted(a['name'] for a in profile['affiliations'])}")

    def merge(self, other: "ProfileScores") -> None:
        for name in ("officials", "found", "titles_right", "affiliations_right", "misses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        share = lambda n: round(n / self.officials, 4) if self.officials else 0.0  # noqa: E731
        return {"officials": self.officials, "found": share(self.found), "titles_right": share(self.titles_right),
                "affiliations_right": share(self.affiliations_right), "misses": list(self.misses)}
