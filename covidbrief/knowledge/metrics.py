"""METRIC candidates: the phrase naming what an amount counts, read off the clause around it.

Before the amount (``新增本地确诊病例88例``, ``复工率达到93.3%``): the run of words
that ends at the amount, or at a linking verb before it (达到, 为, 共计 …), and
starts after punctuation or another entity; general lead words (其中, 目前, 全市
…) are cut. After the amount (``195户规上工业企业``): the run of words after a
measure word, up to punctuation or a function word. A proposal, like any rule:
the statistical recogniser's METRIC wins where it found one.
"""

from __future__ import annotations

import re
from typing import Sequence

LINK = re.compile(r"(?:分别|均|也|都|已|共|共计|合计|总计)?(?:达到了|达到|达|为|是|有|约为|约|在|增至|降至|减少至|升至|超过|突破|占)?$")
LEAD = re.compile(r"^(?:其中|目前|截至目前|当前|现在|全市|全省|全区|全县|全国|我市|我省|本市|并|和|及|且|已经|已|共有|共|有|对|在)+")
RUN = re.compile(r"[\u4e00-\u9fffA-Za-z“”\"()（）]+$")
AFTER = re.compile(r"[\u4e00-\u9fff“”]+")
STOP_AFTER = re.compile(r"[的是在为已和与及等中其将被由从对向到了均都也已、]")
AFTER_UNITS = ("个", "户", "家", "名", "所", "项", "条", "批", "处", "座", "辆", "台", "吨", "万元", "元", "件", "张", "只", "枚", "箱", "份")
MIN_LEN, MAX_LEN = 2, 16


def propose_metrics(text: str, quantities: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]],
                    units: dict[tuple[int, int], str] | None = None) -> list[tuple[int, int]]:
    """(start, end) METRIC proposals for the ``quantities`` spans; ``taken``: spans of
    other entities, which a proposal never crosses."""
    taken_sorted = sorted(taken)
    out = []
    for qs, qe in quantities:
        floor = max([e for s, e in taken_sorted if e <= qs] + [0])
        left = text[floor:qs]
        link = LINK.search(left)
        body = left[:link.start()] if link else left
        run = RUN.search(body)
        if run:
            start, end = floor + run.start(), floor + run.end()
            lead = LEAD.match(text[start:end])
            if lead:
                start += lead.end()
            if MIN_LEN <= end - start <= MAX_LEN:
                out.append((start, end))
                continue
        unit = (units or {}).get((qs, qe), "")
        if unit in AFTER_UNITS:
            ceiling = min([s for s, e in taken_sorted if s >= qe] + [len(text)])
            after = AFTER.match(text, qe, ceiling)
            if after:
                stop = STOP_AFTER.search(after.group())
                end = qe + (stop.start() if stop else len(after.group()))
                if MIN_LEN <= end - qe <= MAX_LEN:
                    out.append((qe, end))
    return out
