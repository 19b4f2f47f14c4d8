"""``covidbrief_entity_rules``: officials and other persons from their context.

Runs after the statistical recogniser and the knowledge ruler:

- the recogniser's entities are kept only for ``statistical_labels`` (by
  default those where leave-one-document-out evaluation shows it adds to
  knowledge: PERSON, ORG, MEDIA); knowledge's spans always stay;

- a personal name right after a title (``副市长陈晓强介绍``) is an OFFICIAL, added
  when the recogniser missed it (surname + one or two characters, followed by a
  boundary or a speech verb), relabelled when it was tagged PERSON;
- a name right before a title (``习近平总书记``) is an OFFICIAL when jieba's
  part-of-speech tagger reads it as a personal name;
- a name right after a byline cue (``记者 杨鸣宇``, ``责编:郭扬、戴谦``, a dateline's
  ``电 (郭扬)``) is a PERSON, found by the surname grammar; it wins over the
  recogniser's spans it overlaps;
- a name in a speaker slot (alone on a line, or before the colon that opens a
  line: ``邓辉:``) is an OFFICIAL;
- the outlet before ``记者:`` that opens a line (``香港商报记者:``) is a MEDIA;
- once a name is known, its other mentions get the same label (``李明表示``);
- every amount gets a METRIC proposed from its clause
  (:mod:`covidbrief.knowledge.metrics`), replacing the recogniser's METRIC there
  (when the recogniser is trained on METRIC at all: by default it is not, since
  its METRIC spans lowered METRIC F1 in leave-one-document-out evaluation).
"""

from __future__ import annotations

import re
from typing import List

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..knowledge.names import AFTER_NAME, BOUNDARY_CHARS, COMPOUND_SURNAMES, PERSON_CUES, SURNAMES
from ..knowledge.metrics import propose_metrics, tidy_metric
from ..knowledge.quantities import normalise as normalise_quantity
from .knowledge import SPAN_KEY
from ..corpus.docs import doc_text
from .spans import merge_ents

NAME_LABELS = ("OFFICIAL", "PERSON")
EDGE_CHARS = BOUNDARY_CHARS | set("|/-—·.。")  # never the first or last character of a name or organisation
CUE_CHARS = {cue for cue in AFTER_NAME if len(cue) == 1}  # 说, 答, 称 ...: a verb, not the last character of a name
_CUES = "(?:" + "|".join(sorted(PERSON_CUES, key=len, reverse=True)) + ")"
BYLINE = re.compile(_CUES + r"(?:[ \t]*[:：|][ \t]*|[ \t]+)"  # 记者 杨鸣宇, 责编:郭扬、戴谦
                    r"|(?<=[社报台网刊站(（【])" + _CUES  # 新华社记者王强, 本报记者李明: an outlet's own byline
                    + r"|电[ \t]*[(（]")  # 新华社杭州2月17日电 (郭扬); not 记者连日来
NAME_LIST_GLUE = ("、", " ", "\t")
OUTLET_QUESTION = re.compile(r"^([^\s:：,，。、“”()（）]{2,14}?)(?:电视台|广播电台)?记者\s*[:：]")


def _name_at(text: str, i: int) -> int | None:
    """End of a personal name starting at ``i``, or None: a surname, one or two
    given-name characters, then a boundary, a speech verb or the line's end; or,
    for rare surnames, two or three characters right before a colon. A last
    character that is a one-character speech cue (说, 答) ends the name before it."""
    for length in (3, 2):
        end = i + length
        word = text[i:end]
        if text[end:end + 1] in (":", "：") and all("\u4e00" <= c <= "\u9fff" for c in word) \
                and not _is_common_word(word) and word[0] not in "一二三四五六七八九十第" \
                and word[-1] not in CUE_CHARS:
            return end
    if text[i:i + 2] in COMPOUND_SURNAMES:
        given_start = i + 2
    elif i < len(text) and text[i] in SURNAMES:
        given_start = i + 1
    else:
        return None
    for length in (2, 1):
        end = given_start + length
        if end > len(text) or not all("\u4e00" <= c <= "\u9fff" for c in text[given_start:end]):
            continue
        if length == 2 and text[end - 1] in CUE_CHARS:
            continue  # 王强说: the name is 王强, 说 the verb
        if end == len(text) or text[end] in BOUNDARY_CHARS or text.startswith(AFTER_NAME, end):
            return end
    return None


