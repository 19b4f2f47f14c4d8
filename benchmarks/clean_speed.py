"""Characters per second and peak memory of ``covidbrief.clean``.

The five raw seeds are repeated to about 5 MB (UTF-8) and cleaned as one input,
five times; the median throughput is reported. Memory is the peak of Python
allocations (tracemalloc) during one extra run, against the input's size.

    python benchmarks/clean_speed.py [--mb 5] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
from pathlib import Path

from covidbrief import clean

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="input size in MB of UTF-8 (default 5)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    args = parser.parse_args()
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt")))
    target = int(args.mb * 1_000_000)
    text = seeds * (target // len(seeds.encode("utf-8")) + 1)
    while len(text.encode("utf-8")) > target:
        text = text[: len(text) - 1000]
    clean(seeds)  # warm up: load OpenCC tables and the character model once
    rates = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        clean(text)
        rates.append(len(text) / (time.perf_counter() - t0))
    tracemalloc.start()
    clean(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    input_bytes = len(text.encode("utf-8"))
    print(json.dumps({
        "input_chars": len(text),
        "input_bytes_utf8": input_bytes,
        "chars_per_second_median": round(statistics.median(rates)),
        "chars_per_second_runs": [round(r) for r in rates],
        "peak_memory_bytes": peak,
        "peak_memory_over_input": round(peak / input_bytes, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
