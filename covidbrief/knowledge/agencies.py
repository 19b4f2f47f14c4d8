"""A grammar of Chinese government, party and public-administration body names.

The spec (section 2) calls these AGENCY: 市卫健委, 市防指, 市政府新闻办公室,
省委组织部, 党中央, 国务院, 复工复产工作领导小组, 市疾控中心, and a place inside a
longer name stays inside it (德州市工业和信息化局 is one span). The grammar is

    AGENCY  = PREFIX CORE CHAIN*  |  CORE_ALONE CHAIN*  |  DIVISION(before its head's title)
    PREFIX  = [中共] (PLACE [ZONE])+  |  [中共] GENERIC  |  国家 | 中央 | 中国
    CORE    = CORE_ALONE | CORE_PREFIXED             (政府, 委, 党委, 人大, 海关 ... need a prefix)
    CORE_ALONE = named bodies (国务院, 党中央, 组织部 ...) | FUNCTION x SUFFIX (卫健 x 委,
                 工业和信息化 x 局 ...) | TASK+ [工作] TASK_HEAD (复工复产 工作 领导小组)
    CHAIN   = a child unit of the body before it: 办公室, 新闻办公室, 联防联控机制,
              组织部, 疾控局, 医政医管处, 综合组 ...

Generic words (相关部门, 各地, 各级党组织, 基层, 有关部门, 各部门) are never matched,
and a bare core after 各/全 + 市/省/区... (各市卫健委) is dropped as generic.

Every word list lives in the matcher and round-trips through ``to_dict`` /
``from_dict`` as plain lists of strings, so a spaCy component can store it with
``to_disk``. Places are pluggable: pass any iterable of place names (or objects with
a ``.name``); short forms (德州市 -> 德州) are derived.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["AgencyMatcher", "trie_regex"]

# ---------------------------------------------------------------------------
# Trie-shaped regexes (shared with titles.py)
# ---------------------------------------------------------------------------

_END = ""


def trie_regex(words: Iterable[str], tail: Callable[[str], str] | None = None) -> str:
    """Return a non-capturing pattern matching any of ``words``, longest first.

    A trie shares prefixes, so thousands of literals still match fast (Python's
    ``re`` tries a flat alternation branch by branch). The engine may back off to
    a shorter word when what follows fails. ``tail(word)`` may return a zero-width
    guard (e.g. ``(?![期效])``) appended where that word ends. No words: never matches.
    """
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = tail(w) if tail else ""
    if not root:
        return "(?!)"
    return _trie_node(root)


def _trie_node(node: dict) -> str:
    end = node.get(_END)
    alts = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch != _END]
    if not alts:
        return end or ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if end is None:
        return body
    if end:
        return f"(?:{body}|{end})"
    return f"(?:{body})?"


_ATOMIC_OPEN = "(?=(?P<\x00>"
_ATOMIC_CLOSE = "))(?P=\x00)"


def atomic(pattern: str) -> str:
    """``pattern`` as an atomic group: once matched it is never given back.

    Token runs (疫情 防控 ..., 医政 医管 ...) can be cut in many ways; without this a
    long run that is not followed by a head makes the engine try every cut
    (exponential time). Python < 3.11 has no ``(?>...)``: a lookahead captures the
    match and a back-reference consumes it, which is equivalent; its group names
    are given by :func:`compile_atomic` once the whole pattern is assembled.
    """
    if sys.version_info >= (3, 11):
        return f"(?>{pattern})"
    return f"{_ATOMIC_OPEN}{pattern}{_ATOMIC_CLOSE}"


def compile_atomic(pattern: str) -> re.Pattern[str]:
    """Compile a pattern built with :func:`atomic` (names its emulated groups)."""
    if "\x00" in pattern:
        out, stack, ids = [], [], itertools.count()
        for i, part in enumerate(pattern.split("\x00")):
            if i:
                if out[-1].endswith("(?P<"):
                    stack.append(f"_at{next(ids)}")
                    out.append(stack[-1])
                else:
                    out.append(stack.pop())
            out.append(part)
        pattern = "".join(out)
    return re.compile(pattern)


def _words(block: str) -> list[str]:
    """Whitespace-separated words of a literal block (keeps the tables readable)."""
    return block.split()


# ---------------------------------------------------------------------------
# Default vocabulary (general knowledge of how PRC bodies are named)
# ---------------------------------------------------------------------------

# Top-level and named bodies that stand alone and are not a child of the body before them
# (党中央国务院 is two bodies, so these never continue a chain).
TOP_LEVEL = _words("""
党中央 中共中央 中央委员会 国务院 中央政治局 中共中央政治局 中央政治局常委会 中央书记处
中央军委 中央军事委员会 全国人大 全国人大常委会 全国人民代表大会 全国人民代表大会常务委员会
全国政协 中国人民政治协商会议全国委员会 中央办公厅 中共中央办公厅 中办 国办 国新办
中组部 中宣部 中央纪委 国家监委 中央网信办 中央财办 中央农办 中央深改委 中央编办
外交部 国防部 海关总署 审计署 中国人民银行 人民银行 人行 银保监会 证监会 银保监局 证监局
国家金融监督管理总局 中国民用航空局 国家铁路局 国家邮政局 国家外汇管理局 全国爱卫办
最高人民法院 最高人民检察院 最高法 最高检 央行 银监会 保监会 中央文明办
全国爱卫会 国务院联防联控机制
""")

# Bodies that stand alone and may also be a child unit (省委 + 组织部, 国务院 + 国资委).
BODIES = _words("""
组织部 宣传部 统战部 统一战线工作部 政法委 政法委员会 纪委 纪律检查委员会 监委 监察委员会
纪委监委 编办 机构编制委员会办公室 编委 网信办 网络安全和信息化委员会办公室 政研室
政策研究室 农办 农村工作领导小组办公室 深改办 改革办 全面深化改革委员会 外办 外事办
外事工作委员会办公室 台办 侨办 港澳办 老干部局 机关工委 直属机关工委 巡察办 巡视办
党史研究室 保密办 督查室 国资委 防指 疫情防控指挥部 防控指挥部
疾病预防控制中心 疾控中心 卫生监督所 卫生监督局 政务服务中心 行政审批服务中心
公共资源交易中心 大数据中心 应急指挥中心 发展改革委 交警支队 交警大队 消防救援支队
消防支队 消防救援大队 综合行政执法支队 边检站 出入境边防检查站 海关缉私局
安委会 安委办 减灾委 食安委 食安办 爱卫会 双拥办 创城办 扫黑办 维稳办 防范办
""")

# Function stems; each combines with FUNCTION_SUFFIXES (卫健 + 委, 工业和信息化 + 局 ...).
FUNCTIONS = _words("""
卫生健康 卫健 卫生 卫生计生 卫计 卫生和计划生育 疾病预防控制 疾控 工业和信息化 工信
经济和信息化 经信 科学技术 科技 发展和改革 发展改革 发改 教育 教 公安 国家安全 民政 司法
财政 人力资源和社会保障 人力资源社会保障 人社 自然资源 自然资源和规划 规划和自然资源
生态环境 环境保护 环保 住房和城乡建设 住房城乡建设 住建 城乡建设 建设 城市管理 城管
综合行政执法 交通运输 交通 水利 水务 农业农村 农业 农村 商务 文化和旅游 文化广电和旅游
文化广电旅游 文化旅游 文旅 文广旅 文广新旅 旅游 文化 广播电视 广电 新闻出版 体育
退役军人事务 退役军人 应急管理 应急 审计 统计 国有资产监督管理 国资 市场监督管理 市场监管
市监 工商行政管理 工商 质量技术监督 质监 食品药品监督管理 食药监 药品监督管理 药监
医疗保障 医保 税务 林业 林业和草原 林草 粮食和物资储备 粮食 气象 地震 人民防空 人防
信访 行政审批 行政审批服务 政务服务 政务服务和大数据管理 大数据 大数据发展 大数据管理
数据资源 机关事务管理 机关事务 外事 侨务 民族宗教事务 民族事务 宗教事务 民宗 港澳事务
台湾事务 海洋 海洋渔业 渔业 畜牧 畜牧兽医 扶贫开发 扶贫 乡村振兴 移民管理 出入境管理
邮政管理 民航 铁路 烟草专卖 能源 档案 保密 知识产权 金融 地方金融监督管理 地方金融监管
金融工作 口岸 口岸管理 商务和投资促进 投资促进 经济合作 外汇管理 中医药管理 中医药
住房保障 房产管理 房管 住房公积金管理 公积金管理 国土资源 国土 规划 消防救援 公安交通管理
网信 网络安全和信息化 机构编制 爱国卫生运动 爱卫 老龄工作 老龄 妇女儿童工作 残疾人工作
安全生产 安全生产监督管理 安监 新闻 经济发展 营商环境 营商环境建设 数字经济 公共资源交易
人才工作 工业信息化 科学技术和工业信息化 政法 体育运动 计划生育 人口和计划生育 物价 统计调查
文明 精神文明建设 消防
""")

FUNCTION_SUFFIXES = _words("委员会 委 局 总局 管理局 厅 部 办公室 办 署 总署")

# Cores that need a prefix before them (省委, 市政府, 大连海关, 新区管委会 ...).
PREFIXED = _words("""
委 委员会 人民政府 政府 党委 党工委 人大 人大常委会 政协 海关 管委会 管理委员会 局 厅
办事处 街道办事处 街道办 居委会 村委会 居民委员会 村民委员会 人民检察院 检察院 人民法院
法院 中级人民法院 中院 政府办 政府办公室 政府办公厅 派出所 公安分局
""")

# Child units: only after another core or a prefix (市防指 + 办公室, 国务院 + 联防联控机制).
CHAIN = _words("""
办公室 办公厅 常委会 联防联控机制 联防联控工作机制 领导小组 工作领导小组 指挥部 应急指挥部
工作专班 专班 工作组 指导组 督导组 督查组 检查组 巡视组 巡察组 联络组 指挥中心 机关党委
分局 支队 大队 总队 党组织办公室
""")

# Task words before a leading group / command centre (新冠肺炎疫情防控 工作 领导小组).
TASK_TOKENS = _words("""
应对 新型冠状病毒 新冠病毒 新型冠状病毒感染的肺炎 新型冠状病毒感染肺炎 新型冠状病毒肺炎
新冠肺炎 新冠 肺炎 疫情 防控 防疫 联防联控 群防群控 复工复产 复工 复产 复学 复课 开学
医疗救治 救治 物资保障 生活物资 物资 保障 保供 稳价 保供稳价 应急 处置 应急处置 统筹
经济社会发展 经济运行 社区 农村 交通 检疫 核酸检测 检测 疫苗接种 接种 流调 溯源 隔离
管控 封控 社会面 安全生产 防汛 抗旱 防汛抗旱 森林防火 脱贫攻坚 扶贫开发 扶贫 乡村振兴
项目建设 重大项目 常态化 外防输入 内防反弹 境外输入 入境人员 冷链 进口冷链食品 统筹推进
企业 稳增长 防范 应急管理 突发公共卫生事件 公共卫生 卫生应急 爱国卫生运动 和
""")

TASK_HEADS = _words("""
领导小组 指挥部 应急指挥部 工作专班 专班 指挥中心 领导小组办公室 指挥部办公室 办公室 办 工作组
""")

# Heads a task may only take inside a chain or after a prefix (国务院 ... 联防联控机制).
TASK_HEADS_BOUND = _words("联防联控机制 联防联控工作机制 工作机制 机制")

# Words that make up the name of an internal division (医政医管处, 新闻发布处, 综合组).
DIVISION_TOKENS = _words("""
综合 协调 综合协调 新闻 宣传 发布 新闻发布 新闻宣传 宣传教育 医政 医管 医政医管 疾病
预防 控制 疾病预防控制 疾控 应急 应急管理 卫生 规划 发展 信息化
财务 人事 政策 法规 政策法规 体制改革 基层 基层卫生 妇幼 健康 妇幼健康 老龄 老龄健康
职业 职业健康 食品 安全 标准 食品安全标准 监督 综合监督 科技 教育 科技教育 国际 合作
交流 国际合作 中医 中医药 药政 药物 药物政策 药械 人口 家庭 人口家庭 离退休 干部 老干部
保健 干部保健 行政审批 审批 执法 治安 刑侦 交通 管理 秩序 指挥 调度 物资 保障 物资保障
医疗 救治 医疗救治 社区 防控 社区防控 流调 流行病学调查 检测 核酸检测 隔离 转运 隔离转运
督导 督查 检查 市场 运行 经济 经济运行 复工复产 产业 工业 企业 服务 中小企业 外事 信息
数据 网络 舆情 舆论 引导 舆论引导 信访 稳定 社会 环境 口岸 运输 消杀 爱国卫生 爱卫 秘书
人事教育 计划财务 法制 机关 党建 组织 后勤 纪检 监察 审计 统计 价格 能源 资金 项目
经侦 交管 特警 网安 金融 经济犯罪侦查 事务 研究 政策研究 城乡 规划建设 业务 技术 监测
评价 调查 对外 联络 文化 体育 卫生应急
""")

DIVISION_SUFFIXES = _words("处 科 室 组 股 办公室 办 司 局 中心 总队 支队 大队")

GENERIC_PREFIXES = _words("自治区 自治州 自治县 高新区 经开区 开发区 新区 街道 市 省 区 县 州 镇 乡")
NATIONAL_PREFIXES = _words("国家 中央 中国")
ZONE_SUFFIXES = _words("""
高新技术产业开发区 经济技术开发区 经济开发区 高新区 经开区 开发区 新区 保税区 综合保税区
自由贸易试验区 自贸试验区 自贸区 片区
""")

# A one-character generic prefix after one of these is part of another word
# (社区, 城市, 全省, 各县, 地级市 ...), not the start of a body name.
PREFIX_BLOCKERS = "社小地城园街景辖疫校灾矿片郊山老控范港险低全各都超股门菜夜早集郡村每外邻级诸两"

# Characters that may not follow a body name ending in the key character: the name
# would be the start of another word (宣传部署, 市委托, 局面, 组织部长 ...).
NO_FOLLOW = [
    "委 托屈婉派任员",
    "办 理法好学案证件结实成到不事公妥",
    "局 面势部限促长",
    "厅 堂长",
    "部 署门分位队件落长",
    "组 织建合团长",
    "处 理置罚分于在境所方长期",
    "科 学技研普长",
    "室 内外温长",
    "心 城区",
    "署 长",
    "会 议",
    "院 士长",
    "队 长伍",
    "班 子长",
]

# Words before a bare body name that make it generic (各地, 相关部门 ...).
GENERIC_BEFORE = _words("各 各级 各地 全国 相关 有关 其他 其它 所有 基层 上级 属地")
GENERIC_QUANTIFIERS = "各全每诸两"

# Setting a body up names it in full: 成立 + name + group head.
TRIGGERS = _words("成立 组建 设立 建立 组成")
TRIGGER_HEADS = _words("领导小组 指挥部 专班 工作组 工作小组 协调组 指导组 督导组 督查组 专项组")
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十两几多数]+[个支批组]")
# Names that are no name: 成立专门工作组, 成立临时指挥部.
TRIGGER_GENERIC = _words("专门 专项 相应 临时 工作 若干 多个 多支 一个 一支 个 各类 各级 了 相关 有关 联合 新的")

# A party committee continuing a chain is a title modifier when a title follows
# (市卫健委党委书记 -> 市卫健委 + 党委书记).
_PARTY_TITLE_AHEAD = r"(?!(?:副|常务副|专职副)?书记|委员|成员|常委)"


def _place_names(places: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for p in places:
        name = p if isinstance(p, str) else getattr(p, "name", None)
        if isinstance(name, str):
            name = name.strip()
            if len(name) >= 2:
                out.append(name)
    return sorted(set(out))


def _short_forms(places: Iterable[str], zones: Iterable[str] = ()) -> list[str]:
    """德州市 -> 德州, 辽宁省 -> 辽宁, 长春新区 -> 长春: the forms places take inside
    body names (德州市委, 长春高新技术产业开发区管委会)."""
    zones = sorted(zones, key=len, reverse=True)
    out = set()
    for p in places:
        if len(p) >= 3 and p[-1] in "省市县区" and not p.endswith(("自治区", "新区", "矿区", "林区", "特区", "市区", "城区")):
            out.add(p[:-1])
        for z in zones:
            if p.endswith(z) and len(p) - len(z) >= 2:
                out.add(p[: -len(z)])
                break
    return sorted(out)


class AgencyMatcher:
    """Find AGENCY spans (character offsets, end exclusive) in a text.

    ``places``: place names (strings, or objects with ``.name``), e.g. from
    ``covidbrief.knowledge.places.load_places()``. ``bodies``: body names that may
    stand alone (defaults to :data:`BODIES`). Every other list defaults to this
    module's tables and can be replaced by keyword.
    """

    _LISTS = (
        "places",
        "bodies",
        "top_level",
        "functions",
        "function_suffixes",
        "prefixed",
        "chain",
        "task_tokens",
        "task_heads",
        "task_heads_bound",
        "division_tokens",
        "division_suffixes",
        "generic_prefixes",
        "national_prefixes",
        "zone_suffixes",
        "no_follow",
        "generic_before",
        "triggers",
        "trigger_heads",
        "trigger_generic",
    )

    def __init__(
        self,
        places: Iterable[Any] = (),
        bodies: list[str] | None = None,
        *,
        top_level: list[str] | None = None,
        functions: list[str] | None = None,
        function_suffixes: list[str] | None = None,
        prefixed: list[str] | None = None,
        chain: list[str] | None = None,
        task_tokens: list[str] | None = None,
        task_heads: list[str] | None = None,
        task_heads_bound: list[str] | None = None,
        division_tokens: list[str] | None = None,
        division_suffixes: list[str] | None = None,
        generic_prefixes: list[str] | None = None,
        national_prefixes: list[str] | None = None,
        zone_suffixes: list[str] | None = None,
        no_follow: list[str] | None = None,
        generic_before: list[str] | None = None,
        triggers: list[str] | None = None,
        trigger_heads: list[str] | None = None,
        trigger_generic: list[str] | None = None,
        prefix_blockers: str | None = None,
    ) -> None:
        def pick(value: list[str] | None, default: list[str]) -> list[str]:
            return list(default if value is None else value)

        self.places = _place_names(places)
        self.bodies = pick(bodies, BODIES)
        self.top_level = pick(top_level, TOP_LEVEL)
        self.functions = pick(functions, FUNCTIONS)
        self.function_suffixes = pick(function_suffixes, FUNCTION_SUFFIXES)
        self.prefixed = pick(prefixed, PREFIXED)
        self.chain = pick(chain, CHAIN)
        self.task_tokens = pick(task_tokens, TASK_TOKENS)
        self.task_heads = pick(task_heads, TASK_HEADS)
        self.task_heads_bound = pick(task_heads_bound, TASK_HEADS_BOUND)
        self.division_tokens = pick(division_tokens, DIVISION_TOKENS)
        self.division_suffixes = pick(division_suffixes, DIVISION_SUFFIXES)
        self.generic_prefixes = pick(generic_prefixes, GENERIC_PREFIXES)
        self.national_prefixes = pick(national_prefixes, NATIONAL_PREFIXES)
        self.zone_suffixes = pick(zone_suffixes, ZONE_SUFFIXES)
        self.no_follow = pick(no_follow, NO_FOLLOW)
        self.generic_before = pick(generic_before, GENERIC_BEFORE)
        self.triggers = pick(triggers, TRIGGERS)
        self.trigger_heads = pick(trigger_heads, TRIGGER_HEADS)
        self.trigger_generic = pick(trigger_generic, TRIGGER_GENERIC)
        self.prefix_blockers = PREFIX_BLOCKERS if prefix_blockers is None else prefix_blockers
        self._compile()

    # -- building ----------------------------------------------------------

    def _compile(self) -> None:
        follow: dict[str, str] = {}
        for line in self.no_follow:
            key, _, chars = line.partition(" ")
            if key and chars:
                follow[key[-1]] = follow.get(key[-1], "") + chars.strip()
        # 组成 is a verb, 组成员 a member of a group: block 成 only before a non-员.
        extra = {"组": "|成(?!员)"}

        def guard(word: str) -> str:
            last = word[-1]
            chars = follow.get(last, "")
            if not chars and last not in extra:
                return ""
            alts = ("[" + re.escape(chars) + "]" if chars else "(?!)") + extra.get(last, "")
            return f"(?!{alts})"

        # A function body: one to three function stems, joined or not by 和/与/及
        # (merged bureaus: 教育体育局, 发展改革与工业信息化局), then a suffix.
        stem = trie_regex(self.functions)
        func = f"(?:{stem})(?:[和与及]?(?:{stem})){{0,2}}{trie_regex(self.function_suffixes, guard)}"
        top = trie_regex(sorted(set(self.top_level)), guard)
        alone = f"(?:{trie_regex(sorted(set(self.bodies)), guard)}|{func})"
        prefixed_only = trie_regex(sorted(set(self.prefixed) | set(self.chain)), guard)
        chain_only = trie_regex(sorted(set(self.chain)), guard)
        task_tok = trie_regex(self.task_tokens)
        task_alone = f"{atomic(f'(?:{task_tok})+')}(?:工作)?{trie_regex(self.task_heads, guard)}"
        task_bound = (
            f"(?:{atomic(f'(?:{task_tok})+')})?(?:工作)?"
            f"{trie_regex(sorted(set(self.task_heads) | set(self.task_heads_bound)), guard)}"
        )
        # A division may be named after any government function (旅游外事组).
        div_tok = trie_regex(sorted(set(self.division_tokens) | set(self.functions)))
        div_suffix = trie_regex(self.division_suffixes, guard)
        # Tokens may be joined by 和/与/及 (国际合作与交流司), but a unit never starts
        # with one: 房管局和物价局 is two bodies.
        div_run = f"(?:{div_tok})(?:[和与及]?(?:{div_tok}))*"
        sub = f"(?:{atomic(div_run)}{div_suffix}|(?:{atomic(div_run)})?(?:办公室|办公厅))"
        party_chain = f"(?:党委|党工委){_PARTY_TITLE_AHEAD}"
        chain_unit = f"(?:{sub}|{alone}|{task_bound}|{chain_only}|{party_chain})"

        blockers = "[" + re.escape(self.prefix_blockers) + "]" if self.prefix_blockers else "(?!)"
        generic = f"(?<!{blockers}){trie_regex(self.generic_prefixes)}"
        national = trie_regex(self.national_prefixes)
        prefix = f"(?:中共)?(?P<g>{generic})|{national}"
        prefix_core = f"(?:{prefix})(?:{alone}|{prefixed_only}|{task_bound})"
        # A division named only by its head's title: 新闻发布处处长 -> 新闻发布处.
        lone_division = f"{atomic(div_run)}(?:处(?=副?处长)|科(?=副?科长)|组(?=副?组长)|股(?=副?股长))"

        # Place names are not in the forward pattern: a trie of thousands of names
        # tried at every character is slow. A body name is found first, then a chain
        # of places ending right before it (or ending with its generic prefix:
        # 德州 + 市委, 长春高新技术产业 + 开发区管委会) is matched backwards on the
        # reversed text.
        pattern = (
            f"(?P<p>{prefix_core})(?:{chain_unit})*"
            f"|(?P<t>(?:{top}))(?:{chain_unit})*"
            f"|(?P<a>(?:{alone}|{task_alone}))(?:{chain_unit})*"
            f"|(?P<d>{lone_division})"
            f"|(?P<x>(?:{prefixed_only}|{task_bound}))(?:{chain_unit})*"
        )
        self._re = compile_atomic(pattern)

        # A body introduced by the act of setting it up: 成立/组建/设立/建立 + its full
        # name + a group head (成立德州市工业和信息化局工业企业“保运行、促发展”应急保障
        # 工作领导小组). The name may hold quoted parts, not clause punctuation, 的, 由 ...
        if self.triggers and self.trigger_heads:
            lead = "(?:" + "|".join(f"(?<={re.escape(t)})" for t in sorted(set(self.triggers))) + ")了?"
            name_char = r"(?:“[^”\n，。；：,;:]{1,20}”|[^\s，,。；;：:！？!?“”、的了由任为是在将（）()《》])"
            head = trie_regex(self.trigger_heads)
            self._trigger_re: re.Pattern[str] | None = re.compile(f"{lead}(?P<n>{name_char}{{2,40}}?)(?P<h>{head})")
            # Siblings set up in the same breath: 组建综合协调组、物资保障协调组 ...
            self._sibling_re: re.Pattern[str] | None = re.compile(f"、(?P<n>{name_char}{{2,20}}?)(?P<h>{head})")
        else:
            self._trigger_re = None
            self._sibling_re = None
        self._trigger_generic = set(self.trigger_generic)
        places = sorted(set(self.places) | set(_short_forms(self.places, self.zone_suffixes)))
        if places:
            place_r = trie_regex(w[::-1] for w in places)
            zone_r = trie_regex(w[::-1] for w in self.zone_suffixes)
            self._place_back: re.Pattern[str] | None = re.compile(f"(?:(?:{zone_r})?{place_r})+(?:共中)?")
        else:
            self._place_back = None
        self._max_back = max((len(p) for p in places), default=0) * 4 + 8
        self._generic_before = sorted(set(self.generic_before), key=len, reverse=True)
        self._generic_chars = "".join(p for p in self.generic_prefixes if len(p) == 1)

    # -- matching ----------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping AGENCY spans, left to right, each as long as the grammar allows."""
        spans = self._grammar_spans(text)
        triggered = self._triggered_spans(text)
        if not triggered:
            return spans
        # Prefer the earlier start, then the longer span.
        out: list[tuple[int, int]] = []
        for s, e in sorted(spans + triggered, key=lambda x: (x[0], -x[1])):
            if out and s < out[-1][1]:
                continue
            out.append((s, e))
        return out

    def _triggered_spans(self, text: str) -> list[tuple[int, int]]:
        if self._trigger_re is None:
            return []
        out = []
        for m in self._trigger_re.finditer(text):
            if self._is_generic_name(m.group("n")):
                continue
            out.append(m.span())
            head, pos = m.group("h"), m.end()
            while self._sibling_re is not None:
                sib = self._sibling_re.match(text, pos)
                if sib is None or sib.group("h") != head or self._is_generic_name(sib.group("n")):
                    break
                out.append((sib.start("n"), sib.end()))
                pos = sib.end()
        return out

    def _is_generic_name(self, name: str) -> bool:
        """专门, 专项, 临时工作 ..., 6个: an unnamed group (成立专门工作组, 成立6个督导组)."""
        if _COUNTED.match(name):
            return True
        rest = name
        words = sorted(self._trigger_generic, key=len, reverse=True)
        while rest:
            for w in words:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    break
            else:
                return False
        return True

    def _grammar_spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        last_end = 0
        for m in self._re.finditer(text):
            s, e = m.span()
            kind = next(k for k in "ptadx" if m.group(k) is not None)
            if kind == "p":
                ends = [s, m.end("g")] if m.group("g") else []
            elif kind in ("a", "x"):
                ends = [s]
            else:
                ends = []
            start = min((self._back(text, end, last_end) for end in ends), default=s)
            if start < s:
                s = start
            elif kind == "x":
                continue  # 政府, 委, 海关 ... need a place or prefix before them
            if kind == "x" and len(m.group("x")) < 2:
                continue  # 和平 + 局 (和平局), 德州 + 委: a bare 委/局/厅 needs 市/省/区 ...
            elif kind != "p" and self._generic(text, s):
                continue
            spans.append((s, e))
            last_end = e
        return spans

    def _back(self, text: str, end: int, floor: int) -> int:
        """Start of the chain of places ending at ``end`` (``end`` itself when none)."""
        if self._place_back is None or end <= floor:
            return end
        lo = max(floor, end - self._max_back)
        m = self._place_back.match(text[lo:end][::-1])
        return end - m.end() if m else end

    def _generic(self, text: str, s: int) -> bool:
        """A bare body name made generic by what comes before it (各市卫健委, 相关部门)."""
        for w in self._generic_before:
            if text.endswith(w, 0, s):
                return True
        return (
            s >= 2
            and text[s - 1] in self._generic_chars
            and text[s - 2] in GENERIC_QUANTIFIERS
        )

    # -- serialisation -----------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain lists of strings (JSON/msgpack safe); ``from_dict`` rebuilds the matcher."""
        d: dict[str, Any] = {name: list(getattr(self, name)) for name in self._LISTS}
        d["prefix_blockers"] = self.prefix_blockers
        d["version"] = 1
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AgencyMatcher":
        kwargs = {name: list(data[name]) for name in cls._LISTS if name in data and name != "places"}
        if "prefix_blockers" in data:
            kwargs["prefix_blockers"] = str(data["prefix_blockers"])
        return cls(data.get("places", ()), **kwargs)
