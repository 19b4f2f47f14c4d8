"""The annotation loop against a REAL doccano 1.8.4 server (started by the fixture).

push -> an annotator corrects through the API -> pull: exactly that change arrives;
push -> pull with no edit leaves the annotations byte-identical; wrong password,
wrong URL, a server that is down or silent, a missing project and pulled
annotations that break the spec give typed errors and write nothing.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
from pathlib import Path

import pytest
from doccano_fixture import doccano_server  # noqa: F401  (the fixture)
from typer.testing import CliRunner

from covidbrief.corpus import read_records
from covidbrief.doccano import (
    DoccanoAuthError,
    DoccanoClient,
    DoccanoConnectionError,
    DoccanoProjectNotFound,
    DoccanoRecordError,
    DoccanoTimeout,
)
from covidbrief.doccano.cli import app
from covidbrief.doccano.convert import spec_record
from covidbrief.knowledge import quantities

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "annotations" / "seeds.jsonl"
runner = CliRunner()


def _env(server, password=None):
    return {"DOCCANO_USERNAME": server.username, "DOCCANO_PASSWORD": password or server.password, "DOCCANO_URL": None}


def _cli(server, *args, password=None):
    result = runner.invoke(app, list(args), env=_env(server, password))
    output = result.output  # stdout and stderr (click 8.2+)
    assert server.password not in output, "a password was printed"
    return result, output


def _copy_seeds(tmp_path: Path) -> Path:
    into = tmp_path / "annotations" / "seeds.jsonl"
    into.parent.mkdir()
    shutil.copy2(SEEDS, into)
    return into


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def annotator(doccano_server):  # noqa: F811
    name, password = "annotator1", "annotator-pass-1"
    doccano_server.create_user(name, password)
    return name, password


def _as_annotator(server, annotator, project_name):
    """Make ``annotator`` a member of the project and log in as them."""
    admin = DoccanoClient(server.url, server.username, server.password)
    admin.add_member(admin.project(project_name)["id"], annotator[0], "annotator")
    return DoccanoClient(server.url, *annotator)


def _example(client, project_id, doc_id):
    return next(e for e in client.examples(project_id) if e["meta"].get("doc_id") == doc_id)


def _pick_edit(record):
    """A QUANTITY to shrink by one character, and a QUANTITY -> DATE TIME relation to add."""
    ents = record["entities"]
    quantity = next(e for e in ents if e["label"] == "QUANTITY" and e["end_offset"] - e["start_offset"] >= 3
                    and record["text"][e["start_offset"]].isdigit())
    timed = {r["from_id"] for r in record["relations"] if r["type"] == "TIME"}
    dates = [e for e in ents if e["label"] == "DATE"]
    for q in ents:
        if q["label"] != "QUANTITY" or q["id"] in timed or q["id"] == quantity["id"]:
            continue
        before = [d for d in dates if d["end_offset"] <= q["start_offset"]]
        if before:
            return quantity, q, before[-1]
    raise AssertionError("no QUANTITY without a TIME relation in the document")


def test_push_then_pull_without_edits_is_byte_identical(doccano_server, tmp_path):  # noqa: F811
    into = _copy_seeds(tmp_path)
    before = into.read_bytes()
    result, out = _cli(doccano_server, "push", "--url", doccano_server.url, "--project", "gold-no-edit", str(SEEDS))
    assert result.exit_code == 0, out
    assert "uploaded 5 document(s)" in out and "created" in out
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "gold-no-edit",
                       "--into", str(into))
    assert result.exit_code == 0, out
    assert "5 unchanged" in out
    assert into.read_bytes() == before
    assert _files(into.parent) == ["seeds.jsonl"]  # no backup, no temporary file

    # label types with their fixed colours, turns as spans, speakers as relations
    client = DoccanoClient(doccano_server.url, doccano_server.username, doccano_server.password)
    project = client.project("gold-no-edit")
    assert project["use_relation"] and project["allow_overlapping"] and project["collaborative_annotation"]
    types = {t["text"]: t for t in client._all(f"projects/{project['id']}/span-types")}
    assert types["QUANTITY"]["background_color"] == "#ff7f0e" and "TURN:REPORTER" in types
    assert "SPEAKER" in client.relation_types(project["id"])
    # a second push uploads nothing twice
    result, out = _cli(doccano_server, "push", "--url", doccano_server.url, "--project", "gold-no-edit", str(SEEDS))
    assert result.exit_code == 0 and "skipped 5 already in the project" in out
    assert len(client.examples(project["id"])) == 5


def test_annotator_edit_arrives_exactly(doccano_server, annotator, tmp_path):  # noqa: F811
    into = _copy_seeds(tmp_path)
    before = into.read_bytes()
    gold = {r["id"]: r for r in read_records(SEEDS)}
    doc = "dezhou-2022-03-23"
    result, out = _cli(doccano_server, "push", "--url", doccano_server.url, "--project", "gold-edit", str(SEEDS))
    assert result.exit_code == 0, out

    # the annotator shrinks a QUANTITY span and adds a TIME relation, through the API
    anno = _as_annotator(doccano_server, annotator, "gold-edit")
    project = anno.project("gold-edit")
    example = _example(anno, project["id"], doc)
    moved, q, date = _pick_edit(gold[doc])
    spans = anno.spans(project["id"], example["id"])
    span_of = {(s["start_offset"], s["end_offset"]): s for s in spans}
    target = span_of[(moved["start_offset"], moved["end_offset"])]
    anno._request("PATCH", f"projects/{project['id']}/examples/{example['id']}/spans/{target['id']}",
                  json={"end_offset": moved["end_offset"] - 1})
    anno._request("POST", f"projects/{project['id']}/examples/{example['id']}/relations", json={
        "from_id": span_of[(q["start_offset"], q["end_offset"])]["id"],
        "to_id": span_of[(date["start_offset"], date["end_offset"])]["id"],
        "type": anno.relation_types(project["id"])["TIME"],
    })

    report = tmp_path / "report.json"
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "gold-edit",
                       "--into", str(into), "--report", str(report))
    assert result.exit_code == 0, out

    # exactly that change arrived: one document, one span moved (values recomputed), one relation added
    after = {r["id"]: r for r in read_records(into)}
    assert [r["id"] for r in read_records(into)] == list(gold)
    assert {k for k in gold if after[k] != gold[k]} == {doc}
    expected = json.loads(json.dumps(gold[doc]))
    ent = next(e for e in expected["entities"] if e["id"] == moved["id"])
    for key in ("value", "unit", "qualifier"):
        ent.pop(key, None)
    ent["end_offset"] -= 1
    value, unit, qualifier = quantities.normalise(expected["text"][ent["start_offset"]:ent["end_offset"]])
    ent.update(value=value, unit=unit, **({"qualifier": qualifier} if qualifier else {}))
    expected["relations"].append({"id": max(r["id"] for r in gold[doc]["relations"]) + 1,
                                  "from_id": q["id"], "to_id": date["id"], "type": "TIME"})
    assert after[doc] == expected

    # ... and the conflict report says so
    assert f"{doc}: updated from doccano" in out
    assert f"span moved: {moved['id']} QUANTITY {moved['start_offset']}-{moved['end_offset']}" in out
    assert f"relation added: TIME {q['id']} QUANTITY" in out
    assert "4 unchanged" in out
    changes = next(d for d in json.loads(report.read_text())["documents"] if d["id"] == doc)["changes"]
    assert len([c for c in changes if c.startswith(("span ", "relation "))]) == 2
    # the previous file is kept as a backup
    backups = [p for p in into.parent.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_predictions_push_pull_and_gold_is_never_overwritten(doccano_server, annotator, tmp_path):  # noqa: F811
    one = tmp_path / "one.jsonl"
    ids = ["changchun-2022-04-21", "fushun-2022-10-20"]
    one.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in read_records(SEEDS) if r["id"] in ids),
                   encoding="utf-8")
    result, out = _cli(doccano_server, "push", "--url", doccano_server.url, "--project", "predicted", "--predict",
                       str(one))
    assert result.exit_code == 0, out

    # pulled into a new file: the model's records exactly
    from covidbrief import extract

    fresh = tmp_path / "new.jsonl"
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "predicted",
                       "--into", str(fresh))
    assert result.exit_code == 0, out
    predicted = [spec_record(extract(r["text"], id=r["id"], meta=r["meta"])) for r in read_records(one)]
    assert read_records(fresh) == predicted

    # pulled into the gold file with no edit in doccano: gold stays, byte for byte
    into = _copy_seeds(tmp_path)
    before = into.read_bytes()
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "predicted",
                       "--into", str(into))
    assert result.exit_code == 0, out
    assert "kept the file's version" in out and into.read_bytes() == before

    # edited in doccano too: a conflict, reported, nothing written
    anno = _as_annotator(doccano_server, annotator, "predicted")
    project = anno.project("predicted")
    example = _example(anno, project["id"], ids[0])
    span = anno.spans(project["id"], example["id"])[0]
    anno._request("DELETE", f"projects/{project['id']}/examples/{example['id']}/spans/{span['id']}")
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "predicted",
                       "--into", str(into))
    assert result.exit_code == 2, out
    assert "covidbrief: error:" in out and "CONFLICT" in out and ids[0] in out and "--prefer" in out
    assert into.read_bytes() == before and _files(into.parent) == ["seeds.jsonl"]


def test_pulled_annotations_that_break_the_spec_name_document_and_span(doccano_server, tmp_path):  # noqa: F811
    into = _copy_seeds(tmp_path)
    before = into.read_bytes()
    result, out = _cli(doccano_server, "push", "--url", doccano_server.url, "--project", "broken", str(SEEDS))
    assert result.exit_code == 0, out
    client = DoccanoClient(doccano_server.url, doccano_server.username, doccano_server.password)
    project = client.project("broken")
    example = _example(client, project["id"], "fushun-2022-10-20")
    gold = next(r for r in read_records(SEEDS) if r["id"] == "fushun-2022-10-20")
    ent = gold["entities"][0]
    # a PLACE overlapping an existing entity
    client._request("POST", f"projects/{project['id']}/examples/{example['id']}/spans", json={
        "label": client.span_types(project["id"])["PLACE"],
        "start_offset": ent["start_offset"], "end_offset": ent["end_offset"] + 1,
    })
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "broken", "--into", str(into))
    assert result.exit_code == 2, out
    assert "covidbrief: error:" in out and "fix them in doccano" in out
    span_text = gold["text"][ent["start_offset"]:ent["end_offset"] + 1]
    assert "fushun-2022-10-20: entity" in out and f"PLACE {ent['start_offset']}-{ent['end_offset'] + 1} {span_text!r}" in out
    assert into.read_bytes() == before and _files(into.parent) == ["seeds.jsonl"]
    with pytest.raises(DoccanoRecordError):
        from covidbrief.doccano import pull

        pull(client, "broken", into)


def test_wrong_password(doccano_server, tmp_path):  # noqa: F811
    with pytest.raises(DoccanoAuthError, match="wrong username or password"):
        DoccanoClient(doccano_server.url, doccano_server.username, "not-the-password")
    into = _copy_seeds(tmp_path)
    before = into.read_bytes()
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "gold-no-edit",
                       "--into", str(into), password="not-the-password")
    assert result.exit_code == 2
    assert out.startswith("covidbrief: error:") and "wrong username or password" in out
    assert "not-the-password" not in out
    assert into.read_bytes() == before


def test_no_credentials(doccano_server):  # noqa: F811
    result = runner.invoke(app, ["pull", "--url", doccano_server.url, "--project", "x"],
                           env={"DOCCANO_USERNAME": None, "DOCCANO_PASSWORD": None})
    assert result.exit_code == 2 and "DOCCANO_PASSWORD" in result.output


def test_wrong_url(doccano_server):  # noqa: F811
    with pytest.raises(DoccanoConnectionError, match="does not look like a doccano"):
        DoccanoClient(f"{doccano_server.url}/projects/1", doccano_server.username, doccano_server.password)
    with pytest.raises(DoccanoConnectionError, match="not an http"):
        DoccanoClient("127.0.0.1:8000", "u", "p")
    result, out = _cli(doccano_server, "push", "--url", f"{doccano_server.url}/v1", "--project", "x", str(SEEDS))
    assert result.exit_code == 2 and "covidbrief: error:" in out and "doccano" in out


def test_server_down(doccano_server):  # noqa: F811
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DoccanoConnectionError, match="cannot reach doccano"):
        DoccanoClient(f"http://127.0.0.1:{port}", "u", "p", timeout=5)
    result, out = _cli(doccano_server, "pull", "--url", f"http://127.0.0.1:{port}", "--project", "x")
    assert result.exit_code == 2 and "cannot reach doccano" in out


def test_server_that_never_answers_times_out(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])  # accept, never answer
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(DoccanoTimeout, match="did not answer"):
            DoccanoClient(url, "u", "p", timeout=1)
        result = runner.invoke(app, ["pull", "--url", url, "--project", "x", "--timeout", "1",
                                     "--into", str(tmp_path / "x.jsonl")],
                               env={"DOCCANO_USERNAME": "u", "DOCCANO_PASSWORD": "p"})
        assert result.exit_code == 2 and "did not answer" in result.output
        assert not (tmp_path / "x.jsonl").exists()
    finally:
        stop.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        listener.close()


def test_missing_project(doccano_server, tmp_path):  # noqa: F811
    client = DoccanoClient(doccano_server.url, doccano_server.username, doccano_server.password)
    with pytest.raises(DoccanoProjectNotFound, match="no doccano project named 'no-such-project'"):
        client.project("no-such-project")
    result, out = _cli(doccano_server, "pull", "--url", doccano_server.url, "--project", "no-such-project",
                       "--into", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 2 and "no doccano project named" in out
    assert not (tmp_path / "x.jsonl").exists()


def test_password_never_in_the_server_log(doccano_server):  # noqa: F811
    assert doccano_server.password not in doccano_server.log_path.read_text(encoding="utf-8", errors="replace")
