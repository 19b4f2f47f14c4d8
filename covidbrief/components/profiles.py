"""``covidbrief_profiles``: official profiles and question-answer pairs.

Each official once, with every mention, titles, affiliations (short forms
resolved to full names with the document's place, ``doc._.meta["place"]``) and
the turns they spoke, in ``doc._.officials``; each reporter's question with the
turns that answer it in ``doc._.qa_pairs``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.docs import doc_to_record, register_extensions
from ..speakers.profiles import officials, qa_pairs


class Profiles:
    """Compute profiles and question-answer pairs from the doc's entities, relations and turns."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        record = doc_to_record(doc)
        doc._.officials = officials(record)
        doc._.qa_pairs = qa_pairs(record)
        return doc


@Language.factory("covidbrief_profiles")
def make_profiles(nlp: Language, name: str) -> Profiles:
    """Factory of :class:`Profiles`."""
    return Profiles(nlp, name)
