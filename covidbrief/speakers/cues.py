"""Rules that read one line of a briefing: who speaks, in what role, and whether a turn opens.

Each rule is general to Chinese briefing transcripts and news write-ups:
speaker prefixes (``邓辉:``, ``市工信局党组成员、副局长田汝勇:``, ``香港商报记者:``),
a name or a body alone on a line, host formulas (``大家好!欢迎参加…``), reported
speech (``据陈晓强介绍``, ``市卫健委相关负责同志通报``), bylines and source lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

PREFIX = re.compile(r"^(?P<prefix>[^:：。，,;；!?！？“”\"]{1,60}?)\s*[:：]")
NAME_SUFFIXES = ("先生", "女士", "同志")
QUESTION_HEADS = ("记者", "问", "提问", "网友", "主持人问")
HOST_CUES = ("大家好", "欢迎参加", "欢迎各位", "女士们、先生们", "各位记者", "今天的发布会到此结束", "发布会到此结束",
             "今天的新闻发布会就到这里", "感谢各位")
HOST_PREFIXES = ("主持人",)
BYLINE = re.compile(
    r"^[(（【\[]?\s*(?:来源|编辑|责编|责任编辑|作者|审核|终审|初审|复审|监制|校对|摄影|摄像|通讯员|出品|撰稿|美编|视频|记者\s*[|｜])"
    r"|来源\s*[:：]|(?:出品|供稿)\s*$|^[(（]\s*(?:责编|编辑|来源)|\s(?:作者|编辑|责编|记者)\s*[:：|｜]"
)
SPEECH = ("介绍", "表示", "通报", "指出", "强调", "说", "称", "发布", "答", "回答", "谈到", "透露", "说明", "解读")
GENERIC_OFFICIALS = ("相关负责同志", "相关负责人", "负责同志", "负责人", "有关负责人", "主要负责同志", "新闻发言人")
NARRATION_CUES = ("记者从", "据介绍", "据了解", "记者了解到", "获悉", "答记者问", "回答记者提问", "回答了记者提问")
SPEAKER_LABELS = ("OFFICIAL", "PERSON")


@dataclass
class Span:
    """An entity on a line (offsets into the line)."""

    start: int
    end: int
    label: str
    key: object = None  # what identifies the entity in the document


@dataclass
class Cue:
    """What the rules read on a line. ``role`` None: no rule fired."""

    role: str | None = None
    opens: bool = False
    speaker: Span | None = None
    rule: str = ""


def _last_name(spans: Sequence[Span], end: int, labels=SPEAKER_LABELS) -> Span | None:
    inside = [s for s in spans if s.end <= end and s.label in labels]
    return inside[-1] if inside else None


def read_line(line: str, spans: Sequence[Span], index: int) -> Cue:
    """The cue of one line (``spans``: its entities, sorted, offsets into the line)."""
    text = line.strip()
    if not text:
        return Cue()
    if BYLINE.search(text):
        return Cue("NARRATION", True, rule="byline")
    m = PREFIX.match(line)
    if m:
        prefix = m.group("prefix").rstrip()
        end = m.end("prefix")
        head = prefix
        for suffix in NAME_SUFFIXES:
            head = head.removesuffix(suffix)
        if head.endswith(QUESTION_HEADS):
            media = [s for s in spans if s.end <= end and s.label in ("MEDIA", "ORG", "PERSON")]
            return Cue("REPORTER", True, media[-1] if media else None, "question")
        if prefix.startswith(HOST_PREFIXES):
            return Cue("HOST", True, _last_name(spans, end), "host-prefix")
        name = _last_name(spans, end)
        if name is not None and name.end >= len(head) - 1:
            return Cue("OFFICIAL", True, name, "speaker-prefix")
        agency = _last_name(spans, end, ("AGENCY",))
        if agency is not None and agency.end == len(head):
            return Cue("OFFICIAL", True, agency, "agency-prefix")
    if any(text.startswith(c) or (c in text[:12]) for c in HOST_CUES):
        return Cue("HOST", False, None, "host-formula")
    if any(c in text for c in NARRATION_CUES[:5]) and not _reported(line, spans):
        return Cue("NARRATION", True, rule="no-speaker")
    if any(c in text for c in NARRATION_CUES[5:]):
        return Cue("NARRATION", True, rule="q-and-a-header")
    covered = sum(s.end - s.start for s in spans)
    bare = re.sub(r"[\s:：、,，]", "", text)
    if spans and covered >= len(bare) and not re.search(r"[。!！?？]", text):
        name = _last_name(spans, len(line))
        if name is not None:
            return Cue("OFFICIAL", True, name, "header-name")
        agency = _last_name(spans, len(line), ("AGENCY",))
        if agency is not None and index > 0:
            return Cue("OFFICIAL", True, agency, "header-agency")
    reported = _reported(line, spans)
    if reported is not None:
        return Cue("OFFICIAL", True, reported, "reported-speech")
    return Cue()


def _reported(line: str, spans: Sequence[Span]) -> Span | None:
    """The speaker of reported speech near the start of the line (据X介绍, X表示, 某局相关负责同志通报)."""
    for span in spans:
        if span.start > 60:
            break
        if span.label not in ("OFFICIAL", "AGENCY"):
            continue
        after = line[span.end:span.end + 8]
        if span.label == "AGENCY":
            generic = next((g for g in GENERIC_OFFICIALS if after.startswith(g)), None)
            if generic is None:
                continue
            if span.start <= 2:  # 市商务局相关负责同志针对…进行了通报
                return span
            after = after[len(generic):]
        after = after.removeprefix("也").removeprefix("在会上").removeprefix("还")
        if after.startswith(SPEECH):
            return span
    return None


def is_subhead(line: str) -> bool:
    """A short editorial heading: no sentence punctuation, at most 20 characters."""
    text = line.strip()
    return 0 < len(text) <= 20 and not re.search(r"[。,，;；:：!！?？]", text)
