"""``covidbrief evaluate``: held-out test documents and leave-one-document-out folds.

Every fold retrains the whole pipeline without the document it scores. The
knowledge the pipeline ships (division codes, agency grammar, titles, amount and
date grammars) comes from outside the seeds. Variants are scored on the same
documents: the statistical recogniser alone, knowledge alone, both combined,
and the peer recognisers that run offline here (jieba.posseg; Baidu LAC with
covidbrief[baselines]).
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from spacy.language import Language
from tqdm import tqdm

from ..corpus.schema import LABELS
from .baselines import jieba_record, lac_available, lac_record
from .predict import predict_record
from .scoring import ProfileScores, Scores, TurnScores, ValueScores, score_entities, score_relations

TURN_MODES = ("rules", "classifier", "combined")
RELATION_MODES = ("rules", "classifier", "combined")


@contextmanager
def pipe_mode(nlp: Language, name: str, mode: str) -> Iterator[Language]:
    """``nlp`` with component ``name`` switched to ``mode`` for the duration."""
    pipe = nlp.get_pipe(name)
    saved = pipe.mode
    pipe.mode = mode
    try:
        yield nlp
    finally:
        pipe.mode = saved


def score_facts(nlp: Language, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Relations (exact and lenient, per mode) and quantity values on ``gold`` documents."""
    out: dict[str, Any] = {}
    if "covidbrief_relations" not in nlp.pipe_names:
        return out
    for mode in RELATION_MODES:
        with pipe_mode(nlp, "covidbrief_relations", mode):
            preds = [predict_record(nlp, r) for r in gold]
        out[f"relations_{mode}"] = score_relations(gold, preds)
        out[f"relations_{mode}_lenient"] = score_relations(gold, preds, lenient=True)
    values, profiles = ValueScores(), ProfileScores()
    for g, p in zip(gold, preds):
        values.add(g, p)
        profiles.add(g, p)
    out["values"] = values
    out["profiles"] = profiles
    return out


def _facts_summary(facts: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in facts.items():
        if isinstance(value, Scores):
            out[key] = {"micro": value.micro().as_dict(), "per_type": value.as_dict()}
        else:
            out[key] = value.as_dict()
    return out

HEADLINE = ("OFFICIAL", "AGENCY", "PLACE")
KNOWLEDGE_PIPES = ("covidbrief_knowledge", "covidbrief_entity_rules")
STATISTICAL_PIPES = ("tok2vec", "ner")


@contextmanager
def variant(nlp: Language, name: str) -> Iterator[Language]:
    """``nlp`` with only the components of one variant enabled."""
    off = {"statistical": KNOWLEDGE_PIPES, "knowledge": STATISTICAL_PIPES, "combined": ()}[name]
    with nlp.select_pipes(disable=[p for p in off if p in nlp.pipe_names]):
        yield nlp


VARIANTS = ("statistical", "knowledge", "combined")


def _summary(scores: Scores) -> dict[str, Any]:
    return {
        "micro": scores.micro(LABELS).as_dict(),
        "headline_micro": scores.micro(HEADLINE).as_dict(),
        "per_label": {label: scores.get(label).as_dict() for label in LABELS},
    }


def score_documents(nlp: Language, gold: list[dict[str, Any]],
                    statistical: Language | None = None) -> dict[str, Scores]:
    """Entity scores of every variant and of every peer on ``gold`` documents. The
    statistical variant runs ``statistical`` (a recogniser trained on every label)
    when given, else the recogniser inside ``nlp``."""
    out = {}
    for name in VARIANTS:
        with variant(statistical if name == "statistical" and statistical is not None else nlp, name) as pipe:
            preds = [predict_record(pipe, r) for r in gold]
        out[name] = score_entities(gold, preds, labels=LABELS)
    for name, recognise in peers().items():
        out[name] = score_entities(gold, [recognise(r) for r in gold], labels=LABELS)
    return out


def peers() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """The peer recognisers that run here: jieba always, LAC when ``covidbrief[baselines]`` is installed."""
    found: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"jieba": jieba_record}
    if lac_available():
        found["lac"] = lac_record
    return found


