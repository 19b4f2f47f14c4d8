"""Cleaning of real-world input (spec section 1) with offsets kept both ways."""

from .alignment import Removal
from .pipeline import CleanText, clean

__all__ = ["CleanText", "Removal", "clean"]
