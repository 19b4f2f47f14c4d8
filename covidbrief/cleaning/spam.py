"""Injected spam: a phrase repeated verbatim across a document, breaking its
sentences, about something else.

A candidate is a maximal stretch of repeated 6-grams (at least three
occurrences, 8 to 40 characters) whose character pairs are rare in the rest of
the document (off-topic) and that at least once breaks a sentence: it sits
between two characters that read better joined than next to it (judged with
the character model of :mod:`.charmodel`). A line left with only a short residue once
the phrases are cut (an injected headline) goes too, and so does that residue
wherever it recurs off-topic.
"""

from __future__ import annotations

import re
from collections import Counter

from .alignment import Edit

N = 6
MIN_COUNT = 3
MIN_LEN = 8
MAX_LEN = 40
MAX_TOPICALITY = 0.5
BLOCK = 200_000
_BOUNDARY = set("，。、；：！？,.;:!?()（）“”\"'《》【】 \n\t-—|")
_RESIDUE_SPLIT = re.compile(r"[\s\-—|:：,，·_]+")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not (_BOUNDARY & set(text[i : i + 2]))}


def _topicality(phrase: str, text: str, pair_counts: Counter[str] | None = None) -> float:
    """Share of the phrase's character pairs that occur in ``text`` outside it."""
    pairs = _bigrams(phrase)
    if not pairs:
        return 1.0
    if pair_counts is None:
        rest = text.replace(phrase, "\n")
        return sum(1 for p in pairs if p in rest) / len(pairs)
    times = text.count(phrase)
    inside = Counter(phrase[i : i + 2] for i in range(len(phrase) - 1))
    return sum(1 for p in pairs if pair_counts[p] > inside[p] * times) / len(pairs)


def _breaks_sentence(text: str, phrase: str) -> bool:
    from .charmodel import char_model  # loaded only for a real candidate

    model = char_model()
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if start > 0 and end < len(text) and text[start - 1] not in _BOUNDARY and text[end] not in _BOUNDARY:
            a, b = text[start - 1], text[end]
            joined = model.logp(b, a)
            apart = max(model.logp(phrase[0], a), model.logp(b, phrase[-1]))
            if joined > apart:
                return True
        start = text.find(phrase, start + 1)
    return False


def spam_phrases(text: str) -> list[str]:
    """The spam phrases of one document (or block), longest first."""
    counts = Counter(text[i : i + N] for i in range(len(text) - N + 1))
    frequent = [counts[text[i : i + N]] >= MIN_COUNT and "\n" not in text[i : i + N] for i in range(len(text) - N + 1)]
    found: set[str] = set()
    seen: set[str] = set()
    pair_counts: Counter[str] | None = None
    i = 0
    while i < len(frequent):
        if not frequent[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(frequent) and frequent[j + 1]:
            j += 1
        phrase = text[i : j + N].strip()
        i = j + 1
        if not MIN_LEN <= len(phrase) <= MAX_LEN or phrase in seen:
            continue
        seen.add(phrase)
        if pair_counts is None:
            pair_counts = Counter(text[k : k + 2] for k in range(len(text) - 1))
        if (
            text.count(phrase) >= MIN_COUNT
            and _topicality(phrase, text, pair_counts) < MAX_TOPICALITY
            and _breaks_sentence(text, phrase)
        ):
            found.add(phrase)
    return sorted(found, key=len, reverse=True)


def _residues(text: str, phrases: list[str]) -> list[str]:
    """Short leftovers of lines that were mostly spam, off-topic elsewhere too."""
    out: set[str] = set()
    for line in text.split("\n"):
        if not any(p in line for p in phrases):
            continue
        rest = line
        for p in phrases:
            rest = rest.replace(p, " ")
        pieces = [r for r in _RESIDUE_SPLIT.split(rest) if r]
        if sum(map(len, pieces)) <= 6:
            for piece in pieces:
                if len(piece) >= 2 and _topicality(piece, text.replace(line, "\n")) < MAX_TOPICALITY:
                    out.add(piece)
    return sorted(out, key=len, reverse=True)


def spam_edits(text: str) -> list[Edit]:
    """Edits deleting spam phrases, residues and lines left empty by them."""
    edits: list[Edit] = []
    offset = 0
    while offset < len(text):
        end = len(text) if len(text) - offset <= BLOCK else text.rfind("\n", offset, offset + BLOCK) + 1
        if end <= offset:
            end = min(len(text), offset + BLOCK)
        edits.extend(_block_edits(text[offset:end], offset))
        offset = end
    return edits


def _block_edits(block: str, offset: int) -> list[Edit]:
    phrases = spam_phrases(block)
    if not phrases:
        return []
    cut = phrases + _residues(block, phrases)
    pattern = re.compile("|".join(re.escape(p) for p in sorted(cut, key=len, reverse=True)))
    edits: list[Edit] = []
    pos = 0
    for line in block.split("\n"):
        matches = list(pattern.finditer(line))
        if matches:
            rest = pattern.sub("", line)
            if not rest.strip(" \u00a0\u3000-—|:：,，·_"):
                edits.append(Edit(offset + pos, offset + pos + len(line), "", "spam"))
            else:
                edits.extend(Edit(offset + pos + m.start(), offset + pos + m.end(), "", "spam") for m in matches)
        pos += len(line) + 1
    return edits
