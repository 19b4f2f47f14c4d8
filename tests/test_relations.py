"""Relation rules and METRIC proposals on inline examples (no trained model)."""

from __future__ import annotations

import re

import pytest

from covidbrief.knowledge.metrics import propose_metrics, tidy_metric
from covidbrief.relations.candidates import Ent
from covidbrief.relations.rules import rule_pairs


def mark(text: str, *spans: tuple[str, str]) -> list[Ent]:
    """Entities for ``(surface, label)`` pairs, found left to right in ``text``."""
    out, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        out.append(Ent(start, start + len(surface), label, len(out) + 1))
        at = start + len(surface)
    return out


def relations(text: str, ents: list[Ent]) -> set[tuple[str, str, str]]:
    by_id = {e.id: text[e.start:e.end] for e in ents}
    return {(kind, by_id[a], by_id[b]) for kind, a, b in rule_pairs(text, ents)}


def test_amount_takes_metric_date_place_and_breakdown():
    text = "4月20日0-24时,德州市新增本土确诊病例67例,其中禹城市35例。"
    ents = mark(text, ("4月20日0-24时", "DATE"), ("德州市", "PLACE"), ("新增本土确诊病例", "METRIC"),
                ("67例", "QUANTITY"), ("禹城市", "PLACE"), ("35例", "QUANTITY"))
    found = relations(text, ents)
    assert {("MEASURES", "67例", "新增本土确诊病例"), ("TIME", "67例", "4月20日0-24时"),
            ("LOCATION", "67例", "德州市"), ("PART_OF", "35例", "67例"), ("LOCATION", "35例", "禹城市")} <= found


def test_official_mention_gives_titles_and_affiliation():
    text = "德州市卫健委党组成员、副主任王强介绍"
    ents = mark(text, ("德州市卫健委", "AGENCY"), ("党组成员", "TITLE"), ("副主任", "TITLE"), ("王强", "OFFICIAL"))
    assert relations(text, ents) == {("HAS_TITLE", "王强", "党组成员"), ("HAS_TITLE", "王强", "副主任"),
                                     ("AFFILIATION", "王强", "德州市卫健委")}


def test_title_right_after_the_name_belongs_to_it():
    text = "德州市将认真落实习近平总书记关于疫情防控的重要指示精神。"
    ents = mark(text, ("德州市", "PLACE"), ("习近平", "OFFICIAL"), ("总书记", "TITLE"))
    assert relations(text, ents) == {("HAS_TITLE", "习近平", "总书记")}


def test_home_jurisdiction_between_place_and_amount_blocks_the_place():
    text = "来自沈阳、大连的139名队员支援我市,同我市100名队员一起工作。"
    ents = mark(text, ("沈阳", "PLACE"), ("大连", "PLACE"), ("139名", "QUANTITY"), ("100名", "QUANTITY"))
    found = relations(text, ents)
    assert ("LOCATION", "139名", "沈阳") in found and ("LOCATION", "139名", "大连") in found
    assert not any(kind == "LOCATION" and q == "100名" for kind, q, _ in found)


@pytest.mark.parametrize("text, amount", [
    ("辽宁省我市也连续8天无新增确诊病例。", "8天"),
    ("浙江治愈了一名96岁的高龄患者。", "96岁"),
])
def test_durations_and_ages_are_not_located(text, amount):
    place = "辽宁省" if "辽宁省" in text else "浙江"
    ents = mark(text, (place, "PLACE"), (amount, "QUANTITY"))
    assert not any(kind == "LOCATION" for kind, _, _ in relations(text, ents))


def test_place_inside_a_quoted_name_does_not_scope():
    text = "在“大连外事”微信公众号发布4种语言信息。"
    ents = mark(text, ("大连", "PLACE"), ("4种", "QUANTITY"))
    assert relations(text, ents) == set()
    quoted_alone = "在“大连”发布4种语言信息。"
    ents = mark(quoted_alone, ("大连", "PLACE"), ("4种", "QUANTITY"))
    assert ("LOCATION", "4种", "大连") in relations(quoted_alone, ents)


@pytest.mark.parametrize("phrase, unit, expected", [
    ("规模以上职工开展核酸检测率均", "%", "规模以上职工开展核酸检测率"),
    ("本土新冠肺炎确诊病例和", "例", "本土新冠肺炎确诊病例"),
    ("“无疫小区”", "个", "无疫小区"),
    ("创建公布“无疫小区”", "个", "无疫小区"),
    ("新增本地确诊病例", "例", "新增本地确诊病例"),
    ("复工率", "%", "复工率"),
    ("也连续", "天", None),
    ("每天组织", "次", None),
])
def test_tidy_metric(phrase, unit, expected):
    text = "," + phrase + "1"
    got = tidy_metric(text, 1, 1 + len(phrase), unit)
    assert (text[got[0]:got[1]] if got else None) == expected


@pytest.mark.parametrize("text", ["共3个“”", "“”3天", "3个“", "”5例", "0例", "12个“无”"])
def test_odd_quotes_and_empty_phrases_give_no_metric_and_no_error(text):
    quantities = [(m.start(), m.end()) for m in re.finditer(r"\d+[个天例]", text)]
    assert propose_metrics(text, quantities, [], {q: text[q[1] - 1] for q in quantities}) == []


def test_a_long_run_before_an_amount_is_read_in_linear_time():
    text = "啊" * 200_000 + "新增病例5例"
    q = text.index("5例")
    found = propose_metrics(text, [(q, q + 2)], [], {(q, q + 2): "例"})  # seconds, not hours
    assert all(e - s <= 16 for s, e in found)


