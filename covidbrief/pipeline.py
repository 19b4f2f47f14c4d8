"""Loading the shipped pipeline from ``models/``, offline."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from .errors import CovidbriefError

MODEL_NAME = "covidbrief-zh"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
MAX_LENGTH = 10_000_000


class ModelNotFoundError(CovidbriefError, OSError):
    """No trained pipeline where one was expected."""


def model_path(name_or_path: str | os.PathLike[str] | None = None) -> Path:
    """Where the pipeline lives: an explicit path, ``$COVIDBRIEF_MODEL``, or ``models/covidbrief-zh``."""
    if name_or_path is None:
        name_or_path = os.environ.get("COVIDBRIEF_MODEL") or MODELS_DIR / MODEL_NAME
    path = Path(name_or_path)
    if not path.exists() and (MODELS_DIR / str(name_or_path)).exists():
        path = MODELS_DIR / str(name_or_path)
    if not (path / "config.cfg").exists():
        raise ModelNotFoundError(
            f"no trained pipeline at {path}; run `covidbrief train` to build models/{MODEL_NAME}, "
            f"or pass the folder of a pipeline saved with nlp.to_disk()"
        )
    return path


def load(name_or_path: str | os.PathLike[str] | None = None) -> Language:
    """The covidbrief pipeline (spaCy ``Language``), loaded from disk without downloads."""
    from . import components  # noqa: F401  (factories, also reachable through entry points)

    nlp = spacy.load(model_path(name_or_path))
    nlp.max_length = MAX_LENGTH
    return nlp


@lru_cache(maxsize=4)
def cached(name_or_path: str | None = None) -> Language:
    """:func:`load`, once per process and path."""
    return load(name_or_path)
