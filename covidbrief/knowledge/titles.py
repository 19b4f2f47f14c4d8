"""Position titles (TITLE): 副市长, 党组成员, 专职副主任, 新闻发言人, 一级巡视员 ...

The grammar is ``[PARTY] [RANK] HEAD [助理]``, one span per title:

- PARTY: 党组, 党委, 党工委, 党支部, 党总支 (党组书记, 党委副书记). After a bare
  place prefix (镇党委书记, 街道党工委书记) the committee is the body, so the title
  is 书记 alone, matching :class:`~covidbrief.knowledge.agencies.AgencyMatcher`.
- RANK: 常务副, 专职副, 执行副, 第一副, 副, 常务, 专职, 执行, 第一, 代理, 代, 名誉.
- HEAD: 市长, 书记, 主任, 局长, 一级巡视员, 新闻发言人, 主任医师, 董事长 ...

The agency or place before a title stays outside it (德州市副市长 -> 副市长), 兼 is
a conjunction, not part of a title (副市长兼秘书长 -> 副市长, 秘书长). Generic
words (相关负责人, 负责同志, 工作人员, 干部, 记者, 编辑) are never titles. A title
word naming a hotline, mailbox or meeting (12345市长公开电话, 市长信箱, 书记热线,
市长办公会) is not a title, nor is ``长`` starting another word (吉林省长春市,
全省长期, 排队长达).

State round-trips through ``to_dict`` / ``from_dict`` as plain lists of strings.
Each head may carry guards: ``市长 <城都`` (not after 城 or 都: 城市长...),
``委员 !会`` (not before 会: 委员会).
"""

from __future__ import annotations

import re
from typing import Any

from .agencies import trie_regex

__all__ = ["TitleMatcher", "member_titles"]

MEMBER = "成员"
NOT_MEMBER_TITLE = ("单位", "国", "企业", "机构", "部门", "之一")  # 成员单位: member bodies, not a position


def member_titles(text: str, agency_ends: list[int]) -> list[tuple[int, int]]:
    """``成员`` right after an agency is a position in it (市防指旅游外事组成员,
    领导小组成员); alone it is too common a word (家庭成员, 成员单位) to be a title."""
    return [(end, end + len(MEMBER)) for end in agency_ends
            if text.startswith(MEMBER, end) and not text.startswith(NOT_MEMBER_TITLE, end + len(MEMBER))]


def _lines(block: str) -> list[str]:
    return [ln.strip() for ln in block.strip().splitlines() if ln.strip()]


# One head a line, optionally followed by "<chars" (may not come right after any of
# these characters) and "!a|b" (may not be followed by any of these strings).
HEADS = _lines("""
市长 <城都超股上夜菜门集早
省长
区长 <社小园片景辖城郊街营疫校矿灾山林牧港
县长
州长
镇长 <城乡村
乡长 <城老同
村长
旗长
书记 !处
总书记
局长 <全格布时大开结变战政僵
处长
科长 <学
厅长 <大客餐展
部长 <内局全外东西南北中细腹胸头面干
组织部长
宣传部长
统战部长
司长 <公
署长
院长
所长 <场厕住
校长
社长 <报公合
台长 <平舞站阳柜灶
站长 <车网
队长 <排团军部车
组长
行长 <运执进发出步旅飞平通
会长 <社机开大晚年议
庭长
检察长
审计长
主任 !务
主任委员
主任医师
主治医师
主任护师
主任科员
一级主任科员
二级主任科员
三级主任科员
四级主任科员
护士长
主席 !台|团
委员 !会
委员长
国务委员
常委 !会
党组成员
党委成员
秘书长
巡视员
一级巡视员
二级巡视员
调研员
一级调研员
二级调研员
三级调研员
四级调研员
新闻发言人
发言人
总理 !事|府
主委
政委 !员
总工程师
总经济师
总会计师
总规划师
总师
董事长
总经理
总裁
监事长
理事长
指挥长
总指挥 !部
督察长
行政长官
纪检组长
首席专家
首席科学家
首席医学专家
首席公共卫生专家
教授
研究员
院士
""")

RANKS = "常务副 专职副 执行副 第一副 副 常务 专职 执行 第一 代理 名誉".split()
# 代 only before a head title of a government (代市长, 代县长), else it is 代表, 代替 ...
ACTING_HEADS = "市长 省长 区长 县长 州长 镇长 乡长 旗长 主席 局长 主任 书记".split()
PARTY = "党组 党委 党工委 党支部 党总支".split()
SUFFIXES = ["助理"]

