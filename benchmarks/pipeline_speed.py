"""Characters per second and peak memory (RSS) of ``covidbrief.extract``.

The five raw seeds are repeated, as separate documents, to about 2 MB (UTF-8)
and extracted with 1 and with 2 processes, each configuration in a fresh
interpreter, ``--runs`` times; the median throughput is reported. The pipeline's
load time is measured apart and not counted. Peak RSS is the largest resident
set of the process and its workers (``getrusage``).

    python benchmarks/pipeline_speed.py [--mb 2] [--runs 5] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, multiprocessing, resource, sys, time
from pathlib import Path
import covidbrief
from covidbrief.cli import _extract_one, _warm
mb, n_process = float(sys.argv[1]), int(sys.argv[2])
seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[3]).glob("*.txt"))]
docs, size, i = [], 0, 0
while size < mb * 1_000_000:
    text = seeds[i % len(seeds)]
    docs.append({"id": f"doc{i}", "text": text, "meta": {}})
    size += len(text.encode("utf-8")); i += 1
t0 = time.perf_counter(); _warm(None); load = time.perf_counter() - t0
t0 = time.perf_counter()
if n_process > 1:
    with multiprocessing.get_context("fork").Pool(n_process, initializer=_warm, initargs=(None,)) as pool:
        out = list(pool.imap(_extract_one, docs, chunksize=1))
else:
    out = [_extract_one(d) for d in docs]
elapsed = time.perf_counter() - t0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"chars": sum(len(d["text"]) for d in docs), "docs": len(docs), "seconds": elapsed,
                  "load_seconds": load, "peak_rss_mb": rss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=2.0, help="input size in MB of UTF-8 (default 2)")
    parser.add_argument("--runs", type=int, default=5, help="runs per configuration (default 5)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="process counts (default 1 2)")
    args = parser.parse_args()
    report = {}
    for n in args.processes:
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, "-c", CHILD, str(args.mb), str(n), str(ROOT / "corpus" / "raw")],
                                  capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        rates = [r["chars"] / r["seconds"] for r in runs]
        report[f"{n}_process"] = {
            "input_chars": runs[0]["chars"], "documents": runs[0]["docs"],
            "chars_per_second_median": round(statistics.median(rates)),
            "chars_per_second_runs": [round(r) for r in rates],
            "load_seconds_median": round(statistics.median(r["load_seconds"] for r in runs), 2),
            "peak_rss_mb_max": round(max(r["peak_rss_mb"] for r in runs), 1),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
