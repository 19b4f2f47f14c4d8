"""``covidbrief corpus ...``: build, validate, describe, convert and re-anchor the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer

from ..console import fail as _fail
from ..cleaning import clean
from ..errors import CovidbriefError, InputFileError
from ..io import read_bytes, write_atomic
from .build import merge_work_files
from .docs import write_docbin
from .reanchor import reanchor_all
from .records import read_records, write_records
from .stats import stats_markdown
from .validate import validate

app = typer.Typer(help="Build, validate, describe, convert and re-anchor the annotated corpus.", no_args_is_help=True)

RECORDS = Path("annotations/seeds.jsonl")


@app.command("build")
def build_cmd(
    work: Path = typer.Option(Path("annotations/work"), help="Folder of <id>.json work files."),
    metadata: Path = typer.Option(Path("corpus/metadata.csv"), help="CSV whose 'id' column orders the documents."),
    out: Path = typer.Option(RECORDS, "--out", "-o", help="Records file to write (the previous one is kept as .bak)."),
) -> None:
    """Merge the per-document work files into one validated records file."""
    import csv

    try:
        ids = [row["id"] for row in csv.DictReader(read_bytes(metadata).decode("utf-8").splitlines())]
        backup = write_records(out, merge_work_files(work, ids))
        typer.echo(f"wrote {out} ({len(ids)} documents)" + (f"; previous version kept as {backup}" if backup else ""))
    except (CovidbriefError, KeyError, FileNotFoundError) as err:
        _fail(err)


@app.command("validate")
def validate_cmd(files: List[Path] = typer.Argument(None, help="Records files (default annotations/seeds.jsonl).")) -> None:
    """Check records against the spec; list every problem with document and entity."""
    try:
        for path in files or [RECORDS]:
            records = read_records(path)
            validate(records)
            typer.echo(f"{path}: {len(records)} records valid")
    except CovidbriefError as err:
        _fail(err)


@app.command("stats")
def stats_cmd(
    records: Path = typer.Option(RECORDS, help="Records file."),
    out: Path = typer.Option(Path("annotations/STATS.md"), "--out", "-o", help="Markdown file to write."),
) -> None:
    """Write counts per document and label, relation type and role."""
    try:
        write_atomic(out, stats_markdown(read_records(records), source=str(records)) + "\n")
        typer.echo(f"wrote {out}")
    except CovidbriefError as err:
        _fail(err)


@app.command("docbin")
def docbin_cmd(
    records: Path = typer.Option(RECORDS, help="Records file."),
    splits: Path = typer.Option(Path("annotations/splits.json"), help="Splits file (train/dev/test)."),
    out_dir: Path = typer.Option(Path("corpus/spacy"), "--out-dir", "-o", help="Where to write <split>.spacy."),
) -> None:
    """Write train/dev/test DocBin files (entities, relations, turns kept)."""
    try:
        by_id = {r["id"]: r for r in read_records(records)}
        plan = json.loads(read_bytes(splits))
        for split in ("train", "dev", "test"):
            missing = [i for i in plan[split] if i not in by_id]
            if missing:
                raise InputFileError(f"{splits}: {split} names unknown documents {missing}")
            write_docbin(out_dir / f"{split}.spacy", [by_id[i] for i in plan[split]])
            typer.echo(f"wrote {out_dir / f'{split}.spacy'} ({len(plan[split])} documents)")
    except CovidbriefError as err:
        _fail(err)


@app.command("reanchor")
def reanchor_cmd(
    records: Path = typer.Option(RECORDS, help="Records file."),
    raw_dir: Path = typer.Option(Path("corpus/raw"), help="Raw seeds, <id>.txt."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report only; write nothing."),
) -> None:
    """Re-clean the raw seeds and move every span onto the new clean text, or
    fail naming every span that cannot be placed (the file is then unchanged)."""
    try:
        recs = read_records(records)
        texts = {r["id"]: clean(read_bytes(raw_dir / f"{r['id']}.txt")).text for r in recs}
        results = reanchor_all(recs, texts)
        changed = [res for res, old in zip(results, recs) if res.record["text"] != old["text"]]
        for res in changed:
            typer.echo(f"{res.record['id']}: text changed; {res.moved} entities moved")
        if not changed:
            typer.echo("every record already matches the clean text of its raw seed")
        elif not dry_run:
            validate([res.record for res in results])
            backup = write_records(records, [res.record for res in results])
            typer.echo(f"wrote {records}; previous version kept as {backup}")
    except CovidbriefError as err:
        _fail(err)
