"""Named organisations (ORG) from the grammar of their names: NAME + KIND.

KIND is a word for a kind of organisation (医院, 集团, 有限公司, 银行, 超市,
大药房, 大学 ...). NAME is read leftwards from KIND over jieba's words
(part-of-speech tagged) while they can be part of a name: place names, personal
names, other proper names, abbreviations, common nouns and ordinals (第二). A
verb, preposition, pronoun or punctuation ends it. The organisation must be
*named*: NAME holds a proper word (``义乌``国际商贸城, ``商城``集团, ``敖东``大药房),
an ordinal (市``第二``医院) or a bare jurisdiction (``市``传染病医院); generic
mentions (定点医院, 各级医院, 三所学校) are not ORG.
"""

from __future__ import annotations

import re

KINDS = (
    "股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "中医院", "医院", "卫生院", "大药房", "药房", "药店",
    "银行", "信用社", "超市", "商场", "商贸城", "农贸市场", "批发市场", "购物中心", "大学", "学院", "中学",
    "小学", "幼儿园", "酒店", "宾馆", "饭店", "协会", "商会", "基金会", "研究院", "研究所", "工厂", "电厂",
)
KIND = re.compile("|".join(sorted(KINDS, key=len, reverse=True)))
PROPER = ("ns", "nr", "nz", "j", "nt", "nrt", "nrfg")
NAME_TAGS = PROPER + ("n", "b", "an", "vn")
JURISDICTION = "省市县区州旗"
# Modifiers that make a generic mention (市定点医院, 各级医院, 三级医院), not a name.
GENERIC = {"定点", "市管", "省管", "县管", "区管", "公立", "民营", "私立", "大型", "中型", "小型", "中小", "相关",
           "有关", "其他", "指定", "各级", "各类", "基层", "二级", "三级", "综合", "专科", "全市", "全省", "全区"}
FUNCTION_CHARS = set("将至在由为从对向把被给与和及")
ORDINAL = re.compile(r"^第[一二三四五六七八九十\d]+$")
CONTEXT = 10  # characters read before KIND
MAX_NAME = 12


def find_organisations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each named organisation in ``text``."""
    out: list[tuple[int, int]] = []
    for m in KIND.finditer(text):
        start = _name_start(text, m.start())
        if start is not None:
            out.append((start, m.end()))
    return out


def _name_start(text: str, kind_start: int) -> int | None:
    line_start = text.rfind("\n", 0, kind_start) + 1
    context = text[max(line_start, kind_start - CONTEXT):kind_start]
    if not context:
        return None
    words = _tagged(context)
    start, named, generic = kind_start, False, True
    for word, tag in reversed(words):
        if len(word) == 2 and word[0] in FUNCTION_CHARS and word[1] in JURISDICTION:
            start -= 1  # 将市|第二医院: jieba glued a function word to the jurisdiction
            break
        if ORDINAL.match(word):
            named = True
        elif tag.startswith(PROPER) and len(word) > 1:
            named = True
        elif not (tag in NAME_TAGS and all("\u4e00" <= c <= "\u9fff" for c in word)):
            break
        generic = generic and (word in GENERIC or word in JURISDICTION)
        start -= len(word)
        if kind_start - start > MAX_NAME:
            return None
    if start < kind_start and text[start] in JURISDICTION and kind_start - start > 1:
        named = True  # 市传染病医院
    return start if named and not generic and start < kind_start else None


def _tagged(phrase: str) -> list[tuple[str, str]]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return [(pair.word, pair.flag) for pair in pseg.lcut(phrase)]
