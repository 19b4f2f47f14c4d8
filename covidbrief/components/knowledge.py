"""``covidbrief_knowledge``: places, agencies, titles, organisations, amounts and dates from knowledge.

Places come from the national administrative-division codes (plus country
names), agencies from the grammar of Chinese government body names, titles from
a lexicon of positions, named organisations, amounts and dates from their grammars (see
:mod:`covidbrief.knowledge`). The matchers' tables
are saved with the pipeline, so a loaded pipeline needs no package data.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Callable, Iterable, List

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import CovidbriefError
from ..knowledge.dates import find_dates
from ..knowledge.organisations import find_organisations
from ..knowledge.quantities import find_quantities
from ..corpus.docs import doc_text
from .spans import merge_ents, pick_non_overlapping
from .state import JsonState

MODES = ("override", "fill")
SPAN_KEY = "knowledge"  # doc.spans group of what knowledge found (read by covidbrief_entity_rules)
KNOWN = ("AGENCY", "TITLE", "PLACE", "ORG", "QUANTITY", "DATE")


class _Grammar:
    """A span finder over a function of the text (amount and date grammars are code, not tables)."""

    def __init__(self, finder: Callable[[str], list]):
        self.finder = finder

    def find(self, text: str) -> list[tuple[int, int]]:
        return [(item.start, item.end) for item in self.finder(text)]


class ConfigError(CovidbriefError, ValueError):
    """A component setting that is not allowed."""


class KnowledgeRuler(JsonState):
    """Mark AGENCY, TITLE, PLACE, ORG, QUANTITY and DATE spans found by knowledge.

    Runs after the statistical recogniser. ``mode="override"``: these spans win
    over the recogniser's where they overlap. ``mode="fill"``: they only fill gaps
    the recogniser left. (Placed before it, the spans would be preset entities,
    which spaCy's recogniser adds as labels of its own at prediction time: slower,
    and never trained.)
    """

    def __init__(self, nlp: Language, name: str, mode: str, labels: List[str]):
        if mode not in MODES:
            raise ConfigError(f"{name}: mode must be one of {MODES}, not {mode!r}")
        unknown = [lab for lab in labels if lab not in KNOWN]
        if unknown:
            raise ConfigError(f"{name}: labels {unknown} are not produced by knowledge; use some of {KNOWN}")
        self.name, self.mode, self.labels = name, mode, list(labels)
        self.state_file = "knowledge.json"
        self._tables: dict[str, Any] | None = None
        self._matchers: dict[str, Any] | None = None

    # -- state ---------------------------------------------------------------

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None) -> None:
        """Build the tables from the package's knowledge data."""
        from ..knowledge.agencies import AgencyMatcher
        from ..knowledge.places import default_matcher
        from ..knowledge.titles import TitleMatcher

        places = default_matcher()
        self._set_tables({
            "places": places.to_dict(),
            "agencies": AgencyMatcher(places.names).to_dict(),
            "titles": TitleMatcher().to_dict(),
        })

    def _set_tables(self, tables: dict[str, Any]) -> None:
        from ..knowledge.agencies import AgencyMatcher
        from ..knowledge.places import PlaceMatcher
        from ..knowledge.titles import TitleMatcher

        self._tables = tables
        self._matchers = {
            "PLACE": PlaceMatcher.from_dict(tables["places"]),
            "AGENCY": AgencyMatcher.from_dict(tables["agencies"]),
            "TITLE": TitleMatcher.from_dict(tables["titles"]),
            "ORG": SimpleNamespace(find=find_organisations),
            "QUANTITY": _Grammar(find_quantities),
            "DATE": _Grammar(find_dates),
        }

    @property
    def matchers(self) -> dict[str, Any]:
        if self._matchers is None:
            self.initialize()
        assert self._matchers is not None
        return self._matchers

    def get_state(self) -> dict[str, Any]:
        if self._tables is None:
            self.initialize()
        return {"mode": self.mode, "labels": self.labels, "tables": self._tables}

    def set_state(self, state: dict[str, Any]) -> None:
        self._set_tables(state["tables"])

    # -- annotation ----------------------------------------------------------

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, label) knowledge spans of ``text``."""
        found = pick_non_overlapping(
            (s, e, label) for label in self.labels for s, e in self.matchers[label].find(text))
        if "TITLE" in self.labels:
            from ..knowledge.titles import member_titles

            starts = {s for s, _, _ in found}
            members = member_titles(text, [e for _, e, label in found if label == "AGENCY" and e not in starts])
            if members:
                found = sorted(found + [(s, e, "TITLE") for s, e in members])
        return found

    def __call__(self, doc: Doc) -> Doc:
        spans = self.spans(doc_text(doc))
        merge_ents(doc, spans, overwrite=self.mode == "override")
        doc.spans[SPAN_KEY] = [s for s in (doc.char_span(a, b, label=lab) for a, b, lab in spans) if s is not None]
        return doc


@Language.factory(
    "covidbrief_knowledge",
    default_config={"mode": "override", "labels": list(KNOWN)},
)
def make_knowledge(nlp: Language, name: str, mode: str, labels: List[str]) -> KnowledgeRuler:
    """Factory of :class:`KnowledgeRuler` (config: ``mode``, ``labels``)."""
    return KnowledgeRuler(nlp, name, mode, labels)
