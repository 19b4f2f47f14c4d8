"""Hand-written relation rules: nearest candidates inside a clause or sentence, breakdown cues,
and the title chain of an official's mention."""

from __future__ import annotations

import re
from typing import Sequence

from .candidates import Ent, Index

CHAIN_GLUE = re.compile(r"^[、\s兼和及]*$")
BREAKDOWN = re.compile(r"(?:其中|含|包括)")
LIST_GLUE = re.compile(r"^[,，、和及与]$")
# A later amount of the same measure in the same sentence, after a comma with only dates
# and a verb of reaching: 市场返岗率50%,月底可达80%; 治愈率3月1日为60%,3月10日升至85%.
CARRY_GLUE = re.compile(r"[,，](?:而|再|到)?(?:预计|将|可|已|再|又|也|则|有望)*"
                        r"(?:达到了|达到|达|为|升至|增至|降至|提高到|提高至|上升到|上升至|下降到|下降至|突破|超过)?")
# Amounts of time (连续8天, 14天以上, 48小时) and ages (96岁) are not scoped by a place.
UNLOCATED_UNITS = {"天", "日", "小时", "分钟", "秒", "周", "星期", "个月", "月", "年", "岁"}
# The document's own jurisdiction named without a name: an amount after it is scoped
# by it (同我市100名…), not by a place named earlier in the sentence.
HOME = re.compile(r"我市|本市|全市|我省|本省|全省|我区|本区|全区|我县|本县|全县|我州|全州|市内|省内|境内")


def rule_pairs(text: str, ents: Sequence[Ent], index: Index | None = None) -> set[tuple[str, int, int]]:
    """(type, from id, to id) the rules propose."""
    index = index or Index(text, ents)
    ents = index.ents
    out: set[tuple[str, int, int]] = set()
    measured: dict[int, int] = {}
    previous: Ent | None = None
    for q in ents:
        if q.label != "QUANTITY":
            continue
        c0, c1 = index.clause_span(q.start)
        s0, s1 = index.sentence_span(q.start)
        near = index.near(q)
        parent = _parent(text, q, [e for e in near if e.label == "QUANTITY"], s0)
        if parent is not None:
            out.add(("PART_OF", q.id, parent.id))
        metric = next((e for e in near if e.label == "METRIC" and e.start == q.end), None) \
            or _nearest(near, "METRIC", q, c0, c1)
        if metric is None and previous is not None and previous.id in measured and s0 <= previous.start \
                and (LIST_GLUE.match(text[previous.end:q.start]) or _carries(text, index, previous, q)):
            metric = index.ents[index.pos[measured[previous.id]]]  # 复工率分别达89.6%,84%和83.7%
        if metric is not None and not (parent is not None and metric.end <= parent.start):
            out.add(("MEASURES", q.id, metric.id))
            measured[q.id] = metric.id
        previous = q
        date = _nearest(near, "DATE", q, s0, s1)
        if date is not None:
            out.add(("TIME", q.id, date.id))
        places = [e for e in near if e.label == "PLACE" and _scopes(text, e)]
        place = _nearest(places, "PLACE", q, s0, s1, only_before=True)
        if place is not None and (_unit(text, q) in UNLOCATED_UNITS or HOME.search(text, place.end, q.start)):
            place = None
        for p in _coordinated(text, places, place):
            out.add(("LOCATION", q.id, p.id))
    for i, official in enumerate(ents):
        if official.label != "OFFICIAL":
            continue
        j, edge = i - 1, official.start
        while j >= 0 and ents[j].label in ("TITLE", "AGENCY", "PLACE") and CHAIN_GLUE.match(text[ents[j].end:edge]):
            kind = "HAS_TITLE" if ents[j].label == "TITLE" else "AFFILIATION"
            out.add((kind, official.id, ents[j].id))
            edge, j = ents[j].start, j - 1
        if i + 1 < len(ents) and ents[i + 1].label == "TITLE" and ents[i + 1].start == official.end:
            out.add(("HAS_TITLE", official.id, ents[i + 1].id))  # 习近平总书记: a title right after the name
    return out


def _carries(text: str, index: Index, previous: Ent, q: Ent) -> bool:
    """Whether ``q`` continues ``previous``'s measure: same unit, and only a comma, dates
    and a verb of reaching between them (返岗率50%,月底可达80%)."""
    glue, at = [], previous.end
    for e in index.between(previous, q):
        if e.label != "DATE":
            return False
        glue.append(text[at:e.start])
        at = e.end
    glue.append(text[at:q.start])
    return CARRY_GLUE.fullmatch("".join(glue)) is not None and _unit(text, previous) == _unit(text, q)


def _scopes(text: str, place: Ent) -> bool:
    """Whether a place can scope an amount: not inside a 《title》 or a quoted name
    (“大连外事”微信公众号; a place quoted alone still scopes), not an exception (除湖北外)."""
    for left, right in (("《", "》"), ("“", "”")):
        opened = text.rfind(left, 0, place.start)
        if opened != -1 and text.find(right, opened, place.start) == -1 \
                and not (opened == place.start - 1 and text[place.end:place.end + 1] == right):
            return False
    return not (text[place.start - 1:place.start] == "除" and text[place.end:place.end + 1] == "外")


def _coordinated(text: str, places: Sequence[Ent], last: Ent | None) -> list[Ent]:
    """``last`` and the places coordinated with it before it (沈阳、大连、本溪…的139名)."""
    if last is None:
        return []
    chain = [last]
    earlier = sorted((p for p in places if p.end <= last.start), key=lambda p: -p.start)
    for p in earlier:
        if re.fullmatch(r"[、和及与]", text[p.end:chain[-1].start]):
            chain.append(p)
        else:
            break
    return chain


def _nearest(ents: Sequence[Ent], label: str, q: Ent, lo: int, hi: int, only_before: bool = False) -> Ent | None:
    """The closest ``label`` entity before ``q`` within [lo, hi), else the closest after it."""
    before = [e for e in ents if e.label == label and lo <= e.start and e.end <= q.start]
    if before:
        return before[-1]
    after = [e for e in ents if e.label == label and q.end <= e.start and e.end <= hi]
    return after[0] if after and not only_before else None


def _unit(text: str, e: Ent) -> str:
    from ..knowledge.quantities import normalise

    return normalise(text[e.start:e.end])[1]


def _parent(text: str, q: Ent, quantities: Sequence[Ent], sentence_start: int) -> Ent | None:
    """The total a breakdown amount belongs to: an amount after 其中/含/包括 takes the last
    amount before the cue in its sentence with the same unit (counts only: rates are not
    broken down)."""
    cues = list(BREAKDOWN.finditer(text, sentence_start, q.start))
    if not cues:
        return None
    unit = _unit(text, q)
    if unit in ("%", "％", "‰"):
        return None
    cue = cues[-1].start()
    earlier = [p for p in quantities if sentence_start <= p.start and p.end <= cue and _unit(text, p) == unit]
    return earlier[-1] if earlier else None
