"""METRIC candidates: the phrase naming what an amount counts, read off the clause around it.

Before the amount (``新增本地确诊病例88例``, ``复工率达到93.3%``): the run of words
that ends at the amount, or at a linking verb before it (达到, 为, 共计 …), and
starts after punctuation, a closed bracket or another entity; general lead words
(其中, 目前, 全市, 其他, 等 …) are cut at a word boundary. A run too long to be one
phrase keeps its last conjunct or its closing nouns. After the amount
(``195户规上工业企业``, or ``1.2万常住外国人`` when nothing stands before it): the
noun phrase after it, also past a 的 (``80%以上的新增病例``), and a lone noun after a
counting word at the end of a clause (``5个组,``). Amounts of repetition take the
activity after them (``两轮全员核酸检测``, ``组织1次抗原试剂检测``); a streak
(``连续8天无新增确诊病例``, ``连续11天开展高质量核酸筛查``) takes what held for it; the
length of a control measure (``集中隔离观察14天``) takes the measure; a head count with
nothing before it takes what the people are doing (``尚有7866人正在接受医学观察``).
Every proposal is then tidied (trailing function words and quotes go), and an amount
of time or repetition whose phrase names nothing (提前三天, 每3天) gets none.
"""

from __future__ import annotations

import re
from typing import Sequence

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
# A streak (连续8天无新增确诊病例) is read after the amount: what held, past a verb of carrying out.
STREAK = re.compile(r"(?:连续|持续)$")
STREAK_VERB = re.compile(r"^(?:开展了|开展|进行了|进行|实施|实行|实现了|实现|保持|组织)")
STREAK_NONE = re.compile(r"无|零|没有|未")  # used with match(text, pos): no ^
# Control measures that last a time (集中隔离观察14天, 居家健康监测7天, 封控管理14天): the
# measure is what the duration is the length of.
DURATIVE_MEASURES = re.compile(r"(?:隔离|观察|监测|管控|封控|管理|静默|闭环|停业|停课|停工|休市|休业|居家|留观|治疗|住院)$")
# Words before a measure that are not part of it: modals and verbs of carrying it out.
MEASURE_LEAD = {"须", "需", "要", "应", "必须", "需要", "应当", "实行", "实施", "落实", "执行", "接受", "进行", "开展", "严格"}
# Head counts with nothing before them are read forward: 尚有7866人正在接受医学观察.
HEAD_UNITS = ("人", "名", "例", "人次")
CLAUSE_END = re.compile(r"[,，。;；:：!！?？、)）\n]|$")
# Part-of-speech tags (jieba) of words a METRIC does not end with: adverbs (均, 已,
# 约), conjunctions (和), particles (的, 了), prepositions, modal particles.
TRAILING_FUNCTION_TAGS = ("d", "c", "u", "p", "y")
NOUN_TAGS = ("n", "j", "l", "g", "b", "z", "s")


def propose_metrics(text: str, quantities: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]],
                    units: dict[tuple[int, int], str] | None = None) -> list[tuple[int, int]]:
    """(start, end) METRIC proposals for the ``quantities`` spans; ``taken``: spans of
    other entities, which a proposal never crosses. An amount with a counting word
    followed by a noun (``11家外国官方驻连机构``) takes the noun after it; otherwise the
    phrase before it (``复工营业率达到95%``, ``口罩1.4万枚,``), and failing that the
    noun after it (``1.2万常住外国人``)."""
    taken_sorted = sorted(taken)
    out = []
    for qs, qe in quantities:
        unit = (units or {}).get((qs, qe), "")
        span = None
        streak = STREAK.search(text, max(0, qs - 2), qs) is not None and unit in ADVERBIAL_UNITS
        if streak:
            span = _streak(text, qe, taken_sorted)  # 连续8天无新增确诊病例; nothing else for a streak
        elif unit in AFTER_UNITS or unit in REPETITION_UNITS:
            span = _after(text, qs, qe, taken_sorted, unit)  # 11家外国官方驻连机构, 两轮全员核酸检测
        if span is None and not streak:
            span = _measure(text, _before(text, qs, taken_sorted), unit)
        if span is None and unit not in ADVERBIAL_UNITS:
            span = _after(text, qs, qe, taken_sorted, unit)  # 1.2万常住外国人, 八成以上日资企业
        if span is None and unit in HEAD_UNITS:
            span = _doing(text, qe, taken_sorted)  # 尚有7866人正在接受医学观察
        if span is not None:
            span = tidy_metric(text, span[0], span[1], unit)
        if span is not None:
            out.append(span)
    return out