# 长 starting another word (吉林省长春市, 全省长期, 排队长达) is not the end of a title.
# Characters that are also common surnames (白, 宁, 葛, 安, 江 ...) are only blocked with
# the rest of a place name (上海市长宁区, 许昌市长葛市), so 副市长葛某 stays a title.
LONG_WORD_AFTER = (
    "期 效 远 久 足 途 度 假 城 治 征 篇 短 寿 汀 垣 岛 清 岭 春 沙 泰 达 跑 廊 河 三角 顺 子县 "
    "时间 年累月 线 势 处 满 白山 白县 白朝鲜族 宁区 宁县 阳县 阳土家族 葛市 乐区 乐县 兴县 丰县 "
    "武县 海县 安区 安县 安街 江流 江经 江三 江沿 江干 江中 江大 江水 江以 江南 江北 江岸 江段"
).split()
# A title word naming a hotline, mailbox, cup or meeting is no title (12345市长公开电话).
NOT_A_PERSON_AFTER = "热线 公开电话 电话 信箱 专线 邮箱 接待日 办公会 杯 奖 基金".split()
# Party committee right after a bare place prefix is a body (镇党委 + 书记).
PARTY_BLOCKERS = "市省区县州镇乡道旗"


class TitleMatcher:
    """Find TITLE spans (character offsets, end exclusive) in a text."""

    _LISTS = ("titles", "ranks", "party", "suffixes", "acting_heads", "long_word_after", "not_a_person_after")

    def __init__(
        self,
        titles: list[str] | None = None,
        *,
        ranks: list[str] | None = None,
        party: list[str] | None = None,
        suffixes: list[str] | None = None,
        acting_heads: list[str] | None = None,
        long_word_after: list[str] | None = None,
        not_a_person_after: list[str] | None = None,
        party_blockers: str | None = None,
    ) -> None:
        def pick(value: list[str] | None, default: list[str]) -> list[str]:
            return list(default if value is None else value)

        self.titles = pick(titles, HEADS)
        self.ranks = pick(ranks, RANKS)
        self.party = pick(party, PARTY)
        self.suffixes = pick(suffixes, SUFFIXES)
        self.acting_heads = pick(acting_heads, ACTING_HEADS)
        self.long_word_after = pick(long_word_after, LONG_WORD_AFTER)
        self.not_a_person_after = pick(not_a_person_after, NOT_A_PERSON_AFTER)
        self.party_blockers = PARTY_BLOCKERS if party_blockers is None else party_blockers
        self._compile()

    def _compile(self) -> None:
        heads: dict[str, tuple[str, list[str]]] = {}
        for line in self.titles:
            parts = line.split()
            word, before, after = parts[0], "", []
            for p in parts[1:]:
                if p.startswith("<"):
                    before += p[1:]
                elif p.startswith("!"):
                    after += [a for a in p[1:].split("|") if a]
            heads[word] = (before, after)

        long_after = "|".join(re.escape(w) for w in sorted(self.long_word_after, key=len, reverse=True))

        def guard(word: str) -> str:
            after = list(heads.get(word, ("", []))[1])
            out = ""
            if after:
                out += "(?!" + "|".join(re.escape(a) for a in after) + ")"
            if word.endswith("长") and long_after:
                out += f"(?!{long_after})"
            return out

        # Heads with a "not after" guard get it as a lookbehind at their start.
        plain = [w for w, (b, _) in heads.items() if not b]
        guarded = [f"(?<![{re.escape(b)}]){trie_regex([w], guard)}" for w, (b, _) in heads.items() if b]
        head = "(?:" + "|".join([trie_regex(plain, guard)] + guarded) + ")"
        rank = trie_regex(self.ranks)
        acting = trie_regex([h for h in self.acting_heads if h in heads], guard)
        party_block = f"(?<![{re.escape(self.party_blockers)}])" if self.party_blockers else ""
        party = f"(?:{party_block}{trie_regex(self.party)})"
        suffix = trie_regex(self.suffixes)
        not_person = "|".join(re.escape(w) for w in sorted(self.not_a_person_after, key=len, reverse=True))
        tail = f"(?!{not_person})" if not_person else ""
        pattern = (
            r"(?<![0-9０-９])"
            f"(?:{party}?(?:{rank})?{head}|代{acting})"
            f"(?:{suffix})?{tail}"
        )
        self._re = re.compile(pattern)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping TITLE spans, left to right."""
        return [m.span() for m in self._re.finditer(text)]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {name: list(getattr(self, name)) for name in self._LISTS}
        d["party_blockers"] = self.party_blockers
        d["version"] = 1
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TitleMatcher":
        kwargs: dict[str, Any] = {name: list(data[name]) for name in cls._LISTS if name in data}
        if "party_blockers" in data:
            kwargs["party_blockers"] = str(data["party_blockers"])
        return cls(**kwargs)
