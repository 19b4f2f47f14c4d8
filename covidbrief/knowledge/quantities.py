"""QUANTITY: a grammar of amounts (number, approximators, measure word) and their values.

Numerals are converted by cn2an (Arabic, Chinese and mixed: 1.5万, 两, 一百零五).
The grammar proposes Arabic-numeral amounts with any measure word, and
Chinese-numeral amounts only with measure words that rarely form idioms or
enumerations (一是, 一手抓, 三个体系 are not amounts).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import cn2an

UNITS = (
    "个百分点", "百分点", "万人次", "人次", "户次", "辆次", "架次", "车次", "班次", "剂次", "批次", "平方公里", "平方米",
    "立方米", "公里", "千米", "公斤", "千克", "万元", "亿元", "美元", "欧元", "元", "个月", "小时", "分钟", "秒钟",
    "例", "人", "名", "位", "个", "家", "户", "处", "所", "座", "栋", "幢", "辆", "台", "架", "艘", "件", "套", "只",
    "支", "管", "份", "吨", "斤", "升", "毫升", "克", "床", "张", "间", "次", "批", "轮", "场", "天", "周", "年",
    "岁", "项", "条", "类", "种", "组", "队", "趟", "盒", "剂", "针", "瓶", "袋", "包", "箱", "倍", "成", "篇",
    "副", "双", "块", "片", "万", "亿", "期", "点", "笔", "单", "车", "元钱", "标箱", "头", "口", "层", "%", "％", "‰",
    "枚", "粒", "颗", "本", "册", "顶", "桶", "罐", "卷", "亩", "公顷", "人份", "吨次", "千瓦时", "度",
)
# Measure words allowed after Chinese numerals (others are too often idioms or enumerations).
CN_UNITS = ("天", "名", "人", "例", "轮", "次", "成", "批", "批次", "周", "个月", "小时", "家", "户", "所", "倍", "位")

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"
MULT = r"(?:[十百千]?[万亿]|千)"
PRE = r"(?:将近|接近|大约|超过|不足|不到|近|约|超|逾)"
MID = r"(?:余|多)"
POST = r"(?:左右|以上|以内|以下|余|多)"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


PATTERN = re.compile(
    rf"(?<![\d.第])(?P<pre>{PRE})?"
    rf"(?:(?P<num>{ARABIC}(?:\s?{MULT})?)(?:\s?[-~～至到](?P<hi>{ARABIC}))?(?P<mid>{MID})?(?:\s?(?P<unit>{_alt(UNITS)}))?"
    rf"|(?<![一二两三四五六七八九十百千万亿零〇第])(?P<cnum>{CN_NUM})(?P<cmid>{MID})?(?P<cunit>{_alt(CN_UNITS)}))"
    rf"(?P<paren>\((?:{_alt(UNITS)})\)|（(?:{_alt(UNITS)})）)?"
    rf"(?P<post>{POST})?"
)
# Arabic numbers followed by these are dates, times, ordinals or codes, not amounts.
NOT_AFTER = re.compile(r"\s?(?:年|月|日|号|时|点|分|:|：|\.|-\d|/\d|级|期|届|次会议|版)")


class Quantity(NamedTuple):
    """A QUANTITY span with its normalised value, unit and qualifier."""

    start: int
    end: int
    value: float | int
    unit: str
    qualifier: str | None


DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def _chinese_integer(text: str) -> int | None:
    """Pure Chinese numerals (一百五十万零一千): the fallback where cn2an 0.5.23 refuses a form."""
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        elif ch in BIG_UNITS:
            section += digit
            total = (total + section) * BIG_UNITS[ch] if BIG_UNITS[ch] > 10_000 else total + section * BIG_UNITS[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit


def to_number(text: str) -> float | int | None:
    """The number ``text`` writes (Arabic, Chinese or mixed), or None. cn2an does the
    work; pure Chinese numerals it refuses go through a small fallback parser."""
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        value = cn2an.cn2an(cleaned, "smart")
    except (ValueError, KeyError, IndexError):
        value = _chinese_integer(cleaned)
        if value is None:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unit_value(match: re.Match) -> tuple[str, str] | None:
    """(number text, unit) of a match, or None when it is not an amount."""
    if match.group("num"):
        number, unit = match.group("num"), match.group("unit") or ""
        if not unit and not re.search(MULT + "$", number):
            return None
        if unit in ("万", "亿"):
            number, unit = number + unit, ""
    else:
        number, unit = match.group("cnum"), match.group("cunit")
    paren = match.group("paren")
    if paren:
        unit += "(" + paren[1:-1] + ")"
    return number, unit


def find_quantities(text: str) -> list[Quantity]:
    """Amounts in ``text``, left to right, non-overlapping."""
    out = []
    for match in PATTERN.finditer(text):
        if match.group("num") and not match.group("unit") and NOT_AFTER.match(text, match.end("num")):
            continue
        if match.group("num") and match.group("unit") == "年" and len(match.group("num")) == 4:
            continue
        parts = _unit_value(match)
        if parts is None:
            continue
        number, unit = parts
        value = to_number(number)
        if value is None:
            continue
        if match.group("cnum") and text[match.end():match.end() + 1] == "性":
            continue  # 一次性, 两次性: an adjective, not an amount
        if match.group("cnum") and text[match.end():match.end() + 1] == "一" and match.group("cnum") == "一":
            continue  # 一人一策, 一企一策: a formula, not an amount
        qualifier = match.group("pre") or match.group("mid") or match.group("cmid") or match.group("post")
        out.append(Quantity(match.start(), match.end(), value, unit, qualifier))
    return out


def normalise(span_text: str) -> tuple[float | int | None, str, str | None]:
    """(value, unit, qualifier) of a QUANTITY span found by any means."""
    found = find_quantities(span_text)
    if found and found[0].start == 0:
        q = found[0]
        return q.value, q.unit, q.qualifier
    number = re.search(rf"{ARABIC}(?:\s?{MULT})?|{CN_NUM}", span_text)
    if not number:
        return None, "", None
    unit = span_text[number.end():].strip()
    for suffix in ("左右", "以上", "以内", "以下", "余", "多"):
        unit = unit.removesuffix(suffix)
    return to_number(number.group()), unit.lstrip("余多"), None
