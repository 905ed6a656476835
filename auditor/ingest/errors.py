"""The one exception type for input that cannot be audited."""

from __future__ import annotations


class InputError(Exception):
    """A file that cannot be read as a report. The message is a one-line Chinese reason."""

    def __init__(self, path: str, reason: str, code: str = "unreadable") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.code = code
