"""The command line as a user runs it."""

import json

from conftest import CLEAN, RAW, SEEDS
from typer.testing import CliRunner

from covidbrief.cli import app

runner = CliRunner()


def test_clean_reproduces_committed_corpus(tmp_path):
    result = runner.invoke(app, ["clean", *[str(RAW / f"{d}.txt") for d in SEEDS], "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for doc in SEEDS:
        assert (tmp_path / f"{doc}.txt").read_bytes() == (CLEAN / f"{doc}.txt").read_bytes()


def test_extract_prints_spec_records():
    result = runner.invoke(app, ["extract", str(RAW / "changchun-2022-04-21.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["id"] == "changchun-2022-04-21"
    assert record["text"] == (RAW / "changchun-2022-04-21.txt").read_text(encoding="utf-8")
    assert {"entities", "relations", "turns", "meta"} <= set(record)


def test_extract_jsonl_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "市卫健委通报。", "meta": {"date": "2022-04-21"}}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["id"] == "a" and record["meta"] == {"date": "2022-04-21"}


def test_missing_file_is_a_clear_error():
    result = runner.invoke(app, ["clean", "no/such/file.txt"])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_every_command_has_help():
    for command in ([], ["clean"], ["extract"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
