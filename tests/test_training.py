"""Trainable parts overfit a tiny corpus, and training is reproducible with a fixed seed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from covidbrief.corpus import validate
from covidbrief.evaluation.evaluate import variant
from covidbrief.evaluation.predict import predict_record
from covidbrief.training.examples import NER_LABELS
from covidbrief.training.train import CONFIG, config_ner_labels, keep_labels, train_pipeline

TEXT = "全市新增本地确诊病例12例,其中无症状感染者转确诊3例。\n张强:今日核酸采样人员4500人。\n记者:请问出院情况?\n张强:累计治愈出院病例80例。"


def _record():
    t = TEXT
    def at(s, label, n=0, **extra):
        i = -1
        for _ in range(n + 1):
            i = t.index(s, i + 1)
        return {"label": label, "start_offset": i, "end_offset": i + len(s), **extra}
    ents = [
        at("新增本地确诊病例", "METRIC"), at("12例", "QUANTITY", value=12, unit="例"),
        at("无症状感染者转确诊", "METRIC"), at("3例", "QUANTITY", value=3, unit="例"),
        at("张强", "OFFICIAL"), at("核酸采样人员", "METRIC"), at("4500人", "QUANTITY", value=4500, unit="人"),
        at("张强", "OFFICIAL", 1), at("累计治愈出院病例", "METRIC"), at("80例", "QUANTITY", value=80, unit="例"),
    ]
    for i, e in enumerate(sorted(ents, key=lambda e: e["start_offset"]), 1):
        e["id"] = i
    ents.sort(key=lambda e: e["id"])
    ids = {t[e["start_offset"]:e["end_offset"]] + str(e["start_offset"]): e["id"] for e in ents}
    by_text = lambda s, n=0: [e["id"] for e in ents if t[e["start_offset"]:e["end_offset"]] == s][n]  # noqa: E731
    relations = [
        {"id": 1, "from_id": by_text("12例"), "to_id": by_text("新增本地确诊病例"), "type": "MEASURES"},
        {"id": 2, "from_id": by_text("3例"), "to_id": by_text("无症状感染者转确诊"), "type": "MEASURES"},
        {"id": 3, "from_id": by_text("3例"), "to_id": by_text("12例"), "type": "PART_OF"},
        {"id": 4, "from_id": by_text("4500人"), "to_id": by_text("核酸采样人员"), "type": "MEASURES"},
        {"id": 5, "from_id": by_text("80例"), "to_id": by_text("累计治愈出院病例"), "type": "MEASURES"},
    ]
    lines = t.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    turns = [
        {"start_offset": starts[0], "end_offset": starts[0] + len(lines[0]), "role": "NARRATION", "speaker_id": None},
        {"start_offset": starts[1], "end_offset": starts[1] + len(lines[1]), "role": "OFFICIAL", "speaker_id": by_text("张强")},
        {"start_offset": starts[2], "end_offset": starts[2] + len(lines[2]), "role": "REPORTER", "speaker_id": None},
        {"start_offset": starts[3], "end_offset": starts[3] + len(lines[3]), "role": "OFFICIAL", "speaker_id": by_text("张强", 1)},
    ]
    del ids
    return {"id": "toy", "text": t, "meta": {}, "entities": ents, "relations": relations, "turns": turns}


@pytest.fixture(scope="module")
def trained():
    record = _record()
    validate([record])
    return record, train_pipeline([record] * 8, max_epochs=25)


def test_statistical_recogniser_overfits():
    record = _record()
    nlp = train_pipeline([record] * 8, max_epochs=25, ner_labels=NER_LABELS)  # the statistical baseline
    with variant(nlp, "statistical") as pipe:
        pred = predict_record(pipe, record)
    gold = {(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"] if e["label"] == "METRIC"}
    got = {(e["start_offset"], e["end_offset"], e["label"]) for e in pred["entities"]}
    assert gold <= got


def test_turn_classifier_overfits(trained):
    record, nlp = trained
    pipe = nlp.get_pipe("covidbrief_turns")
    assert pipe.classifier.fitted
    pipe.mode = "classifier"
    try:
        pred = predict_record(nlp, record)
    finally:
        pipe.mode = "combined"
    assert [t["role"] for t in pred["turns"]] == [t["role"] for t in record["turns"]]


def test_relation_classifiers_overfit(trained):
    record, nlp = trained
    pipe = nlp.get_pipe("covidbrief_relations")
    pipe.mode = "classifier"
    try:
        pred = predict_record(nlp, record)
    finally:
        pipe.mode = "combined"
    span = lambda r, i: next((e["start_offset"], e["end_offset"]) for e in r["entities"] if e["id"] == i)  # noqa: E731
    as_spans = lambda r: {(x["type"], span(r, x["from_id"]), span(r, x["to_id"])) for x in r["relations"]}  # noqa: E731
    assert as_spans(record) <= as_spans(pred)


def test_training_is_reproducible_with_a_fixed_seed():
    record = _record()
    a = train_pipeline([record] * 4, max_epochs=3, seed=7)
    b = train_pipeline([record] * 4, max_epochs=3, seed=7)
    for name in ("tok2vec", "ner", "covidbrief_turns", "covidbrief_relations"):
        assert a.get_pipe(name).to_bytes() == b.get_pipe(name).to_bytes(), name


def test_recogniser_learns_only_the_labels_the_pipeline_keeps(trained):
    record, nlp = trained
    ner = nlp.get_pipe("ner")
    kept = set(config_ner_labels(CONFIG))
    assert set(ner.labels) <= kept and "PLACE" not in kept
    nlp(record["text"])  # knowledge runs after the recogniser: its labels are never added to it
    assert set(ner.labels) <= kept


def test_unknown_labels_are_refused_before_training():
    with pytest.raises(ValueError, match="unknown entity labels"):
        train_pipeline([_record()], ner_labels=["PLACE", "BUILDING"])


def test_dropped_labels_become_outside_and_missing_stays_missing():
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("王强在大连市说")
    doc.set_ents([Span(doc, 0, 2, "PERSON"), Span(doc, 3, 6, "PLACE")], missing=[Span(doc, 6, 7)], default="outside")
    keep_labels(doc, ["PERSON"])
    assert [(t.ent_iob_, t.ent_type_) for t in doc] == [
        ("B", "PERSON"), ("I", "PERSON"), ("O", ""), ("O", ""), ("O", ""), ("O", ""), ("", "")]
