"""How many gold entity spans each tokenisation can represent exactly.

A recogniser that labels whole tokens cannot find a span whose start or end
falls inside a token: the share of representable spans is a ceiling on its
recall. One token per character represents every span by construction.

    python benchmarks/token_boundaries.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jieba

from covidbrief.corpus import read_records

ROOT = Path(__file__).resolve().parents[1]


def boundaries(tokens: list[str]) -> set[int]:
    out, pos = {0}, 0
    for token in tokens:
        pos += len(token)
        out.add(pos)
    return out


def main() -> None:
    jieba.setLogLevel(60)
    records = read_records(ROOT / "annotations" / "seeds.jsonl")
    total, ok = Counter(), Counter()
    for record in records:
        cuts = boundaries(jieba.lcut(record["text"]))
        for e in record["entities"]:
            total[e["label"]] += 1
            ok[e["label"]] += e["start_offset"] in cuts and e["end_offset"] in cuts
    report = {
        "jieba_0.42.1": {"representable": round(sum(ok.values()) / sum(total.values()), 4),
                         "per_label": {k: round(ok[k] / total[k], 3) for k in sorted(total)}},
        "characters": {"representable": 1.0},
        "entities": sum(total.values()),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
