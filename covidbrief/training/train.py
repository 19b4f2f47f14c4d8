"""Training the covidbrief pipeline through the spaCy config in ``configs/``."""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .examples import NER_LABELS, line_docs

CONFIG = Path(__file__).resolve().parents[2] / "configs" / "covidbrief.cfg"


def train_pipeline(
    records: Iterable[dict[str, Any]],
    extra_docs: Iterable[Doc] = (),
    config: str | Path = CONFIG,
    seed: int = 0,
    max_epochs: int | None = None,
    quiet: bool = True,
    ner_labels: Sequence[str] | None = None,
) -> Language:
    """The covidbrief pipeline trained on gold ``records`` (cut into lines) and
    ``extra_docs`` (e.g. mapped public data), with the fixed ``seed``. The last
    epoch is kept: there is no dev document to select on in leave-one-document-out
    folds, and the same rule keeps the shipped model comparable.

    The recogniser learns ``ner_labels``; by default the ``statistical_labels`` of
    the config's ``covidbrief_entity_rules`` (the only ones the pipeline keeps from
    it), or every label when the config has no such component."""
    from .. import components  # noqa: F401  (registers the factories)
    labels = list(ner_labels) if ner_labels is not None else config_ner_labels(config)
    unknown = sorted(set(labels) - set(NER_LABELS))
    if unknown:
        raise ValueError(f"unknown entity labels {unknown}; choose from {list(NER_LABELS)}")
    nlp_blank = spacy.blank("zh")
    docs = list(line_docs(records, nlp_blank, labels)) + [keep_labels(d.copy(), labels) for d in extra_docs]
    if not docs:
        raise ValueError("no training documents: give at least one annotated record")
    overrides: dict[str, Any] = {"system.seed": seed}
    if max_epochs is not None:
        overrides["training.max_epochs"] = max_epochs
    with tempfile.TemporaryDirectory(prefix="covidbrief-train-") as tmp:
        tmp_path = Path(tmp)
        DocBin(docs=docs).to_disk(tmp_path / "train.spacy")
        DocBin(docs=docs[:20]).to_disk(tmp_path / "dev.spacy")
        overrides.update({"paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy")})
        from spacy.cli.train import train

        sink = io.StringIO()
        level = logging.getLogger("spacy").level
        if quiet:
            logging.getLogger("spacy").setLevel(logging.ERROR)
        try:
            with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
                train(config, tmp_path / "out", overrides=overrides)
        finally:
            logging.getLogger("spacy").setLevel(level)
        nlp = spacy.load(tmp_path / "out" / "model-last")
    fit_rule_models(nlp, records, seed=seed)
    return nlp


def config_ner_labels(config: str | Path) -> list[str]:
    """The labels the recogniser of ``config`` is trained on (see ``train_pipeline``)."""
    components = spacy.util.load_config(config).get("components", {})
    rules = components.get("covidbrief_entity_rules")
    if rules is None:
        return list(NER_LABELS)
    from ..components.entity_rules import STATISTICAL_LABELS

    return list(rules.get("statistical_labels", STATISTICAL_LABELS))


def keep_labels(doc: Doc, labels: Sequence[str]) -> Doc:
    """``doc`` (changed in place) with only the entities of ``labels``; the others
    become outside ("O"), and tokens whose annotation is missing stay missing."""
    keep = set(labels)
    dropped = [e for e in doc.ents if e.label_ not in keep]
    if dropped:
        doc.set_ents([e for e in doc.ents if e.label_ in keep], outside=dropped, default="unmodified")
    return doc


def fit_rule_models(nlp: Language, records: Iterable[dict[str, Any]], seed: int = 0) -> None:
    """Fit the scikit-learn parts (line roles, relations) on gold records, with
    features from the entities the trained pipeline predicts on their texts."""
    from ..corpus.docs import register_extensions

    register_extensions()
    records = list(records)
    fitted = [name for name in ("covidbrief_turns", "covidbrief_relations") if name in nlp.pipe_names]
    if not fitted:
        return
    docs = []
    with nlp.select_pipes(disable=fitted):
        for record in records:
            doc = nlp.make_doc(record["text"])
            doc._.meta = dict(record.get("meta") or {})
            docs.append(nlp(doc))
    for name in fitted:
        nlp.get_pipe(name).fit(zip(docs, records), seed=seed)


def _forget_training_paths(config: Path) -> None:
    """Replace the temporary corpus paths in a saved config by null, so the same
    seed rebuilds a byte-identical pipeline folder."""
    import re

    text = config.read_text(encoding="utf-8")
    text = re.sub(r'^(train|dev) = "[^"]*"$', r"\1 = null", text, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")


def train_and_save(
    records: list[dict[str, Any]],
    out: str | Path,
    seed: int = 0,
    max_epochs: int | None = None,
    trained_on: list[str] | None = None,
    extra_docs: Iterable[Doc] = (),
    config: str | Path = CONFIG,
) -> Path:
    """Train on ``records`` and save the pipeline to ``out`` (replaced only once
    the new one is complete; the previous one is kept as ``<out>.previous``)."""
    import shutil

    out = Path(out)
    extra_docs = list(extra_docs)
    nlp = train_pipeline(records, extra_docs=extra_docs, config=config, seed=seed, max_epochs=max_epochs)
    nlp.meta.update({
        "name": "covidbrief_zh",
        "version": __import__("covidbrief").__version__,
        "description": "covidbrief: entities, values (and later turns, relations) of Chinese government briefings",
        "covidbrief": {"trained_on": trained_on or [r["id"] for r in records], "seed": seed,
                       "public_sentences": len(extra_docs)},
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    _forget_training_paths(tmp / "config.cfg")
    previous = out.with_name(out.name + ".previous")
    if out.exists():
        if previous.exists():
            shutil.rmtree(previous)
        out.rename(previous)
    tmp.rename(out)
    return out
