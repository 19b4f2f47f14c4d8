"""``covidbrief_values``: value, unit and qualifier of every QUANTITY, ISO value of every DATE.

Works on whatever found the spans (grammar or statistical recogniser). Dates are
resolved against ``doc._.meta["date"]`` when set, else the first full date in
the text. Results go to ``doc._.entity_attrs`` (see :mod:`covidbrief.corpus.docs`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.docs import doc_text, register_extensions, span_key
from ..knowledge import dates, quantities

CONTEXT = 400  # characters before a date searched for the date it is relative to


class Values:
    """Normalise QUANTITY and DATE entities in place."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        attrs = dict(doc._.entity_attrs or {})
        meta_date = (doc._.meta or {}).get("date")
        text = doc_text(doc)
        ref = dates.document_date(text, meta_date)
        found = {(d.start, d.end): d.value for d in dates.find_dates(text, ref.isoformat() if ref else None)}
        for ent in doc.ents:
            key = span_key(ent.start_char, ent.end_char)
            entry = dict(attrs.get(key, {}))
            if ent.label_ == "QUANTITY":
                value, unit, qualifier = quantities.normalise(ent.text)
                if value is None:
                    continue
                entry.update(value=value, unit=unit)
                if qualifier:
                    entry["qualifier"] = qualifier
            elif ent.label_ == "DATE":
                value = found.get((ent.start_char, ent.end_char))
                if value is None:
                    before = text[max(0, ent.start_char - CONTEXT):ent.start_char]
                    value = dates.normalise(ent.text, before, ref.isoformat() if ref else None)
                if value is None:
                    continue
                entry["value"] = value
            else:
                continue
            attrs[key] = entry
        doc._.entity_attrs = attrs
        return doc


@Language.factory("covidbrief_values")
def make_values(nlp: Language, name: str) -> Values:
    """Factory of :class:`Values`."""
    return Values(nlp, name)
