"""Pickled objects on disk, keyed by content: read them back if intact, write them atomically.

Used for the compiled pack and the traditional-to-simplified table (start-up) and, with
--cache, for extracted documents (re-runs).
A damaged or stale entry is simply rebuilt; a cache that cannot be written is skipped.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any


def root() -> Path | None:
    """The user's cache folder (AUDITOR_CACHE_DIR, "off" for none), else XDG's."""
    configured = os.environ.get("AUDITOR_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor"


def read(path: Path | None, kind: type) -> Any:
    """The object stored at ``path`` if it is an intact ``kind``, else None."""
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)
    except Exception:  # a damaged or stale entry is rebuilt  # noqa: BLE001
        return None
    return obj if isinstance(obj, kind) else None


def write(path: Path | None, obj: Any) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
