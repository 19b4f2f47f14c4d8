"""The annotated corpus: reading, validating, converting and describing records."""

from .docs import AlignmentError, doc_to_record, read_docbin, record_to_doc, records_to_docbin, write_docbin
from .reanchor import ReanchorError, reanchor, reanchor_all
from .records import read_records, write_records
from .schema import LABELS, RELATIONS, ROLES
from .stats import stats_markdown
from .validate import Problem, RecordError, problems, validate

__all__ = [
    "LABELS", "RELATIONS", "ROLES", "AlignmentError", "Problem", "ReanchorError", "RecordError",
    "doc_to_record", "problems", "read_docbin", "read_records", "reanchor", "reanchor_all",
    "record_to_doc", "records_to_docbin", "stats_markdown", "validate", "write_docbin", "write_records",
]