def test_metric_proposal_starts_after_a_closed_list():
    text = "零售业(大型购物中心、百货商店)复工营业率达到95%;"
    q = text.index("95%")
    found = propose_metrics(text, [(q, q + 3)], [], {(q, q + 3): "%"})
    assert [text[s:e] for s, e in found] == ["复工营业率"]


def _proposed(text: str, amount: str, unit: str) -> list[str]:
    q = text.index(amount)
    return [text[s:e] for s, e in propose_metrics(text, [(q, q + len(amount))], [], {(q, q + len(amount)): unit})]


@pytest.mark.parametrize("text, amount, unit, expected", [
    ("全区已连续5天无新增本土病例。", "5天", "天", ["无新增本土病例"]),
    ("全县连续3天开展区域核酸检测,", "3天", "天", ["区域核酸检测"]),
    ("新增病例连续3天降到个位数。", "3天", "天", []),  # a change, not what held
    ("本周完成三轮区域核酸检测。", "三轮", "轮", ["区域核酸检测"]),
    ("每天组织1次抗原检测,", "1次", "次", ["抗原检测"]),
    ("每3天组织1次抗原检测,", "3天", "天", []),
    ("入境人员须集中隔离医学观察7天,", "7天", "天", ["集中隔离医学观察"]),
    ("航班比原计划提前两天,", "两天", "天", []),
    ("目前仍有120人正在接受集中隔离,", "120人", "人", ["正在接受集中隔离"]),
    ("90%以上的规上企业已复工。", "90%以上", "%", ["规上企业"]),
    ("下设综合协调、医疗救治3个组,", "3个", "个", ["组"]),
])
def test_metric_of_streaks_repetitions_measures_and_counts(text, amount, unit, expected):
    assert _proposed(text, amount, unit) == expected


def test_a_later_amount_of_the_same_measure_carries_its_metric():
    text = "预计3月1日市场复工率60%,3月10日可达85%。"
    ents = mark(text, ("3月1日", "DATE"), ("市场复工率", "METRIC"), ("60%", "QUANTITY"), ("3月10日", "DATE"),
                ("85%", "QUANTITY"))
    found = relations(text, ents)
    assert ("MEASURES", "85%", "市场复工率") in found and ("TIME", "85%", "3月10日") in found
    later = "全市复工率为95%,到月底将达到100%。"
    ents = mark(later, ("复工率", "METRIC"), ("95%", "QUANTITY"), ("月底", "DATE"), ("100%", "QUANTITY"))
    assert ("MEASURES", "100%", "复工率") in relations(later, ents)
    other = "全市复工率60%,新增病例5例。"
    ents = mark(other, ("复工率", "METRIC"), ("60%", "QUANTITY"), ("新增病例", "METRIC"), ("5例", "QUANTITY"))
    assert ("MEASURES", "5例", "复工率") not in relations(other, ents)


@pytest.mark.parametrize("text, amount, unit, expected", [
    # what stands before an amount wins over a noun after 的
    ("市财政拨付资金5000万元的基础上,", "5000万元", "万元", ["市财政拨付资金"]),
    ("累计发放补贴3000万元的同时,", "3000万元", "万元", ["补贴"]),
    # time words, requirements and changes are not measures
    ("未来14天内,", "14天", "天", []),
    ("零售企业营业时间延长2小时。", "2小时", "小时", []),
    ("连续5天无症状感染者数量下降。", "5天", "天", []),
    # streaks past an adverb or a verb of reporting; measures before and after a duration
    ("该市连续7天报告新增病例。", "7天", "天", ["新增病例"]),
    ("全市连续14天均无新增病例。", "14天", "天", ["无新增病例"]),
    ("返回人员须居家健康监测7天。", "7天", "天", ["居家健康监测"]),
    ("入境人员集中隔离医学观察14天。", "14天", "天", ["集中隔离医学观察"]),
    ("对其实行7天居家健康监测。", "7天", "天", ["居家健康监测"]),
    ("14天后解除隔离。", "14天", "天", []),
    ("隔离14天后解除隔离。", "14天", "天", ["隔离"]),
])
def test_metric_rules_stay_within_what_they_are_for(text, amount, unit, expected):
    assert _proposed(text, amount, unit) == expected


def test_each_duration_takes_its_own_measure():
    text = "实行14天集中隔离医学观察和7天居家健康监测。"
    spans = [(text.index("14天"), text.index("14天") + 3), (text.index("7天"), text.index("7天") + 2)]
    found = propose_metrics(text, spans, [], {spans[0]: "天", spans[1]: "天"})
    assert [text[s:e] for s, e in found] == ["集中隔离医学观察", "居家健康监测"]


def test_metric_proposals_on_a_long_unpunctuated_line_take_linear_time():
    import time

    unit = "5人正在接受医学观察" + "啊" * 90
    text = unit * 4000  # 400,000 characters, 4,000 head counts, no clause end
    quantities = [(i * len(unit), i * len(unit) + 2) for i in range(4000)]
    started = time.perf_counter()
    propose_metrics(text, quantities, quantities, {q: "人" for q in quantities})
    assert time.perf_counter() - started < 5  # about 1 s; the quadratic search took over 15 s


def test_no_metric_is_carried_into_the_next_sentence():
    text = "接种率60%;2月底将达到80%。"
    found = relations(text, mark(text, ("接种率", "METRIC"), ("60%", "QUANTITY"), ("2月底", "DATE"), ("80%", "QUANTITY")))
    assert ("MEASURES", "60%", "接种率") in found and ("MEASURES", "80%", "接种率") not in found