def _overlaps_known(doc: Doc, span: tuple[int, int, str]) -> bool:
    """Whether ``span`` overlaps a span knowledge found (those stay)."""
    if SPAN_KEY not in doc.spans:
        return False
    return any(k.start_char < span[1] and span[0] < k.end_char for k in doc.spans[SPAN_KEY])


def _byline_names(text: str) -> list[tuple[int, int, str]]:
    """PERSON spans of the names a byline cue introduces, and of the names listed
    after them (``责编:郭扬、戴谦``, ``作者:刘思波 李晓玲``). The cue must be followed by
    a separator, and ordinary words (``记者 方面``) are not names."""
    out = []
    for cue in BYLINE.finditer(text):
        i = cue.end()
        while (end := _name_at(text, i)) is not None and not _is_common_word(text[i:end]):
            out.append((i, end, "PERSON"))
            if text[end:end + 1] not in NAME_LIST_GLUE:
                break
            i = end + 1
    return out


NAME_BEFORE_WINDOW = 12  # characters of context cut by jieba before a title


def _name_before(text: str, i: int) -> int | None:
    """Start of a personal name ending right before ``i`` (a title follows:
    ``习近平总书记``, ``李克强总理``), or None. The name is the last word jieba's
    part-of-speech tagger gives the preceding clause, when it tags it a personal
    name (``nr``, ``nrfg``, ``nrt``) of two to four Chinese characters."""
    start = max(text.rfind("\n", 0, i) + 1, i - NAME_BEFORE_WINDOW)
    clause = text[start:i]
    if len(clause) < 2:
        return None
    words = list(_posseg().cut(clause))
    word, flag = words[-1].word, words[-1].flag
    if flag.startswith("nr") and 2 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word):
        return i - len(word)
    return None


def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


COMMON_WORD_FREQ = 20  # jieba dictionary frequency above which a word is not read as a name


def _is_common_word(word: str) -> bool:
    """Whether ``word`` (or its first two characters) is an ordinary word in jieba's dictionary."""
    import jieba

    freq = jieba.dt.FREQ if jieba.dt.initialized else _jieba_freq()
    return freq.get(word, 0) >= COMMON_WORD_FREQ or freq.get(word[:2], 0) >= COMMON_WORD_FREQ * 50


def _jieba_freq() -> dict:
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


