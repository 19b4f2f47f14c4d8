"""Typed errors raised by covidbrief. Each message says what went wrong and what to do."""

from __future__ import annotations


class CovidbriefError(Exception):
    """Base class of every error covidbrief raises on purpose."""


class DecodeError(CovidbriefError, ValueError):
    """Bytes that are neither UTF-8, GB18030/GBK nor Big5 Chinese text."""


class InputTooLargeError(CovidbriefError, ValueError):
    """A single input larger than the configured limit."""


class EmptyInputError(CovidbriefError, ValueError):
    """An input with no text at all (empty or whitespace only)."""


class InputFileError(CovidbriefError, OSError):
    """An input path that is missing, unreadable or of an unsupported type."""
