"""A line-role classifier (scikit-learn logistic regression) saved as plain JSON.

Features come from the line itself, its neighbours' shape and the previous
line's role (greedy left to right at prediction time). Rule outputs are not
features, so the classifier can be measured alone.
"""

from __future__ import annotations

import re
from typing import Sequence


from ..corpus.schema import ROLES
from ..linear import LinearModel
from .cues import Span

KEYWORDS = ("记者", "问", "大家好", "欢迎", "来源", "编辑", "介绍", "表示", "通报", "发布会", "我们", "我市", "一是",
            "首先", "下面", "谢谢", "请", "获悉", "据", "答")


def line_features(line: str, spans: Sequence[Span], index: int, n_lines: int, prev_role: str | None,
                  next_line: str = "") -> dict[str, float]:
    """Sparse features of one line."""
    text = line.strip()
    f: dict[str, float] = {"bias": 1.0, f"prev={prev_role}": 1.0}
    for k in (1, 2, 3):
        f[f"p{k}={text[:k]}"] = 1.0
    f[f"last={text[-1:]}"] = 1.0
    f[f"len={min(len(text) // 10, 10)}"] = 1.0
    colon = re.search(r"[:：]", text[:40])
    f["colon40"] = float(bool(colon))
    if colon:
        f[f"before_colon={text[max(0, colon.start() - 2):colon.start()]}"] = 1.0
    f["first"] = float(index == 0)
    f["early"] = float(index < 3)
    f["late"] = float(index >= n_lines - 3)
    f["sentence_end"] = float(bool(re.search(r"[。!！?？]$", text)))
    labels = [s.label for s in spans]
    for label in set(labels):
        f[f"has={label}"] = 1.0
    if spans and spans[0].start == 0:
        f[f"starts={spans[0].label}"] = 1.0
    covered = sum(s.end - s.start for s in spans)
    f["covered"] = covered / max(1, len(text))
    for word in KEYWORDS:
        if word in text[:30]:
            f[f"kw={word}"] = 1.0
    f["next_colon"] = float(bool(re.search(r"[:：]", next_line[:40])))
    return f


class RoleClassifier(LinearModel):
    """Logistic regression over :func:`line_features` (see :class:`covidbrief.linear.LinearModel`)."""


__all__ = ["ROLES", "RoleClassifier", "line_features"]
