"""A small character bigram model of simplified Chinese, used to judge repairs.

Built lazily from the word-frequency dictionary that ships inside the ``jieba``
wheel (about 350,000 words): a word's frequency counts for each of its
characters and each adjacent pair. Punctuation gets a fixed prior (it is not in
that dictionary). Traditional characters are looked up by their simplified form.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from functools import lru_cache

from .script import to_simplified_char

# Rough shares of common full-width punctuation in Chinese news text.
PUNCT_PRIOR = {
    "，": 0.05, "。": 0.03, "、": 0.01, "“": 0.005, "”": 0.005, "：": 0.004,
    "；": 0.002, "（": 0.002, "）": 0.002, "！": 0.001, "？": 0.001, "《": 0.001, "》": 0.001,
}
ASCII_TWINS = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
FLOOR = math.log(1e-9)


class CharModel:
    """Log-probabilities of characters and of a character given the previous one."""

    def __init__(self, unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> None:
        total = sum(unigrams.values()) or 1
        self.total = total
        self.unigrams = unigrams
        self.bigrams = bigrams

    def logp(self, char: str, prev: str | None = None) -> float:
        """log P(char | prev) with absolute-discount backoff to the unigram."""
        char = ASCII_TWINS.get(char, char)
        if char in PUNCT_PRIOR:
            return math.log(PUNCT_PRIOR[char])
        c = to_simplified_char(char)
        uni = self.unigrams.get(c, 0)
        p_uni = (uni + 0.5) / (self.total + 0.5 * 20000)
        if prev is None:
            return math.log(p_uni)
        prev = to_simplified_char(ASCII_TWINS.get(prev, prev))
        p_prev = self.unigrams.get(prev, 0)
        if not p_prev:
            return math.log(p_uni)
        pair = self.bigrams.get((prev, c), 0)
        lam = 0.3
        return math.log((1 - lam) * pair / p_prev + lam * p_uni)

    def score(self, text: str, prev: str | None = None) -> float:
        """Sum of log-probabilities of ``text`` after ``prev``."""
        total = 0.0
        for ch in text:
            total += max(self.logp(ch, prev), FLOOR)
            prev = ch
        return total


@lru_cache(maxsize=1)
def char_model() -> CharModel:
    """The model, built once per process from jieba's dictionary (about 1 s)."""
    import jieba  # imported here: only mojibake repair needs it

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            for i, ch in enumerate(word):
                unigrams[ch] += freq
                if i:
                    bigrams[(word[i - 1], ch)] += freq
    return CharModel(unigrams, bigrams)