class EntityRules:
    """Context rules for OFFICIAL and PERSON (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, add_names: bool, relabel: bool, statistical_labels: List[str],
                 add_metrics: bool = True):
        self.name, self.add_names, self.relabel, self.add_metrics = name, add_names, relabel, add_metrics
        self.statistical_labels = set(statistical_labels)

    def _filter(self, doc: Doc) -> None:
        """Keep knowledge's spans and the recogniser's of ``statistical_labels``, the
        latter without punctuation or spaces at their edges (``张敏:`` -> ``张敏``)."""
        known = {(s.start, s.end) for s in doc.spans[SPAN_KEY]} if SPAN_KEY in doc.spans else set()
        kept, changed = [], False
        for ent in doc.ents:
            if (ent.start, ent.end) in known:
                kept.append(ent)
                continue
            if ent.label_ not in self.statistical_labels:
                changed = True
                continue
            start, end = ent.start, ent.end
            while start < end and doc[start].text in EDGE_CHARS:
                start += 1
            while end > start and doc[end - 1].text in EDGE_CHARS:
                end -= 1
            if (start, end) != (ent.start, ent.end):
                changed = True
                if start == end:
                    continue
                ent = Span(doc, start, end, label=ent.label_)
            kept.append(ent)
        if changed:
            doc.ents = kept

    def __call__(self, doc: Doc) -> Doc:
        self._filter(doc)
        text = doc_text(doc)
        ents = list(doc.ents)
        labels = {(e.start_char, e.end_char): e.label_ for e in ents}
        starts = {e.start_char: e for e in ents}
        new: list[tuple[int, int, str]] = []
        for ent in ents:
            if ent.label_ != "TITLE":
                continue
            i = ent.end_char + (1 if text[ent.end_char:ent.end_char + 1] == " " else 0)
            nxt = starts.get(i)
            if nxt is not None:
                if self.relabel and nxt.label_ == "PERSON":
                    labels[(nxt.start_char, nxt.end_char)] = "OFFICIAL"
                continue
            end = _name_at(text, i) if self.add_names else None
            if end is not None:
                new.append((i, end, "OFFICIAL"))
        if self.add_names:
            ends = {e.end_char for e in ents}
            new += [(s, ent.start_char, "OFFICIAL") for ent in ents
                    if ent.label_ == "TITLE" and ent.start_char not in ends
                    and (s := _name_before(text, ent.start_char)) is not None]
        if self.relabel:
            for ent in ents:
                if ent.label_ in NAME_LABELS:
                    before = text[max(0, ent.start_char - 6):ent.start_char].rstrip(" :：|")
                    if before.endswith(PERSON_CUES):
                        labels[(ent.start_char, ent.end_char)] = "PERSON"
        if any(labels[(e.start_char, e.end_char)] != e.label_ for e in ents):
            doc.ents = [doc.char_span(e.start_char, e.end_char, label=labels[(e.start_char, e.end_char)]) for e in ents]
        if self.add_names:
            names, outlets = self._speaker_slots(text)
            # speaker slots, bylines and outlets before 记者: win over the recogniser's spans
            # they overlap (knowledge's spans were checked by the slot rules already)
            merge_ents(doc, [n for n in names + _byline_names(text) if not _overlaps_known(doc, n)] + outlets,
                       overwrite=True)
        if new:
            merge_ents(doc, new, overwrite=False)
        if self.add_names:
            self._propagate(doc)
        if self.add_metrics:
            self._metrics(doc)
        return doc

    @staticmethod
    def _metrics(doc: Doc) -> None:
        """METRIC proposals for every amount; they replace the recogniser's METRIC
        spans they overlap (leave-one-document-out: the proposals are the more exact)
        and never touch other labels."""
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        amounts = [(s, e) for s, e, label in ents if label == "QUANTITY"]
        if not amounts:
            return
        text = doc_text(doc)
        units = {(s, e): normalise_quantity(text[s:e])[1] for s, e in amounts}
        others = [(s, e) for s, e, label in ents if label != "METRIC"]
        found = propose_metrics(text, amounts, others, units)
        kept = [x for x in ents if x[2] != "METRIC" or not any(a < x[1] and x[0] < b for a, b in found)]
        tidied = []
        for s, e, label in kept:
            if label == "METRIC":  # the recogniser's, where no proposal overlaps
                s, e = tidy_metric(text, s, e) or (s, e)
            tidied.append((s, e, label))
        if tidied != ents:
            doc.ents = [doc.char_span(s, e, label=label) for s, e, label in tidied]
        merge_ents(doc, [(s, e, "METRIC") for s, e in found], overwrite=False)

    @staticmethod
    def _speaker_slots(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """Names in speaker slots, and outlets asking questions (these win over places inside them)."""
        out: list[tuple[int, int, str]] = []
        outlets: list[tuple[int, int, str]] = []
        start = 0
        for line in text.split("\n"):
            body = line.strip()
            lead = start + len(line) - len(line.lstrip())
            end = _name_at(text, lead) if body else None
            if end is not None:
                rest = text[end:start + len(line)].strip()
                if rest == "" or rest[:1] in ":：":
                    out.append((lead, end, "OFFICIAL"))
            outlet = OUTLET_QUESTION.match(body)
            if outlet:
                outlets.append((lead, lead + len(outlet.group(1)), "MEDIA"))
            start += len(line) + 1
        return out, outlets

    @staticmethod
    def _propagate(doc: Doc) -> None:
        names = {e.text: e.label_ for e in doc.ents if e.label_ in NAME_LABELS and len(e.text) >= 2}
        if not names:
            return
        text, found = doc_text(doc), []
        for name, label in names.items():
            i = text.find(name)
            while i >= 0:
                found.append((i, i + len(name), label))
                i = text.find(name, i + len(name))
        merge_ents(doc, found, overwrite=False)


STATISTICAL_LABELS = ["PERSON", "ORG", "MEDIA"]


@Language.factory(
    "covidbrief_entity_rules",
    default_config={"add_names": True, "relabel": True, "statistical_labels": STATISTICAL_LABELS, "add_metrics": True},
)
def make_entity_rules(nlp: Language, name: str, add_names: bool, relabel: bool,
                      statistical_labels: List[str], add_metrics: bool) -> EntityRules:
    """Factory of :class:`EntityRules`."""
    return EntityRules(nlp, name, add_names, relabel, statistical_labels, add_metrics)
