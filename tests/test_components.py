"""Pipeline components: behaviour, serialisation, config errors."""

from __future__ import annotations

import pytest
import spacy

import covidbrief.components  # noqa: F401
from covidbrief.components.knowledge import ConfigError
from covidbrief.corpus.docs import register_extensions, span_key


def ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


@pytest.fixture(scope="module")
def rules_nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("covidbrief_knowledge")
    nlp.add_pipe("covidbrief_entity_rules")
    nlp.add_pipe("covidbrief_values")
    nlp.initialize()
    return nlp


def test_knowledge_marks_places_agencies_titles_amounts_dates(rules_nlp):
    doc = rules_nlp("4月20日0-24时，绵阳市新增本土确诊病例12例。绵阳市卫健委副主任李明介绍")
    found = ents(doc)
    assert ("4月20日0-24时", "DATE") in found and ("绵阳市", "PLACE") in found
    assert ("12例", "QUANTITY") in found and ("绵阳市卫健委", "AGENCY") in found
    assert ("副主任", "TITLE") in found and ("李明", "OFFICIAL") in found


def test_values_normalise_amounts_and_dates(rules_nlp):
    doc = rules_nlp.make_doc("3月5日，全市累计接种疫苗1.5万余人次，复工率93.3%。次日新增2例。")
    register_extensions()
    doc._.meta = {"date": "2022-03-06"}
    doc = rules_nlp(doc)
    attrs = doc._.entity_attrs
    by_text = {e.text: attrs.get(span_key(e.start_char, e.end_char), {}) for e in doc.ents}
    assert by_text["3月5日"]["value"] == "2022-03-05"
    assert by_text["1.5万余人次"] == {"value": 15000, "unit": "人次", "qualifier": "余"}
    assert by_text["93.3%"] == {"value": 93.3, "unit": "%"}


def test_byline_names_are_persons_not_officials(rules_nlp):
    doc = rules_nlp("副市长王强表示")
    assert ("王强", "OFFICIAL") in ents(doc)
    nlp = spacy.blank("zh")
    nlp.add_pipe("covidbrief_entity_rules")
    doc = nlp.make_doc("记者 刘洋 报道")
    doc.ents = [doc.char_span(3, 5, label="OFFICIAL")]
    assert ents(nlp(doc)) == [("刘洋", "PERSON")]


@pytest.mark.parametrize("text, official, title", [
    ("德州市将认真落实习近平总书记关于疫情防控的重要指示精神。", "习近平", "总书记"),
    ("要贯彻李克强总理重要讲话。", "李克强", "总理"),
])
def test_name_before_a_title_is_an_official(rules_nlp, text, official, title):
    found = ents(rules_nlp(text))
    assert (official, "OFFICIAL") in found and (title, "TITLE") in found


def test_no_name_is_read_into_a_title_after_a_common_word(rules_nlp):
    assert [label for _, label in ents(rules_nlp("全市各级党委书记要负责。"))] == ["TITLE"]


def test_member_after_an_agency_is_a_title(rules_nlp):
    found = ents(rules_nlp("市防指旅游外事组成员、市政府外办主任黎宝光,"))
    assert ("成员", "TITLE") in found and ("黎宝光", "OFFICIAL") in found
    assert ("成员", "TITLE") not in ents(rules_nlp("市防指成员单位要落实责任。"))


@pytest.mark.parametrize("text", ["市卫健委主任王强说", "市疫情防控领导小组成员王强说:"])
def test_a_speech_verb_is_not_part_of_the_name(rules_nlp, text):
    assert ("王强", "OFFICIAL") in ents(rules_nlp(text))


def test_not_amounts_and_not_titles(rules_nlp):
    found = ents(rules_nlp("第41场发布会，一是加强管控，落实一人一策，拨打12345市长公开电话"))
    assert not [t for t, label in found if label in ("QUANTITY", "TITLE")]


def test_knowledge_survives_to_disk_and_load(rules_nlp, tmp_path):
    rules_nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    text = "德州市副市长陈晓强通报，禹城市新增35例"
    assert ents(loaded(text)) == ents(rules_nlp(text))
    assert (tmp_path / "p" / "covidbrief_knowledge" / "knowledge.json").exists()


@pytest.mark.parametrize("config, words", [
    ({"mode": "sometimes"}, "mode must be one of"),
    ({"labels": ["METRIC"]}, "not produced by knowledge"),
])
def test_config_errors_say_what_is_allowed(config, words):
    nlp = spacy.blank("zh")
    with pytest.raises(ConfigError, match=words):
        nlp.add_pipe("covidbrief_knowledge", config=config)


def test_config_type_errors_are_caught_by_spacy():
    nlp = spacy.blank("zh")
    with pytest.raises(Exception, match="add_names"):
        nlp.add_pipe("covidbrief_entity_rules", config={"add_names": "perhaps"})


@pytest.mark.parametrize("text, org", [
    ("积极协调敖东大药房为企业提供防护用品", "敖东大药房"),
    ("基本满足一汽集团整车厂生产", "一汽集团"),
    ("将市第二医院临时改为定点医院", "市第二医院"),
    ("转运至德州市人民医院。", "德州市人民医院"),
    ("山东鲁抗医药股份有限公司复工", "山东鲁抗医药股份有限公司"),
])
def test_named_organisations_are_org(rules_nlp, text, org):
    assert (org, "ORG") in ents(rules_nlp(text))


@pytest.mark.parametrize("text", ["全市各级医院全面恢复诊疗", "患者转入定点医院。", "协调3所学校", "这家公司已复工"])
def test_generic_organisation_words_are_not_org(rules_nlp, text):
    assert "ORG" not in [label for _, label in ents(rules_nlp(text))]


@pytest.mark.parametrize("text, names", [
    ("记者|杨鸣宇 编辑|王琳", ["杨鸣宇", "王琳"]),
    ("(责编:郭扬、戴谦)", ["郭扬", "戴谦"]),
    ("中新网杭州2月17日电 (郭扬)今天下午", ["郭扬"]),
])
def test_byline_names_are_found_as_persons(rules_nlp, text, names):
    assert [t for t, label in ents(rules_nlp(text)) if label == "PERSON"] == names


@pytest.mark.parametrize("text", ["记者连日来在市区走访。", "记者向市民介绍,", "入城审核严格,", "记者 方面,高度重视。"])
def test_byline_words_in_running_text_are_not_names(rules_nlp, text):
    assert "PERSON" not in [label for _, label in ents(rules_nlp(text))]


def test_a_place_after_a_byline_word_stays_a_place(rules_nlp):
    assert ("高明区", "PLACE") in ents(rules_nlp("据央视记者 高明区介绍"))


def test_doc_text_is_read_once_and_not_stored_on_the_doc(rules_nlp):
    from covidbrief.corpus.docs import doc_text

    doc = rules_nlp("德州市新增病例2例。")
    assert doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
    assert not any("text" in str(key) for key in doc.user_data)


@pytest.mark.parametrize("text, name", [("新华社记者王强报道", "王强"), ("本报记者李明", "李明"), ("记者 刘洋 摄", "刘洋")])
def test_an_outlets_own_byline_needs_no_separator(rules_nlp, text, name):
    assert (name, "PERSON") in ents(rules_nlp(text))
