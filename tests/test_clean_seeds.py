"""Cleaning of the five seed documents: what must go, what must stay, offsets."""

import re

import pytest
from conftest import CLEAN, SEEDS

from covidbrief import clean
import opencc

from covidbrief.cleaning.script import to_simplified_char

T2S = opencc.OpenCC("t2s")

RUBY = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
BOILERPLATE = ["字体", "扫码关注", "A+ A-", "版权所有", "免责声明", "评论留言", "暂时没有留言", "阅读:1147",
               "导航 时政", "原创推荐", "ID:gh_", "发布会视频"]
KEPT = {
    "dalian-2020-02-24": ["主要原因是复产复工后各地出现了多起聚集性疫情,邻国日本和韩国近日报告的确诊病例数也大幅度增长。",
                          "(狐观大连 转自 市外办 来源:大连发布)"],
    "dezhou-2022-03-23": ["德州市现有本土确诊病例67例,其中禹城市35例、平原县21例、武城县11例。现有本土无症状感染者11例",
                          "切断新冠病毒通过进口冷链食品、非冷链物品的传播途径。", "共同守住来之不易的疫情防控成果。”陈晓强说。",
                          "记者|杨鸣宇 编辑|王琳"],
    "zhejiang-2020-02-17": ["截至2月16日24时,浙江省累计报告新型冠状病毒肺炎确诊病例1171例", "(责编:郭扬、戴谦)"],
    "changchun-2022-04-21": ["4月20日0-24时,全市新增本地确诊病例88例(含32例无症状感染者转为确诊病例),新增本地无症状感染者 233例。",
                             "邓辉:", "编辑:张舒", "(责编:马俊华、谢龙)", "来源:长春新闻发布"],
    "fushun-2022-10-20": ["今抚顺 10-20 17:06 作者:刘思波 李晓玲", "责任编辑:张媛淼", "编辑:唐海波 侯晓明",
                          "抚顺县、新宾满族自治县、新抚区、望花区、东洲区已从20日4时起解除静态管理"],
}


@pytest.mark.parametrize("doc", SEEDS)
def test_noise_is_gone(cleaned, doc):
    text = cleaned[doc].text
    assert T2S.convert(text) == text  # nothing traditional left
    assert not RUBY.search(text), RUBY.search(text)
    assert "客场遭逆转" not in text and "B体育" not in text
    for phrase in BOILERPLATE:
        assert phrase not in text, phrase
    assert "\u00a0" not in text and "\ufffd" not in text


@pytest.mark.parametrize("doc", SEEDS)
def test_layout(cleaned, doc):
    for line in cleaned[doc].text.split("\n"):
        assert line and line == line.strip()


@pytest.mark.parametrize("doc", SEEDS)
def test_chosen_sentences_survive(cleaned, doc):
    for sentence in KEPT[doc]:
        assert sentence in cleaned[doc].text


def test_mojibake_repaired_where_recoverable(cleaned):
    text = cleaned["dezhou-2022-03-23"].text
    assert "?" not in text.replace("做了哪些工作?", "")
    assert "当地配套" in text and "德州日报新媒体出品" in text
    reasons = {r.reason for r in cleaned["dezhou-2022-03-23"].removed}
    assert {"mojibake", "ruby"} <= reasons


@pytest.mark.parametrize("doc", SEEDS)
def test_every_clean_char_maps_back(cleaned, doc):
    c = cleaned[doc]
    repaired = [(r.start, r.end) for r in c.removed if r.reason.startswith("mojibake")]
    for i, ch in enumerate(c.text):
        s, e = c.to_raw(i, i + 1)
        if any(a <= s and e <= b for a, b in repaired):
            continue
        raw = c.raw[s:e]
        if ch == " ":
            assert raw.isspace(), (i, raw)
            continue
        assert len(raw) == 1, (i, ch, raw)
        assert raw == ch or to_simplified_char(raw) == ch or T2S.convert(c.raw[s - 3 : e + 3])[3:4] == ch


@pytest.mark.parametrize("doc", SEEDS)
def test_raw_span_maps_to_clean_span(cleaned, doc):
    c = cleaned[doc]
    for sentence in KEPT[doc]:
        start = c.text.index(sentence)
        rs, re_ = c.to_raw(start, start + len(sentence))
        assert c.to_clean(rs, re_) == (start, start + len(sentence))


@pytest.mark.parametrize("doc", SEEDS)
def test_committed_clean_files_are_current(cleaned, doc):
    assert (CLEAN / f"{doc}.txt").read_text(encoding="utf-8") == cleaned[doc].text + "\n"


@pytest.mark.parametrize("doc", SEEDS)
def test_idempotent_on_seeds(cleaned, doc):
    assert clean(cleaned[doc].text).text == cleaned[doc].text
