"""``covidbrief doccano ...``: the annotation loop with a doccano server.

push (pre-annotate and upload) -> correct in doccano -> pull (validate and merge
into annotations/) -> ``covidbrief train`` -> ``covidbrief evaluate``. See docs/doccano.md.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from ..console import fail as _fail
from ..errors import CovidbriefError
from ..io import write_atomic

app = typer.Typer(help="Correct and extend the corpus in doccano: push, pull, serve.", no_args_is_help=True)

RECORDS = Path("annotations/seeds.jsonl")

_URL = typer.Option(..., "--url", envvar="DOCCANO_URL", show_default=False,
                    help="Address of the doccano start page, e.g. http://127.0.0.1:8000 (or DOCCANO_URL).")
_PROJECT = typer.Option(..., "--project", "-p", help="Name of the doccano project.")
_USER = typer.Option(None, "--username", envvar="DOCCANO_USERNAME", show_default=False, show_envvar=True,
                     help="doccano user (or DOCCANO_USERNAME).")
_PASSWORD = typer.Option(None, "--password", envvar="DOCCANO_PASSWORD", show_default=False, show_envvar=True,
                         help="Its password (or DOCCANO_PASSWORD; never printed).")
_TIMEOUT = typer.Option(60.0, "--timeout", min=1.0, help="Seconds to wait for each answer of the server.")
_TASK_TIMEOUT = typer.Option(600.0, "--task-timeout", min=1.0, help="Seconds to wait for an import or export task.")


def _client(url: str, username: Optional[str], password: Optional[str], timeout: float, task_timeout: float):
    from .client import DoccanoClient

    return DoccanoClient(url, username or "", password or "", timeout=timeout, task_timeout=task_timeout)


@app.command("push")
def push_cmd(
    inputs: List[Path] = typer.Argument(..., help=".txt documents, .jsonl documents, or .jsonl records "
                                                  "(e.g. annotations/seeds.jsonl, pushed with their annotations)."),
    url: str = _URL,
    project: str = _PROJECT,
    predict: bool = typer.Option(False, "--predict", help="Pre-annotate every document with the model's predictions."),
    model: Optional[str] = typer.Option(None, help="Pipeline folder for --predict (default models/covidbrief-zh)."),
    description: str = typer.Option("", help="Project description (when the project is created)."),
    username: Optional[str] = _USER,
    password: Optional[str] = _PASSWORD,
    timeout: float = _TIMEOUT,
    task_timeout: float = _TASK_TIMEOUT,
) -> None:
    """Create the project and its label types if missing, and upload documents."""
    from .client import load_documents, push

    try:
        client = _client(url, username, password, timeout, task_timeout)  # fail fast, before predicting
        if model:
            import os

            os.environ["COVIDBRIEF_MODEL"] = model
        docs = load_documents(inputs, predict=predict, log=lambda m: typer.echo(m, err=True))
        result = push(client, project, docs, description=description)
        typer.echo(result.text())
    except CovidbriefError as err:
        _fail(err)


@app.command("pull")
def pull_cmd(
    url: str = _URL,
    project: str = _PROJECT,
    into: Path = typer.Option(RECORDS, "--into", help="Annotations file to merge into (the previous version is kept as .bak)."),
    prefer: Optional[str] = typer.Option(None, help="For documents changed both in the file and in doccano since "
                                                    "the push: 'doccano' or 'local' (default: stop and report)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would change; write nothing."),
    only_confirmed: bool = typer.Option(False, "--only-confirmed", help="Only examples marked done in doccano."),
    annotator: Optional[str] = typer.Option(None, help="For a non-collaborative project: whose annotations to take."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the conflict report here as JSON."),
    username: Optional[str] = _USER,
    password: Optional[str] = _PASSWORD,
    timeout: float = _TIMEOUT,
    task_timeout: float = _TASK_TIMEOUT,
) -> None:
    """Export the project, check it against the spec and merge it into the annotations file."""
    from .client import pull

    if prefer not in (None, "doccano", "local"):
        _fail(ValueError(f"--prefer must be 'doccano' or 'local', not {prefer!r}"))
    try:
        client = _client(url, username, password, timeout, task_timeout)

        def save_report(merged) -> None:
            if report is not None:
                write_atomic(report, json.dumps(merged.as_json(), ensure_ascii=False, indent=1) + "\n")

        result = pull(client, project, into, prefer=prefer, dry_run=dry_run, only_confirmed=only_confirmed,
                      annotator=annotator, on_report=save_report)
        typer.echo(result.text())
    except CovidbriefError as err:
        _fail(err)


@app.command("serve")
def serve_cmd(
    port: int = typer.Option(8000, help="Port on 127.0.0.1."),
    home: Path = typer.Option(Path("doccano-home"), help="Folder for the database and uploads (kept between runs)."),
    username: Optional[str] = _USER,
    password: Optional[str] = _PASSWORD,
    venv: Optional[Path] = typer.Option(None, help="doccano's virtual environment (default: COVIDBRIEF_DOCCANO_VENV "
                                                   "or .doccano-venv/; created when missing)."),
) -> None:
    """Run a local doccano 1.8.4 on 127.0.0.1 (no task worker needed) until Ctrl-C."""
    from .server import start_server

    if not username or not password:
        _fail(ValueError("give the admin account to create or update: --username and --password, or "
                         "DOCCANO_USERNAME and DOCCANO_PASSWORD"))
    try:
        server = start_server(username=username, password=password, home=home, port=port, venv=venv,
                              log=lambda m: typer.echo(m, err=True))
    except CovidbriefError as err:
        _fail(err)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    typer.echo(f"doccano is running at {server.url} (pid {server.pid}, data in {server.home}, log "
               f"{server.log_path}); Ctrl-C stops it")
    try:
        while server.alive():
            time.sleep(1)
        typer.echo(f"doccano stopped; its log ends:\n{server.log_tail()}", err=True)
        raise typer.Exit(code=2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@app.command("export-file")
def export_file_cmd(
    records: Path = typer.Argument(RECORDS, help="Records file."),
    out: Path = typer.Option(..., "--out", "-o", help="doccano JSONL(Relation) file to write, for the doccano web import."),
) -> None:
    """Write records as a file for doccano's own import page (same format push uploads)."""
    from ..corpus import read_records, validate
    from .convert import record_to_example

    try:
        recs = read_records(records)
        validate(recs)
        write_atomic(out, "".join(json.dumps(record_to_example(r), ensure_ascii=False) + "\n" for r in recs))
        typer.echo(f"wrote {out} ({len(recs)} documents)")
    except CovidbriefError as err:
        _fail(err)


@app.command("import-file")
def import_file_cmd(
    export: Path = typer.Argument(..., help="A JSONL file from doccano's export page (format JSONL, unzipped)."),
    into: Path = typer.Option(RECORDS, "--into", help="Annotations file to merge into."),
    prefer: Optional[str] = typer.Option(None, help="'doccano' or 'local' for documents changed on both sides."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would change; write nothing."),
) -> None:
    """Merge a file exported from doccano's web page, as pull does."""
    from ..corpus import read_records, write_records
    from .convert import check_pulled, examples_to_records, merge

    if prefer not in (None, "doccano", "local"):
        _fail(ValueError(f"--prefer must be 'doccano' or 'local', not {prefer!r}"))
    try:
        pulled = examples_to_records(read_records(export))
        check_pulled(pulled)
        result = merge(read_records(into) if into.exists() else [], pulled, prefer=prefer)
        typer.echo(result.text())
        if result.changed and not dry_run:
            backup = write_records(into, result.records)
            typer.echo(f"wrote {into}" + (f"; previous version kept as {backup}" if backup else ""))
    except CovidbriefError as err:
        _fail(err)
