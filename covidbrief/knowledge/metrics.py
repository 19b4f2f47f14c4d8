"""METRIC candidates: the phrase naming what an amount counts, read off the clause around it.

Before the amount (``新增本地确诊病例88例``, ``复工率达到93.3%``): the run of words
that ends at the amount, or at a linking verb before it (达到, 为, 共计 …), and
starts after punctuation, a closed bracket or another entity; general lead words
(其中, 目前, 全市, 其他, 等 …) are cut at a word boundary. A run too long to be one
phrase keeps its last conjunct or its closing nouns. After the amount
(``195户规上工业企业``, or ``1.2万常住外国人`` when nothing stands before it): the
noun phrase after it, also past a 的 (``80%以上的新增病例``), and a lone noun after a
counting word at the end of a clause (``5个组,``); the phrase before wins over a noun
after 的 (``拨付资金5000万元的基础上``). Amounts of repetition take the activity after them
(``两轮全员核酸检测``, ``组织1次抗原试剂检测``); a streak (``连续8天无新增确诊病例``,
``连续11天开展高质量核酸筛查``) takes what held for it, and nothing when it is a change
(``连续3天降到个位数``); the length of a control measure (``14天居家健康监测``,
``集中隔离观察14天``) takes the measure without who carries it out; a head count with
nothing before it takes what the people are doing (``尚有7866人正在接受医学观察``).
Every proposal is then tidied (trailing function words and quotes go), and an amount
of time or repetition whose phrase names nothing (提前三天, 每3天) gets none.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from ..relations.candidates import CLAUSE_END

LINK = re.compile(r"(?:分别|均|也|都|已|共|共计|合计|总计)?(?:达到了|达到|达|为|是|有|约为|约|在|增至|降至|减少至|升至|超过|突破|占)?$")
LEAD = re.compile(r"^(?:含|包括|其中|目前|截至目前|当前|现在|全市|全省|全区|全县|全国|我市|我省|本市|并|和|及|且|已经|已|共有|共|有|对|在"
                  r"|其他|其余|各类|各级|所有|全部|等)+")
RUN_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z“”\"()（）]")
MAX_RUN = 64  # characters of the run before an amount that are read (a metric is at most MAX_LEN)
# A phrase before an amount starts after the last verb of reporting or action before it.
VERB_LEAD = re.compile(r"^.*?(?:开展了|开展|发放|投放|推送|走访慰问|梳理|成立|包括|分成|设立|建立|组织|捐赠|安排|调配|完成|争取"
                       r"|落实|执行|实行|实施)")
AFTER = re.compile(r"[\u4e00-\u9fff“”]+")
STOP_AFTER = re.compile(r"[的是在为已和与及等中其将被由从对向到了均都也已、]")
AFTER_UNITS = ("个", "户", "家", "名", "所", "项", "条", "批", "处", "座", "辆", "台", "吨", "万元", "元", "件", "张", "只", "枚", "箱", "份")
MIN_LEN, MAX_LEN = 2, 16
# Amounts of time or repetition (连续8天, 开通24小时, 组织1次, 参加一轮) are mostly
# adverbials of a verb: their proposal must name something (hold a noun) to stand.
ADVERBIAL_UNITS = {"天", "日", "小时", "分钟", "秒", "周", "星期", "个月", "月", "年", "次", "轮", "遍", "趟"}
REPETITION_UNITS = ("次", "轮", "遍", "趟")  # 两轮全员核酸检测: the activity repeated follows
# A streak (连续8天无新增确诊病例) is read after the amount: what held, past an adverb and
# a verb of carrying out or reporting; a change (连续3天降到个位数) is not something that held.
STREAK = re.compile(r"(?:连续|持续)$")
STREAK_LEAD = re.compile(r"(?:均|都|已|仍|仍然|也)?(?:开展了|开展|进行了|进行|实施|实行|实现了|实现|保持|组织|报告|出现|发现)?")
NEGATIONS = ("无", "零", "没有", "未")
QUALIFIER_VERBS = ("新增", "新发", "累计", "现有", "确诊")  # verbs by tag, qualifiers of a metric (新增病例)
CHANGE = re.compile(r"下降|上升|增加|减少|降到|降至|降为|升至|升到|增长|回落|回升|下滑|好转")
# Control measures that last a time (集中隔离观察14天, 14天居家健康监测, 封控管理7天): the
# measure is what the duration is the length of. Who carries it out is not part of it.
DURATIVE_MEASURES = re.compile(r"(?:隔离|观察|监测|管控|封控|管理|静默|闭环|停业|停课|停工|休市|休业|居家|留观|治疗|住院)$")
MEASURE_LEAD = {"须", "需", "要", "应", "必须", "需要", "应当", "实行", "实施", "落实", "执行", "接受", "进行", "开展", "严格",
                "起", "开始"}
PEOPLE = re.compile(r"(?:人员|人士|人|者|员工|职工|居民|市民|村民|旅客|师生|学生|群众)$")
MEASURE_GLUE = ("或", "和", "及", "与")
# Head counts with nothing before them are read forward: 尚有7866人正在接受医学观察.
HEAD_UNITS = ("人", "名", "例", "人次")
# Part-of-speech tags (jieba) of words a METRIC does not end with: adverbs (均, 已,
# 约), conjunctions (和), particles (的, 了), prepositions, modal particles.
TRAILING_FUNCTION_TAGS = ("d", "c", "u", "p", "y")
NOUN_TAGS = ("n", "j", "l", "g", "b", "z", "s")


def propose_metrics(text: str, quantities: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]],
                    units: dict[tuple[int, int], str] | None = None) -> list[tuple[int, int]]:
    """(start, end) METRIC proposals for the ``quantities`` spans; ``taken``: spans of
    other entities, which a proposal never crosses. In order: a streak takes what held
    (``连续8天无新增确诊病例``), a duration the control measure after it
    (``14天集中隔离医学观察``), a counting word or a repetition the noun after it
    (``11家外国官方驻连机构``, ``两轮全员核酸检测``); otherwise the phrase before the
    amount (``复工营业率达到95%``; for a duration, the control measure it ends with:
    ``集中隔离观察14天``), then the noun after it, also past 的 (``1.2万常住外国人``,
    ``80%以上的新增病例``), then, for a head count, what the people are doing."""
    bounds = _Bounds(taken)
    out = []
    for qs, qe in quantities:
        unit = (units or {}).get((qs, qe), "")
        span, named = _propose(text, qs, qe, bounds, unit)
        if span is not None:
            span = tidy_metric(text, span[0], span[1], "" if named else unit)
        if span is not None:
            out.append(span)
    return out


class _Bounds:
    """The spans a proposal may not cross, searched by bisection."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.starts = sorted(s for s, _ in spans)
        self.ends = sorted(e for _, e in spans)

    def ceiling(self, pos: int, text_length: int) -> int:
        """The first span start at or after ``pos`` (the text's end if none)."""
        i = bisect_left(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else text_length

    def floor(self, pos: int) -> int:
        """The last span end at or before ``pos`` (0 if none)."""
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0


def _propose(text: str, qs: int, qe: int, bounds: _Bounds, unit: str) -> tuple[tuple[int, int] | None, bool]:
    """A span for one amount, and whether a rule already vouched that it names something
    (a streak's or a measure's), so that the check for adverbial amounts is skipped."""
    duration = unit in ADVERBIAL_UNITS and unit not in REPETITION_UNITS
    if unit in ADVERBIAL_UNITS and STREAK.search(text, max(0, qs - 2), qs):
        return _streak(text, qe, bounds), True  # 连续8天无新增确诊病例; nothing else for a streak
    if duration:
        after = _measure_after(text, qe, bounds)  # 14天集中隔离医学观察
        if after is not None:
            return after, True
    if unit in AFTER_UNITS or unit in REPETITION_UNITS:
        after = _after(text, qe, bounds, unit)  # 11家外国官方驻连机构, 两轮全员核酸检测
        if after is not None:
            return after, False
    before = _before(text, qs, bounds)
    if duration and before is not None and DURATIVE_MEASURES.search(text, *before):
        return _measure_before(text, *before), True  # 集中隔离观察14天
    if before is not None:
        return before, False
    if unit not in ADVERBIAL_UNITS:
        after = _after(text, qe, bounds, unit, past_de=True)  # 1.2万常住外国人, 80%以上的新增病例
        if after is not None:
            return after, False
    if unit in HEAD_UNITS:
        return _doing(text, qe, bounds), False  # 尚有7866人正在接受医学观察
    return None, False


def tidy_metric(text: str, start: int, end: int, unit: str = "") -> tuple[int, int] | None:
    """A METRIC span without trailing function words (``…检测率均`` -> ``…检测率``,
    ``确诊病例和`` -> ``确诊病例``) or the quotes and verbs around a quoted name
    (``创建公布“无疫小区”`` -> ``无疫小区``); None for an amount of time or repetition
    (``unit``) whose phrase names nothing or ends in a verb (``也连续`` 8天, ``组织`` 1次)."""
    if text[start:start + 1] == "“" and text[end - 1:end] == "”" and text.count("“", start, end) == 1:
        start, end = start + 1, end - 1  # “无疫小区” -> 无疫小区
    elif text[end - 1:end] == "”" and "“" in text[start:end]:
        opened = text.rfind("“", start, end)
        if not any(tag.startswith(NOUN_TAGS) or tag == "vn" for _, tag in _tagged(text[start:opened])):
            start, end = opened + 1, end - 1  # 创建公布“无疫小区”: the quoted name is what is counted
    if end - start < MIN_LEN and not _lone_noun(text, start, end):
        return None  # “”, “无”: too little inside the quotes
    words = _tagged(text[start:end])
    while len(words) > 1 and words[-1][1].startswith(TRAILING_FUNCTION_TAGS) \
            and end - start - len(words[-1][0]) >= MIN_LEN:
        end -= len(words.pop()[0])
    if unit in ADVERBIAL_UNITS and (words[-1][1].startswith("v") and words[-1][1] != "vn"
                                    or not any(tag.startswith(NOUN_TAGS) or tag == "vn" for _, tag in words)):
        return None  # 连续8天, 并持有48小时: the amount qualifies a verb
    return start, end


def _lone_noun(text: str, start: int, end: int) -> bool:
    """A one-character noun that ends its clause right after a counting word (``5个组,``)."""
    return end - start == 1 and "\u4e00" <= text[start] <= "\u9fff" \
        and (end == len(text) or CLAUSE_END.match(text, end) is not None) \
        and _tagged(text[start:end])[0][1].startswith(("n", "zg", "ng"))


def _word_boundary(phrase: str, i: int) -> bool:
    """Whether jieba's segmentation of ``phrase`` has a word boundary at ``i``."""
    at = 0
    for word, _ in _tagged(phrase):
        if at >= i:
            break
        at += len(word)
    return at == i


def _tagged(phrase: str, hmm: bool = False) -> list[tuple[str, str]]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return [(pair.word, pair.flag) for pair in pseg.lcut(phrase, HMM=hmm)]


def _run_after(text: str, pos: int, bounds: _Bounds) -> tuple[int, int]:
    """The run of Chinese characters from ``pos``, up to the next entity and at most MAX_RUN long."""
    ceiling = min(bounds.ceiling(pos, len(text)), pos + MAX_RUN)
    run = AFTER.match(text, pos, ceiling)
    return (pos, run.end()) if run else (pos, pos)


def _after(text: str, qe: int, bounds: _Bounds, unit: str, past_de: bool = False) -> tuple[int, int] | None:
    """The noun phrase right after the amount (with ``past_de``, also after a 的)."""
    start = qe + 1 if past_de and text[qe:qe + 1] == "的" else qe  # 80%以上的新增病例
    _, run_end = _run_after(text, start, bounds)
    phrase = text[start:run_end]
    stop = STOP_AFTER.search(phrase)
    end = start + _noun_prefix(phrase[:stop.start()] if stop else phrase)
    if text[end:end + 1] in "(（":
        close = re.match(r"[(（][\u4e00-\u9fff、]{1,8}[)）]", text[end:end + 10])  # 县(市、区)
        end += close.end() if close else 0
    if MIN_LEN <= end - start <= MAX_LEN or unit in AFTER_UNITS and _lone_noun(text, start, end):
        return start, end
    return None


def _measure_after(text: str, qe: int, bounds: _Bounds) -> tuple[int, int] | None:
    """A control measure right after a duration: ``14天集中隔离医学观察`` -> 集中隔离医学观察."""
    _, run_end = _run_after(text, qe, bounds)
    words = _tagged(text[qe:run_end], hmm=True)
    if not words or words[0][1][:1] in ("f", "p", "d", "c", "u", "r", "m", "q"):
        return None  # 14天内, 14天后解除隔离
    end = qe + _noun_length(words)
    return (qe, end) if MIN_LEN <= end - qe <= MAX_LEN and DURATIVE_MEASURES.search(text, qe, end) else None


def _measure_before(text: str, start: int, end: int) -> tuple[int, int]:
    """The control measure a phrase before a duration ends with, without who carries it
    out or must: ``入境人员须集中隔离医学观察`` -> 集中隔离医学观察, ``落实居家隔离或集中隔离观察``
    -> 居家隔离或集中隔离观察."""
    at = end
    for word, tag in reversed(_tagged(text[start:end])):
        if word in MEASURE_LEAD or PEOPLE.search(word) \
                or not (tag.startswith(("v", "n", "j")) or tag == "a" or word in MEASURE_GLUE):
            break
        at -= len(word)
    return (at, end) if end - at >= MIN_LEN else (start, end)


def _streak(text: str, qe: int, bounds: _Bounds) -> tuple[int, int] | None:
    """What held for a streak of days: ``连续8天无新增确诊病例`` -> 无新增确诊病例,
    ``连续11天开展高质量核酸筛查`` -> 高质量核酸筛查; nothing for a change
    (连续3天降到个位数, 连续5天无症状感染者数量下降)."""
    _, run_end = _run_after(text, qe, bounds)
    start = STREAK_LEAD.match(text, qe, run_end).end()  # an absolute offset
    words = _tagged(text[start:run_end], hmm=True)
    if not words:
        return None
    negation = words[0][0] in NEGATIONS
    head = start + len(words[0][0]) if negation else start
    if not negation and words[0][1].startswith("v") and words[0][1] != "vn" and words[0][0] not in QUALIFIER_VERBS:
        return None  # 连续3天降到个位数
    end = head + _noun_length(_tagged(text[head:run_end], hmm=True) if negation else words)
    if not negation and CHANGE.match(text, end):
        return None
    return (start, end) if MIN_LEN <= end - start <= MAX_LEN else None


def _doing(text: str, qe: int, bounds: _Bounds) -> tuple[int, int] | None:
    """What a head count is doing, to the end of its clause (``7866人正在接受医学观察``,
    ``3人已治愈出院``): a verb phrase whose verb comes first or after one adverb."""
    limit = min(bounds.ceiling(qe, len(text)), qe + MAX_LEN + 1, len(text))
    clause_end = CLAUSE_END.search(text, qe, limit)
    end = clause_end.start() if clause_end else limit
    if not MIN_LEN <= end - qe <= MAX_LEN:  # no clause end within MAX_LEN: too long to be a metric
        return None
    words = _tagged(text[qe:end], hmm=True)
    verbs = [i for i, (_, tag) in enumerate(words) if tag.startswith("v") and tag != "vn"]
    if not verbs or verbs[0] > 1 or not words[-1][1].startswith(("n", "v")):
        return None
    return qe, end


def _noun_prefix(phrase: str) -> int:
    """Length of the leading noun phrase of ``phrase`` (see :func:`_noun_length`)."""
    return _noun_length(_tagged(phrase, hmm=True))  # with HMM, unknown words (流调专家) stay whole


def _noun_length(words: Sequence[tuple[str, str]]) -> int:
    """Length of the leading noun phrase of tagged ``words``: words up to the first
    verb, preposition, conjunction, particle, locative or numeral after a noun."""
    length, seen_noun = 0, False
    for word, flag in words:
        if seen_noun and flag[:1] in ("v", "p", "c", "u", "d", "r", "f", "m") and flag != "vn":
            break
        seen_noun = seen_noun or flag[:1] in ("n", "j") or flag == "vn"
        length += len(word)
    return length


def _before(text: str, qs: int, bounds: _Bounds) -> tuple[int, int] | None:
    """The phrase that ends at the amount or at a linking verb before it."""
    floor = max(bounds.floor(qs), qs - MAX_RUN - 16)  # the run is at most MAX_RUN, a link a few characters
    left = text[floor:qs]
    link = LINK.search(left)
    body = left[:link.start()] if link else left
    run = _run_start(body)
    if run == len(body):
        return None
    start, end = floor + run, floor + len(body)
    closing = max(text.rfind(")", start, end), text.rfind("）", start, end))
    if closing != -1 and not re.search(r"[(（]", text[start:closing]):
        start = closing + 1  # (大型购物中心、百货商店)复工营业率: the list closes before the metric
    while start < end and text[start] in "(（“\"":
        start += 1
    lead = LEAD.match(text[start:end])
    if lead and _word_boundary(text[start:end], lead.end()):  # 在岗总人数 keeps 在
        start += lead.end()
    verb = VERB_LEAD.match(text[start:end])
    if verb and end - start - verb.end() >= MIN_LEN:
        start += verb.end()
    if end - start > MAX_LEN:
        start = _tail(text, start, end)
    return (start, end) if MIN_LEN <= end - start <= MAX_LEN else None


def _run_start(body: str) -> int:
    """Start of the run of name characters that ends ``body`` (at most MAX_RUN long),
    found by scanning back: a regex anchored at the end would rescan from every start."""
    i = len(body)
    while i > 0 and len(body) - i < MAX_RUN and RUN_CHARS.match(body, i - 1):
        i -= 1
    return i


def _tail(text: str, start: int, end: int) -> int:
    """Start of the part of a too-long phrase that names the amount: the last
    conjunct (``…检测率和规模以上职工开展核酸检测率``), else its closing nouns with at
    most one verb before them (``妥善安置返岗员工`` -> ``返岗员工``)."""
    conjunction = max(text.rfind(c, start, end) for c in "和及与、")
    if conjunction != -1 and MIN_LEN <= end - conjunction - 1 <= MAX_LEN:
        return conjunction + 1
    at, verbs = end, 0
    for word, tag in reversed(_tagged(text[start:end])):
        if tag.startswith("v") and tag != "vn":
            verbs += 1
            if verbs > 1 or at == end:
                break
        elif not (tag.startswith(NOUN_TAGS) or tag == "vn"):
            break
        at -= len(word)
    return at
