"""The ``covidbrief`` command line (typer)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from tqdm import tqdm

from .console import fail as _fail
from .cleaning import clean
from .corpus.cli import app as corpus_app
from .doccano.cli import app as doccano_app
from .errors import CovidbriefError
from .extraction import extract
from .errors import InputFileError
from .io import iter_inputs, read_bytes, write_atomic
from .training.train import CONFIG

app = typer.Typer(
    help="Structured facts from Chinese government press briefings and health bulletins.",
    no_args_is_help=True,
    add_completion=False,
)

app.add_typer(corpus_app, name="corpus")
app.add_typer(doccano_app, name="doccano")


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


def _extract_one(doc: dict) -> str:
    return json.dumps(extract(doc["text"], id=doc["id"], meta=doc["meta"]), ensure_ascii=False)


def _warm(model: Optional[str]) -> None:
    from .pipeline import cached

    if model:
        import os

        os.environ["COVIDBRIEF_MODEL"] = model
    cached()


@app.command("extract")
def extract_cmd(
    inputs: List[Path] = typer.Argument(..., help=".txt files (id = file stem, raw or clean) or .jsonl files of records."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write JSON Lines here (atomically) instead of stdout."),
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes."),
    model: Optional[str] = typer.Option(None, help="Pipeline folder (default models/covidbrief-zh)."),
) -> None:
    """Extract spec records (JSON Lines) from briefings; offsets are into the text as given."""
    import multiprocessing
    import tempfile

    try:
        _warm(model)
        docs = (doc for path in inputs for doc in iter_inputs(path))
        if n_process > 1:
            pool = multiprocessing.get_context("fork").Pool(n_process, initializer=_warm, initargs=(model,))
            lines = pool.imap(_extract_one, docs, chunksize=1)
        else:
            pool, lines = None, map(_extract_one, docs)
        bar = tqdm(lines, desc="extract", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())
        if out is None:
            for line in bar:
                sys.stdout.write(line + "\n")
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out.parent, delete=False, suffix=".tmp") as tmp:
                for line in bar:
                    tmp.write(line + "\n")
            Path(tmp.name).replace(out)
        if pool is not None:
            pool.close()
            pool.join()
    except CovidbriefError as err:
        _fail(err)


@app.command("facts")
def facts_cmd(
    inputs: List[Path] = typer.Argument(..., help=".txt or .jsonl briefings, or .jsonl records already extracted."),
    csv_out: Path = typer.Option(..., "--csv", help="CSV file to write: one row per amount."),
    model: Optional[str] = typer.Option(None, help="Pipeline folder (default models/covidbrief-zh)."),
) -> None:
    """Write every amount with its metric, date, place and parent amount as a CSV table
    (text as cleaned, so simplified and without ruby notes; offsets into the text as given)."""
    from .facts import facts_csv

    try:
        _warm(model)
        rows = []
        docs = [doc for path in inputs for doc in iter_inputs(path)]
        for doc in tqdm(docs, desc="facts", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty()):
            rows += extract(doc["text"], id=doc["id"], meta=doc["meta"])["facts"]
        write_atomic(csv_out, facts_csv(rows))
        typer.echo(f"wrote {csv_out} ({len(rows)} amounts from {len(docs)} documents)")
    except CovidbriefError as err:
        _fail(err)


def _splits(path: Path) -> dict:
    try:
        return json.loads(read_bytes(path))
    except json.JSONDecodeError as err:
        raise InputFileError(f"{path}: not valid JSON ({err.msg})") from None


def _gold(path: Path) -> list:
    """Validated gold records of ``path``."""
    from .corpus import read_records, validate

    records = read_records(path)
    validate(records)
    return records


def _public_docs(datasets: Path, count: int) -> list:
    """The first ``count`` CLUENER2020 train sentences as training Docs (mapped labels)."""
    if count <= 0:
        return []
    import spacy

    from .training.examples import cluener_docs

    path = datasets / "cluener" / "train.jsonl"
    if not path.exists():
        raise InputFileError(f"{path}: not found; pass --datasets pointing at the public data sets, or --public 0")
    return list(cluener_docs(path, spacy.blank("zh"), limit=count))


# Options shared by `train` and `evaluate`.
RECORDS_OPT = typer.Option(Path("annotations/seeds.jsonl"), help="Gold records.")
SPLITS_OPT = typer.Option(Path("annotations/splits.json"), help="Splits (train + dev are trained on) and folds.")
SEED_OPT = typer.Option(0, help="Random seed of every training run (the same seed rebuilds the same model).")
EPOCHS_OPT = typer.Option(None, help="Epochs per training run (default: the config's max_epochs).")
PUBLIC_OPT = typer.Option(0, help="Also train on this many CLUENER2020 train sentences (mapped labels).")
DATASETS_OPT = typer.Option(Path("../shared/datasets"), help="Folder of the public data sets.")
CONFIG_OPT = typer.Option(CONFIG, help="spaCy config of the pipeline.")


@app.command("train")
def train_cmd(
    out: Path = typer.Option(Path("models/covidbrief-zh"), "--out", "-o", help="Where to save the pipeline."),
    records: Path = RECORDS_OPT,
    splits: Path = SPLITS_OPT,
    seed: int = SEED_OPT,
    epochs: Optional[int] = EPOCHS_OPT,
    public: int = PUBLIC_OPT,
    datasets: Path = DATASETS_OPT,
    config: Path = CONFIG_OPT,
) -> None:
    """Rebuild the shipped pipeline from annotations/ through configs/covidbrief.cfg."""
    from .training.train import train_and_save

    try:
        recs = _gold(records)
        plan = _splits(splits)
        chosen = [r for r in recs if r["id"] in set(plan["train"]) | set(plan["dev"])]
        typer.echo(f"training on {len(chosen)} documents ({', '.join(r['id'] for r in chosen)}), seed {seed}", err=True)
        path = train_and_save(chosen, out, seed=seed, max_epochs=epochs, extra_docs=_public_docs(datasets, public),
                              config=config)
        typer.echo(f"saved {path}")
    except CovidbriefError as err:
        _fail(err)


@app.command("evaluate")
def evaluate_cmd(
    out: Path = typer.Option(Path("reports/evaluation.json"), "--out", "-o", help="JSON report (a .md table is written beside it)."),
    folds: bool = typer.Option(True, help="Leave-one-document-out cross-validation (retrains per fold)."),
    test: bool = typer.Option(True, help="Train on train+dev, score the test documents."),
    records: Path = RECORDS_OPT,
    splits: Path = SPLITS_OPT,
    seed: int = SEED_OPT,
    epochs: Optional[int] = EPOCHS_OPT,
    public: int = PUBLIC_OPT,
    datasets: Path = DATASETS_OPT,
    config: Path = CONFIG_OPT,
) -> None:
    """Per-label P/R/F1 on the test documents and leave-one-document-out, beside jieba and LAC; CLUENER dev."""
    from functools import partial

    from .evaluation.evaluate import cluener_markdown, evaluate, markdown, write_report
    from .training.examples import NER_LABELS
    from .training.train import train_pipeline

    try:
        recs = _gold(records)
        extra = _public_docs(datasets, public)
        train = partial(train_pipeline, extra_docs=extra, config=config, seed=seed, max_epochs=epochs)
        report = evaluate(recs, _splits(splits), train, partial(train, ner_labels=NER_LABELS),
                          folds=folds, test=test, cluener_dev=datasets / "cluener" / "dev.jsonl")
        report["public_training_sentences"] = len(extra)
        write_report(report, out)
        typer.echo(markdown(report) + cluener_markdown(report))
        typer.echo(f"wrote {out} and {out.with_suffix('.md')}")
    except CovidbriefError as err:
        _fail(err)


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
