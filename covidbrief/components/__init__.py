"""spaCy pipeline components of covidbrief, one per module, registered through
the ``spacy_factories`` entry points (see pyproject.toml). Importing this
package registers them too."""

from . import entity_rules, knowledge, profiles, relations, turns, values  # noqa: F401
