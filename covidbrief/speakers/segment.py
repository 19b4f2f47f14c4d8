"""Turns of whole lines, each with a role and a speaker, from line cues and the classifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..corpus.schema import line_bounds
from .classifier import RoleClassifier, line_features
from .cues import Cue, Span, is_subhead, read_line

MODES = ("rules", "classifier", "combined")


@dataclass
class Turn:
    """Consecutive lines with one role and one speaker (offsets into the text)."""

    start: int
    end: int
    role: str
    speaker: Span | None = None


def line_spans(text: str, ents: Sequence[Span]) -> list[tuple[int, int, list[Span]]]:
    """Each line's bounds and its entities (offsets relative to the line)."""
    out, ents = [], sorted(ents, key=lambda s: s.start)
    k = 0
    for a, b in line_bounds(text):
        inside = []
        while k < len(ents) and ents[k].start < a:
            k += 1
        j = k
        while j < len(ents) and ents[j].end <= b:
            s = ents[j]
            inside.append(Span(s.start - a, s.end - a, s.label, s.key))
            j += 1
        out.append((a, b, inside))
    return out


def _same_speaker(text: str, a: Span | None, b: Span | None, offsets: tuple[int, int]) -> bool:
    if a is None or b is None:
        return False
    return text[a.start:a.end] == text[b.start + offsets[0]:b.end + offsets[0]]


def classify_lines(text: str, ents: Sequence[Span], classifier: RoleClassifier) -> list[dict[str, float]]:
    """Role probabilities of every line by the classifier alone (greedy, left to right)."""
    lines = line_spans(text, ents)
    out: list[dict[str, float]] = []
    prev = None
    for i, (a, b, spans) in enumerate(lines):
        nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        probs = classifier.predict_proba(line_features(text[a:b], spans, i, len(lines), prev, nxt))
        prev = max(probs, key=probs.get)
        out.append(probs)
    return out


SURE = 0.9  # classifier probability needed to break a turn the cues did not break


def segment(text: str, ents: Sequence[Span], classifier: RoleClassifier | None = None,
            mode: str = "combined") -> list[Turn]:
    """Turns of ``text`` (``ents``: its entities, offsets into the text)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if mode != "rules" and (classifier is None or not classifier.fitted):
        mode = "rules"
    lines = line_spans(text, ents)
    probs = classify_lines(text, ents, classifier) if mode != "rules" else None
    predicted = [max(p, key=p.get) for p in probs] if probs else None
    if mode == "classifier":
        return _runs(lines, predicted)
    cues: list[Cue] = [read_line(text[a:b], spans, i) for i, (a, b, spans) in enumerate(lines)]
    turns: list[Turn] = []
    for i, (a, b, _) in enumerate(lines):
        cue = cues[i]
        current = turns[-1] if turns else None
        speaker = _absolute(cue.speaker, a)
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        if cue.role is None:
            if current is not None and is_subhead(text[a:b]) and nxt is not None and nxt.opens \
                    and nxt.role != "NARRATION" and current.role != "NARRATION":
                turns.append(Turn(a, b, "NARRATION"))
            elif current is None:
                turns.append(Turn(a, b, "NARRATION"))
            elif probs and current.role == "REPORTER" and predicted[i] in ("OFFICIAL", "HOST"):
                turns.append(Turn(a, b, predicted[i]))  # an answer with no speaker mark
            elif probs and current.role != "NARRATION" and probs[i].get("NARRATION", 0.0) >= SURE:
                turns.append(Turn(a, b, "NARRATION"))
            else:
                current.end = b
            continue
        if cue.role == "HOST" and not cue.opens:
            if current is not None and current.role in ("HOST", "OFFICIAL") and current.end == a - 1 \
                    and current.start == lines[i - 1][0] and current.speaker is not None:
                current.role, current.end = "HOST", b  # header line naming the host, then the host's words
            elif current is not None and current.role == "HOST":
                current.end = b
            else:
                turns.append(Turn(a, b, "HOST"))
            continue
        if cue.role == "NARRATION" and current is not None and current.role == "NARRATION":
            current.end = b
            continue
        if cue.rule == "reported-speech" and current is not None and current.role == "OFFICIAL" \
                and current.speaker is not None and text[current.speaker.start:current.speaker.end] == \
                text[speaker.start:speaker.end]:
            current.end = b
            continue
        turns.append(Turn(a, b, cue.role, speaker))
    return turns


def _absolute(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset, span.label, span.key)


def _runs(lines, roles: list[str]) -> list[Turn]:
    turns: list[Turn] = []
    for (a, b, _), role in zip(lines, roles):
        if turns and turns[-1].role == role:
            turns[-1].end = b
        else:
            turns.append(Turn(a, b, role))
    return turns


def training_rows(text: str, ents: Sequence[Span], line_roles: list[str]) -> list[dict[str, float]]:
    """Classifier features of every line, with the gold previous role."""
    lines = line_spans(text, ents)
    rows = []
    for i, (a, b, spans) in enumerate(lines):
        nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        rows.append(line_features(text[a:b], spans, i, len(lines), line_roles[i - 1] if i else None, nxt))
    return rows
