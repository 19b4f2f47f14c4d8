"""Where the time of ``extract`` goes: seconds per pipeline component, and cleaning.

The five raw seeds are repeated, as separate documents, to about ``--chars``
characters; each run cleans them, makes the Docs and then applies the shipped
pipeline's components one after another over all documents, timing each. The
median over ``--runs`` runs is reported per component (one process).

    python benchmarks/component_times.py [--chars 72000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import covidbrief
from covidbrief import clean
from covidbrief.corpus.docs import register_extensions

ROOT = Path(__file__).resolve().parents[1]


def one_run(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds spent in cleaning, ``make_doc`` and each component over ``texts``."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    cleaned = [clean(t).text for t in texts]
    times["clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = []
    for i, text in enumerate(cleaned):
        doc = nlp.make_doc(text)
        doc._.meta, doc._.doc_id = {}, f"doc{i}"
        docs.append(doc)
    times["make_doc"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = [proc(doc) for doc in docs]
        times[name] = time.perf_counter() - t0
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=72_000, help="clean characters to process (default 72000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    args = parser.parse_args()
    register_extensions()
    nlp = covidbrief.load()
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    if not seeds:
        raise SystemExit(f"no .txt documents in {ROOT / 'corpus' / 'raw'}: run from a full checkout")
    texts, size = [], 0
    while size < args.chars:
        texts.append(seeds[len(texts) % len(seeds)])
        size += len(clean(texts[-1]).text)
    one_run(nlp, texts[:len(seeds)])  # warm up: lazy tables (jieba, OpenCC) load once
    runs = [one_run(nlp, texts) for _ in range(args.runs)]
    print(json.dumps({
        "clean_chars": size,
        "documents": len(texts),
        "seconds_median": {name: round(statistics.median(r[name] for r in runs), 3) for name in runs[0]},
        "total_seconds_median": round(statistics.median(sum(r.values()) for r in runs), 3),
    }, indent=2))


if __name__ == "__main__":
    main()
