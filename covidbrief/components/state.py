"""Saving a component's fitted state as one JSON file inside the pipeline folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable


class JsonState:
    """Mixin: ``to_bytes``/``from_bytes``/``to_disk``/``from_disk`` through
    :meth:`get_state` and :meth:`set_state` (plain JSON, no pickles)."""

    state_file = "state.json"

    def get_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_state(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.get_state(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()):
        self.set_state(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / self.state_file).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        return self.from_bytes((Path(path) / self.state_file).read_bytes())