def tidy_metric(text: str, start: int, end: int, unit: str = "") -> tuple[int, int] | None:
    """A METRIC span without trailing function words (``…检测率均`` -> ``…检测率``,
    ``确诊病例和`` -> ``确诊病例``) or the quotes and verbs around a quoted name
    (``创建公布“无疫小区”`` -> ``无疫小区``); None for an amount of time or repetition whose
    phrase names nothing or ends in a verb (``也连续`` 8天, ``组织`` 1次)."""
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
    if unit in ADVERBIAL_UNITS and not DURATIVE_MEASURES.search(text, start, end) \
            and not STREAK_NONE.match(text, start, end) \
            and (words[-1][1].startswith("v") and words[-1][1] != "vn"
                 or not any(tag.startswith(NOUN_TAGS) or tag == "vn" for _, tag in words)):
        return None  # 连续8天, 并持有48小时: the amount qualifies a verb
    return start, end


def _lone_noun(text: str, start: int, end: int) -> bool:
    """A one-character noun that ends its clause right after a counting word (``5个组,``)."""
    return end - start == 1 and "\u4e00" <= text[start] <= "\u9fff" and CLAUSE_END.match(text, end) is not None \
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


def _after(text: str, qs: int, qe: int, taken: Sequence[tuple[int, int]], unit: str) -> tuple[int, int] | None:
    start = qe + 1 if text[qe:qe + 1] == "的" else qe  # 80%以上的新增病例
    ceiling = min([s for s, e in taken if s >= start] + [len(text)])
    run = AFTER.match(text, start, ceiling)
    if not run:
        return None
    stop = STOP_AFTER.search(run.group())
    phrase = run.group()[:stop.start()] if stop else run.group()
    end = start + _noun_prefix(phrase)
    if text[end:end + 1] in "(（":
        close = re.match(r"[(（][\u4e00-\u9fff、]{1,8}[)）]", text[end:end + 10])  # 县(市、区)
        end += close.end() if close else 0
    if MIN_LEN <= end - start <= MAX_LEN or unit in AFTER_UNITS and _lone_noun(text, start, end):
        return start, end
    return None


def _measure(text: str, span: tuple[int, int] | None, unit: str) -> tuple[int, int] | None:
    """The control measure a duration is the length of, without who must carry it out:
    ``入境人员须集中隔离医学观察`` 7天 -> 集中隔离医学观察."""
    if span is None or unit not in ADVERBIAL_UNITS or not DURATIVE_MEASURES.search(text, *span):
        return span
    start, end = span
    at = end
    for word, tag in reversed(_tagged(text[start:end])):
        if word in MEASURE_LEAD or not (tag.startswith(("v", "n", "j")) or word in ("或", "和", "及", "与")):
            break
        at -= len(word)
    return (at, end) if end - at >= MIN_LEN else span


def _streak(text: str, qe: int, taken: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """What held for a streak of days: ``连续8天无新增确诊病例`` -> 无新增确诊病例,
    ``连续11天开展高质量核酸筛查`` -> 高质量核酸筛查; nothing for a change (连续3天降到个位数)."""
    ceiling = min([s for s, e in taken if s >= qe] + [len(text)])
    run = AFTER.match(text, qe, ceiling)
    if not run:
        return None
    start = qe + (STREAK_VERB.match(run.group()).end() if STREAK_VERB.match(run.group()) else 0)
    negation = STREAK_NONE.match(text, start, run.end())
    head = negation.end() if negation else start
    words = _tagged(text[head:run.end()], hmm=True)
    if not words or words[0][1].startswith("v") and words[0][1] != "vn" and not negation:
        return None
    end = head + _noun_prefix(text[head:run.end()])
    return (start, end) if MIN_LEN <= end - start <= MAX_LEN else None


def _doing(text: str, qe: int, taken: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """What a head count is doing, to the end of its clause (``7866人正在接受医学观察``),
    when that is a verb phrase with an object."""
    ceiling = min([s for s, e in taken if s >= qe] + [len(text)])
    end = min(CLAUSE_END.search(text, qe).start(), ceiling)
    words = _tagged(text[qe:end], hmm=True)
    verbs = [i for i, (_, tag) in enumerate(words) if tag.startswith("v") and tag != "vn"]
    if not verbs or verbs[0] > 1 or not words[-1][1].startswith(("n", "v")):
        return None
    return (qe, end) if MIN_LEN <= end - qe <= MAX_LEN else None


def _noun_prefix(phrase: str) -> int:
    """Length of the leading noun phrase of ``phrase``: words up to the first verb,
    preposition, conjunction or particle after a noun (jieba.posseg tags)."""
    length, seen_noun = 0, False
    for word, flag in _tagged(phrase, hmm=True):  # unknown words (流调专家) stay whole
        if seen_noun and flag[:1] in ("v", "p", "c", "u", "d", "r", "f") and flag != "vn":
            break
        seen_noun = seen_noun or flag[:1] in ("n", "j") or flag == "vn"
        length += len(word)
    return length


def _before(text: str, qs: int, taken: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    floor = max([e for s, e in taken if e <= qs] + [0])
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
