"""covidbrief: structured facts from Chinese government press briefings and bulletins."""

from .cleaning import CleanText, Removal, clean
from .errors import CovidbriefError, DecodeError, EmptyInputError, InputFileError, InputTooLargeError
from .extraction import extract
from .pipeline import ModelNotFoundError, load

__version__ = "0.1.0"
__all__ = [
    "CleanText",
    "CovidbriefError",
    "DecodeError",
    "EmptyInputError",
    "InputFileError",
    "InputTooLargeError",
    "ModelNotFoundError",
    "Removal",
    "__version__",
    "clean",
    "extract",
    "load",
]
