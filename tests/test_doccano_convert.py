"""Offline: spec records <-> doccano relation JSONL, the conflict report and the merge."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from covidbrief.corpus import read_records
from covidbrief.corpus.records import dumps_records
from covidbrief.doccano.cli import app
from covidbrief.doccano.convert import (
    RELATION_TYPES,
    SPAN_TYPES,
    DoccanoConflictError,
    DoccanoRecordError,
    check_pulled,
    diff_records,
    example_to_record,
    examples_to_records,
    merge,
    record_to_example,
)
from covidbrief.knowledge import dates, quantities

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "annotations" / "seeds.jsonl"
RECORDS = read_records(SEEDS)


def doccano_roundtrip(line: dict, example_id: int = 1, seed: int = 0) -> dict:
    """What doccano 1.8 does to an imported line by the time it is exported: new span and
    relation ids, any order, metadata flattened beside the text, a Comments column,
    everything through JSON."""
    rnd = random.Random(seed)
    new_id = dict(zip([s["id"] for s in line["entities"]], rnd.sample(range(1000, 10 ** 6), len(line["entities"]))))
    spans = [dict(s, id=new_id[s["id"]]) for s in line["entities"]]
    rels = [{"id": 7000 + n, "from_id": new_id[r["from_id"]], "to_id": new_id[r["to_id"]], "type": r["type"]}
            for n, r in enumerate(line["relations"])]
    rnd.shuffle(spans)
    rnd.shuffle(rels)
    meta = {k: v for k, v in line.items() if k not in ("text", "entities", "relations")}
    row = {"id": example_id, "text": line["text"], **meta, "entities": spans, "relations": rels, "Comments": []}
    return json.loads(json.dumps(row, ensure_ascii=False))


def pulled(record: dict, edit=None, seed: int = 0):
    row = doccano_roundtrip(record_to_example(record), seed=seed)
    if edit:
        edit(row)
    return example_to_record(row)


def span_of(row: dict, ent: dict) -> dict:
    return next(s for s in row["entities"] if (s["label"], s["start_offset"], s["end_offset"])
                == (ent["label"], ent["start_offset"], ent["end_offset"]))


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_record_doccano_record_is_the_identity(record):
    for seed in range(3):
        doc = pulled(record, seed=seed)
        assert doc.problems == []
        assert doc.record == record
        assert json.dumps(doc.record, ensure_ascii=False) == json.dumps(record, ensure_ascii=False)  # key order too


def test_all_seeds_round_trip_byte_identical():
    rows = [doccano_roundtrip(record_to_example(r), n) for n, r in enumerate(RECORDS, 1)]
    docs = examples_to_records(rows)
    check_pulled(docs)
    assert dumps_records(d.record for d in docs).encode("utf-8") == SEEDS.read_bytes()


def test_doccano_line_format():
    record = RECORDS[0]
    line = record_to_example(record)
    assert set(line) == {"text", "entities", "relations", "doc_id", "covidbrief"}
    assert "id" not in line  # doccano would put it in the metadata and export it over the example id
    assert line["text"] == record["text"] and line["doc_id"] == record["id"]
    labels = {s["label"] for s in line["entities"]}
    assert labels <= set(SPAN_TYPES) and any(label.startswith("TURN:") for label in labels)
    turns = [s for s in line["entities"] if s["label"].startswith("TURN:")]
    assert len(turns) == len(record["turns"])
    assert [(t["start_offset"], t["end_offset"], t["label"]) for t in turns] == \
        [(t["start_offset"], t["end_offset"], "TURN:" + t["role"]) for t in record["turns"]]
    speakers = [r for r in line["relations"] if r["type"] == "SPEAKER"]
    assert len(speakers) == sum(t["speaker_id"] is not None for t in record["turns"])
    assert {r["type"] for r in line["relations"]} <= set(RELATION_TYPES)
    assert len({s["id"] for s in line["entities"]}) == len(line["entities"])
    payload = json.loads(line["covidbrief"])
    assert payload["record"]["meta"] == record["meta"] and "text" not in payload["record"]


def test_extra_keys_are_not_pushed():
    record = dict(copy.deepcopy(RECORDS[1]), facts=[{"x": 1}], cleaning={"encoding": "utf-8"})
    doc = pulled(record)
    assert "facts" not in doc.record and doc.record == RECORDS[1]


def test_moved_quantity_keeps_its_id_and_gets_values_recomputed():
    record = next(r for r in RECORDS if r["id"] == "dezhou-2022-03-23")
    ent = next(e for e in record["entities"] if e["label"] == "QUANTITY" and "qualifier" in e)

    def edit(row):
        span_of(row, ent)["end_offset"] -= 1

    doc = pulled(record, edit)
    assert doc.problems == []
    new = next(e for e in doc.record["entities"] if e["id"] == ent["id"])
    value, unit, qualifier = quantities.normalise(record["text"][ent["start_offset"]:ent["end_offset"] - 1])
    assert new["end_offset"] == ent["end_offset"] - 1 and (new["value"], new["unit"]) == (value, unit)
    assert new.get("qualifier") == qualifier
    assert doc.record["relations"] == record["relations"]  # the relations follow the span
    others = [e for e in doc.record["entities"] if e["id"] != ent["id"]]
    assert others == [e for e in record["entities"] if e["id"] != ent["id"]]
    lines = diff_records(record, doc.record)
    assert lines[0].startswith(f"span moved: {ent['id']} QUANTITY {ent['start_offset']}-{ent['end_offset']}")
    assert any(line.startswith(f"values of {ent['id']} changed") for line in lines)


def test_new_spans_and_relations_get_next_ids_and_values():
    record = copy.deepcopy(RECORDS[0])
    text = record["text"]
    # free a DATE and a QUANTITY from the record, then add them back in doccano as an annotator would
    date = next(e for e in record["entities"] if e["label"] == "DATE" and e.get("value"))
    qty = next(e for e in record["entities"] if e["label"] == "QUANTITY"
               and not any(e["id"] in (r["from_id"], r["to_id"]) for r in record["relations"]))
    gone = {date["id"], qty["id"]}
    base = copy.deepcopy(record)
    base["entities"] = [e for e in base["entities"] if e["id"] not in gone]
    base["relations"] = [r for r in base["relations"] if r["from_id"] not in gone and r["to_id"] not in gone]
    base["turns"] = [dict(t, speaker_id=None) if t["speaker_id"] in gone else t for t in base["turns"]]

    def edit(row):
        ids = iter(range(10 ** 7, 10 ** 7 + 10))
        new = [{"id": next(ids), "label": e["label"], "start_offset": e["start_offset"], "end_offset": e["end_offset"]}
               for e in (date, qty)]
        row["entities"] += new
        row["relations"].append({"id": 99999, "from_id": new[1]["id"], "to_id": new[0]["id"], "type": "TIME"})

    doc = pulled(base, edit)
    assert doc.problems == []
    top = max(e["id"] for e in base["entities"])
    added = sorted((e for e in doc.record["entities"] if e["id"] > top), key=lambda e: e["id"])
    assert [(e["label"], e["start_offset"]) for e in added] == \
        sorted([(date["label"], date["start_offset"]), (qty["label"], qty["start_offset"])], key=lambda x: x[1])
    new_date = next(e for e in added if e["label"] == "DATE")
    assert new_date["value"] == dates.normalise(text[date["start_offset"]:date["end_offset"]],
                                                text[max(0, date["start_offset"] - 400):date["start_offset"]],
                                                record["meta"]["date"])
    new_qty = next(e for e in added if e["label"] == "QUANTITY")
    value, unit, _ = quantities.normalise(text[qty["start_offset"]:qty["end_offset"]])
    assert (new_qty["value"], new_qty["unit"]) == (value, unit)
    rel = doc.record["relations"][-1]
    assert rel == {"id": max(r["id"] for r in base["relations"]) + 1, "from_id": new_qty["id"],
                   "to_id": new_date["id"], "type": "TIME"}
    assert doc.record["entities"] == sorted(doc.record["entities"], key=lambda e: (e["start_offset"], e["end_offset"]))
    lines = diff_records(base, doc.record)
    assert sum(line.startswith("span added") for line in lines) == 2
    assert sum(line.startswith("relation added: TIME") for line in lines) == 1


def test_relabel_keeps_id_and_removed_span_drops_its_relations():
    record = RECORDS[2]
    person = next(e for e in record["entities"] if e["label"] == "PLACE"
                  and not any(e["id"] in (r["from_id"], r["to_id"]) for r in record["relations"])
                  and not any(t["speaker_id"] == e["id"] for t in record["turns"]))
    rel = record["relations"][0]
    dropped = next(e for e in record["entities"] if e["id"] == rel["to_id"])

    def edit(row):
        span_of(row, person)["label"] = "ORG"
        gone = span_of(row, dropped)["id"]
        row["entities"] = [s for s in row["entities"] if s["id"] != gone]
        row["relations"] = [r for r in row["relations"] if gone not in (r["from_id"], r["to_id"])]

    doc = pulled(record, edit)
    new = next(e for e in doc.record["entities"] if e["id"] == person["id"])
    assert new["label"] == "ORG"
    assert dropped["id"] not in {e["id"] for e in doc.record["entities"]}
    assert all(dropped["id"] not in (r["from_id"], r["to_id"]) for r in doc.record["relations"])
    lines = diff_records(record, doc.record)
    assert any(line.startswith(f"span relabelled: {person['id']} ORG") for line in lines)
    assert any(line.startswith(f"span removed: {dropped['id']}") for line in lines)
    assert any(line.startswith(f"relation removed: {rel['type']}") for line in lines)


def test_turn_role_and_speaker_changes():
    record = RECORDS[3]
    turn = next(t for t in record["turns"] if t["speaker_id"] is not None)

    def edit(row):
        span = next(s for s in row["entities"] if s["label"] == "TURN:" + turn["role"]
                    and s["start_offset"] == turn["start_offset"])
        span["label"] = "TURN:REPORTER"
        row["relations"] = [r for r in row["relations"] if not (r["type"] == "SPEAKER" and r["from_id"] == span["id"])]

    doc = pulled(record, edit)
    assert doc.problems == []
    new = next(t for t in doc.record["turns"] if t["start_offset"] == turn["start_offset"])
    assert new == dict(turn, role="REPORTER", speaker_id=None)
    assert any(line.startswith("turn added or changed: TURN:REPORTER") for line in diff_records(record, doc.record))


def test_problems_name_document_and_span():
    record = RECORDS[4]
    text = record["text"]
    first = record["entities"][0]

    def edit(row):
        row["entities"] += [
            {"id": 1, "label": "PLACE", "start_offset": first["start_offset"], "end_offset": first["end_offset"] + 1},
            {"id": 2, "label": "FOO", "start_offset": 0, "end_offset": 2},
        ]
        turn = next(s for s in row["entities"] if s["label"].startswith("TURN:"))
        row["relations"].append({"id": 3, "from_id": span_of(row, first)["id"], "to_id": turn["id"], "type": "SPEAKER"})

    doc = pulled(record, edit)
    messages = [str(p) for p in doc.problems]
    span = text[first["start_offset"]:first["end_offset"] + 1]
    assert any(m.startswith(f"{record['id']}: entity ") and f"PLACE {first['start_offset']}-{first['end_offset'] + 1} {span!r}" in m
               and "overlaps" in m for m in messages), messages
    assert any("unknown label 'FOO'" in m and f"{record['id']}: span FOO 0-2" in m for m in messages), messages
    assert any("SPEAKER" in m and "must go from a TURN" in m for m in messages), messages
    with pytest.raises(DoccanoRecordError) as caught:
        check_pulled([doc], "proj")
    assert "fix them in doccano" in str(caught.value) and "'proj'" in str(caught.value)


def test_changed_text_and_missing_turns_are_problems():
    record = RECORDS[0]

    def edit(row):
        row["text"] = row["text"].replace("大连", "大庆", 1)
        row["entities"] = [s for s in row["entities"] if not s["label"].startswith("TURN:")]
        row["relations"] = [r for r in row["relations"] if r["type"] != "SPEAKER"]

    messages = [str(p) for p in pulled(record, edit).problems]
    assert any("text differs from the text pushed" in m for m in messages)
    assert any(": line 1 (offsets 0-" in m and "is in no turn" in m for m in messages), messages


def test_example_not_pushed_by_covidbrief():
    row = {"id": 12, "text": "大连市新增1例。", "source": "web", "entities": [
        {"id": 5, "label": "PLACE", "start_offset": 0, "end_offset": 3},
        {"id": 6, "label": "QUANTITY", "start_offset": 5, "end_offset": 7},
        {"id": 7, "label": "TURN:NARRATION", "start_offset": 0, "end_offset": 8}],
        "relations": [{"id": 1, "from_id": 6, "to_id": 5, "type": "LOCATION"}], "Comments": []}
    doc = example_to_record(row)
    assert doc.problems == [] and doc.base is None
    assert doc.record == {
        "id": "doccano-12", "text": "大连市新增1例。", "meta": {"source": "web"},
        "entities": [{"id": 1, "label": "PLACE", "start_offset": 0, "end_offset": 3},
                     {"id": 2, "label": "QUANTITY", "start_offset": 5, "end_offset": 7, "value": 1, "unit": "例"}],
        "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "LOCATION"}],
        "turns": [{"start_offset": 0, "end_offset": 8, "role": "NARRATION", "speaker_id": None}]}


def test_same_document_twice_is_a_problem():
    line = record_to_example(RECORDS[0])
    docs = examples_to_records([doccano_roundtrip(line, 1), doccano_roundtrip(line, 2)])
    assert any("in the project twice" in str(p) for p in docs[1].problems)


# --- merging into the annotations file


def test_merge_unchanged_keeps_the_file_objects():
    docs = [pulled(r) for r in RECORDS]
    result = merge(RECORDS, docs)
    assert not result.changed and [r.status for r in result.reports] == ["unchanged"] * 5
    assert dumps_records(result.records).encode("utf-8") == SEEDS.read_bytes()


def test_merge_adds_updates_keeps_and_reports():
    edited = copy.deepcopy(RECORDS[1])
    edited["entities"][0]["end_offset"] += 0  # same
    other = dict(copy.deepcopy(RECORDS[0]), id="new-doc")
    changed = pulled(RECORDS[1], lambda row: row["relations"].pop())
    result = merge(RECORDS[:3], [changed, pulled(other)])
    assert [r.status for r in result.reports] == ["updated", "added"]
    assert [r["id"] for r in result.records] == [r["id"] for r in RECORDS[:3]] + ["new-doc"]
    assert result.kept == [RECORDS[0]["id"], RECORDS[2]["id"]]
    assert any(line.startswith("relation removed") for line in result.reports[0].changes)
    text = result.text()
    assert "updated from doccano" in text and "new document" in text and "1 added, 1 updated" in text


def test_merge_protects_local_edits():
    local = copy.deepcopy(RECORDS[1])
    local["entities"] = local["entities"][:-1]  # gold edited in the file after the push
    # doccano unchanged since the push: the file's version stays
    result = merge([local], [pulled(RECORDS[1])])
    assert result.reports[0].status == "kept-local" and result.records[0] == local and not result.changed
    # changed on both sides: a conflict, unless told which side wins
    both = pulled(RECORDS[1], lambda row: row["relations"].pop())
    with pytest.raises(DoccanoConflictError, match="--prefer doccano"):
        merge([local], [both])
    assert merge([local], [both], prefer="local").records[0] == local
    taken = merge([local], [both], prefer="doccano")
    assert taken.records[0] == both.record and taken.changed


def test_merge_never_overwrites_a_document_not_pushed_by_covidbrief():
    row = {"id": 3, "text": RECORDS[0]["text"], "doc_id": RECORDS[0]["id"], "entities": [], "relations": [],
           "Comments": []}
    foreign = example_to_record(row)
    with pytest.raises(DoccanoConflictError):
        merge(RECORDS[:1], [foreign])


# --- the offline commands (doccano's own import and export pages)


def test_export_file_then_import_file_is_byte_identical(tmp_path):
    runner = CliRunner()
    out = tmp_path / "doccano.jsonl"
    result = runner.invoke(app, ["export-file", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    export = tmp_path / "all.jsonl"
    rows = [doccano_roundtrip(json.loads(line), n) for n, line in enumerate(out.read_text(encoding="utf-8").splitlines(), 1)]
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    into = tmp_path / "seeds.jsonl"
    into.write_bytes(SEEDS.read_bytes())
    result = runner.invoke(app, ["import-file", str(export), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert "5 unchanged" in result.output
    assert into.read_bytes() == SEEDS.read_bytes() and sorted(p.name for p in tmp_path.iterdir()) == \
        ["all.jsonl", "doccano.jsonl", "seeds.jsonl"]


def test_import_file_with_broken_annotations_writes_nothing(tmp_path):
    rows = [doccano_roundtrip(record_to_example(RECORDS[0]))]
    rows[0]["entities"].append({"id": 1, "label": "PLACE", "start_offset": 0, "end_offset": 3000})
    export = tmp_path / "all.jsonl"
    export.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    into = tmp_path / "seeds.jsonl"
    into.write_bytes(SEEDS.read_bytes())
    result = CliRunner().invoke(app, ["import-file", str(export), "--into", str(into)])
    assert result.exit_code == 2
    assert result.output.startswith("covidbrief: error:") and RECORDS[0]["id"] in result.output
    assert "crosses a line break" in result.output and "PLACE 0-3000" in result.output
    assert into.read_bytes() == SEEDS.read_bytes()
