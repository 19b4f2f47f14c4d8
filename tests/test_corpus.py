"""The gold corpus: valid, anchored on the clean text, convertible without loss."""

from __future__ import annotations

import copy
import json

import pytest
from spacy.tokens import DocBin

from covidbrief import clean
from covidbrief.corpus import (
    LABELS, RELATIONS, ROLES, ReanchorError, RecordError, doc_to_record, problems, read_docbin,
    read_records, reanchor, record_to_doc, records_to_docbin, stats_markdown, validate, write_docbin,
    write_records,
)
from covidbrief.corpus.docs import _char_nlp

from conftest import ROOT

SEEDS_FILE = ROOT / "annotations" / "seeds.jsonl"


@pytest.fixture(scope="module")
def records():
    return read_records(SEEDS_FILE)


def test_every_record_is_valid(records):
    assert [r["id"] for r in records] == [
        "dalian-2020-02-24", "dezhou-2022-03-23", "zhejiang-2020-02-17", "changchun-2022-04-21", "fushun-2022-10-20",
    ]
    validate(records)


def test_record_text_is_the_clean_text_of_its_raw_seed(records):
    for record in records:
        raw = (ROOT / "corpus" / "raw" / f"{record['id']}.txt").read_bytes()
        assert record["text"] == clean(raw).text, f"{record['id']}: run `covidbrief corpus reanchor`"


def test_scale_of_the_corpus(records):
    labels = [e["label"] for r in records for e in r["entities"]]
    assert set(labels) == set(LABELS)
    assert labels.count("QUANTITY") > 150 and len(labels) > 500
    assert sum(sum(ch >= "\u4e00" for ch in r["text"]) for r in records) > 15000
    for record in records:
        ents = {e["id"]: e for e in record["entities"]}
        titled = {x["from_id"] for x in record["relations"] if x["type"] == "HAS_TITLE"}
        name = lambda e: record["text"][e["start_offset"]:e["end_offset"]]  # noqa: E731
        titled_names = {name(ents[i]) for i in titled}
        officials = {name(e) for e in record["entities"] if e["label"] == "OFFICIAL"}
        assert officials <= titled_names, f"{record['id']}: officials without a title: {officials - titled_names}"
        for e in record["entities"]:
            if e["label"] == "QUANTITY":
                assert isinstance(e["value"], (int, float)) and isinstance(e["unit"], str)


def test_record_doc_record_is_the_identity(records):
    for record in records:
        assert doc_to_record(record_to_doc(record)) == record


def test_docbin_round_trip_keeps_everything(records, tmp_path):
    data = records_to_docbin(records).to_bytes()
    docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(_char_nlp().vocab))
    assert [doc_to_record(d) for d in docs] == records
    write_docbin(tmp_path / "x.spacy", records[:2])
    assert [doc_to_record(d) for d in read_docbin(tmp_path / "x.spacy")] == records[:2]


def test_splits_cover_every_label_and_role_in_training(records):
    plan = json.loads((ROOT / "annotations" / "splits.json").read_text())
    ids = [r["id"] for r in records]
    assert sorted(plan["train"] + plan["dev"] + plan["test"]) == sorted(ids)
    train = [r for r in records if r["id"] in plan["train"]]
    assert {e["label"] for r in train for e in r["entities"]} == set(LABELS)
    assert {x["type"] for r in train for x in r["relations"]} == set(RELATIONS)
    assert {t["role"] for r in train for t in r["turns"]} == set(ROLES)
    assert sorted(f["test"] for f in plan["folds"]) == sorted(ids)
    for fold in plan["folds"]:
        assert sorted(fold["train"] + [fold["test"]]) == sorted(ids)


def test_stats_file_is_up_to_date(records):
    stored = (ROOT / "annotations" / "STATS.md").read_text(encoding="utf-8")
    assert stored == stats_markdown(records) + "\n", "annotations/STATS.md is stale: run `covidbrief corpus stats`"


