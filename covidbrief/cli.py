"""The ``covidbrief`` command line (typer)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from tqdm import tqdm

from .cleaning import clean
from .corpus.cli import app as corpus_app
from .errors import CovidbriefError
from .extract import extract
from .io import iter_inputs, read_bytes, write_atomic

app = typer.Typer(
    help="Structured facts from Chinese government press briefings and health bulletins.",
    no_args_is_help=True,
    add_completion=False,
)

app.add_typer(corpus_app, name="corpus")


def _fail(err: Exception) -> None:
    typer.echo(f"covidbrief: error: {err}", err=True)
    raise typer.Exit(code=2)


@app.command("clean")
def clean_cmd(
    inputs: List[Path] = typer.Argument(..., help="Raw .txt files (UTF-8, GB18030/GBK or Big5)."),
    out_dir: Optional[Path] = typer.Option(
        None, "--out-dir", "-o", help="Write <stem>.txt files here; without it, print to stdout."
    ),
    report: bool = typer.Option(False, "--report", help="Print what was cut and why to stderr."),
) -> None:
    """Clean raw pages into the spec's clean text (one paragraph a line)."""
    try:
        for path in tqdm(inputs, desc="clean", unit="doc", disable=len(inputs) < 2 or not sys.stderr.isatty()):
            cleaned = clean(read_bytes(path))
            body = cleaned.text + "\n"
            if out_dir is None:
                sys.stdout.write(body)
            else:
                write_atomic(out_dir / f"{path.stem}.txt", body)
            if report:
                for r in cleaned.removed:
                    typer.echo(f"{path.name}\t{r.start}-{r.end}\t{r.reason}\t{r.text[:40]!r}", err=True)
    except CovidbriefError as err:
        _fail(err)


@app.command("extract")
def extract_cmd(
    inputs: List[Path] = typer.Argument(..., help=".txt files (id = file stem) or .jsonl files of records."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write JSON Lines here instead of stdout."),
) -> None:
    """Extract spec records (JSON Lines) from briefings; offsets are into the text as given."""
    try:
        lines = []
        docs = (doc for path in inputs for doc in iter_inputs(path))
        for doc in tqdm(docs, desc="extract", unit="doc", disable=not sys.stderr.isatty()):
            record = extract(doc["text"], id=doc["id"], meta=doc["meta"])
            line = json.dumps(record, ensure_ascii=False)
            if out is None:
                sys.stdout.write(line + "\n")
            else:
                lines.append(line)
        if out is not None:
            write_atomic(out, "".join(line + "\n" for line in lines))
    except CovidbriefError as err:
        _fail(err)


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
