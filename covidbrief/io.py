"""Reading inputs and writing outputs safely (atomic writes, clear errors)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

from .errors import InputFileError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so a
    crash never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_bytes(path: str | Path) -> bytes:
    """Bytes of an input file, or :class:`InputFileError` saying what is wrong."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder; pass the .txt or .jsonl files inside it")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputFileError(f"{path}: cannot be read ({err.strerror})") from None


def iter_json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank line of a JSON Lines file, read as a
    stream; :class:`InputFileError` names the first bad line."""
    path = Path(path)
    read_bytes(path) if not path.is_file() else None  # the clear errors for missing paths and folders
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputFileError(f"{path}:{number}: not valid JSON ({err.msg})") from None
                if not isinstance(item, dict):
                    raise InputFileError(f"{path}:{number}: a record must be a JSON object")
                yield number, item
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8; JSON Lines files must be UTF-8") from None


def iter_inputs(path: str | Path) -> Iterator[dict[str, Any]]:
    """Documents of an input file: a .txt file is one document (id = file
    stem, text decoded from its bytes); a .jsonl file holds records with
    ``id``, ``text`` and optional ``meta`` (read as a stream)."""
    path = Path(path)
    if path.suffix == ".jsonl":
        for number, record in iter_json_lines(path):
            if not isinstance(record.get("text"), str):
                raise InputFileError(f"{path}:{number}: a record needs a string field 'text'")
            yield {"id": record.get("id", f"{path.stem}-{number}"), "text": record["text"], "meta": record.get("meta") or {}}
    elif path.suffix in (".txt", ""):
        yield {"id": path.stem, "text": read_bytes(path), "meta": {}}
    else:
        raise InputFileError(f"{path}: unsupported input type {path.suffix!r}; give .txt or .jsonl files")
