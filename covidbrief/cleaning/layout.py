"""Whitespace and lines: one paragraph a line, no blank lines, no edge spaces."""

from __future__ import annotations

import re

from .alignment import Edit

_SPACE = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff \t\r\f\v"
_EDGE = re.compile(f"^[{_SPACE}]+|[{_SPACE}]+$", re.M)
_RUN = re.compile(f"[{_SPACE}]{{2,}}|[{_SPACE.replace(' ', '')}]")
_BLANKS = re.compile(r"\n{2,}")


def newline_edits(text: str) -> list[Edit]:
    """CR LF and lone CR (and Unicode line separators) become LF."""
    return [Edit(m.start(), m.end(), "\n", "whitespace") for m in re.finditer("\r\n|[\r\u2028\u2029\x85]", text)]


def space_edits(text: str) -> list[Edit]:
    """Strip line edges; runs of spaces and odd spaces inside a line become one space."""
    edits = [Edit(m.start(), m.end(), "", "whitespace") for m in _EDGE.finditer(text)]
    edits.extend(Edit(m.start(), m.end(), " ", "whitespace") for m in _RUN.finditer(text))
    return _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Sorted edits without overlaps: where two overlap, the earlier (an edge
    strip) wins and the later is dropped."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def blank_line_edits(text: str) -> list[Edit]:
    """Runs of newlines become one; none at the start or end."""
    edits = [Edit(m.start() + 1, m.end(), "", "whitespace") for m in _BLANKS.finditer(text)]
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        edits = [e for e in edits if e.start >= lead] + [Edit(0, lead, "", "whitespace")]
    trail = len(text) - len(text.rstrip("\n"))
    if trail and len(text) - trail > lead:
        edits = [e for e in edits if e.end <= len(text) - trail] + [Edit(len(text) - trail, len(text), "", "whitespace")]
    return sorted(edits)
