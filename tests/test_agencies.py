"""AgencyMatcher: body names of government, party and public administration (spec section 2)."""

import json

import pytest

from covidbrief.knowledge.agencies import AgencyMatcher, trie_regex

PLACES = ["德州市", "德州", "辽宁省", "大连市", "浙江省", "长春新区"]


@pytest.fixture(scope="module")
def matcher():
    return AgencyMatcher(PLACES)


def spans(matcher, text):
    return [text[s:e] for s, e in matcher.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # prefix + core (+ child units)
        ("市卫健委今天通报了最新疫情。", ["市卫健委"]),
        ("市防指办公室专职副主任王某主持发布会。", ["市防指办公室"]),
        ("省委组织部近日下发通知。", ["省委组织部"]),
        ("市政府新闻办公室召开新闻发布会。", ["市政府新闻办公室"]),
        ("国家卫生健康委员会发布消息。", ["国家卫生健康委员会"]),
        ("根据国务院联防联控机制的部署要求。", ["国务院联防联控机制"]),
        ("省疾控中心专家提醒广大市民。", ["省疾控中心"]),
        ("区市场监管局加大检查力度。", ["区市场监管局"]),
        ("县人力资源和社会保障局发布招聘信息。", ["县人力资源和社会保障局"]),
        ("市发改委、市商务局联合开展检查。", ["市发改委", "市商务局"]),
        ("省应急管理厅派出工作组。", ["省应急管理厅"]),
        ("新区管委会组织力量开展排查。", ["新区管委会"]),
        ("市委常委会召开会议。", ["市委常委会"]),
        ("市疫情防控指挥部办公室发布公告。", ["市疫情防控指挥部办公室"]),
        ("国家卫健委疾控局负责同志介绍。", ["国家卫健委疾控局"]),
        ("市卫健委医政医管处处长说。", ["市卫健委医政医管处"]),
        ("国务院办公厅印发通知。", ["国务院办公厅"]),
        ("省政府新闻办举行发布会。", ["省政府新闻办"]),
        # place names stay inside
        ("德州市工业和信息化局局长介绍复工情况。", ["德州市工业和信息化局"]),
        ("大连市卫健委通报。", ["大连市卫健委"]),
        ("中共德州市委召开常委会议。", ["中共德州市委"]),
        ("长春新区长春高新技术产业开发区管委会副主任出席。", ["长春新区长春高新技术产业开发区管委会"]),
        ("浙江省新型冠状病毒肺炎疫情防控工作领导小组发布通告。", ["浙江省新型冠状病毒肺炎疫情防控工作领导小组"]),
        ("大连海关加强口岸检疫。", ["大连海关"]),
        ("德州政府网站发布。", ["德州政府"]),
        # coordinated names split
        ("省委省政府高度重视。", ["省委", "省政府"]),
        ("在市委市政府的坚强领导下。", ["市委", "市政府"]),
        ("辽宁省委省政府部署。", ["辽宁省委", "省政府"]),
        ("党中央、国务院决策部署。", ["党中央", "国务院"]),
        ("党中央国务院高度重视。", ["党中央", "国务院"]),
        ("德州市委、市政府召开会议。", ["德州市委", "市政府"]),
        # bodies without a prefix
        ("复工复产工作领导小组每日调度。", ["复工复产工作领导小组"]),
        ("中央应对新冠肺炎疫情工作领导小组会议指出。", ["中央应对新冠肺炎疫情工作领导小组"]),
        ("国务院应对新型冠状病毒感染的肺炎疫情联防联控机制印发方案。",
         ["国务院应对新型冠状病毒感染的肺炎疫情联防联控机制"]),
        ("疾控中心专家建议。", ["疾控中心"]),
        ("新闻发布处处长主持。", ["新闻发布处"]),
        # merged bureaus: stems joined by 和/与 or juxtaposed; coordination splits
        ("新区发展改革与工业信息化局副局长出席。", ["新区发展改革与工业信息化局"]),
        ("县教育体育局发布通知。", ["县教育体育局"]),
        ("市房管局和物价局联合检查。", ["市房管局", "物价局"]),
        ("教育部国际合作与交流司", ["教育部国际合作与交流司"]),
        # a body named as it is set up, with its siblings
        ("迅速成立市商务局“稳外贸、保就业”专项工作领导小组，统筹推进。",
         ["市商务局“稳外贸、保就业”专项工作领导小组"]),
        ("组建医疗救治协调组、物资调配协调组，分工负责。", ["医疗救治协调组", "物资调配协调组"]),
        ("省级层面建立一企一策帮扶工作组。", ["一企一策帮扶工作组"]),
        # a title after an agency is not part of it
        ("区委书记带队检查。", ["区委"]),
        ("市卫健委党组成员、副主任通报。", ["市卫健委"]),
        ("市卫健委党委书记介绍。", ["市卫健委"]),
        ("镇党委书记深入一线。", ["镇党委"]),
        ("新区党工委副书记、管委会主任调研。", ["新区党工委"]),
        ("省委常委、组织部长出席。", ["省委"]),
        ("市政府副秘书长主持。", ["市政府"]),
        ("市疾控中心主任医师解读。", ["市疾控中心"]),
    ],
)
def test_agency_spans(matcher, text, expected):
    assert spans(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "请相关部门抓好落实。",
        "各地各部门要压实责任。",
        "各级党组织要发挥作用。",
        "基层工作人员连续奋战。",
        "有关部门正在调查。",
        "各部门密切配合。",
        "全市上下众志成城。",
        "各市卫健委要加强督导。",
        "各级疫情防控指挥部要加强值守。",
        "全国疾控中心系统",
        "社区居委会工作人员上门排查。",
        "要建立联防联控机制。",
        "加强宣传部署。",
        "城市政府的作用",
        "吉林省长春市",
        "市委托第三方机构开展评估。",
        "成立工作专班。",
        "党委政府高度重视。",
        "打开局面。",
        "成立专门工作组。",
        "成立6个督导组开展检查。",
        "两队打成和平局。",
    ],
)
def test_generic_mentions_are_not_agencies(matcher, text):
    assert matcher.find(text) == []


