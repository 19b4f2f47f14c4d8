"""The annotation loop with doccano: convert, push, pull, and a local server.

``covidbrief doccano push`` uploads documents (optionally pre-annotated by the model)
to a doccano 1.8 project; annotators correct them in doccano; ``covidbrief doccano
pull`` exports the project, checks it against the spec and merges it into
``annotations/`` with a conflict report. See docs/doccano.md.
"""

from .client import (
    DoccanoAPIError,
    DoccanoAuthError,
    DoccanoClient,
    DoccanoConnectionError,
    DoccanoProjectNotFound,
    DoccanoTimeout,
    load_documents,
    pull,
    push,
)
from .convert import (
    DoccanoConflictError,
    DoccanoError,
    DoccanoRecordError,
    diff_records,
    example_to_record,
    examples_to_records,
    merge,
    record_to_example,
)
from .server import DoccanoServer, DoccanoServerError, start_server

__all__ = [
    "DoccanoAPIError", "DoccanoAuthError", "DoccanoClient", "DoccanoConflictError", "DoccanoConnectionError",
    "DoccanoError", "DoccanoProjectNotFound", "DoccanoRecordError", "DoccanoServer", "DoccanoServerError",
    "DoccanoTimeout", "diff_records", "example_to_record", "examples_to_records", "load_documents", "merge",
    "pull", "push", "record_to_example", "start_server",
]
