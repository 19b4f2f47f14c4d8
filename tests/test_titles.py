"""TitleMatcher: positions held by a person, one span per title (spec section 2)."""

import json

import pytest

from covidbrief.knowledge.titles import TitleMatcher


@pytest.fixture(scope="module")
def matcher():
    return TitleMatcher()


def spans(matcher, text):
    return [text[s:e] for s, e in matcher.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("德州市副市长王建华出席发布会。", ["副市长"]),
        ("市防指办公室专职副主任李明介绍。", ["专职副主任"]),
        ("省卫健委新闻发布处处长张强主持。", ["处长"]),
        ("市商务局党组成员、副局长刘洋回答记者提问。", ["党组成员", "副局长"]),
        ("市卫健委党组书记、主任赵刚通报疫情。", ["党组书记", "主任"]),
        ("市委常委、常务副市长孙伟出席。", ["常委", "常务副市长"]),
        ("市政府副秘书长周敏主持发布会。", ["副秘书长"]),
        ("市政府新闻发言人吴丽发布。", ["新闻发言人"]),
        ("市卫健委一级巡视员郑华介绍。", ["一级巡视员"]),
        ("市疾控中心主任医师钱勇解读防护知识。", ["主任医师"]),
        ("省疾控中心首席专家冯涛提醒。", ["首席专家"]),
        ("习近平总书记强调。", ["总书记"]),
        ("新区党工委副书记、管委会主任陈晨调研。", ["副书记", "主任"]),
        ("党工委书记、管委会主任陈晨调研。", ["党工委书记", "主任"]),
        ("市卫健委党委书记许亮表示。", ["党委书记"]),
        ("镇党委书记何平带队。", ["书记"]),
        ("副市长兼秘书长马超表示。", ["副市长", "秘书长"]),
        ("代市长林峰主持会议。", ["代市长"]),
        ("市长助理高洁参加。", ["市长助理"]),
        ("集团董事长、总经理韩雪介绍复产情况。", ["董事长", "总经理"]),
        ("省委常委、宣传部长出席。", ["常委", "宣传部长"]),
        ("国务院副总理强调。", ["副总理"]),
        ("市防指总指挥、副指挥长", ["总指挥", "副指挥长"]),
        ("医疗救治组组长", ["组长"]),
        # a surname that also starts a place after 长 (长葛, 长宁) does not block the title
        ("许昌市副市长葛某某、副市长宁某", ["副市长", "副市长"]),
    ],
)
def test_title_spans(matcher, text, expected):
    assert spans(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市卫健委相关负责人介绍。",
        "市卫健委负责同志通报。",
        "工作人员上门服务。",
        "广大党员干部冲锋在前。",
        "本报记者 杨某 编辑 王某",
        "市民可拨打12345市长公开电话反映问题。",
        "也可拨打市长热线或登录市长信箱留言。",
        "吉林省长春市新增确诊病例。",
        "湖南省长沙市、上海市长宁区、许昌市长葛市",
        "大连市长海县",
        "建立健全全省长效机制。",
        "城市长期发展规划",
        "社区长期坚持的做法",
        "排队长达三个小时。",
        "市人大常委会召开会议。",
        "委员会",
        "主席台就座",
        "人大代表",
    ],
)
def test_not_titles(matcher, text):
    assert matcher.find(text) == []


def test_offsets(matcher):
    text = "德州市副市长陈晓强"
    assert matcher.find(text) == [(3, 6)]


def test_custom_titles_with_guards():
    m = TitleMatcher(["站长 <车", "护士长"])
    assert spans(m, "车站长期运营，站长和护士长") == ["站长", "护士长"]


def test_round_trip_through_plain_lists(matcher):
    data = matcher.to_dict()
    assert json.loads(json.dumps(data)) == data
    again = TitleMatcher.from_dict(data)
    text = "市委常委、常务副市长；党组成员、副局长；12345市长公开电话；镇党委书记"
    assert again.find(text) == matcher.find(text)
    assert again.to_dict() == data
