"""DATE: a grammar of dates, clock times and periods, resolved to ISO 8601.

Relative expressions (今天, 昨天, 本周, 本月底, 当日) are resolved against the
document's date (its ``meta["date"]`` or the first full date in the text);
``当日``/``同日`` take the date most recently named before them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from .quantities import to_number

_N = r"\d{1,2}"
_TIME = rf"(?:{_N}[时点](?:{_N}分|半)?|{_N}[:：]\d{{2}})"
_DAYPART = r"(?:上午|下午|中午|晚上|晚间|凌晨|早上|傍晚|夜间|晚)"
_YMD = rf"(?:(?P<y>\d{{4}})年)?(?:(?P<m>{_N})月)?(?P<d>{_N})(?:日|号(?![令文楼线院窗机台字]))"
_YM = rf"(?:(?P<y2>\d{{4}})年)?(?P<m2>{_N})月(?:份)?"
_RANGE_END = rf"(?:[-—~～至到](?:(?P<m3>{_N})月)?(?P<d3>{_N})[日号])"
_TIME_RANGE = rf"(?:{_N}[时点]?[-—~～至到]{_TIME}|{_TIME}(?:[-—~～至到]{_TIME})?)"
RELATIVE = {
    "今天": 0, "今日": 0, "当天": None, "当日": None, "同日": None, "同天": None, "昨天": -1, "昨日": -1,
    "前天": -2, "明天": 1, "明日": 1, "后天": 2,
}
PERIODS = ("本周", "上周", "下周", "本月底", "月底", "本月", "上月", "下月", "月初", "今年", "去年", "明年", "年底",
           "一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "上旬", "中旬", "下旬")
_REL = "|".join(sorted(list(RELATIVE) + list(PERIODS), key=len, reverse=True))

PATTERN = re.compile(
    rf"(?<![\d.])(?:"
    rf"(?P<iso>\d{{4}})[.\-/](?P<im>{_N})[.\-/](?P<id>{_N})(?:\s?(?P<it>{_N}[:：]\d{{2}}))?"
    rf"|(?P<md>{_N})-(?P<mdd>{_N})\s(?P<mdt>{_N}:\d{{2}})"
    rf"|{_YMD}{_RANGE_END}?{_DAYPART}?(?P<t>{_TIME_RANGE})?"
    rf"|{_YM}"
    rf"|(?P<yonly>\d{{4}})年(?:第?[一二三四1-4]季度|[上下]半年)?"
    rf"|(?P<rel>{_REL}){_DAYPART}?(?P<rt>{_TIME})?"
    rf")(?![\d])"
)


class Date(NamedTuple):
    """A DATE span with its ISO 8601 value (None when it cannot be resolved)."""

    start: int
    end: int
    value: str | None


def document_date(text: str, meta_date: str | None = None) -> dt.date | None:
    """The date a document is about: ``meta_date`` when given, else the first full date in the text."""
    if meta_date:
        try:
            return dt.date.fromisoformat(str(meta_date)[:10])
        except ValueError:
            pass
    m = re.search(r"(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _clock(text: str) -> tuple[int, int] | None:
    m = re.match(rf"({_N})[时点:：](?:(\d{{1,2}})分?|半)?", text)
    if not m:
        return None
    minutes = 30 if text.endswith("半") else int(m.group(2) or 0)
    return int(m.group(1)), minutes


def _stamp(day: dt.date, clock: tuple[int, int] | None) -> str:
    if clock is None:
        return day.isoformat()
    hour, minute = clock
    if hour >= 24:
        day, hour = day + dt.timedelta(days=hour // 24), hour % 24
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _period(day: dt.date, word: str) -> str | None:
    year, month = day.year, day.month
    last = calendar.monthrange(year, month)[1]
    monday = day - dt.timedelta(days=day.weekday())
    quarters = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
    if word in ("本周", "上周", "下周"):
        start = monday + dt.timedelta(weeks={"本周": 0, "上周": -1, "下周": 1}[word])
        return f"{start}/{start + dt.timedelta(days=6)}"
    if word in ("本月底", "月底"):
        return dt.date(year, month, last).isoformat()
    if word == "月初":
        return dt.date(year, month, 1).isoformat()
    if word in ("本月", "上月", "下月"):
        m = month + {"本月": 0, "上月": -1, "下月": 1}[word]
        y, m = year + (m - 1) // 12, (m - 1) % 12 + 1
        return f"{dt.date(y, m, 1)}/{dt.date(y, m, calendar.monthrange(y, m)[1])}"
    if word in ("今年", "去年", "明年"):
        y = year + {"今年": 0, "去年": -1, "明年": 1}[word]
        return f"{y}-01-01/{y}-12-31"
    if word == "年底":
        return f"{year}-12-31"
    if word.endswith("季度"):
        q = quarters[word[-3]]
        end_month = q * 3
        return f"{dt.date(year, end_month - 2, 1)}/{dt.date(year, end_month, calendar.monthrange(year, end_month)[1])}"
    if word in ("上半年", "下半年"):
        return f"{year}-01-01/{year}-06-30" if word == "上半年" else f"{year}-07-01/{year}-12-31"
    if word in ("上旬", "中旬", "下旬"):
        a, b = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, last)}[word]
        return f"{dt.date(year, month, a)}/{dt.date(year, month, b)}"
    return None


def _resolve(m: re.Match, ref: dt.date | None, last: dt.date | None) -> tuple[str | None, dt.date | None]:
    """(ISO value, the calendar day it names) of one match."""
    try:
        if m.group("iso"):
            day = dt.date(int(m.group("iso")), int(m.group("im")), int(m.group("id")))
            return _stamp(day, _clock(m.group("it")) if m.group("it") else None), day
        if m.group("md"):
            year = ref.year if ref else None
            if year is None:
                return None, None
            day = dt.date(year, int(m.group("md")), int(m.group("mdd")))
            return _stamp(day, _clock(m.group("mdt"))), day
        if m.group("d"):
            base = last or ref
            year = int(m.group("y")) if m.group("y") else (base.year if base else None)
            month = int(m.group("m")) if m.group("m") else (base.month if base else None)
            if year is None or month is None:
                return None, None
            day = dt.date(year, month, int(m.group("d")))
            if m.group("d3"):
                end = dt.date(year, int(m.group("m3") or month), int(m.group("d3")))
                return f"{day}/{end}", day
            t = m.group("t")
            if t:
                parts = re.split(r"[-—~～至到]", t)
                if len(parts) == 2:
                    a = _clock(parts[0] if re.search(r"[时点:：]", parts[0]) else parts[0] + "时")
                    b = _clock(parts[1])
                    if a == (0, 0) and b == (24, 0):
                        return day.isoformat(), day
                    return f"{_stamp(day, a)}/{_stamp(day, b)}", day
                return _stamp(day, _clock(t)), day
            return day.isoformat(), day
        if m.group("m2"):
            year = int(m.group("y2")) if m.group("y2") else (ref.year if ref else None)
            if year is None:
                return None, None
            month = int(m.group("m2"))
            return f"{dt.date(year, month, 1)}/{dt.date(year, month, calendar.monthrange(year, month)[1])}", None
        if m.group("yonly"):
            year = int(m.group("yonly"))
            word = m.group(0)[5:].lstrip("第")
            if word:
                return _period(dt.date(year, 1, 1), word), None
            return f"{year}-01-01/{year}-12-31", None
        word = m.group("rel")
        if word in RELATIVE:
            offset = RELATIVE[word]
            day = last if offset is None else (ref + dt.timedelta(days=offset) if ref else None)
            if day is None:
                return None, None
            return _stamp(day, _clock(m.group("rt")) if m.group("rt") else None), day
        return (_period(ref, word) if ref else None), None
    except ValueError:
        return None, None


def find_dates(text: str, meta_date: str | None = None) -> list[Date]:
    """DATE spans of ``text`` with values resolved against the document date."""
    ref = document_date(text, meta_date)
    out, last = [], None
    for m in PATTERN.finditer(text):
        if not m.group(0):
            continue
        value, day = _resolve(m, ref, last)
        if day is not None:
            last = day
        out.append(Date(m.start(), m.end(), value))
    return out


def normalise(span_text: str, context_before: str = "", meta_date: str | None = None) -> str | None:
    """ISO value of a DATE span found by any means (``context_before``: the text before it)."""
    found = find_dates(context_before + span_text, meta_date)
    for d in found:
        if d.start == len(context_before) and d.end == len(context_before) + len(span_text):
            return d.value
    return None


__all__ = ["Date", "document_date", "find_dates", "normalise", "to_number"]