def score_turns(nlp: Language, gold: list[dict[str, Any]]) -> dict[str, TurnScores]:
    """Line roles and speakers of every turn mode on ``gold`` documents."""
    out = {}
    if "covidbrief_turns" not in nlp.pipe_names:
        return out
    for mode in TURN_MODES:
        scores = TurnScores()
        with pipe_mode(nlp, "covidbrief_turns", mode):
            for record in gold:
                scores.add(record, predict_record(nlp, record))
        out[mode] = scores
    return out


def evaluate(
    records: list[dict[str, Any]],
    splits: dict[str, Any],
    train: Callable[[list[dict[str, Any]]], Language],
    train_statistical: Callable[[list[dict[str, Any]]], Language] | None = None,
    folds: bool = True,
    test: bool = True,
    progress: bool = True,
    cluener_dev: str | Path | None = None,
) -> dict[str, Any]:
    """The evaluation report (JSON-ready). ``train`` builds the pipeline scored
    for each held-out set; ``train_statistical``, when given, builds the
    statistical-only baseline on the same documents (its recogniser must learn
    every label, since no knowledge supplies any)."""
    by_id = {r["id"]: r for r in records}
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "labels": list(LABELS), "headline": list(HEADLINE)}
    jobs = []
    if test:
        jobs.append(("test", splits["train"] + splits["dev"], splits["test"]))
    if folds:
        jobs += [(f"fold:{f['test']}", f["train"], [f["test"]]) for f in splits["folds"]]
    totals = {name: Scores() for name in (*VARIANTS, *peers())}
    turn_totals = {mode: TurnScores() for mode in TURN_MODES}
    fact_totals: dict[str, Any] = {}
    per_fold = {}
    bar = tqdm(jobs, desc="evaluate", unit="model", disable=not progress, file=sys.stderr)
    for name, train_ids, test_ids in bar:
        bar.set_postfix_str(name)
        nlp = train([by_id[i] for i in train_ids])
        statistical = train_statistical([by_id[i] for i in train_ids]) if train_statistical else None
        scores = score_documents(nlp, [by_id[i] for i in test_ids], statistical)
        turns = score_turns(nlp, [by_id[i] for i in test_ids])
        facts = score_facts(nlp, [by_id[i] for i in test_ids])
        if name == "test":
            report["test"] = {"train": train_ids, "test": test_ids,
                              **{v: _summary(s) for v, s in scores.items()},
                              "turns": {m: t.as_dict() for m, t in turns.items()},
                              **_facts_summary(facts)}
            if cluener_dev is not None and Path(cluener_dev).exists():
                from .cluener import score_cluener

                report["cluener_dev"] = score_cluener(nlp, cluener_dev)
        else:
            per_fold[test_ids[0]] = {v: s.micro(LABELS).as_dict() | {"headline_f": round(s.micro(HEADLINE).f1, 4)}
                                     for v, s in scores.items()}
            for v, s in scores.items():
                totals[v].merge(s)
            for key, value in facts.items():
                fact_totals.setdefault(key, type(value)()).merge(value)
            for m, t in turns.items():
                turn_totals[m].merge(t)
                per_fold[test_ids[0]][f"turns_{m}"] = {k: v for k, v in t.as_dict().items() if k != "confusion"}
    if folds:
        report["leave_one_document_out"] = {v: _summary(s) for v, s in totals.items()}
        report["leave_one_document_out"]["turns"] = {m: t.as_dict() for m, t in turn_totals.items()}
        report["leave_one_document_out"].update(_facts_summary(fact_totals))
        report["per_fold"] = per_fold
    return report


