"""Reading and writing corpus records (JSON Lines), atomically and with backups."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any, Iterable

from ..io import iter_json_lines, write_atomic


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; :class:`InputFileError` names the bad line."""
    return [record for _, record in iter_json_lines(path)]


def dumps_records(records: Iterable[dict[str, Any]]) -> str:
    """JSON Lines text of ``records`` (UTF-8, one record a line)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_records(path: str | Path, records: Iterable[dict[str, Any]], keep_previous: bool = True) -> Path | None:
    """Write ``records`` atomically; an existing file with different content is
    first copied to ``<name>.<timestamp>.bak``. Returns the backup path, if any."""
    path = Path(path)
    data = dumps_records(records)
    backup = None
    if keep_previous and path.exists() and path.read_text(encoding="utf-8") != data:
        backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
        shutil.copy2(path, backup)
    write_atomic(path, data)
    return backup
