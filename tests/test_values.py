"""Amounts and dates: grammar, normalisation, and round-trip properties."""

from __future__ import annotations

import datetime as dt

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from covidbrief.knowledge.dates import find_dates
from covidbrief.knowledge.quantities import find_quantities, normalise, to_number


@pytest.mark.parametrize("text, span, value, unit, qualifier", [
    ("新增本地确诊病例88例", "88例", 88, "例", None),
    ("复工率93.3%", "93.3%", 93.3, "%", None),
    ("核酸检测1.5万人", "1.5万人", 15000, "人", None),
    ("排查5000余处", "5000余处", 5000, "处", "余"),
    ("采样29.95万管", "29.95万管", 299500, "管", None),
    ("投入2.2亿元", "2.2亿元", 220000000, "元", None),
    ("储备近800万只口罩", "近800万只", 8000000, "只", "近"),
    ("隔离14天以上", "14天以上", 14, "天", "以上"),
    ("开展两轮核酸检测", "两轮", 2, "轮", None),
    ("常住外国人1.2万", "1.2万", 12000, "", None),
    ("观察3-5天", "3-5天", 3, "天", None),
    ("捐赠防护用品1万余件(套)", "1万余件(套)", 10000, "件(套)", "余"),
    ("产能恢复在30%左右", "30%左右", 30, "%", "左右"),
])
def test_amounts(text, span, value, unit, qualifier):
    found = find_quantities(text)
    assert len(found) == 1
    q = found[0]
    assert (text[q.start:q.end], q.value, q.unit, q.qualifier) == (span, value, unit, qualifier)


@pytest.mark.parametrize("text", ["第41场发布会", "2月24日", "一是加强管控", "三个体系", "拨打12345热线", "6号令", "2022年"])
def test_not_amounts(text):
    assert find_quantities(text) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_parse_back_to_the_same_value(n):
    written = cn2an.an2cn(n, "low")
    assert to_number(written) == n
    assert normalise(written + "例")[0] == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["例", "人", "个", "吨", "%"]))
def test_arabic_amounts_round_trip(n, unit):
    value, got_unit, _ = normalise(f"{n}{unit}")
    assert (value, got_unit) == (n, unit)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_dates_round_trip(day, hour, minute):
    text = f"{day.year}年{day.month}月{day.day}日{hour}时{minute}分"
    found = find_dates(text)
    assert [(d.start, d.end) for d in found] == [(0, len(text))]
    assert found[0].value == f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    short = f"{day.month}月{day.day}日"
    assert find_dates(short, day.isoformat())[0].value == day.isoformat()


@pytest.mark.parametrize("text, meta_date, expected", [
    ("4月20日0-24时", "2022-04-21", "2022-04-20"),
    ("3月23日0时至14时", "2022-03-23", "2022-03-23T00:00/2022-03-23T14:00"),
    ("10月19日24时", "2022-10-20", "2022-10-20T00:00"),
    ("昨天", "2020-02-17", "2020-02-16"),
    ("今天12时", "2020-02-17", "2020-02-17T12:00"),
    ("本月底", "2020-02-24", "2020-02-29"),
    ("本周", "2020-02-17", "2020-02-17/2020-02-23"),
    ("一季度", "2022-03-23", "2022-01-01/2022-03-31"),
    ("2022年4月20日至22日", None, "2022-04-20/2022-04-22"),
    ("2022.04.21", None, "2022-04-21"),
])
def test_dates_resolve_against_the_document_date(text, meta_date, expected):
    found = find_dates(text, meta_date)
    assert [(text[d.start:d.end], d.value) for d in found] == [(text, expected)]


def test_same_day_refers_back_to_the_last_named_date():
    text = "2月16日0-24时,新增3例。当日治愈出院5例。"
    values = [d.value for d in find_dates(text, "2020-02-17")]
    assert values == ["2020-02-16", "2020-02-16"]