def markdown(report: dict[str, Any]) -> str:
    """README-ready tables of a report."""
    lines = []
    for section, title in (("leave_one_document_out", "Leave-one-document-out (five folds, micro over all documents)"),
                           ("test", f"Test documents ({', '.join(report.get('test', {}).get('test', []))})")):
        if section not in report:
            continue
        block = report[section]
        columns = [v for v in (*VARIANTS, "jieba", "lac") if v in block]
        lines += [f"#### {title}", "", "| label | " + " | ".join(f"{v} F1" for v in columns) + " |",
                  "|---|" + "---:|" * len(columns)]
        for label in LABELS:
            lines.append(f"| {label} | " + " | ".join(f"{block[v]['per_label'][label]['f']:.3f}" for v in columns) + " |")
        lines.append("| **OFFICIAL+AGENCY+PLACE** | " + " | ".join(f"**{block[v]['headline_micro']['f']:.3f}**" for v in columns) + " |")
        lines.append("| **all labels (micro)** | " + " | ".join(f"**{block[v]['micro']['f']:.3f}**" for v in columns) + " |")
        lines.append("")
        if block.get("turns"):
            lines += ["| turns | " + " | ".join(TURN_MODES) + " |", "|---|" + "---:|" * len(TURN_MODES)]
            for key in ("role_accuracy", "speaker_accuracy"):
                lines.append(f"| {key.replace('_', ' ')} | " + " | ".join(f"{block['turns'][m][key]:.3f}" for m in TURN_MODES) + " |")
            lines.append("")
            conf = block["turns"]["combined"]["confusion"]
            roles = list(conf)
            lines += ["Role confusion (combined; rows gold, columns predicted, in lines):", "",
                      "| gold \\ predicted | " + " | ".join(roles) + " |", "|---|" + "---:|" * len(roles)]
            lines += [f"| {g} | " + " | ".join(str(conf[g][p]) for p in roles) + " |" for g in roles]
            lines.append("")
        if block.get("relations_combined"):
            lines += ["| relations (micro F1) | " + " | ".join(RELATION_MODES) + " |", "|---|" + "---:|" * len(RELATION_MODES)]
            for suffix, name in (("", "exact"), ("_lenient", "lenient")):
                lines.append(f"| {name} | " + " | ".join(f"{block[f'relations_{m}{suffix}']['micro']['f']:.3f}" for m in RELATION_MODES) + " |")
            lines.append("")
            per = block["relations_combined"]["per_type"]
            lenient = block["relations_combined_lenient"]["per_type"]
            lines += ["| relation type (combined) | exact F1 | lenient F1 |", "|---|---:|---:|"]
            lines += [f"| {k} | {per[k]['f']:.3f} | {lenient.get(k, {}).get('f', 0):.3f} |" for k in sorted(per)]
            lines += ["", f"Quantity value and unit accuracy: {block['values']['accuracy']:.3f} "
                          f"({block['values']['right']} of {block['values']['matched']} matched QUANTITY spans)", ""]
            prof = block["profiles"]
            lines += [f"Official profiles ({prof['officials']} gold officials): found {prof['found']:.3f}, "
                      f"exact titles {prof['titles_right']:.3f}, exact affiliations {prof['affiliations_right']:.3f}", ""]
            lines += [f"- {miss}" for miss in prof.get("misses", [])] + ([""] if prof.get("misses") else [])
    return "\n".join(lines)


def cluener_markdown(report: dict[str, Any]) -> str:
    """The CLUENER dev table of a report ('' when absent)."""
    block = report.get("cluener_dev")
    if not block:
        return ""
    lines = [f"#### CLUENER2020 dev ({block['sentences']} sentences; model trained on the seeds' train+dev)", "",
             "| label | P | R | F1 |", "|---|---:|---:|---:|"]
    for label, prf in sorted(block["per_label"].items()):
        lines.append(f"| {label} | {prf['p']:.3f} | {prf['r']:.3f} | {prf['f']:.3f} |")
    lines.append(f"| micro | {block['micro']['p']:.3f} | {block['micro']['r']:.3f} | {block['micro']['f']:.3f} |")
    lines += ["", "Published overall F1 on all ten CLUENER labels: BiLSTM-CRF about 70, BERT-base about 79 "
                  "(not directly comparable: three mapped labels here, trained on no CLUENER data).", ""]
    return "\n".join(lines)


def write_report(report: dict[str, Any], out: str | Path) -> None:
    """Write the JSON report and its markdown tables next to it."""
    from ..io import write_atomic

    out = Path(out)
    write_atomic(out, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    write_atomic(out.with_suffix(".md"), markdown(report) + "\n" + cluener_markdown(report))
