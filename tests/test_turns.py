"""Speaker turns and roles from line cues, with a knowledge-only pipeline (no training needed)."""

from __future__ import annotations

import pytest
import spacy

import covidbrief.components  # noqa: F401
from covidbrief.corpus.docs import doc_to_record
from covidbrief.speakers.agencies import full_name
from covidbrief.speakers.cues import read_line
from covidbrief.speakers.profiles import officials, qa_pairs


@pytest.fixture(scope="module")
def nlp():
    pipe = spacy.blank("zh")
    pipe.add_pipe("covidbrief_knowledge")
    pipe.add_pipe("covidbrief_entity_rules")
    pipe.add_pipe("covidbrief_turns", config={"mode": "rules"})
    pipe.add_pipe("covidbrief_relations", config={"mode": "rules"})
    pipe.add_pipe("covidbrief_profiles")
    pipe.initialize()
    return pipe


def turns(nlp, text, meta=None):
    doc = nlp.make_doc(text)
    doc._.meta = meta or {}
    record = doc_to_record(nlp(doc))
    ents = {e["id"]: e for e in record["entities"]}
    out = []
    for t in record["turns"]:
        sp = ents.get(t["speaker_id"])
        first_line = text[t["start_offset"]:t["end_offset"]].split("\n")[0]
        out.append((t["role"], text[sp["start_offset"]:sp["end_offset"]] if sp else None, first_line[:8]))
    return out, record


def test_name_colon_and_title_chain_prefixes(nlp):
    text = ("绵阳市召开疫情防控新闻发布会\n"
            "市卫健委党组成员、副主任李明:截至目前,全市累计报告确诊病例12例。\n"
            "我们将继续做好防控工作。\n"
            "记者:下一步如何保障物资供应?\n"
            "市商务局副局长王芳:我们已经建立了保供体系。")
    found, record = turns(nlp, text)
    assert found == [("NARRATION", None, "绵阳市召开疫情防"), ("OFFICIAL", "李明", "市卫健委党组成员"),
                     ("REPORTER", None, "记者:下一步如何"), ("OFFICIAL", "王芳", "市商务局副局长王")]
    assert qa_pairs(record) == [{"question_turn": 2, "answer_turns": [3]}]


def test_name_alone_on_a_line_and_media_question(nlp):
    text = "张伟:\n首先通报全市疫情情况。\n南方日报记者:请问复工情况如何?\n张伟\n目前复工率达到85%。"
    found, _ = turns(nlp, text)
    assert [f[:2] for f in found] == [("OFFICIAL", "张伟"), ("REPORTER", "南方日报"), ("OFFICIAL", "张伟")]


def test_host_opening_after_a_header_line(nlp):
    text = "市政府新闻办副主任刘洋\n大家好!欢迎参加今天的新闻发布会。\n刘洋:下面请市卫健委介绍情况。"
    found, _ = turns(nlp, text)
    assert found[0][:2] == ("HOST", "刘洋")


def test_reported_speech_and_agency_spokespeople(nlp):
    text = ("3月5日,市政府召开新闻发布会。\n"
            "据市卫健委副主任陈明介绍,全市新增确诊病例3例。\n"
            "市公安局相关负责同志通报,已查处违规人员5人。")
    found, _ = turns(nlp, text)
    assert [f[:2] for f in found] == [("NARRATION", None), ("OFFICIAL", "陈明"), ("OFFICIAL", "市公安局")]


def test_article_with_no_speaker_marks_is_one_narration_turn(nlp):
    text = "全市新增确诊病例2例。\n两例均在隔离点发现。\n记者从发布会获悉,物资供应充足。"
    found, record = turns(nlp, text)
    assert [f[0] for f in found] == ["NARRATION"]
    assert record["turns"][0]["start_offset"] == 0 and record["turns"][-1]["end_offset"] == len(text)


@pytest.mark.parametrize("line", ["截至目前:全市累计确诊15例。", "一是:加强核酸检测。", "来源:市政府新闻办", "编辑:王琳"])
def test_lines_that_look_like_speakers_but_are_not(line):
    cue = read_line(line, [], 1)
    assert cue.role in (None, "NARRATION")


def test_every_line_in_exactly_one_turn(nlp):
    text = "标题\n王强:发言。\n\n记者:问题?\n王强:回答。"
    _, record = turns(nlp, text)
    starts = [t["start_offset"] for t in record["turns"]]
    assert starts == sorted(starts)
    for a, b in zip(record["turns"], record["turns"][1:]):
        assert text[a["end_offset"]] == "\n" and b["start_offset"] == a["end_offset"] + 1


def test_profiles_resolve_short_forms_with_the_documents_place(nlp):
    text = "市卫健委党组成员、副主任李明:今天通报疫情。\n李明表示,全市形势平稳。"
    _, record = turns(nlp, text, meta={"place": "绵阳市"})
    profile = officials(record)[0]
    assert profile["name"] == "李明" and profile["titles"] == ["党组成员", "副主任"]
    assert profile["affiliations"][0]["full_name"] == "绵阳市卫生健康委员会"
    assert len(profile["mentions"]) == 2 and profile["turns"] == [0]
    assert full_name("省卫健委", "大连市") == "辽宁省卫生健康委员会"


def test_without_metadata_the_documents_city_comes_from_its_places(nlp):
    text = "成都市新冠肺炎疫情防控新闻发布会\n市卫健委副主任张敏:成华区、武侯区今日新增病例。"
    _, record = turns(nlp, text)
    assert officials(record)[0]["affiliations"][0]["full_name"] == "成都市卫生健康委员会"


def test_speaker_slot_wins_over_a_recogniser_span_with_the_colon(nlp):
    text = "主持人:欢迎参加发布会。\n张敏:今天新增病例2例。"
    doc = nlp.make_doc(text)
    doc._.meta = {}
    start = text.index("张敏:")
    doc.ents = [doc.char_span(start, start + 3, label="PERSON")]  # what a recogniser may predict
    for name, proc in nlp.pipeline:  # as shipped: knowledge and the rules run after the recogniser
        doc = proc(doc)
    record = doc_to_record(doc)
    names = [(text[e["start_offset"]:e["end_offset"]], e["label"]) for e in record["entities"]]
    assert ("张敏", "OFFICIAL") in names and not any(n.endswith(":") for n, _ in names)
    assert [t["role"] for t in record["turns"]] == ["HOST", "OFFICIAL"]
