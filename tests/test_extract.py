"""extract(): records valid per the spec, offsets into the text as given, bad input handled."""

from __future__ import annotations

import json

import pytest

from covidbrief import extract
from covidbrief.corpus import problems
from covidbrief.errors import CovidbriefError

from conftest import RAW


def test_extract_a_raw_seed_gives_entities_in_raw_offsets():
    raw = (RAW / "dezhou-2022-03-23.txt").read_bytes()
    record = extract(raw, id="dezhou", meta={"date": "2022-03-23"})
    text = record["text"]
    labels = {e["label"] for e in record["entities"]}
    assert {"PLACE", "AGENCY", "QUANTITY", "DATE", "TITLE"} <= labels
    for e in record["entities"]:
        span = text[e["start_offset"]:e["end_offset"]]
        assert span.strip(), e
        if e["label"] == "QUANTITY":
            assert isinstance(e["value"], (int, float)) and isinstance(e["unit"], str)


def test_extract_clean_text_is_valid_per_the_spec():
    text = "3月23日，德州市新增本土确诊病例5例。\n德州市副市长陈晓强介绍，禹城市新增3例。"
    record = extract(text, id="x", meta={"date": "2022-03-23"})
    assert record["text"] == text
    assert [str(p) for p in problems(record) if "turn" not in p.where and "line" not in p.where] == []
    found = {(text[e["start_offset"]:e["end_offset"]], e["label"]) for e in record["entities"]}
    assert {("德州市", "PLACE"), ("副市长", "TITLE"), ("陈晓强", "OFFICIAL"), ("5例", "QUANTITY")} <= found
    json.dumps(record, ensure_ascii=False)


def test_offsets_point_into_traditional_text_as_given():
    text = "德州市衛生健康委員會通報，新增確診病例3例。"
    record = extract(text)
    assert record["text"] == text
    spans = {(text[e["start_offset"]:e["end_offset"]], e["label"]) for e in record["entities"]}
    assert ("3例", "QUANTITY") in spans


@pytest.mark.parametrize("text", [
    "",
    "   \n\t ",
    "no chinese at all, just English words and 123 numbers.",
    "😷😷 新增病例 3 例 🎉",
    "控制\x00字符\x07在这里\x1b[0m新增2例",
    "新增" + "病例" * 20_000 + "3例",
])
def test_bad_input_gives_a_record_or_a_clear_error(text):
    try:
        record = extract(text, id="bad")
    except CovidbriefError as err:
        assert str(err)
        return
    assert record["id"] == "bad"
    for e in record["entities"]:
        assert 0 <= e["start_offset"] < e["end_offset"] <= len(record["text"])
