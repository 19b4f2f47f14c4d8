"""``covidbrief_entity_rules``: officials and other persons from their context.

Runs after the statistical recogniser and the knowledge ruler:

- a personal name right after a title (``副市长陈晓强介绍``) is an OFFICIAL, added
  when the recogniser missed it (surname + one or two characters, followed by a
  boundary or a speech verb), relabelled when it was tagged PERSON;
- a name right after a byline cue (``记者 杨鸣宇``, ``责编:郭扬``) is a PERSON.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge.names import AFTER_NAME, BOUNDARY_CHARS, COMPOUND_SURNAMES, PERSON_CUES, SURNAMES
from .spans import merge_ents

NAME_LABELS = ("OFFICIAL", "PERSON")


def _name_at(text: str, i: int) -> int | None:
    """End of a personal name starting at ``i``, or None: a surname, one or two
    given-name characters, then a boundary, a speech verb or the line's end."""
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
        if end == len(text) or text[end] in BOUNDARY_CHARS or text.startswith(AFTER_NAME, end):
            return end
    return None


class EntityRules:
    """Context rules for OFFICIAL and PERSON (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, add_names: bool, relabel: bool):
        self.name, self.add_names, self.relabel = name, add_names, relabel

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
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
        if self.relabel:
            for ent in ents:
                if ent.label_ in NAME_LABELS:
                    before = text[max(0, ent.start_char - 6):ent.start_char].rstrip(" :：|")
                    if before.endswith(PERSON_CUES):
                        labels[(ent.start_char, ent.end_char)] = "PERSON"
        if any(labels[(e.start_char, e.end_char)] != e.label_ for e in ents):
            doc.ents = [doc.char_span(e.start_char, e.end_char, label=labels[(e.start_char, e.end_char)]) for e in ents]
        if new:
            merge_ents(doc, new, overwrite=False)
        return doc


@Language.factory("covidbrief_entity_rules", default_config={"add_names": True, "relabel": True})
def make_entity_rules(nlp: Language, name: str, add_names: bool, relabel: bool) -> EntityRules:
    """Factory of :class:`EntityRules`."""
    return EntityRules(nlp, name, add_names, relabel)