def _small():
    text = "德州市副市长陈晓强介绍\n新增确诊病例3例\n邓辉:"
    return {
        "id": "toy", "text": text, "meta": {},
        "entities": [
            {"id": 1, "label": "PLACE", "start_offset": 0, "end_offset": 3},
            {"id": 2, "label": "TITLE", "start_offset": 3, "end_offset": 6},
            {"id": 3, "label": "OFFICIAL", "start_offset": 6, "end_offset": 9},
            {"id": 4, "label": "METRIC", "start_offset": 12, "end_offset": 18},
            {"id": 5, "label": "QUANTITY", "start_offset": 18, "end_offset": 20, "value": 3, "unit": "例"},
            {"id": 6, "label": "OFFICIAL", "start_offset": 21, "end_offset": 23},
        ],
        "relations": [
            {"id": 1, "from_id": 3, "to_id": 2, "type": "HAS_TITLE"},
            {"id": 2, "from_id": 5, "to_id": 4, "type": "MEASURES"},
        ],
        "turns": [
            {"start_offset": 0, "end_offset": 20, "role": "NARRATION", "speaker_id": None},
            {"start_offset": 21, "end_offset": 24, "role": "OFFICIAL", "speaker_id": 6},
        ],
    }


def test_toy_record_is_valid():
    assert problems(_small()) == []


@pytest.mark.parametrize("break_it, where, words", [
    (lambda r: r["entities"][0].update(end_offset=99), "entity 1", "out of range"),
    (lambda r: r["entities"][1].update(start_offset=2), "entity 2", "overlaps entity 1"),
    (lambda r: r["entities"][2].update(label="NAME"), "entity 3", "unknown label 'NAME'"),
    (lambda r: r["relations"][0].update(to_id=1), "relation 1", "HAS_TITLE must go OFFICIAL -> TITLE"),
    (lambda r: r["relations"][1].update(to_id=42), "relation 2", "missing entity"),
    (lambda r: r["turns"][0].update(end_offset=15), "turn 0", "cut a line"),
    (lambda r: r["turns"].pop(1), "line 3", "in no turn"),
    (lambda r: r["turns"][1].update(start_offset=12), "line 2", "in 2 turns"),
    (lambda r: r["entities"][4].pop("value"), "entity 5", "numeric 'value'"),
    (lambda r: r["turns"][1].update(speaker_id=4), "turn 1", "speaker entity 4 is METRIC"),
])
def test_validator_names_document_entity_and_problem(break_it, where, words):
    record = copy.deepcopy(_small())
    break_it(record)
    found = [str(p) for p in problems(record)]
    assert any(p.startswith(f"toy: {where}: ") and words in p for p in found), found
    with pytest.raises(RecordError, match=words):
        validate([record])


def test_reanchor_moves_spans_when_text_gains_characters():
    record = _small()
    new_text = "【通报】" + record["text"].replace("新增", "今日新增")
    moved = reanchor(record, new_text).record
    assert problems(moved) == []
    for old, new in zip(record["entities"], moved["entities"]):
        assert record["text"][old["start_offset"]:old["end_offset"]] == new_text[new["start_offset"]:new["end_offset"]]
    assert moved["turns"][1]["start_offset"] == record["turns"][1]["start_offset"] + 6


def test_reanchor_names_every_span_it_cannot_place():
    result = reanchor(_small(), "德州市副市长陈晓X介绍\n新增确诊病例3例\n邓辉:")
    assert result.unplaced == ["toy: entity 3 OFFICIAL '陈晓强' at 6-9"]


def test_reanchor_command_keeps_the_file_when_a_span_is_lost(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from covidbrief.cli import app

    record = _small()
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "toy.txt").write_text(record["text"].replace("陈晓强", "陈某"), encoding="utf-8")
    write_records(tmp_path / "r.jsonl", [record])
    before = (tmp_path / "r.jsonl").read_bytes()
    result = CliRunner().invoke(app, ["corpus", "reanchor", "--records", str(tmp_path / "r.jsonl"),
                                      "--raw-dir", str(tmp_path / "raw")])
    assert result.exit_code == 2
    assert "entity 3 OFFICIAL '陈晓强'" in result.output
    assert (tmp_path / "r.jsonl").read_bytes() == before


def test_write_records_keeps_the_previous_version(tmp_path):
    path = tmp_path / "r.jsonl"
    write_records(path, [_small()])
    changed = _small()
    changed["entities"].pop()
    changed["turns"][1]["speaker_id"] = None
    backup = write_records(path, [changed])
    assert backup is not None and read_records(backup) == [_small()]
    assert read_records(path) == [changed]


def test_guidelines_cover_every_label_relation_and_role():
    text = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    for name in (*LABELS, *RELATIONS, *ROLES):
        assert any(name in h for h in headings), f"GUIDELINES.md has no section for {name}"
