"""The one domain exception, turned into a clean exit code by the CLI."""
from __future__ import annotations


class BonemetsError(Exception):
    """An error for the user: the message goes to stderr, the process exits with ``exit_code``."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(BonemetsError):
    """An unknown name; ``hint`` carries the "did you mean" suggestions."""

    exit_code = 1


class UsageError(BonemetsError):
    """Wrong words on the command line."""

    exit_code = 2


class DataError(BonemetsError):
    """Fact files that do not validate; the message holds ``path:line:col: message`` lines."""

    exit_code = 1