def test_offsets_point_into_the_text(matcher):
    text = "2月24日，大连市卫健委、市疾控中心联合发布提示。"
    got = matcher.find(text)
    assert got == [(6, 12), (13, 18)]
    assert [text[s:e] for s, e in got] == ["大连市卫健委", "市疾控中心"]


def test_spans_do_not_overlap_and_are_sorted(matcher):
    text = "省委省政府、市委市政府、市卫健委、市防指办公室、国务院联防联控机制综合组。" * 3
    got = matcher.find(text)
    assert got == sorted(got)
    assert all(a[1] <= b[0] for a, b in zip(got, got[1:]))


def test_places_are_pluggable():
    text = "杭州市卫健委发布通告。"
    assert spans(AgencyMatcher([]), text) == ["市卫健委"]
    assert spans(AgencyMatcher(["杭州市"]), text) == ["杭州市卫健委"]


def test_places_may_be_objects_with_a_name():
    class Place:
        def __init__(self, name):
            self.name = name

    m = AgencyMatcher([Place("禹城市"), Place("德州市")])
    assert m.places == ["德州市", "禹城市"]
    assert spans(m, "禹城市政府召开会议。") == ["禹城市政府"]


def test_bodies_can_be_replaced():
    m = AgencyMatcher(PLACES, bodies=["防疫站"], functions=[])
    assert spans(m, "市防疫站和市卫健委") == ["市防疫站"]


def test_round_trip_through_plain_lists(matcher):
    data = matcher.to_dict()
    # JSON-safe: plain strings and lists of strings only
    assert json.loads(json.dumps(data)) == data
    for key, value in data.items():
        if key != "version":
            assert isinstance(value, (list, str))
            if isinstance(value, list):
                assert all(isinstance(v, str) for v in value)
    again = AgencyMatcher.from_dict(data)
    text = "德州市工业和信息化局、省委省政府、市防指办公室专职副主任、复工复产工作领导小组"
    assert again.find(text) == matcher.find(text)
    assert again.to_dict() == data


def test_trie_regex_prefers_longest_and_guards():
    import re

    pat = re.compile(trie_regex(["卫健委", "卫健", "卫生健康委员会"], lambda w: "(?!员)" if w.endswith("委") else ""))
    assert pat.match("卫生健康委员会").group() == "卫生健康委员会"
    assert pat.match("卫健委通报").group() == "卫健委"
    assert pat.match("卫健委员").group() == "卫健"
    assert re.compile(trie_regex([])).search("anything") is None


def test_long_token_runs_do_not_backtrack_exponentially(matcher):
    # Regression: a run of division/task words with no head after it used to make the
    # engine try every way of cutting the run (minutes for 80 characters).
    text = "市卫健委" + "医政医管" * 40 + "。市" + "新型冠状病毒感染的肺炎疫情防控" * 20 + "。"
    assert spans(matcher, text) == ["市卫健委"]


def test_atomic_emulation_for_old_pythons(monkeypatch):
    import covidbrief.knowledge.agencies as agencies

    text = "市卫健委医政医管处处长、复工复产工作领导小组、市卫健委" + "医政医管" * 30
    expected = agencies.AgencyMatcher(PLACES).find(text)
    monkeypatch.setattr(agencies.sys, "version_info", (3, 10, 0))
    emulated = agencies.AgencyMatcher(PLACES)
    assert "(?P<_at" in emulated._re.pattern
    assert emulated.find(text) == expected
